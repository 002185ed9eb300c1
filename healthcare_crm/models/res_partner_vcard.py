import vobject

from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, is_html_empty


class ResPartner(models.Model):
    _inherit = "res.partner"

    # vCard export: one vCard 3.0 per partner, served by the /healthcare_crm/vcard controller.

    def action_healthcare_vcard_export(self):
        """Download the selected partners as one .vcf file (server action "Export vCard")."""
        if not self:
            raise UserError(_("Select at least one patient to export."))
        return {
            "type": "ir.actions.act_url",
            "url": "/healthcare_crm/vcard?ids=" + ",".join(str(pid) for pid in self.ids),
            "target": "self",
        }

    def _healthcare_vcard(self):
        """The partner as a vobject vCard 3.0 component, read with the current user's rights."""
        self.ensure_one()
        card = vobject.vCard()
        card.add("version").value = "3.0"
        name = self.name or self.display_name or ""
        card.add("fn").value = name
        # Odoo keeps one name; the first word is taken as the given name, as most address books do.
        given, _sep, family = name.partition(" ")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        for number, kind in ((self.mobile, "CELL"), (self.phone, "VOICE")):
            if number:
                tel = card.add("tel")
                tel.value = number
                tel.type_param = kind
        if self.email:
            email = card.add("email")
            email.value = self.email
            email.type_param = "INTERNET"
        if self.birthdate:
            card.add("bday").value = self.birthdate.isoformat()
        if any((self.street, self.street2, self.city, self.zip, self.state_id, self.country_id)):
            card.add("adr").value = vobject.vcard.Address(
                street=self.street or "",
                extended=self.street2 or "",
                city=self.city or "",
                region=self.state_id.name or "",
                code=self.zip or "",
                country=self.country_id.name or "",
            )
        if self.gender:
            card.add("x-gender").value = dict(self._fields["gender"].selection)[self.gender]  # "Female"...
        if self.patient_code:
            card.add("x-patient-code").value = self.patient_code
        if not is_html_empty(self.comment):
            card.add("note").value = html2plaintext(self.comment)
        return card
