import base64
import binascii
import hashlib
import io
import secrets

from markupsafe import Markup
from PIL import Image, ImageChops, ImageDraw, ImageOps

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.addons.healthcare_crm_messaging.models.healthcare_message import valid_token
from odoo.exceptions import UserError
from odoo.tools.image import base64_to_image

# A drawn signature is a few tens of kilobytes and a phone-sized canvas; anything much larger is not one.
MAX_SIGNATURE_BYTES = 1024 * 1024
MAX_SIGNATURE_PIXELS = 2000 * 1000
# What a signed (or cancelled) document still lets anyone write: nothing the patient signed.
WRITABLE_ONCE_CLOSED = {"message_main_attachment_id"}


class HealthcareConsentForm(models.Model):
    """One informed consent sent to a patient and, once signed, the evidence of it.

    The text is frozen when it is sent (editing the template later changes no document), and
    a signed document cannot be changed: its SHA-256 is printed on the PDF and kept here, so
    that anyone can check that a PDF says what the patient signed.
    """

    _name = "healthcare.consent.form"
    _description = "Informed Consent Document"
    _inherit = ["mail.thread", "mail.activity.mixin", "healthcare.patient.company.mixin"]
    _order = "create_date desc, id desc"
    # Staff only read documents (they are made by _send and signed by _sign, both as the system,
    # so no one can type or alter evidence); reading is enough to discuss one in its chatter.
    _mail_post_access = "read"

    name = fields.Char(required=True, readonly=True)
    patient_id = fields.Many2one(
        "res.partner", string="Patient", required=True, readonly=True, index=True, ondelete="restrict"
    )
    template_id = fields.Many2one(
        "healthcare.consent.form.template", string="Template", readonly=True, ondelete="restrict"
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Quote", readonly=True, index="btree_not_null", ondelete="set null"
    )
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Appointment", readonly=True, index="btree_not_null", ondelete="set null"
    )
    # sanitize=False: it is the template's body, sanitized when the template was saved; writing
    # it again untouched keeps its hash.
    body = fields.Html(string="Document", readonly=True, sanitize=False, required=True)
    state = fields.Selection(
        [("sent", "Waiting for signature"), ("signed", "Signed"), ("cancelled", "Cancelled")],
        required=True,
        default="sent",
        readonly=True,
        tracking=True,
        index=True,
    )
    token = fields.Char(copy=False, index="btree_not_null", groups="base.group_system")
    sent_by_id = fields.Many2one("res.users", string="Sent By", readonly=True, default=lambda self: self.env.user)
    sent_on = fields.Datetime(readonly=True, default=fields.Datetime.now)
    message_id = fields.Many2one("healthcare.message", string="Message", readonly=True, ondelete="set null")
    signed_by = fields.Char(string="Signer", readonly=True)
    signature = fields.Image(readonly=True, attachment=True, copy=False, max_width=1024, max_height=1024)
    signed_on = fields.Datetime(readonly=True, copy=False)
    signed_ip = fields.Char(string="IP Address", readonly=True, copy=False)
    signed_user_agent = fields.Char(string="Browser", readonly=True, copy=False)
    document_hash = fields.Char(
        string="Document SHA-256",
        readonly=True,
        copy=False,
        help="SHA-256 of what was signed (text, signer, date, IP address, browser and signature), printed on the PDF.",
    )
    pdf_attachment_id = fields.Many2one("ir.attachment", string="Signed PDF", readonly=True, copy=False)
    pdf_sha256 = fields.Char(
        string="PDF SHA-256", readonly=True, copy=False, help="SHA-256 of the signed PDF file kept by the clinic."
    )

    # Sending

    @api.model
    def _send(self, patient, templates, sale_order=None, event=None):
        """One document per template for `patient`, frozen and sent by link on their channel.

        All or nothing: a patient no channel reaches gets no document.
        """
        if not templates:
            raise UserError(_("Choose at least one consent template to send."))
        if not patient.is_patient:
            raise UserError(_("Consents are sent to patients only."))
        messages = self.env["healthcare.message"]
        if not messages._channel_for(patient, kind="consent_form"):
            raise UserError(
                _("No channel reaches %s: add a mobile number or an email address first.", patient.display_name)
            )
        # Who may send: clinic staff who can read the patient (the documents themselves are
        # written by the system, see _mail_post_access).
        if not self.env.user.has_group("healthcare_crm.group_healthcare_receptionist"):
            raise UserError(_("Only the clinic's staff send informed consents."))
        patient.check_access("read")
        lang = patient.lang or self.env.lang
        forms = self.sudo().create(
            [
                {
                    "name": template.name,
                    "patient_id": patient.id,
                    "template_id": template.id,
                    "sale_order_id": sale_order and sale_order.id,
                    "calendar_event_id": event and event.id,
                    "body": template.body,
                    "sent_by_id": self.env.user.id,
                }
                for template in templates.with_context(lang=lang)  # the title in the patient's language
            ]
        )
        for form in forms:
            form.sudo().token = secrets.token_urlsafe(32)
        lang_env = messages._in_patient_lang(patient)
        urls = "\n".join(f"{form.name}: {form._public_url()}" for form in forms)
        text = lang_env._(
            "%(clinic)s: please read and sign your informed consent before your treatment: %(urls)s",
            clinic=(patient.company_id or self.env.company).name,
            urls=urls,
        )
        # The staff member may send consents (they created the documents above); the message
        # log itself is written by the system, as for reminders.
        message = messages.sudo()._deliver(
            patient,
            "consent_form",
            f"consent_form:{forms[0].id}",
            text,
            links={
                "sale_order_id": sale_order and sale_order.id,
                "calendar_event_id": event and event.id,
            },
        )
        if not message:
            raise UserError(
                _("No channel reaches %s: add a mobile number or an email address first.", patient.display_name)
            )
        forms.message_id = message.id
        return forms.with_env(self.env)

    def _public_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/clinic/consent/{self.sudo().token}"

    @api.model
    def _from_token(self, token):
        """The document a patient's link opens, or nothing: wrong, signed or cancelled."""
        if not valid_token(token):
            return self.browse()
        form = self.sudo().search([("token", "=", token)], limit=1)
        return form if form.state == "sent" else self.browse()

    def action_cancel(self):
        """Withdraw documents not signed yet: their links stop working."""
        if self.filtered(lambda form: form.state != "sent"):
            raise UserError(_("Only a document waiting for signature can be cancelled."))
        self.sudo().write({"state": "cancelled", "token": False})

    # Signing

    @api.model
    def _check_signature(self, name, signature):
        """The signer's name and a drawn signature, or a UserError the patient understands."""
        name = name.replace("\x00", "").strip()[:200] if isinstance(name, str) else ""
        if not name:
            raise UserError(_("Write your full name."))
        if not isinstance(signature, str) or not signature or len(signature) > MAX_SIGNATURE_BYTES:
            raise UserError(_("Sign in the box before sending."))
        try:
            base64.b64decode(signature, validate=True)
            image = base64_to_image(signature.encode())
            if image.width * image.height > MAX_SIGNATURE_PIXELS:
                raise ValueError("not a signature's size")
            image = image.convert("RGBA")  # decodes it whole: a header alone fails here
        except (binascii.Error, ValueError, OSError, UserError) as error:
            raise UserError(_("The signature could not be read: sign again.")) from error
        # Something drawn: pixels both opaque and darker than the paper.
        ink = ImageChops.multiply(image.getchannel("A"), ImageOps.invert(image.convert("L")))
        if not ink.getbbox():
            raise UserError(_("Sign in the box before sending."))
        return name

    def _sign(self, name, signature, ip, user_agent):
        """The patient signed: keep the evidence, the PDF on the patient and tell who sent it.

        Called with sudo from the public page; the row is locked so that two signatures at once
        give one signed document and one refusal.
        """
        self.ensure_one()
        name = self._check_signature(name, signature)
        self.env.cr.execute("SELECT state FROM healthcare_consent_form WHERE id = %s FOR UPDATE", [self.id])
        self.invalidate_recordset(["state"])
        if self.state != "sent":
            raise UserError(_("This document is already signed or was withdrawn."))
        values = {
            "signed_by": name,
            "signature": signature,
            "signed_on": fields.Datetime.now(),
            "signed_ip": (ip or "")[:64],
            "signed_user_agent": (user_agent or "")[:500],
        }
        super().write(values)  # not signed yet: the evidence goes in once
        document_hash = hashlib.sha256(self._signed_content()).hexdigest()
        super().write({"document_hash": document_hash})
        pdf = self._render_pdf()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": _("%(document)s - signed %(date)s.pdf", document=self.name, date=self.signed_on.date()),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        super().write(
            {
                "state": "signed",
                "token": False,
                "pdf_attachment_id": attachment.id,
                "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
            }
        )
        self._log_signature(attachment)
        return attachment

    def _signed_content(self):
        """The bytes the document's SHA-256 is taken of: what the patient read and how they signed.

        Any change to the text, the signer, the date, the IP address, the browser or the
        signature image changes the hash.
        """
        self.ensure_one()
        signature = base64.b64decode(self.with_context(bin_size=False).signature or b"")
        parts = [
            self.body or "",
            self.signed_by or "",
            fields.Datetime.to_string(self.signed_on) or "",
            self.signed_ip or "",
            self.signed_user_agent or "",
            hashlib.sha256(signature).hexdigest(),
        ]
        return "\n".join(str(part) for part in parts).encode()

    def _render_pdf(self):
        # force_report_rendering: a PDF even in tests, where Odoo would render HTML instead.
        report = self.env.ref("healthcare_crm_portal.action_report_consent_form").sudo()
        return report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, self.ids)[0]

    def _log_signature(self, attachment):
        """The signed PDF in the patient's chatter, an interaction, and a to-do for who sent it."""
        system = self.with_user(SUPERUSER_ID).sudo()
        patient = system.patient_id
        lang_env = self.with_context(lang=patient.lang or self.env.lang).env
        body = Markup("<br/>").join(
            [
                lang_env._(
                    "Informed consent signed online: %(document)s, by %(signer)s.",
                    document=self.name,
                    signer=self.signed_by,
                ),
                lang_env._(
                    "IP address %(ip)s. Document SHA-256: %(hash)s", ip=self.signed_ip or "-", hash=self.document_hash
                ),
            ]
        )
        patient.message_post(
            body=body, attachment_ids=attachment.ids, author_id=patient.id, subtype_xmlid="mail.mt_note"
        )
        system.message_post(body=body, author_id=patient.id, subtype_xmlid="mail.mt_note")
        self.env["healthcare.interaction"].sudo().create(
            {
                "partner_id": patient.id,
                "sale_order_id": self.sale_order_id.id,
                "calendar_event_id": self.calendar_event_id.id,
                "channel": "other",
                "direction": "inbound",
                "outcome": "replied",
                "summary": lang_env._("The patient signed the informed consent %s online.", self.name),
                "user_id": False,
            }
        )
        sender = self.sent_by_id
        if sender and not sender.share and sender.active:
            system.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Consent signed: %(document)s (%(patient)s)", document=self.name, patient=patient.name),
                note=_("File it with the patient's clinical record."),
                user_id=sender.id,
            )

    # A signed document is evidence: nothing of it changes.

    def write(self, vals):
        closed = self.filtered(lambda form: form.state in ("signed", "cancelled"))
        if closed and set(vals) - WRITABLE_ONCE_CLOSED:
            raise UserError(_("A signed or cancelled consent document cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_signed(self):
        if self.filtered(lambda form: form.state == "signed"):
            raise UserError(_("A signed consent document is kept as evidence: it cannot be deleted."))

    # Demo

    @api.model
    def _demo_consent_form(self, patient_xmlid, template_xmlid, order_xmlid, signed=False):
        """A demo document for a demo quote, waiting or signed (with a drawn-looking signature)."""
        patient = self.env.ref(patient_xmlid)
        template = self.env.ref(template_xmlid)
        order = self.env.ref(order_xmlid)
        if patient.lang:
            # Demo data loads before the addon's translations: load them first, so that the demo
            # documents are frozen (and printed) in the patient's language, as a clinic's are.
            module = self.env["ir.module.module"].search([("name", "=", "healthcare_crm_portal")])
            module._update_translations(filter_lang=[patient.lang])
        template = template.with_context(lang=patient.lang or self.env.lang)
        form = self.create(
            {
                "name": template.name,
                "patient_id": patient.id,
                "template_id": template.id,
                "sale_order_id": order.id,
                "body": template.body,
                "sent_by_id": order.user_id.id or self.env.user.id,
                "token": secrets.token_urlsafe(32),
            }
        )
        if signed:
            form._sign(patient.name, _demo_signature(), "192.0.2.10", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5)")
        return form


def _demo_signature():
    """A PNG that looks like a handwritten stroke, base64-encoded as portal's signature form sends it."""
    image = Image.new("RGBA", (300, 90), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(10 + x * 7, 45 + (18 if x % 4 < 2 else -18) * (1 - x / 45)) for x in range(40)]
    draw.line(points, fill=(20, 20, 80, 255), width=3, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()
