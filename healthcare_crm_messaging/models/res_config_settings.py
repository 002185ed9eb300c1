from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    healthcare_reminder_hours = fields.Char(related="company_id.healthcare_reminder_hours", readonly=False)
    healthcare_send_from = fields.Float(related="company_id.healthcare_send_from", readonly=False)
    healthcare_send_until = fields.Float(related="company_id.healthcare_send_until", readonly=False)
    healthcare_timezone = fields.Selection(related="company_id.healthcare_timezone", readonly=False)
    healthcare_sms_provider = fields.Selection(related="company_id.healthcare_sms_provider", readonly=False)
    twilio_account_sid = fields.Char(related="company_id.twilio_account_sid", readonly=False)
    twilio_auth_token = fields.Char(related="company_id.twilio_auth_token", readonly=False)
    twilio_from_number = fields.Char(related="company_id.twilio_from_number", readonly=False)
    twilio_api_url = fields.Char(related="company_id.twilio_api_url", readonly=False)
    whatsapp_api_url = fields.Char(related="company_id.whatsapp_api_url", readonly=False)
    whatsapp_phone_number_id = fields.Char(related="company_id.whatsapp_phone_number_id", readonly=False)
    whatsapp_business_account_id = fields.Char(related="company_id.whatsapp_business_account_id", readonly=False)
    whatsapp_token = fields.Char(related="company_id.whatsapp_token", readonly=False)
    whatsapp_app_secret = fields.Char(related="company_id.whatsapp_app_secret", readonly=False)
    whatsapp_verify_token = fields.Char(related="company_id.whatsapp_verify_token", readonly=False)
