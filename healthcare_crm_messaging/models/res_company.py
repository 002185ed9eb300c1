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
    # Nothing is sent by SMS until the clinic chooses a provider in Settings: a new database
    # (demo or not) must not spend Odoo's paid SMS credits, nor text real numbers, on its own.
    healthcare_sms_provider = fields.Selection(
        [("none", "Not configured"), ("odoo", "Odoo SMS"), ("twilio", "Twilio")],
        string="SMS Provider",
        default="none",
        required=True,
        help="Until a provider is chosen, SMS wait in the queue; they go out once it is set.",
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

    def _healthcare_sms_blocked(self):
        """Why no SMS may leave yet, or False once the clinic has set up an SMS provider."""
        self.ensure_one()
        company = self.sudo()
        if company.healthcare_sms_provider == "odoo":
            return False
        if company.healthcare_sms_provider == "twilio":
            if company.twilio_account_sid and company.twilio_auth_token and company.twilio_from_number:
                return False
            return _("Twilio is not fully configured: set its account SID, auth token and sender in Settings.")
        return _("No SMS provider configured: set one in Settings.")

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
