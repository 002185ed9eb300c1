from odoo import _
from odoo.exceptions import ValidationError


def check_date_values(self, vals_list):
    """Refuse a date that does not exist (2023-02-30) in values sent to `self`'s create or write.

    Odoo would fail with a bare ValueError deep in the ORM; over RPC or an import, the user
    should read which field and which date are wrong.
    """
    for vals in vals_list:
        for name, value in vals.items():
            field = self._fields.get(name)
            if not value or not isinstance(value, str) or field is None or field.type not in ("date", "datetime"):
                continue
            try:
                field.to_date(value) if field.type == "date" else field.to_datetime(value)
            except ValueError as error:
                raise ValidationError(
                    _(
                        "%(field)s: %(value)s is not a date that exists. Write it as YYYY-MM-DD, e.g. 1985-02-28.",
                        field=field.get_description(self.env)["string"],
                        value=value,
                    )
                ) from error
