#!/usr/bin/env python3
"""Take the README screenshots: log in as the demo roles in headless Chromium and
save PNGs of the main screens into docs/screenshots/.

Usage: python3 tools/screenshots.py --url http://127.0.0.1:8069 --db DB
(`make screenshots` starts a throw-away demo server and calls this.)
`--width 1280 --out DIR` checks a narrower screen (a projector) without touching
the README's pictures; `--only meeting_live.png` takes some shots only.
The Chrome DevTools protocol is driven through websocket-client.
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1440, 900

# (file, demo login, path; {situation} and {meeting} come from QUERIES)
SHOTS = [
    (
        "situations.png",
        "riverside.police",
        "/odoo/action-focus_table.focus_situation_action",
    ),
    (
        "situation_form.png",
        "riverside.health",
        "/odoo/action-focus_table.focus_situation_action/{situation}",
    ),
    (
        "meeting.png",
        "riverside.chair",
        "/odoo/action-focus_table.focus_meeting_action/{meeting}",
    ),
    (
        "meeting_live.png",
        "riverside.chair",
        "/odoo/action-focus_table.focus_meeting_action/{meeting_live}",
    ),
    (
        "access_log.png",
        "riverside.chair",
        "/odoo/action-focus_table.focus_access_log_action",
    ),
    (
        "analysis.png",
        "riverside.archivist",
        "/odoo/action-focus_table_reports.focus_situation_report_action",
    ),
    (
        "directory.png",
        "riverside.police",
        "/odoo/action-focus_table.focus_service_action",
    ),
    (
        "systemic_issues.png",
        "riverside.chair",
        "/odoo/action-focus_table.focus_systemic_issue_action",
    ),
    (
        "access_oversight.png",
        "riverside.chair",
        "/odoo/action-focus_table.focus_access_oversight_action",
    ),
    (
        "dashboard.png",
        "riverside.archivist",
        "/odoo/action-focus_table_reports.focus_table_action_dashboard",
    ),
    (
        "accountability_report.png",
        "riverside.chair",
        "/report/html/focus_table_reports.report_situation_accountability/{situation}",
    ),
]
QUERIES = {
    "situation": "select s.id from focus_situation s join res_users u "
    "on u.login = 'riverside.health' where s.lead_agency_id = u.focus_agency_id "
    "and s.state in ('accepted', 'intervention') order by s.id limit 1",
    "meeting": "select res_id from ir_model_data where module = 'focus_table' "
    "and name = 'focus_meeting_demo_riv_2'",
    "meeting_live": "select res_id from ir_model_data where module = 'focus_table' "
    "and name = 'focus_meeting_demo_riv_today'",
}


class Browser:
    def __init__(self, width=WIDTH, height=HEIGHT, port=9333):
        self.profile = tempfile.mkdtemp(prefix="focus_shots.")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        self.process = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as answer:
                    targets = json.load(answer)
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.3)
        raise RuntimeError(f"timed out waiting for {expression}")

    def goto(self, url):
        self.send("Page.navigate", url=url)
        time.sleep(0.5)
        self.wait_for("document.readyState === 'complete'")

    def login(self, base, login):
        self.send("Network.clearBrowserCookies")
        self.goto(f"{base}/web/login")
        value = json.dumps(login)  # demo passwords equal logins
        self.evaluate(
            f"document.querySelector('input[name=login]').value = {value};"
            f"document.querySelector('input[name=password]').value = {value};"
            "document.querySelector('form.oe_login_form').submit(); true"
        )
        time.sleep(1)
        self.wait_for("document.readyState === 'complete'")

    def shoot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def record_ids(db):
    ids = {}
    for key, sql in QUERIES.items():
        out = subprocess.run(
            ["psql", "-X", "-d", db, "-Atc", sql], capture_output=True, text=True
        ).stdout.strip()
        ids[key] = out.splitlines()[0] if out else ""
    return ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--width", type=int, default=WIDTH)
    parser.add_argument("--height", type=int, default=HEIGHT)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", nargs="*", help="file names of the shots to take")
    parser.add_argument("--cdp-port", type=int, default=9333)
    args = parser.parse_args()
    ids = record_ids(args.db)
    args.out.mkdir(parents=True, exist_ok=True)
    browser = Browser(args.width, args.height, args.cdp_port)
    try:
        for filename, login, path in SHOTS:
            if args.only and filename not in args.only:
                continue
            browser.login(args.url, login)
            browser.goto(args.url + path.format(**ids))
            if not path.startswith("/report/"):  # a printed report is plain HTML
                browser.wait_for("window.odoo && odoo.isReady === true", 60)
                browser.wait_for("!document.querySelector('.o_loading_indicator')")
            time.sleep(2)  # let the views settle (avatars, charts)
            browser.shoot(args.out / filename)
            print(f"{filename}: {login} {path.format(**ids)}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
