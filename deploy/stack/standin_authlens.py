#!/usr/bin/env python3
"""A stand-in for build/authlens that scripts/test.d/deploy.sh runs under deploy/stack/up.sh, so
the stack scripts are tested in seconds and without the real binary: it listens where
AUTHLENS_HTTP_ADDR and AUTHLENS_ADMIN_ADDR say, answers /healthz and /readyz, serves a few of the
contract's metrics on /metrics, sends one mail to SMTP_URL at start, and like authlens writes
its bound addresses to AUTHLENS_READY_FILE (so port 0 works)."""
import json
import os
import smtplib
import threading
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

METRICS = b"""# TYPE authlens_mail_outbox_pending gauge
authlens_mail_outbox_pending 0
# TYPE process_start_time_seconds gauge
process_start_time_seconds 1
"""


def addr(var, default):
    host, _, port = os.environ.get(var, default).rpartition(":")
    return host, int(port)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path in ("/healthz", "/readyz"):
            body, ctype = b'{"status":"ok"}', "application/json"
        elif self.path == "/metrics":
            body, ctype = METRICS, "text/plain; version=0.0.4"
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


smtp = os.environ.get("SMTP_URL", "")
if smtp.startswith("smtp://"):
    host, _, port = smtp[len("smtp://"):].rpartition(":")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = os.environ.get("SENDER_EMAIL", "a@x.test"), "user@x.test", "stand-in"
    msg.set_content("Your code is 123456.")
    with smtplib.SMTP(host, int(port), timeout=5) as s:
        s.send_message(msg)
admin = ThreadingHTTPServer(addr("AUTHLENS_ADMIN_ADDR", "127.0.0.1:8000"), Handler)
threading.Thread(target=admin.serve_forever, daemon=True).start()
api = ThreadingHTTPServer(addr("AUTHLENS_HTTP_ADDR", "127.0.0.1:8001"), Handler)
ready = os.environ.get("AUTHLENS_READY_FILE")
if ready:
    with open(ready + ".tmp", "w") as f:
        json.dump({"http": "%s:%d" % api.server_address, "admin": "%s:%d" % admin.server_address,
                   "pid": os.getpid()}, f)
    os.replace(ready + ".tmp", ready)
api.serve_forever()
