from odoo import _, api, models
from odoo.exceptions import ValidationError

from .restricted_fields import refused_template_expressions


class MailRenderMixin(models.AbstractModel):
    """Templates, mailings and SMS templates are rendered by the system user when they are
    sent: what an author writes in them may only read what the author could read.

    Administrators keep Odoo's full template language; every other author may use
    placeholders (``{{ object.name }}``, ``<t t-out="object.partner_id.name"/>``) through
    fields they may read, so a placeholder on a clinical field is refused unless a
    clinician wrote it. Composers (transient) render as the user who sends them.
    """

    _inherit = "mail.render.mixin"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._check_template_author_rights()
        return records

    def write(self, vals):
        result = super().write(vals)
        self._check_template_author_rights()
        return result

    def _check_template_author_rights(self):
        if self._transient or self.env.su or self.env.user.has_group("base.group_system"):
            return
        for record in self:
            model = record.render_model
            for name, field in record._fields.items():
                if field.type not in ("char", "text", "html") or not field.store or field.related or field.groups:
                    continue
                engine = getattr(field, "render_engine", "inline_template")
                refused = refused_template_expressions(self.env, model, record[name], engine)
                if refused:
                    raise ValidationError(
                        _(
                            "%(field)s uses %(expressions)s: only placeholders such as {{ object.name }} on fields "
                            "you can read may be used, since the message is sent on your behalf to every "
                            "recipient. Clinical data can only be placed by a clinician.",
                            field=field.get_description(self.env)["string"],
                            expressions=", ".join(refused[:3]),
                        )
                    )
