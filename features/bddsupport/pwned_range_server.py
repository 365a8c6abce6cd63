"""A Pwned Passwords range API on loopback (stdlib only), for scenarios that set AUTHLENS_HIBP_URL.

    server = PwnedRangeServer({"correct horse battery staple"})
    server.start()                 # binds 127.0.0.1 on a free port
    ... AUTHLENS_HIBP_URL=server.url ...
    server.prefixes                # ["ABCDE", ...]: every prefix asked for, in order
    server.stop()                  # refuses connections from now on; start() again on the same port

It answers `GET /range/{5 hex}` like the real service: one `SUFFIX:COUNT` line per SHA-1 under the
prefix, CRLF-separated, and with `Add-Padding: true` also made-up lines with count 0. Passwords are
hashed in their NFKC form, as authlens normalises them before asking.
"""
import hashlib
import http.server
import re
import secrets
import threading
import time
import unicodedata

PREFIX = re.compile(r"^/range/([0-9A-Fa-f]{5})$")
PADDING_LINES = 800  # about what the real service adds
DECOY_LINES = 5  # other leaked hashes under every prefix: a real answer is never empty


def sha1_hex(password):
    normalized = unicodedata.normalize("NFKC", password)
    return hashlib.sha1(normalized.encode("utf-8")).hexdigest().upper()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (http.server's name)
        owner = self.server.owner
        match = PREFIX.match(self.path)
        padding = self.headers.get("Add-Padding", "").strip().lower() == "true"
        owner._record(self.path, match.group(1).upper() if match else None, padding, dict(self.headers))
        if owner.delay:
            time.sleep(owner.delay)
        if owner.status != 200 or not match:
            self._send(owner.status if match else 404, "")
            return
        self._send(200, owner._range_body(match.group(1).upper(), padding))

    def _send(self, status, body):
        data = body.encode("ascii")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep the behave output clean
        pass


class PwnedRangeServer:
    def __init__(self, breached=(), host="127.0.0.1", port=0):
        """breached: passwords in the corpus, as an iterable (count 1 each) or a {password: count}."""
        counts = breached if isinstance(breached, dict) else {p: 1 for p in breached}
        self._hashes = {sha1_hex(p): int(c) for p, c in counts.items()}
        self._host = host
        self._port = port
        self._lock = threading.Lock()
        self._requests = []
        self._httpd = None
        self._thread = None
        self.delay = 0.0  # seconds before each answer: a slow service
        self.status = 200  # anything else: answered with that status and no body

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self):
        if self._httpd is not None:
            return self
        httpd = http.server.ThreadingHTTPServer((self._host, self._port), _Handler)
        httpd.daemon_threads = True
        httpd.owner = self
        self._port = httpd.server_address[1]  # a restart binds the same port again
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name="pwned-range", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- what scenarios read -------------------------------------------------------------------
    @property
    def url(self):
        if not self._port:
            raise RuntimeError("PwnedRangeServer: start() it first to learn its port")
        return "http://%s:%d" % (self._host, self._port)

    @property
    def prefixes(self):
        """Every well-formed prefix requested, upper case, in order."""
        with self._lock:
            return [r["prefix"] for r in self._requests if r["prefix"] is not None]

    @property
    def requests(self):
        """Every request: path, prefix (None if the path was not /range/{5 hex}), padding, headers."""
        with self._lock:
            return [dict(r) for r in self._requests]

    def clear(self):
        with self._lock:
            self._requests.clear()

    @staticmethod
    def prefix_of(password):
        return sha1_hex(password)[:5]

    # -- internals -----------------------------------------------------------------------------
    def _record(self, path, prefix, padding, headers):
        with self._lock:
            self._requests.append({"path": path, "prefix": prefix, "padding": padding, "headers": headers})

    def _range_body(self, prefix, padding):
        lines = ["%s:%d" % (h[5:], c) for h, c in self._hashes.items() if h.startswith(prefix)]
        lines += ["%s:%d" % (secrets.token_hex(18)[:35].upper(), 1 + i) for i in range(DECOY_LINES)]
        if padding:
            lines += ["%s:0" % secrets.token_hex(18)[:35].upper() for _ in range(PADDING_LINES)]
        lines.sort()
        return "\r\n".join(lines)
