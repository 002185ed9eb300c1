from odoo import _, api, fields, models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    healthcare_reminder_hours = fields.Char(
        string="Reminders (Hours Before)",
        default="48,2",
        help="When appointment reminders go out, in hours before the appointment, separated by commas.",
    )
    healthcare_send_from = fields.Float(string="Send From", default=9.0, help="No message leaves before this hour.")
    healthcare_send_until = fields.Float(string="Send Until", default=21.0, help="No message leaves after this hour.")
    healthcare_timezone = fields.Selection(
        _tz_get, string="Clinic Time Zone", default="Europe/Madrid", help="The hours above are in this time zone."
    )
    healthcare_sms_provider = fields.Selection(
        [("odoo", "Odoo SMS"), ("twilio", "Twilio")], string="SMS Provider", default="odoo", required=True
    )
    twilio_account_sid = fields.Char(string="Twilio Account SID", groups="base.group_system")
    twilio_auth_token = fields.Char(string="Twilio Auth Token", groups="base.group_system")
    twilio_from_number = fields.Char(string="Twilio Sender", help="The number or sender ID messages come from.")
    twilio_api_url = fields.Char(string="Twilio API URL", default="https://api.twilio.com", groups="base.group_system")

    whatsapp_api_url = fields.Char(
        string="WhatsApp API URL", default="https://graph.facebook.com/v19.0", groups="base.group_system"
    )
    whatsapp_phone_number_id = fields.Char(string="WhatsApp Phone Number ID", groups="base.group_system")
    whatsapp_business_account_id = fields.Char(string="WhatsApp Business Account ID", groups="base.group_system")
    whatsapp_token = fields.Char(string="WhatsApp Access Token", groups="base.group_system")
    whatsapp_app_secret = fields.Char(string="WhatsApp App Secret", groups="base.group_system")
    whatsapp_verify_token = fields.Char(
        string="WhatsApp Webhook Verify Token", groups="base.group_system", help="Typed in Meta's webhook settings."
    )

    @api.constrains("healthcare_reminder_hours", "healthcare_send_from", "healthcare_send_until")
    def _check_reminder_settings(self):
        for company in self:
            company._reminder_offsets()
            if not 0 <= company.healthcare_send_from < company.healthcare_send_until <= 24:
                raise ValidationError(_("Messages must be allowed for some hours of the day, between 0 and 24."))

    def _reminder_offsets(self):
        """The reminder offsets in hours, largest first."""
        self.ensure_one()
        try:
            hours = sorted({float(part) for part in (self.healthcare_reminder_hours or "").split(",") if part.strip()})
        except ValueError:
            hours = None
        if hours is None or any(hour <= 0 for hour in hours):
            raise ValidationError(
                _("Reminders: write the hours before the appointment as numbers separated by commas, e.g. 48,2.")
            )
        return hours[::-1]
