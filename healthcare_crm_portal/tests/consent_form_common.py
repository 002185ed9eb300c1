import base64
import io
import json

from PIL import Image, ImageDraw

from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import Form


def drawn_signature():
    """A PNG like the one portal's signature pad sends: a dark stroke on a transparent canvas."""
    image = Image.new("RGBA", (240, 80), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 60), (60, 15), (110, 60), (160, 15), (230, 50)], fill=(0, 0, 0, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


class ConsentFormCase(RpcCase):
    """A clinic sending informed consents by email (Odoo's mail queue: nothing leaves the machine)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "name": "Clínica Dental Sonrisa",
                "phone": "+34 910 000 000",
                "email": "citas@sonrisa.example.com",
                "healthcare_timezone": "Europe/Madrid",
            }
        )
        # wkhtmltopdf fetches the report's styles from the server, which in a test answers one
        # request at a time: while the signature request waits for the PDF, the styles could never
        # come. A closed port makes it render the PDF unstyled at once, as a worker would styled.
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        if not cls.env["res.lang"]._lang_get("es_ES").active:
            cls.env["res.lang"]._activate_lang("es_ES")
        cls.receptionist = cls.role_user("receptionist", login="consent_front_desk")
        cls.patient = cls.env["res.partner"].create(
            {"name": "Rocío Prieto", "is_patient": True, "lang": "es_ES", "email": "rocio@example.com"}
        )
        cls.other_patient = cls.env["res.partner"].create(
            {"name": "Hugo Sanz", "is_patient": True, "lang": "es_ES", "email": "hugo@example.com"}
        )
        cls.extraction = cls.env.ref("healthcare_crm_portal.consent_form_template_extraction")
        cls.implant = cls.env.ref("healthcare_crm_portal.consent_form_template_implant")
        cls.product_extraction = cls.env["product.product"].create({"name": "Extracción simple", "list_price": 60})
        cls.extraction.product_ids = cls.product_extraction
        cls.quote = cls.env["sale.order"].create(
            {
                "partner_id": cls.patient.id,
                "user_id": cls.receptionist.id,
                "order_line": [(0, 0, {"product_id": cls.product_extraction.id, "product_uom_qty": 1})],
            }
        )

    def send_for_quote(self, quote=None, user=None):
        """What the quote's "Send Consent" button does, as the web client runs it."""
        quote = (quote or self.quote).with_user(user or self.receptionist)
        action = quote.action_send_consent_forms()
        wizard_model = self.env[action["res_model"]].with_user(user or self.receptionist)
        with Form(wizard_model.with_context(**action["context"])) as wizard:
            pass
        wizard.record.action_send()
        return quote.consent_form_ids.sorted("id")

    def sign_over_http(self, form_token, name="Rocío Prieto", signature=None, **extra):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"name": name, "signature": drawn_signature() if signature is None else signature, **extra},
        }
        response = self.url_open(
            f"/clinic/consent/{form_token}/sign",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json", "User-Agent": "Mozilla/5.0 (iPhone) Test"},
        )
        return response
