"""Screenshots of Odoo screens as a given user, in headless Chromium.

Usage: python tools/screenshots.py BASE_URL LOGIN PASSWORD OUT_DIR NAME=PATH[|CSS] [NAME=PATH[|CSS] ...]
e.g.   python tools/screenshots.py http://127.0.0.1:8069 recepcion recepcion /tmp/shots \
           consents=/odoo/action-healthcare_crm.action_healthcare_consents

Logs in through /web/login as a person would, hands the session to Chromium through the
DevTools protocol (websocket-client, already a test dependency) and saves NAME.png for each
page once the web client has stopped loading, after clicking the element CSS selects (a tab).
"""

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import requests
import websocket

WIDTH, HEIGHT = 1440, 900


def login(base_url, user, password):
    """The session id of `user`, logged in through the login form."""
    session = requests.Session()
    page = session.get(f"{base_url}/web/login", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{base_url}/web/login",
        data={"login": user, "password": password, "csrf_token": token, "redirect": "/odoo"},
        timeout=60,
    )
    if "/web/login" in answer.url:
        raise SystemExit(f"could not log in as {user}")
    return session.cookies["session_id"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Chromium:
    def __init__(self):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="hcrm-chromium-")
        self.process = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "--lang=es-ES",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # The web client shows times in the browser's zone: the clinic's, as at its front desk.
            env={**os.environ, "TZ": os.environ.get("HCRM_SCREENSHOT_TZ", "Europe/Madrid")},
        )
        for _attempt in range(100):
            try:
                targets = requests.get(f"http://127.0.0.1:{self.port}/json", timeout=2).json()
                page = next(target for target in targets if target["type"] == "page")
                break
            except (requests.ConnectionError, StopIteration):
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.counter = 0

    def send(self, method, **params):
        self.counter += 1
        self.socket.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.counter:
                return message.get("result", {})

    def evaluate(self, expression):
        return self.send("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def screenshot(self, url, path, click=None, settle=2.0, timeout=30):
        self.send("Page.navigate", url=url)
        deadline = time.time() + timeout
        time.sleep(1)
        # The web client is ready once its main component is mounted and no request is pending.
        while time.time() < deadline:
            if self.evaluate(
                "document.readyState === 'complete' && !!document.querySelector('.o_action_manager > *, main') "
                "&& !document.querySelector('.o_loading_indicator, .o_blockUI')"
            ):
                break
            time.sleep(0.3)
        time.sleep(settle)
        if click:
            self.evaluate(f"document.querySelector({json.dumps(click)})?.click()")
            time.sleep(settle)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main(base_url, user, password, out_dir, *pages):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    session_id = login(base_url, user, password)
    browser = Chromium()
    try:
        browser.send("Network.enable")
        browser.send(
            "Network.setCookie", name="session_id", value=session_id, domain=urlparse(base_url).hostname, path="/"
        )
        browser.send(
            "Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False
        )
        for page in pages:
            name, _sep, target = page.partition("=")
            path, _sep, click = target.partition("|")
            browser.screenshot(f"{base_url}{path}", out / f"{name}.png", click=click or None)
            print(out / f"{name}.png")
    finally:
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) < 6:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
