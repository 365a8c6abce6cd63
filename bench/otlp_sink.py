"""A minimal OTLP/HTTP receiver for when Jaeger is not installed, and the receiver that discards
for the instruction counts (bench/instructions.py): answers 200 to POST /v1/traces (an empty
ExportTraceServiceResponse, protobuf or JSON) and counts requests, bytes and (protobuf) spans.

Usage: python3 otlp_sink.py PORT   (loopback only; GET /stats returns the counts as JSON)
"""
import http.server
import json
import sys
import threading

counts = {"requests": 0, "bytes": 0, "spans": 0}
lock = threading.Lock()


def fields(data):
    """(field number, wire type, value) of one protobuf message; length-delimited values as bytes."""
    i = 0
    while i < len(data):
        key, i = varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(data, i)
        elif wire == 1:
            value, i = data[i:i + 8], i + 8
        elif wire == 5:
            value, i = data[i:i + 4], i + 4
        elif wire == 2:
            length, i = varint(data, i)
            value, i = data[i:i + length], i + length
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


def varint(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def count_spans(body):
    """ExportTraceServiceRequest.resource_spans(1).scope_spans(2).spans(2)."""
    return sum(1 for n, w, rs in fields(body) if n == 1 and w == 2
               for n2, w2, ss in fields(rs) if n2 == 2 and w2 == 2
               for n3, w3, _ in fields(ss) if n3 == 2 and w3 == 2)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        json_body = "json" in self.headers.get("Content-Type", "")
        protobuf = not json_body and "gzip" not in self.headers.get("Content-Encoding", "")
        try:
            # Logs and metrics requests have the same nesting: only traces count as spans.
            spans = count_spans(body) if protobuf and self.path == "/v1/traces" else 0
        except (ValueError, IndexError):
            spans = 0
        with lock:
            counts["requests"] += 1
            counts["bytes"] += length
            counts["spans"] += spans
        reply = b"{}" if json_body else b""
        self.send_response(200 if self.path in ("/v1/traces", "/v1/logs", "/v1/metrics") else 404)
        self.send_header("Content-Type", "application/json" if json_body else "application/x-protobuf")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

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
