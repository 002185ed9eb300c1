"""A small Twilio on 127.0.0.1: the parts of the Messages API the clinic uses, failures included.

with FakeTwilio() as twilio:
    twilio.url                      # point the company's Twilio API URL here
    twilio.invalid_numbers.add(n)   # 400, code 21211, as Twilio answers for a bad number
    twilio.mode = "down"            # 500 to every request; "slow": answers after the client gave up
    twilio.messages                 # what was sent: [{"To", "From", "Body", "StatusCallback", "sid"}]
    twilio.status_callback(...)     # POST a signed delivery report, as Twilio does
"""

import base64
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


class FakeTwilio:
    def __init__(self):
        self.mode = "up"
        self.invalid_numbers = set()
        self.slow_numbers = set()  # answered after the client gave up (Odoo's tests wait at least 10 s)
        self.messages = []
        self.attempts = []  # the To number of every request, answered or not
        self._sids = (f"SM{number:032x}" for number in itertools.count(1))
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, payload):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
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
                    time.sleep(10.5)
                if data.get("To") in fake.invalid_numbers:
                    return self.reply(
                        400,
                        {
                            "code": 21211,
                            "message": f"The 'To' number {data['To']} is not a valid phone number.",
                            "status": 400,
                        },
                    )
                sid = next(fake._sids)
                fake.messages.append({**data, "sid": sid})
                return self.reply(201, {"sid": sid, "status": "queued", "to": data.get("To"), "body": data.get("Body")})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def status_callback(url, sid, status, error_code=None, auth_token=AUTH_TOKEN):
        """Report a message's status to `url`, signed as Twilio signs it."""
        params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": ACCOUNT_SID}
        if error_code:
            params["ErrorCode"] = str(error_code)
        headers = {"X-Twilio-Signature": twilio_signature(auth_token, url, params)}
        return requests.post(url, data=params, headers=headers, timeout=10)
