"""Small providers on 127.0.0.1 that speak the parts of their APIs the clinic uses, failures included.

Twilio's Messages API:

    with FakeTwilio() as twilio:
        twilio.url                      # point the company's Twilio API URL here
        twilio.invalid_numbers.add(n)   # 400, code 21211, as Twilio answers for a bad number
        twilio.slow_numbers.add(n)      # answers after the client gave up: a time-out
        twilio.mode = "down"            # 500 to every request
        twilio.messages                 # what was sent: [{"To", "From", "Body", "StatusCallback", "sid"}]
        twilio.attempts                 # the To number of every request, failed ones included
        twilio.status_callback(...)     # POST a signed delivery report, as Twilio does
        twilio.media[path] = (content, mimetype)  # a file a patient sent, at twilio.url + path
        twilio.inbound(...)             # POST a signed incoming SMS, as Twilio does

WhatsApp Business Cloud API: see FakeWhatsapp.
"""

import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import requests

ACCOUNT_SID = "AC00000000000000000000000000000000"
AUTH_TOKEN = "fake-twilio-auth-token"


def twilio_signature(auth_token, url, params):
    signed = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    return base64.b64encode(hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()).decode()


class JsonHandler(BaseHTTPRequestHandler):
    """Answers in JSON and keeps the test output quiet."""

    fake = None  # the provider this handler serves, set by FakeProvider

    def log_message(self, *args):
        pass

    def reply(self, status, payload):
        self.reply_raw(status, json.dumps(payload).encode(), "application/json")

    def reply_raw(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class FakeProvider:
    """Serves `handler` on a free port of 127.0.0.1 while used as a context manager."""

    handler = JsonHandler

    def __init__(self):
        self.mode = "up"
        self.messages = []
        self.attempts = []  # the recipient of every request, answered or not
        handler = type("Handler", (self.handler,), {"fake": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class TwilioHandler(JsonHandler):
    def do_GET(self):
        """A file a patient sent (MediaUrlN), behind the account's basic authentication."""
        fake = self.fake
        fake.media_requests.append(self.path)
        expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self.reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
        if self.path not in fake.media:
            return self.reply(404, {"code": 20404, "message": "The requested resource was not found"})
        content, mimetype = fake.media[self.path]
        return self.reply_raw(200, content, mimetype)

    def do_POST(self):
        fake = self.fake
        data = dict(parse_qsl(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()))
        fake.attempts.append(data.get("To"))
        expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        if self.path != f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json":
            return self.reply(404, {"code": 20404, "message": "The requested resource was not found"})
        if self.headers.get("Authorization") != expected:
            return self.reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
        if fake.mode == "down":
            return self.reply(500, {"code": 20500, "message": "Internal Server Error", "status": 500})
        if data.get("To") in fake.slow_numbers:
            # A gateway time-out: no answer before the client gives up, and nothing sent. Recording
            # the message after the sleep would make what "was sent" depend on how fast the test runs.
            time.sleep(10.5)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client has hung up
                self.reply(504, {"code": 20504, "message": "Gateway Timeout", "status": 504})
            return None
        if data.get("To") in fake.invalid_numbers:
            return self.reply(
                400,
                {"code": 21211, "message": f"The 'To' number {data['To']} is not a valid phone number.", "status": 400},
            )
        sid = next(fake.sids)
        fake.messages.append({**data, "sid": sid})
        return self.reply(201, {"sid": sid, "status": "queued", "to": data.get("To"), "body": data.get("Body")})


# The clinic's Twilio account, as a company's fields, for a FakeTwilio (see FakeTwilio.company_values).
TWILIO_COMPANY = {
    "healthcare_sms_provider": "twilio",
    "twilio_account_sid": ACCOUNT_SID,
    "twilio_auth_token": AUTH_TOKEN,
    "twilio_from_number": "+34600000000",
}


class FakeTwilio(FakeProvider):
    handler = TwilioHandler

    def __init__(self):
        super().__init__()
        self.invalid_numbers = set()
        self.slow_numbers = set()  # answered after the client gave up (Odoo's tests wait at least 10 s)
        self.sids = (f"SM{number:032x}" for number in itertools.count(1))
        self.media = {}  # {path: (content, mimetype)}
        self.media_requests = []

    def add_media(self, content, mimetype):
        """Serve a file as Twilio keeps an MMS's media; returns its URL."""
        number = len(self.media) + 1
        path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/MM{number:032x}/Media/ME{number:032x}"
        self.media[path] = (content, mimetype)
        return f"{self.url}{path}"

    def company_values(self):
        """A company's fields that send its SMS through this fake."""
        return {**TWILIO_COMPANY, "twilio_api_url": self.url}

    @staticmethod
    def status_callback(url, sid, status, error_code=None, auth_token=AUTH_TOKEN):
        """Report a message's status to `url`, signed as Twilio signs it."""
        params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": ACCOUNT_SID}
        if error_code:
            params["ErrorCode"] = str(error_code)
        headers = {"X-Twilio-Signature": twilio_signature(auth_token, url, params)}
        return requests.post(url, data=params, headers=headers, timeout=10)

    @staticmethod
    def inbound(url, sender, body, sid, *, media=(), auth_token=AUTH_TOKEN, **extra):
        """An incoming SMS to `url`, signed as Twilio signs it; `media` are (url, mimetype) pairs."""
        params = {
            "MessageSid": sid,
            "AccountSid": ACCOUNT_SID,
            "From": sender,
            "To": TWILIO_COMPANY["twilio_from_number"],
            "Body": body,
            "NumMedia": str(len(media)),
            **extra,
        }
        for index, (media_url, mimetype) in enumerate(media):
            params[f"MediaUrl{index}"] = media_url
            params[f"MediaContentType{index}"] = mimetype
        headers = {"X-Twilio-Signature": twilio_signature(auth_token, url, params)}
        return requests.post(url, data=params, headers=headers, timeout=30)


WHATSAPP_TOKEN = "fake-whatsapp-access-token"
WHATSAPP_APP_SECRET = "fake-whatsapp-app-secret"
PHONE_NUMBER_ID = "109876543210"
BUSINESS_ACCOUNT_ID = "998877665544"


class WhatsappHandler(JsonHandler):
    def authorized(self):
        if self.headers.get("Authorization") == f"Bearer {WHATSAPP_TOKEN}":
            return True
        self.reply(401, {"error": {"message": "Invalid OAuth access token.", "code": 190}})
        return False

    def do_GET(self):
        fake = self.fake
        fake.media_requests.append(self.path)
        if not self.authorized():
            return None
        path = self.path.split("?")[0]
        if path.startswith("/files/") and path.removeprefix("/files/") in fake.media:
            content, mimetype = fake.media[path.removeprefix("/files/")]
            return self.reply_raw(200, content, mimetype)
        if path.lstrip("/") in fake.media:  # a media id: where its file is, as the Graph API answers
            media_id = path.lstrip("/")
            content, mimetype = fake.media[media_id]
            return self.reply(
                200,
                {
                    "messaging_product": "whatsapp",
                    "id": media_id,
                    "url": f"{fake.url}/files/{media_id}",
                    "mime_type": mimetype,
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "file_size": len(content),
                },
            )
        if path != f"/{BUSINESS_ACCOUNT_ID}/message_templates":
            return self.reply(404, {"error": {"message": "Unknown path", "code": 100}})
        rows = [
            {"name": name, "language": language, "status": status, "rejected_reason": reason or "NONE"}
            for (name, language), (status, reason) in self.fake.templates.items()
        ]
        return self.reply(200, {"data": rows})

    def do_POST(self):
        fake = self.fake
        data = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        fake.attempts.append(data.get("to"))
        if not self.authorized():
            return None
        if self.path != f"/{PHONE_NUMBER_ID}/messages":
            return self.reply(404, {"error": {"message": "Unknown path", "code": 100}})
        if fake.mode == "down":
            return self.reply(500, {"error": {"message": "An unknown error occurred", "code": 1}})
        if data.get("to") in fake.unreachable:
            return self.reply(400, {"error": {"message": "(#131026) Message undeliverable", "code": 131026}})
        message_id = next(fake.ids)
        fake.messages.append({**data, "id": message_id})
        return self.reply(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": data.get("to"), "wa_id": data.get("to")}],
                "messages": [{"id": message_id}],
            },
        )


class FakeWhatsapp(FakeProvider):
    """WhatsApp Business Cloud API: template messages and template statuses.

    fake.templates[(name, language)] = ("APPROVED" | "PENDING" | "REJECTED", reason)
    fake.unreachable.add("34699...")   # 400, code 131026 "Message undeliverable"
    fake.mode = "down"                 # 500 to every message
    fake.messages                      # the messages sent: [{"to", "type", "template" or "text", "id"}]
    fake.media[media_id] = (content, mimetype)  # a file a patient sent: GET /{media_id}, then its url
    FakeWhatsapp.inbound(url, [...])   # POST signed incoming messages, as Meta does
    """

    handler = WhatsappHandler

    def __init__(self):
        super().__init__()
        self.templates = {}
        self.unreachable = set()
        self.ids = (f"wamid.FAKE{number:08d}" for number in itertools.count(1))
        self.media = {}
        self.media_requests = []

    def configure(self, company):
        """The clinic's WhatsApp Business settings, pointing at this fake."""
        company.write(
            {
                "whatsapp_api_url": self.url,
                "whatsapp_phone_number_id": PHONE_NUMBER_ID,
                "whatsapp_business_account_id": BUSINESS_ACCOUNT_ID,
                "whatsapp_token": WHATSAPP_TOKEN,
                "whatsapp_app_secret": WHATSAPP_APP_SECRET,
            }
        )

    @staticmethod
    def post_signed(url, payload, app_secret=WHATSAPP_APP_SECRET):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        signature = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}
        return requests.post(url, data=body, headers=headers, timeout=30)

    @staticmethod
    def incoming(messages, contacts=()):
        """A webhook body with incoming messages, as Meta sends them."""
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "34600000000", "phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": name}, "wa_id": wa_id} for wa_id, name in contacts],
            "messages": list(messages),
        }
        return {
            "object": "whatsapp_business_account",
            "entry": [{"id": BUSINESS_ACCOUNT_ID, "changes": [{"field": "messages", "value": value}]}],
        }

    @classmethod
    def inbound(cls, url, messages, contacts=(), app_secret=WHATSAPP_APP_SECRET):
        """POST incoming messages to `url` as Meta does, body signed with the app secret."""
        return cls.post_signed(url, cls.incoming(messages, contacts), app_secret)

    @staticmethod
    def status_callback(url, message_id, status, app_secret=WHATSAPP_APP_SECRET, error=None):
        """Report a message's status to `url` as Meta does, body signed with the app secret."""
        status_row = {"id": message_id, "status": status, "timestamp": str(int(time.time()))}
        if error:
            status_row["errors"] = [error]
        body = json.dumps(
            {
                "object": "whatsapp_business_account",
                "entry": [
                    {"id": BUSINESS_ACCOUNT_ID, "changes": [{"field": "messages", "value": {"statuses": [status_row]}}]}
                ],
            }
        ).encode()
        signature = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}
        return requests.post(url, data=body, headers=headers, timeout=10)
