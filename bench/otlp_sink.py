"""A minimal OTLP/HTTP receiver for when Jaeger is not installed: answers 200 to POST /v1/traces
(an empty ExportTraceServiceResponse, protobuf or JSON) and counts requests and bytes.

Usage: python3 otlp_sink.py PORT   (loopback only; GET /stats returns the counts as JSON)
"""
import http.server
import json
import sys
import threading

counts = {"requests": 0, "bytes": 0}
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length", "0"))
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 16))
            if not chunk:
                break
            remaining -= len(chunk)
        with lock:
            counts["requests"] += 1
            counts["bytes"] += length
        json_body = "json" in self.headers.get("Content-Type", "")
        body = b"{}" if json_body else b""
        self.send_response(200 if self.path == "/v1/traces" else 404)
        self.send_header("Content-Type", "application/json" if json_body else "application/x-protobuf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        with lock:
            body = json.dumps(counts).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    server.serve_forever()
