"""OTLP/HTTP trace, logs and metrics receiver for the conformance test.

Decodes every POST /v1/traces, /v1/logs and /v1/metrics body with the official generated classes of the
`opentelemetry-proto` package (protobuf) or google.protobuf.json_format (JSON, after turning
OTLP's hex ids into the base64 that proto3 JSON expects, as the OTLP spec tells receivers to),
checks the fields every span needs, and records the outcome in a report file.

Usage: receiver.py PORT_FILE REPORT_FILE   (writes the chosen port to PORT_FILE)
"""
import base64
import gzip
import http.server
import json
import sys

from google.protobuf import json_format
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import (
    ExportLogsServiceRequest,
    ExportLogsServiceResponse,
)
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest,
    ExportMetricsServiceResponse,
)
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

# SeverityNumber of each level we log (the OpenTelemetry log data model): text -> number.
SEVERITIES = {"DEBUG": 5, "INFO": 9, "WARN": 13, "ERROR": 17}

HEX_ID_FIELDS = {"traceId": 16, "spanId": 8, "parentSpanId": 8}


def hex_ids_to_base64(node):
    """OTLP/JSON writes ids as hex; json_format wants base64 for bytes fields."""
    if isinstance(node, list):
        for item in node:
            hex_ids_to_base64(item)
    elif isinstance(node, dict):
        for key, value in list(node.items()):
            if key in HEX_ID_FIELDS and isinstance(value, str):
                if value == "" and key == "parentSpanId":
                    continue
                raw = bytes.fromhex(value)  # raises on non-hex
                if value != value.lower() or len(raw) != HEX_ID_FIELDS[key]:
                    raise ValueError(f"{key} {value!r} is not {HEX_ID_FIELDS[key]} lowercase hex bytes")
                node[key] = base64.b64encode(raw).decode()
            else:
                hex_ids_to_base64(value)


def check_request(req):
    problems = []
    if not req.resource_spans:
        problems.append("no resource_spans")
    spans = 0
    for rs in req.resource_spans:
        names = {kv.key: kv.value.string_value for kv in rs.resource.attributes}
        if not names.get("service.name"):
            problems.append("resource lacks service.name")
        for ss in rs.scope_spans:
            for span in ss.spans:
                spans += 1
                if len(span.trace_id) != 16 or span.trace_id == bytes(16):
                    problems.append(f"span {span.name!r}: bad trace_id")
                if len(span.span_id) != 8 or span.span_id == bytes(8):
                    problems.append(f"span {span.name!r}: bad span_id")
                if span.parent_span_id and len(span.parent_span_id) != 8:
                    problems.append(f"span {span.name!r}: bad parent_span_id")
                if not span.name:
                    problems.append("span without name")
                if not span.start_time_unix_nano or not span.end_time_unix_nano:
                    problems.append(f"span {span.name!r}: missing start/end time")
                elif span.end_time_unix_nano < span.start_time_unix_nano:
                    problems.append(f"span {span.name!r}: ends before it starts")
                if span.kind == 0:
                    problems.append(f"span {span.name!r}: kind unspecified")
    return spans, problems


def check_logs_request(req):
    problems = []
    if not req.resource_logs:
        problems.append("no resource_logs")
    records = 0
    for rl in req.resource_logs:
        names = {kv.key: kv.value.string_value for kv in rl.resource.attributes}
        if not names.get("service.name"):
            problems.append("resource lacks service.name")
        for sl in rl.scope_logs:
            if not sl.scope.name:
                problems.append("scope without name")
            for record in sl.log_records:
                records += 1
                body = record.body.string_value
                if record.body.WhichOneof("value") != "string_value" or not body:
                    problems.append("record without a string body")
                if SEVERITIES.get(record.severity_text) != record.severity_number:
                    problems.append(f"{body!r}: severity {record.severity_text!r}/{record.severity_number}")
                if not record.time_unix_nano or not record.observed_time_unix_nano:
                    problems.append(f"{body!r}: missing time or observed time")
                if record.trace_id or record.span_id:
                    if len(record.trace_id) != 16 or len(record.span_id) != 8:
                        problems.append(f"{body!r}: bad trace or span id")
                    if record.flags & 0xFF != 1:
                        problems.append(f"{body!r}: sampled trace flags missing")
                for kv in record.attributes:
                    if kv.key == "password" and kv.value.string_value != "[REDACTED]":
                        problems.append("a secret field reached a log record")
    return records, problems


# What the metrics sample records: each must arrive, with its kind.
EXPECTED_METRICS = {
    "http_server_request_duration_seconds": "histogram",
    "http_server_active_requests": "gauge",
    "authlens_auth_events": "sum",
    "authlens_password_hash_duration_seconds": "histogram",
    "authlens_mail_outbox_pending": "gauge",
    "authlens_mail_deliveries": "sum",
    "process_cpu_seconds": "sum",
    "process_resident_memory_bytes": "gauge",
}


def check_metrics_request(req):
    problems = []
    seen = {}
    exemplars = 0
    for rm in req.resource_metrics:
        names = {kv.key: kv.value.string_value for kv in rm.resource.attributes}
        if not names.get("service.name"):
            problems.append("resource lacks service.name")
        for sm in rm.scope_metrics:
            for metric in sm.metrics:
                kind = metric.WhichOneof("data")
                seen[metric.name] = kind
                if kind in ("sum", "histogram") and getattr(metric, kind).aggregation_temporality != 2:
                    problems.append(f"{metric.name}: not cumulative")
                if kind == "sum" and not metric.sum.is_monotonic:
                    problems.append(f"{metric.name}: counter not monotonic")
                if kind == "histogram":
                    for p in metric.histogram.data_points:
                        if len(p.bucket_counts) != len(p.explicit_bounds) + 1:
                            problems.append(f"{metric.name}: {len(p.bucket_counts)} counts, {len(p.explicit_bounds)} bounds")
                        if sum(p.bucket_counts) != p.count:
                            problems.append(f"{metric.name}: bucket counts do not add up to count")
                        if not p.start_time_unix_nano or p.time_unix_nano < p.start_time_unix_nano:
                            problems.append(f"{metric.name}: bad times")
                        for e in p.exemplars:
                            exemplars += 1
                            if len(e.trace_id) != 16 or len(e.span_id) != 8:
                                problems.append(f"{metric.name}: bad exemplar ids")
    for name, kind in EXPECTED_METRICS.items():
        if seen.get(name) != kind:
            problems.append(f"{name}: {seen.get(name)!r}, expected {kind}")
    if exemplars != 1:
        problems.append(f"{exemplars} exemplars, expected 1")
    return len(seen), problems


class Handler(http.server.BaseHTTPRequestHandler):
    report = None

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        content_type = self.headers.get("Content-Type", "")
        try:
            if self.path not in ("/v1/traces", "/v1/logs", "/v1/metrics"):
                raise ValueError(f"unexpected path {self.path}")
            if self.headers.get("Content-Encoding", "") == "gzip":
                body = gzip.decompress(body)
            logs = self.path == "/v1/logs"
            metrics = self.path == "/v1/metrics"
            request_type = (ExportLogsServiceRequest if logs
                            else ExportMetricsServiceRequest if metrics
                            else ExportTraceServiceRequest)
            req = request_type()
            if content_type == "application/x-protobuf":
                req.ParseFromString(body)
                # Re-encoding must give the same bytes back: nothing unknown or malformed.
                if req.SerializeToString() != body:
                    reparsed = request_type()
                    reparsed.ParseFromString(req.SerializeToString())
                    if reparsed != req:
                        raise ValueError("protobuf does not round-trip")
            elif content_type == "application/json":
                doc = json.loads(body)
                hex_ids_to_base64(doc)
                json_format.ParseDict(doc, req)  # rejects unknown field names
            else:
                raise ValueError(f"unexpected Content-Type {content_type!r}")
            if metrics:
                count, problems = check_metrics_request(req)
                if problems:
                    raise ValueError("; ".join(problems))
                self.record(f"ok metrics {content_type} metrics={count}")
                self.reply(200, ExportMetricsServiceResponse(), content_type)
                return
            if logs:
                records, problems = check_logs_request(req)
                if problems:
                    raise ValueError("; ".join(problems))
                self.record(f"ok logs {content_type} records={records}")
                self.reply(200, ExportLogsServiceResponse(), content_type)
                return
            spans, problems = check_request(req)
            if problems:
                raise ValueError("; ".join(problems))
            self.record(f"ok {content_type} spans={spans}")
            self.reply(200, ExportTraceServiceResponse(), content_type)
        except Exception as error:  # every rejection fails the test
            self.record(f"REJECTED {content_type}: {error}")
            self.send_response(400)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def reply(self, status, message, content_type):
        payload = (
            json_format.MessageToJson(message).encode()
            if content_type == "application/json"
            else message.SerializeToString()
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def record(self, line):
        with open(Handler.report, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def main():
    port_file, report_file = sys.argv[1], sys.argv[2]
    Handler.report = report_file
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    with open(port_file + ".tmp", "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    import os

    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
