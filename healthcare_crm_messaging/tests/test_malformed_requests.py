import hashlib
import hmac
import json
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .fake_providers import AUTH_TOKEN, WHATSAPP_APP_SECRET, twilio_signature

WHATSAPP = "/healthcare_crm_messaging/whatsapp/webhook"
TWILIO = "/healthcare_crm_messaging/twilio/status"
TWILIO_INBOUND = "/healthcare_crm_messaging/twilio/inbound"


@tagged("post_install", "-at_install")
class TestMalformedRequests(HttpCase):
    """Whatever reaches a public route, signed or not, gets a 4xx and changes nothing: never a 500."""

    def setUp(self):
        super().setUp()
        self.env.company.write(
            {
                "healthcare_timezone": "Europe/Madrid",
                "twilio_auth_token": AUTH_TOKEN,
                "whatsapp_app_secret": WHATSAPP_APP_SECRET,
                "whatsapp_verify_token": "clinic-verify",
            }
        )
        self.patient = self.env["res.partner"].create({"name": "Rocío Prieto", "is_patient": True})
        message = self.env["healthcare.message"]
        self.messages = message.create(
            [
                {
                    "key": f"test:{channel}",
                    "patient_id": self.patient.id,
                    "kind": "reminder",
                    "channel": channel,
                    "state": "sent",
                    "provider_ref": reference,
                }
                for channel, reference in (("whatsapp", "wamid.FAKE1"), ("sms", "SM0001"))
            ]
        )
        self.appointment = self.env["calendar.event"].create(
            {
                "name": "Higiene dental",
                "patient_id": self.patient.id,
                "appointment_type_id": self.env.ref("healthcare_crm.appointment_type_hygiene").id,
                "start": fields.Datetime.now() + timedelta(days=2),
            }
        )
        self.path = self.appointment._patient_url().removeprefix(self.appointment.get_base_url())
        self.env.flush_all()
        self.before = self.snapshot()

    def snapshot(self):
        self.env.invalidate_all()
        return {
            "messages": [(m.state, m.error) for m in self.messages],
            "attendance": self.appointment.attendance,
            "activities": len(self.patient.activity_ids),
            "consents": self.env["healthcare.consent"].search_count([("partner_id", "=", self.patient.id)]),
            "received": self.env["healthcare.inbound.message"].search_count([]),
            "contacts": self.env["res.partner"].with_context(active_test=False).search_count([]),
            "history": self.env["healthcare.interaction"].search_count([]),
        }

    def assertNothingChanged(self, response, status, message=None):
        self.assertEqual(response.status_code, status, message or response.text[:300])
        self.assertEqual(self.snapshot(), self.before, message)

    def request(self, method, path, **kwargs):
        self.env.flush_all()  # the server reads through the test's cursor
        return self.opener.request(method, f"{self.base_url()}{path}", timeout=12, allow_redirects=False, **kwargs)

    # WhatsApp

    def whatsapp_post(self, body, secret=WHATSAPP_APP_SECRET, signature=None):
        body = body if isinstance(body, bytes) else json.dumps(body).encode()
        signature = signature or "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}
        return self.request("POST", WHATSAPP, data=body, headers=headers)

    @staticmethod
    def statuses(*rows):
        return {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"statuses": list(rows)}}]}]}

    def test_whatsapp_verification_answers_plain_text(self):
        check = self.request(
            "GET",
            WHATSAPP,
            params={"hub.mode": "subscribe", "hub.verify_token": "clinic-verify", "hub.challenge": "<b>1"},
        )
        self.assertEqual((check.status_code, check.text), (200, "<b>1"))
        self.assertEqual(check.headers["Content-Type"].split(";")[0], "text/plain")
        for params in (
            {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
            {"hub.mode": "subscribe", "hub.verify_token": "clínica", "hub.challenge": "1"},
            {"hub.mode": "unsubscribe", "hub.verify_token": "clinic-verify", "hub.challenge": "1"},
            {"hub.challenge": "1"},
        ):
            self.assertNothingChanged(self.request("GET", WHATSAPP, params=params), 403, params)

    def test_whatsapp_signed_but_malformed_bodies_are_refused(self):
        good = {"id": "wamid.FAKE1", "status": "read"}
        bodies = {
            "not JSON": b"{not json",
            "not UTF-8": b'{"entry": "\xff\xfe"}',
            "an array": b"[1, 2]",
            "a string": b'"entry"',
            "nested beyond reason": b"[" * 100000,
            "entry an object": {"entry": {"changes": []}},
            "entry of strings": {"entry": ["x"]},
            "changes a string": {"entry": [{"changes": "x"}]},
            "value a list": {"entry": [{"changes": [{"value": [good]}]}]},
            "statuses an object": {"entry": [{"changes": [{"value": {"statuses": good}}]}]},
            "status a number": self.statuses(7),
            "id a list": self.statuses({"id": ["wamid.FAKE1"], "status": "read"}),
            "status an object": self.statuses({"id": "wamid.FAKE1", "status": {"read": True}}),
            "id with NUL": self.statuses({"id": "wamid.FAKE1\x00", "status": "read"}),
            "errors an object": self.statuses({**good, "status": "failed", "errors": {"title": "x"}}),
            "errors of strings": self.statuses({**good, "status": "failed", "errors": ["x"]}),
            "error title a list": self.statuses({**good, "status": "failed", "errors": [{"title": ["x"]}]}),
            "one good status, then a bad one": self.statuses(good, {"id": "wamid.FAKE1", "status": 3}),
        }
        for name, body in bodies.items():
            response = self.whatsapp_post(body)
            self.assertNothingChanged(response, 400, name)
            self.assertEqual(response.headers["Content-Type"].split(";")[0], "text/html", name)

    def test_whatsapp_malformed_incoming_messages_are_refused_whole(self):
        good = {
            "from": "34699100700",
            "id": "wamid.IN1",
            "timestamp": "1700000000",
            "type": "text",
            "text": {"body": "Hola"},
        }

        def incoming(*rows, contacts=None):
            value = {"messages": list(rows)}
            if contacts is not None:
                value["contacts"] = contacts
            return {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": value}]}]}

        bodies = {
            "messages an object": incoming() | {"entry": [{"changes": [{"value": {"messages": good}}]}]},
            "message a string": incoming("x"),
            "no id": incoming({k: v for k, v in good.items() if k != "id"}),
            "no sender": incoming({k: v for k, v in good.items() if k != "from"}),
            "no type": incoming({k: v for k, v in good.items() if k != "type"}),
            "sender not a number": incoming({**good, "from": "+34 699"}),
            "id a number": incoming({**good, "id": 7}),
            "over-long id": incoming({**good, "id": "w" * 300}),
            "timestamp not a number": incoming({**good, "timestamp": "ayer"}),
            "text a string": incoming({**good, "text": "Hola"}),
            "body with NUL": incoming({**good, "text": {"body": "Ho\x00la"}}),
            "image without id": incoming({**good, "type": "image", "image": {"mime_type": "image/png"}}),
            "location without longitude": incoming({**good, "type": "location", "location": {"latitude": 40.4}}),
            "location not a number": incoming(
                {**good, "type": "location", "location": {"latitude": "x", "longitude": 1}}
            ),
            "button reply a list": incoming({**good, "type": "interactive", "interactive": {"button_reply": ["si"]}}),
            "contacts an object": incoming(good, contacts={"wa_id": "34699100700"}),
            "profile a string": incoming(good, contacts=[{"wa_id": "34699100700", "profile": "Ana"}]),
            "one good message, then a bad one": incoming(good, {**good, "id": None}),
            "a status and a bad message": incoming({**good, "id": None})
            | {
                "entry": [
                    {"changes": [{"value": {"statuses": [{"id": "wamid.FAKE1", "status": "read"}], "messages": [1]}}]}
                ]
            },
        }
        for name, body in bodies.items():
            self.assertNothingChanged(self.whatsapp_post(body), 400, name)

    def test_whatsapp_unsigned_bodies_are_forbidden_before_being_read(self):
        self.assertNothingChanged(self.request("POST", WHATSAPP, data=b"[1]"), 403, "no signature")
        self.assertNothingChanged(self.whatsapp_post(b"[1]", secret="guess"), 403, "wrong secret")
        self.assertNothingChanged(self.whatsapp_post(self.statuses({"id": "wamid.FAKE1"}), signature="sha256=é"), 403)
        self.assertNothingChanged(self.request("PUT", WHATSAPP, data=b"{}"), 405, "wrong method")

    def test_whatsapp_notifications_without_statuses_change_nothing(self):
        for body in (
            b"",
            {},
            {"entry": []},
            {"entry": [{"changes": [{"field": "messages"}]}]},
            {"entry": [{"changes": [{"value": {"messages": [], "contacts": []}}]}]},
            self.statuses({"id": "wamid.FAKE1", "status": "deleted"}, {"status": "read"}),
        ):
            response = self.whatsapp_post(body)
            self.assertNothingChanged(response, 200, body)
        self.assertEqual(self.whatsapp_post(self.statuses({"id": "wamid.FAKE1", "status": "read"})).status_code, 200)
        self.messages.invalidate_recordset()
        self.assertEqual(self.messages[0].state, "read", "a well-formed report still applies")

    # Twilio

    def twilio_post(self, params, auth_token=AUTH_TOKEN, signature=None, **kwargs):
        url = f"{self.base_url()}{TWILIO}"
        signature = signature or twilio_signature(auth_token, url, params)
        return self.request("POST", TWILIO, data=params, headers={"X-Twilio-Signature": signature}, **kwargs)

    def test_twilio_callbacks_without_signature_or_sid_are_refused(self):
        report = {"MessageSid": "SM0001", "MessageStatus": "delivered", "AccountSid": "AC0"}
        self.assertNothingChanged(self.request("POST", TWILIO, data=report), 403, "no signature")
        self.assertNothingChanged(self.twilio_post(report, auth_token="guess"), 403, "wrong token")
        self.assertNothingChanged(self.twilio_post(report, signature="é" * 28), 403, "signature not base64")
        self.assertNothingChanged(self.request("GET", TWILIO, params=report), 405, "wrong method")
        for name, params in {
            "no SID": {"MessageStatus": "delivered"},
            "no status": {"MessageSid": "SM0001"},
            "nothing": {},
            "empty SID": {"MessageSid": "", "MessageStatus": "delivered"},
            "SID with NUL": {"MessageSid": "SM0001\x00", "MessageStatus": "delivered"},
            "over-long SID": {"MessageSid": "SM" + "0" * 5000, "MessageStatus": "delivered"},
            "error code with NUL": {"MessageSid": "SM0001", "MessageStatus": "failed", "ErrorCode": "3\x00"},
        }.items():
            response = self.twilio_post(params)
            self.assertNothingChanged(response, 400, name)
            self.assertEqual(response.headers["Content-Type"].split(";")[0], "text/html", name)
        # A JSON body carries no form parameters: signed over the URL alone, it still lacks them.
        self.assertNothingChanged(self.twilio_post({}, json={"MessageSid": "SM0001", "MessageStatus": "read"}), 400)

    def test_twilio_statuses_the_clinic_does_not_track_change_nothing(self):
        for status in ("accepted", "scheduled", "canceled", "Delivered"):
            response = self.twilio_post({"MessageSid": "SM0001", "MessageStatus": status})
            self.assertNothingChanged(response, 204, status)
        unknown = self.twilio_post({"MessageSid": "SM-unknown", "MessageStatus": "delivered"})
        self.assertNothingChanged(unknown, 204, "a message that is not ours")

    def test_twilio_inbound_sms_unsigned_or_malformed_change_nothing(self):
        sms = {"MessageSid": "SMIN1", "From": "+34699100700", "Body": "Hola", "NumMedia": "0"}
        url = f"{self.base_url()}{TWILIO_INBOUND}"

        def post(params, **kwargs):
            headers = {"X-Twilio-Signature": kwargs.pop("signature", None) or twilio_signature(AUTH_TOKEN, url, params)}
            return self.request("POST", TWILIO_INBOUND, data=params, headers=headers, **kwargs)

        self.assertNothingChanged(self.request("POST", TWILIO_INBOUND, data=sms), 403, "no signature")
        self.assertNothingChanged(post(sms, signature=twilio_signature("guess", url, sms)), 403, "wrong token")
        self.assertNothingChanged(self.request("GET", TWILIO_INBOUND, params=sms), 405, "wrong method")
        for name, params in {
            "no SID": {**sms, "MessageSid": ""},
            "no sender": {k: v for k, v in sms.items() if k != "From"},
            "body with NUL": {**sms, "Body": "Ho\x00la"},
            "media count not a number": {**sms, "NumMedia": "dos"},
            "too many media": {**sms, "NumMedia": "11"},
            "media announced, URL missing": {**sms, "NumMedia": "1"},
            "media URL not HTTP": {**sms, "NumMedia": "1", "MediaUrl0": "file:///etc/passwd"},
        }.items():
            self.assertNothingChanged(post(params), 400, name)

    # Appointment and opt-out pages

    def csrf(self, path):
        page = self.request("GET", path)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_forged_or_odd_appointment_links_open_nothing(self):
        for token in ("x" * 43, "x" * 5000, "a%00" + "x" * 40, "é" * 40, "..%2F" * 10, self.path[-43:] + "="):
            page = self.request("GET", f"/clinic/appointment/{token}")
            if page.status_code == 301:  # `website` sends an odd path to its canonical form, on this server
                location = page.headers["Location"]
                self.assertTrue(location.startswith("/") and not location.startswith("//"), location)
                self.assertNothingChanged(page, 301, token[:50])
                continue
            self.assertNothingChanged(page, 404, token[:50])
            answer = self.request("POST", f"/clinic/appointment/{token}/confirm", data={"csrf_token": "x"})
            self.assertIn(answer.status_code, (400, 404), token[:50])
            self.assertNothingChanged(answer, answer.status_code)
        self.assertNothingChanged(self.request("GET", f"{self.path}/confirm"), 405, "an answer is a POST")
        self.assertNothingChanged(self.request("POST", self.path, data={"answer": "confirm"}), 405, "the page is a GET")
        self.assertNothingChanged(self.request("DELETE", self.path), 405)
        self.assertNothingChanged(self.request("POST", f"{self.path}/confirm"), 400, "no CSRF token")
        for csrf in ("é", "éo9999999999"):
            self.assertNothingChanged(self.request("POST", f"{self.path}/confirm", data={"csrf_token": csrf}), 400)
        self.assertNothingChanged(
            self.request("POST", f"{self.path}/delete", data={"csrf_token": self.csrf(self.path)}), 404
        )

    def test_odd_note_on_an_appointment_answer(self):
        token = self.csrf(self.path)
        files = {"note": ("note.txt", b"\xff\x00", "text/plain")}
        done = self.request("POST", f"{self.path}/change", data={"csrf_token": token}, files=files)
        self.assertEqual(done.status_code, 200, "a file is no note, the answer still counts")
        self.env.invalidate_all()
        self.assertEqual(len(self.patient.activity_ids), 1)
        self.assertFalse(self.patient.activity_ids.note)

    def test_odd_note_text_is_kept_without_nul(self):
        done = self.request(
            "POST", f"{self.path}/change", data={"csrf_token": self.csrf(self.path), "note": "Por la\x00 tarde"}
        )
        self.assertEqual(done.status_code, 200)
        self.env.invalidate_all()
        self.assertIn("Por la tarde", self.patient.activity_ids.note)

    def test_forged_or_odd_optout_links_change_nothing(self):
        for token in ("y" * 43, "y" * 5000, "a%00" + "y" * 40, "ñ" * 40):
            self.assertNothingChanged(self.request("GET", f"/clinic/optout/{token}"), 404, token[:50])
            self.assertNothingChanged(self.request("POST", f"/clinic/optout/{token}", data={"csrf_token": "x"}), 400)
        message = self.env["healthcare.message"].create(
            {"key": "test:optout", "patient_id": self.patient.id, "kind": "birthday", "channel": "sms"}
        )
        message.sudo().optout_token = "z" * 43
        self.env.flush_all()
        self.before = self.snapshot()
        path = "/clinic/optout/" + "z" * 43
        self.assertNothingChanged(self.request("POST", path), 400, "no CSRF token")
        self.assertNothingChanged(self.request("PUT", path, data={"csrf_token": self.csrf(path)}), 405)
        self.assertNothingChanged(self.request("POST", f"{path}/more", data={"csrf_token": self.csrf(path)}), 404)
