"""HTTP calls from a chosen loopback source, for the edge's steps: on loopback every 127.x.y.z
is ours, so one test can be many clients."""
import http.client
import json
import re
import time

import requests


def connection(context, source="127.0.0.1", timeout=10, admin=False):
    port = context.service.admin_port if admin else context.service.http_port
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))


def call(context, method, path, source="127.0.0.1", body=None, headers=None, timeout=10):
    """(status, parsed JSON or None, seconds) over a fresh connection from `source`."""
    conn = connection(context, source, timeout)
    data = json.dumps(body).encode() if body is not None else None
    all_headers = {"Content-Type": "application/json"} if data is not None else {}
    all_headers.update(headers or {})
    started = time.monotonic()
    try:
        conn.request(method, path, body=data, headers=all_headers)
        r = conn.getresponse()
        text = r.read()
    finally:
        conn.close()
    elapsed = time.monotonic() - started
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        parsed = None
    return r.status, parsed, elapsed


def hash_totals(context):
    """(seconds, count) summed over authlens_password_hash_duration_seconds' series."""
    text = requests.get(context.service.admin_url + "/metrics", timeout=5).text
    total = {"_sum": 0.0, "_count": 0.0}
    for line in text.splitlines():
        m = re.match(r"^authlens_password_hash_duration_seconds(_sum|_count)(\{[^}]*\})? (\S+)$", line)
        if m:
            total[m.group(1)] += float(m.group(3))
    return total["_sum"], total["_count"]


def login_from(context, source, email, password):
    status, body, seconds = call(context, "POST", "/login", source, {"email": email, "password": password})
    if status == 200 and isinstance(body, dict) and isinstance(body.get("access_token"), str):
        context.secrets.add("token", body["access_token"])
    return status, seconds
