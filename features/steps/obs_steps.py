"""Steps of the observability features (features/obs_*.feature): traces in a real Jaeger over
OTLP/HTTP, a real Prometheus scraping the admin listener, trace-correlated JSON logs, the built-in
trace viewer in headless Chromium, W3C traceparent handling, and an OTLP endpoint that is down.

The step texts are worded so that no pattern of the other step modules matches them (behave
keeps one registry for all step modules)."""
import json
import os
import re
import secrets as pysecrets
import signal
import socket
import statistics
import subprocess
import time
import urllib.parse

import requests
from behave import step

from bddsupport import secrets as secrets_mod
from bddsupport.api import describe
from bddsupport.helpers import restart_with, set_response, start_service

from bddsupport.obs_procs import (Chromium, Collector, FailingOtlpEndpoint, Jaeger, OtlpReceiver, Prometheus,
                                  png_size, tail,
                                  wait_until)

FEATURES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTIFACTS = os.path.join(FEATURES, "artifacts")
TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
LEVELS = {"trace", "debug", "info", "warn", "warning", "error", "fatal"}


# --- helpers -----------------------------------------------------------------------------------

def _parse_traceparent(r):
    value = r.headers.get("traceparent")
    assert value is not None, "the response has no traceparent header: %s" % describe(r)
    m = TRACEPARENT.match(value.strip())
    assert m, "the response's traceparent %r is not a valid W3C version-00 value: %s" % (value, describe(r))
    trace_id, span_id, flags = m.groups()
    assert trace_id != "0" * 32, "the response's traceparent has an all-zero trace id: %r" % value
    assert span_id != "0" * 16, "the response's traceparent has an all-zero span id: %r" % value
    return trace_id, span_id, flags


def _new_traceparent(context):
    trace_id = pysecrets.token_hex(16)
    span_id = pysecrets.token_hex(8)
    context.obs_trace_id = trace_id
    context.obs_parent_span_id = span_id
    return "00-%s-%s-01" % (trace_id, span_id)


def _log_path(context):
    assert context.service is not None, "the service is not running"
    return context.service.stdout_path


def _log_size(context):
    try:
        return os.path.getsize(_log_path(context))
    except OSError:
        return 0


def _log_records(path, offset=0):
    """(line number, raw line, parsed object or None) for each line of the service's stdout."""
    with open(path, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            obj = None
        out.append((n, line, obj))
    return out


def _save(context, name, data):
    """Keep what an outside program returned next to the service's logs. Saved as .log so that the
    suite's secrets scan covers spans and metrics too."""
    path = os.path.join(context.log_dir, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(data if isinstance(data, str) else json.dumps(data, indent=1, sort_keys=True))
    return path


def _assert_no_secrets(context, path, what):
    findings = context.secrets.scan_files([path])
    assert not findings, "%s contains secrets:\n%s" % (what, secrets_mod.describe(findings))


def _start_with(context, settings):
    context.extra_settings.update({k: str(v) for k, v in settings.items()})
    start_service(context)


def _otlp_settings(endpoint, protocol):
    return {
        "OTEL_TRACES_EXPORTER": "otlp",
        "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
        "OTEL_EXPORTER_OTLP_PROTOCOL": protocol,
        "OTEL_BSP_SCHEDULE_DELAY": "200",
        "OTEL_SERVICE_NAME": "authlens",
    }


# --- authlens with telemetry settings -----------------------------------------------------------

@step('a Jaeger v2 with in-memory storage listens on loopback')
def step_jaeger(context):
    jaeger = Jaeger(context.log_dir)
    jaeger.start()
    context.add_cleanup(jaeger.stop)
    context.obs_jaeger = jaeger
    print("jaeger: %s " % (jaeger.version().splitlines() or [""])[0][:200], end="", flush=True)


@step('authlens runs with its traces exported to that Jaeger over "{protocol:Q}"')
def step_authlens_to_jaeger(context, protocol):
    _start_with(context, _otlp_settings(context.obs_jaeger.otlp_endpoint, protocol))


@step('authlens runs with its traces exported to that Jaeger over "{protocol:Q}", batched every {seconds:d} seconds')
def step_authlens_to_jaeger_slow(context, protocol, seconds):
    settings = _otlp_settings(context.obs_jaeger.otlp_endpoint, protocol)
    settings["OTEL_BSP_SCHEDULE_DELAY"] = str(seconds * 1000)
    _start_with(context, settings)


@step('Jaeger does not have my trace yet after {seconds:d} second')
def step_jaeger_not_yet(context, seconds):
    time.sleep(seconds)
    trace = context.obs_jaeger.trace(context.obs_trace_id)
    assert trace is None, "the trace is already in Jaeger although export is batched every minute: %s" % (
        sorted(set(_jaeger_span_names(trace))))


@step('authlens runs with its traces exported over "{protocol:Q}" to a port where nothing listens')
def step_authlens_to_closed_port(context, protocol):
    # A socket bound but never listening holds the port for the scenario: connections to it are
    # refused, and no other program can start listening there meanwhile.
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    context.add_cleanup(holder.close)
    port = holder.getsockname()[1]
    _start_with(context, _otlp_settings("http://127.0.0.1:%d" % port, protocol))


@step('authlens runs with its traces exported over "{protocol:Q}" to an OTLP endpoint that answers {status:d}')
def step_authlens_to_failing(context, protocol, status):
    _failing(context, protocol, status, None)


@step('authlens runs with its traces exported over "{protocol:Q}" to an OTLP endpoint that answers {status:d}, '
      'batched every {seconds:d} seconds')
def step_authlens_to_failing_slow(context, protocol, status, seconds):
    _failing(context, protocol, status, seconds)


def _failing(context, protocol, status, batch_seconds):
    endpoint = FailingOtlpEndpoint(status=status)
    endpoint.start()
    context.add_cleanup(endpoint.stop)
    context.obs_failing = endpoint
    settings = _otlp_settings(endpoint.endpoint, protocol)
    if batch_seconds is not None:
        settings["OTEL_BSP_SCHEDULE_DELAY"] = str(batch_seconds * 1000)
    _start_with(context, settings)


@step("the OTLP endpoint has received nothing yet")
def step_failing_nothing_yet(context):
    time.sleep(0.5)
    assert context.obs_failing.count() == 0, "the exporter already posted %d times: %s" % (
        context.obs_failing.count(), context.obs_failing.requests)


# --- requests with a traceparent ----------------------------------------------------------------

@step('I register "{email:Q}" with password "{password:Q}" under a traceparent of my own')
def step_register_traced(context, email, password):
    _register_traced(context, email, password, None)


@step('I register "{email:Q}" with password "{password:Q}" under a traceparent of my own and the tracestate "{tracestate:Q}"')
def step_register_traced_state(context, email, password, tracestate):
    _register_traced(context, email, password, tracestate)


def _wait_for_startup_line(context, timeout=3.0):
    """The log writer is asynchronous and the ready file is written before the "authlens started"
    line is queued: wait (bounded) until that line is in the log, so it is not taken for a line of
    the request that follows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(obj and obj.get("message") == "authlens started"
               for _n, _line, obj in _log_records(_log_path(context))):
            return
        time.sleep(0.02)


def _register_traced(context, email, password, tracestate):
    _wait_for_startup_line(context)
    context.obs_log_offset = _log_size(context)
    headers = {"traceparent": _new_traceparent(context)}
    if tracestate is not None:
        headers["tracestate"] = tracestate
    context.obs_tracestate = tracestate
    r = context.api.request("POST", "/register", json_body={"email": email, "password": password},
                            headers=headers)
    set_response(context, r)
    assert r.status_code == 202, "expected 202: %s" % describe(r)


@step("the response's traceparent continues my trace with a span of its own")
def step_response_continues(context):
    trace_id, span_id, flags = _parse_traceparent(context.response)
    assert trace_id == context.obs_trace_id, (
        "the response's traceparent has trace id %s, the request's was %s" % (trace_id, context.obs_trace_id))
    assert span_id != context.obs_parent_span_id, "the response's traceparent repeats the caller's span id"
    assert flags == "01", "the sampled request came back with trace flags %s" % flags
    context.obs_server_span_id = span_id


@step('I call {method:w} "{path:Q}" on the public listener with the traceparent "{value:Q}"')
def step_call_with_traceparent(context, method, path, value):
    r = context.api.request(method, path, headers={"traceparent": value})
    set_response(context, r)
    context.obs_sent_traceparent = value


@step("the response starts a new trace instead")
def step_new_trace(context):
    trace_id, _span, _flags = _parse_traceparent(context.response)
    sent = context.obs_sent_traceparent
    assert trace_id not in sent.lower(), (
        "the invalid traceparent %r was honoured: the response's is %r"
        % (sent, context.response.headers.get("traceparent")))


@step("the service runs with these settings")
def step_runs_with_settings(context):
    restart_with(context, **{row["setting"]: row["value"] for row in context.table})


@step('the response\'s trace flags are "{flags:Q}"')
def step_trace_flags(context, flags):
    _trace, _span, got = _parse_traceparent(context.response)
    assert got == flags, "the response's traceparent %r has trace flags %s, expected %s" % (
        context.response.headers.get("traceparent"), got, flags)


@step("the response continues the trace it was sent")
def step_continues_sent(context):
    trace_id, span_id, _flags = _parse_traceparent(context.response)
    _v, sent_trace, sent_span, _f = context.obs_sent_traceparent.split("-")
    assert trace_id == sent_trace, "the valid traceparent %r was not honoured: the response's is %r" % (
        context.obs_sent_traceparent, context.response.headers.get("traceparent"))
    assert span_id != sent_span, "the response repeats the caller's span id"


@step("every one of these requests is answered with a traceparent of a new trace")
def step_every_response_traceparent(context):
    problems = []
    seen = set()
    for row in context.table:
        method, path, ctype, body, status = (row["method"], row["path"], row["content type"],
                                             row["body"], int(row["status"]))
        headers = {"Content-Type": ctype} if ctype else {}
        r = context.api.request(method, path, data=body.encode("utf-8") if body else None, headers=headers)
        if r.status_code != status:
            problems.append("expected %d: %s" % (status, describe(r)))
            continue
        try:
            trace_id, _s, _f = _parse_traceparent(r)
        except AssertionError as e:
            problems.append(str(e))
            continue
        if trace_id in seen:
            problems.append("%s %s reused trace id %s" % (method, path, trace_id))
        seen.add(trace_id)
    assert not problems, "\n".join(problems)


# --- Jaeger -------------------------------------------------------------------------------------

def _jaeger_span_names(trace):
    return [s.get("operationName") for s in (trace or {}).get("spans", [])]


@step('Jaeger shows my trace with the spans "{a:Q}", "{b:Q}" and "{c:Q}" within {seconds:d} seconds')
def step_jaeger_has_trace(context, a, b, c, seconds):
    jaeger = context.obs_jaeger
    wanted = {a, b, c}
    found = {}

    def complete():
        trace = jaeger.trace(context.obs_trace_id)
        found["trace"] = trace
        return trace is not None and wanted <= set(_jaeger_span_names(trace))

    try:
        wait_until("Jaeger's /api/traces/%s with spans %s" % (context.obs_trace_id, sorted(wanted)),
                   complete, seconds, interval=0.3)
    except AssertionError as e:
        raise AssertionError("%s; spans found: %s\n--- jaeger log:\n%s" % (
            e, sorted(set(_jaeger_span_names(found.get("trace")))), tail(jaeger.log_path)))
    # Spans of one trace may reach Jaeger in several exports: give stragglers a moment.
    time.sleep(0.5)
    context.obs_jaeger_trace = jaeger.trace(context.obs_trace_id)
    path = _save(context, "jaeger-trace.json.log", context.obs_jaeger_trace)
    _assert_no_secrets(context, path, "the trace in Jaeger")


def _tags(span):
    return {t["key"]: t.get("value") for t in span.get("tags", [])}


def _jaeger_span(context, name):
    spans = [s for s in context.obs_jaeger_trace["spans"] if s.get("operationName") == name]
    assert spans, "Jaeger's trace has no span %r (it has %s)" % (name, sorted(set(_jaeger_span_names(
        context.obs_jaeger_trace))))
    return spans[0]


def _parent_of(span):
    for ref in span.get("references") or []:
        if ref.get("refType") == "CHILD_OF":
            return ref.get("spanID")
    return None


@step('in Jaeger, "{name:Q}" is the SERVER span under my span, of service "{service:Q}", with the tags')
def step_jaeger_server_span(context, name, service):
    span = _jaeger_span(context, name)
    tags = _tags(span)
    assert tags.get("span.kind") == "server", "span %r has span.kind %r, not server: %s" % (
        name, tags.get("span.kind"), tags)
    assert span["traceID"] == context.obs_trace_id
    assert span["spanID"] == context.obs_server_span_id, (
        "the server span in Jaeger is %s, the response's traceparent named %s"
        % (span["spanID"], context.obs_server_span_id))
    assert _parent_of(span) == context.obs_parent_span_id, (
        "the server span's parent is %s, not the caller's span %s" % (_parent_of(span), context.obs_parent_span_id))
    process = context.obs_jaeger_trace.get("processes", {}).get(span.get("processID"), {})
    assert process.get("serviceName") == service, "the span's service is %r" % process.get("serviceName")
    wrong = []
    for row in context.table:
        key, value = row["tag"], row["value"]
        if key not in tags:
            wrong.append("%s is missing" % key)
        elif str(tags[key]) != value:
            wrong.append("%s is %r, expected %r" % (key, tags[key], value))
    assert not wrong, "span %r: %s\nall tags: %s" % (name, "; ".join(wrong), tags)


@step('in Jaeger, "{child:Q}" descends from "{ancestor:Q}"')
def step_jaeger_descends(context, child, ancestor):
    spans = {s["spanID"]: s for s in context.obs_jaeger_trace["spans"]}
    target = _jaeger_span(context, ancestor)["spanID"]
    span = _jaeger_span(context, child)
    chain = [span["operationName"]]
    seen = set()
    while True:
        parent = _parent_of(span)
        if parent == target:
            return
        if parent is None or parent not in spans or parent in seen:
            raise AssertionError("%r does not descend from %r: its ancestry is %s -> %s" % (
                child, ancestor, " -> ".join(chain), parent))
        seen.add(parent)
        span = spans[parent]
        chain.append(span["operationName"])


@step('in Jaeger, the trace has CLIENT spans for the database calls with "{tag:Q}" = "{value:Q}"')
def step_jaeger_db_spans(context, tag, value):
    db = [s for s in context.obs_jaeger_trace["spans"] if _tags(s).get(tag) == value]
    assert db, "no span has %s=%s: %s" % (tag, value, sorted(set(_jaeger_span_names(context.obs_jaeger_trace))))
    for s in db:
        t = _tags(s)
        assert t.get("span.kind") == "client", "database span %r is of kind %r" % (s["operationName"], t.get("span.kind"))
        assert t.get("db.operation.name"), "database span %r lacks db.operation.name" % s["operationName"]


@step('Jaeger\'s API v3 returns the same trace for the service "{service:Q}"')
def step_jaeger_v3(context, service):
    body = context.obs_jaeger.trace_v3(context.obs_trace_id)
    assert body is not None, "/api/v3/traces/%s answered 404" % context.obs_trace_id
    result = body.get("result", body)
    names, services, server, delivery = set(), set(), [], []
    for rs in result.get("resourceSpans", []):
        for attr in rs.get("resource", {}).get("attributes", []):
            if attr.get("key") == "service.name":
                services.add(attr.get("value", {}).get("stringValue"))
        for ss in rs.get("scopeSpans", []):
            for s in ss.get("spans", []):
                names.add(s.get("name"))
                if s.get("spanId", "").lower() == context.obs_server_span_id:
                    server.append(s)
                if s.get("name") == "mail deliver":
                    delivery.append(s)
    assert service in services, "v3 trace's services: %s" % services
    assert server, "v3 trace lacks the server span %s" % context.obs_server_span_id
    assert server[0].get("kind") in (2, "SPAN_KIND_SERVER"), "v3 server span kind: %r" % server[0].get("kind")
    want_state = getattr(context, "obs_tracestate", None)
    if want_state:
        assert server[0].get("traceState") == want_state, (
            "the server span's traceState is %r, the request's tracestate was %r"
            % (server[0].get("traceState"), want_state))
        # The outbox row carries the tracestate too, so the delivery continues the whole context.
        assert delivery, "v3 trace lacks the mail deliver span"
        assert all(d.get("traceState") == want_state for d in delivery), (
            "the mail deliver span's traceState is %r, the request's tracestate was %r"
            % ([d.get("traceState") for d in delivery], want_state))
    wanted = set(_jaeger_span_names(context.obs_jaeger_trace))
    assert wanted <= names, "v3 lacks spans %s" % (wanted - names)


# --- Prometheus ---------------------------------------------------------------------------------

@step('a Prometheus scrapes the admin listener every second as job "{job:Q}"')
def step_prometheus(context, job):
    target = "127.0.0.1:%d" % context.service.admin_port
    prom = Prometheus(context.log_dir, target, job)
    prom.start()
    context.add_cleanup(prom.stop)
    context.obs_prometheus = prom


@step('Prometheus reports up == 1 for the job "{job:Q}" within {seconds:d} seconds')
def step_prom_up(context, job, seconds):
    prom = context.obs_prometheus

    def up():
        result = prom.query('up{job="%s"}' % job)
        return result and result[0]["value"][1] == "1"

    wait_until('Prometheus: up{job="%s"} == 1' % job, up, seconds, interval=0.5)


@step('within {seconds:d} seconds Prometheus has series of "{metric:Q}" for the routes')
def step_prom_routes(context, seconds, metric):
    prom = context.obs_prometheus
    wanted = {(row["method"], row["route"], row["status"]) for row in context.table}
    seen = {}

    def have_all():
        result = prom.query('%s{job="%s"}' % (metric, prom.job))
        got = {(m["metric"].get("http_request_method"), m["metric"].get("http_route"),
                m["metric"].get("http_response_status_code")): float(m["value"][1]) for m in result}
        seen["got"] = got
        return all(got.get(w, 0) >= 1 for w in wanted)

    try:
        wait_until("Prometheus series of %s" % metric, have_all, seconds, interval=0.5)
    except AssertionError as e:
        raise AssertionError("%s; wanted (method, route, status) %s, Prometheus has %s" % (
            e, sorted(wanted), sorted(seen.get("got", {}))))


@step('within {seconds:d} seconds Prometheus has series of each of these metrics')
def step_prom_families(context, seconds):
    prom = context.obs_prometheus
    names = [row["metric"] for row in context.table]
    missing = {}

    def have_all():
        missing.clear()
        for name in names:
            if not prom.query('{__name__="%s",job="%s"}' % (name, prom.job)):
                missing[name] = True
        return not missing

    try:
        wait_until("Prometheus series of %d metrics" % len(names), have_all, seconds, interval=0.5)
    except AssertionError as e:
        raise AssertionError("%s; missing: %s" % (e, sorted(missing)))
    path = _save(context, "metrics.txt.log", _admin(context, "/metrics").text)
    _assert_no_secrets(context, path, "/metrics")


# --- logs ---------------------------------------------------------------------------------------

def _my_lines(context, offset=0):
    return [(n, line, obj) for n, line, obj in _log_records(_log_path(context), offset)
            if obj is not None and obj.get("trace_id") == context.obs_trace_id]


@step('within {seconds:d} seconds the log has the lines "{a:Q}" and "{b:Q}" with my trace id')
def step_log_has_lines(context, seconds, a, b):
    def both():
        messages = {obj.get("message") for _n, _l, obj in _my_lines(context)}
        return {a, b} <= messages

    try:
        wait_until("log lines %r and %r with trace id %s" % (a, b, context.obs_trace_id), both, seconds)
    except AssertionError as e:
        raise AssertionError("%s\n--- log lines with that trace id:\n%s" % (
            e, "\n".join(line for _n, line, _o in _my_lines(context))))
    request = [obj for _n, _l, obj in _my_lines(context) if obj.get("message") == "request"]
    assert len(request) == 1, "expected one access-log line for the request, found %d" % len(request)
    line = request[0]
    assert line.get("span_id") == context.obs_server_span_id, (
        "the access-log line has span_id %r, the server span is %s" % (line.get("span_id"), context.obs_server_span_id))
    for field, value in (("http.route", "/register"), ("http.request.method", "POST"),
                         ("http.response.status_code", 202)):
        assert line.get(field) == value, "the access-log line has %s=%r, expected %r: %s" % (
            field, line.get(field), value, line)
    assert isinstance(line.get("duration_ms"), (int, float)), "the access-log line has no duration_ms: %s" % line


@step("every log line written since my request carries my trace id")
def step_all_lines_mine(context):
    time.sleep(0.5)  # the log writer is asynchronous: let it catch up
    records = _log_records(_log_path(context), context.obs_log_offset)
    assert records, "nothing was logged since the request"
    others = [line for _n, line, obj in records if obj is None or obj.get("trace_id") != context.obs_trace_id]
    assert not others, "%d of %d log lines since the request lack trace id %s:\n%s" % (
        len(others), len(records), context.obs_trace_id, "\n".join(others[:10]))
    for _n, line, obj in records:
        assert re.fullmatch(r"[0-9a-f]{16}", str(obj.get("span_id"))), "bad span_id: %s" % line
        assert obj.get("trace_flags") == "01", "bad trace_flags: %s" % line


@step('every line of the service\'s log is a JSON object with timestamp, level, message and service.name "{name:Q}"')
def step_log_format(context, name):
    records = _log_records(_log_path(context))
    assert records, "the service logged nothing"
    bad = []
    for n, line, obj in records:
        if not isinstance(obj, dict):
            bad.append("line %d is not a JSON object: %s" % (n, line[:200]))
            continue
        if not RFC3339_UTC.match(str(obj.get("timestamp"))):
            bad.append("line %d: timestamp %r is not RFC 3339 UTC" % (n, obj.get("timestamp")))
        if str(obj.get("level")).lower() not in LEVELS:
            bad.append("line %d: level %r" % (n, obj.get("level")))
        if not isinstance(obj.get("message"), str) or not obj["message"]:
            bad.append("line %d: no message" % n)
        if obj.get("service.name") != name:
            bad.append("line %d: service.name %r" % (n, obj.get("service.name")))
        if "trace_id" in obj and not re.fullmatch(r"[0-9a-f]{32}", str(obj["trace_id"])):
            bad.append("line %d: trace_id %r" % (n, obj["trace_id"]))
    assert not bad, "%d problems in %d log lines:\n%s" % (len(bad), len(records), "\n".join(bad[:20]))


# --- the built-in viewer ------------------------------------------------------------------------

def _admin(context, path):
    return requests.get(context.service.admin_url + path, timeout=5)


def _viewer_trace(context):
    r = _admin(context, "/debug/traces.json")
    assert r.status_code == 200, "/debug/traces.json answered %d" % r.status_code
    for t in r.json().get("traces", []):
        if t.get("trace_id") == context.obs_trace_id:
            return t
    return None


@step('within {seconds:d} seconds /debug/traces.json has my trace with the spans "{a:Q}", "{b:Q}" and "{c:Q}"')
def step_viewer_json(context, seconds, a, b, c):
    wanted = {a, b, c}

    def complete():
        t = _viewer_trace(context)
        return t is not None and wanted <= {s.get("name") for s in t.get("spans", [])}

    wait_until("trace %s with %s in /debug/traces.json" % (context.obs_trace_id, sorted(wanted)), complete, seconds)
    trace = _viewer_trace(context)
    server = [s for s in trace["spans"] if s.get("name") == a]
    assert server and server[0].get("kind") == "server", "%r is not a server span: %s" % (a, server)
    assert server[0].get("parent_span_id") == context.obs_parent_span_id
    path = _save(context, "debug-traces.json.log", trace)
    _assert_no_secrets(context, path, "the trace in /debug/traces.json")


@step("headless Chromium shows my trace id on the trace viewer page")
def step_chromium_list(context):
    chromium = Chromium(context.log_dir)
    context.obs_chromium = chromium
    dom = chromium.dump_dom(context.service.admin_url + "/debug/traces")
    _save(context, "viewer-list.html.log", dom)
    assert context.obs_trace_id in dom, "the trace id %s is not on /debug/traces (DOM kept as %s)" % (
        context.obs_trace_id, os.path.join(context.log_dir, "viewer-list.html.log"))
    assert "POST /register" in dom, "the route POST /register is not on /debug/traces"


@step('a screenshot of the trace viewer is kept as "{name:Q}"')
def step_screenshot(context, name):
    path = os.path.join(ARTIFACTS, name)
    os.makedirs(ARTIFACTS, exist_ok=True)
    context.obs_chromium.screenshot(context.service.admin_url + "/debug/traces", path)
    width, height = png_size(path)
    assert (width, height) == (1280, 800), "the screenshot is %dx%d" % (width, height)
    assert os.path.getsize(path) > 5000, "the screenshot is suspiciously small (%d bytes)" % os.path.getsize(path)
    print("viewer screenshot: %s" % os.path.relpath(path, os.path.dirname(FEATURES)))


@step('headless Chromium shows the waterfall of my trace with the spans "{a:Q}", "{b:Q}" and "{c:Q}"')
def step_chromium_waterfall(context, a, b, c):
    url = context.service.admin_url + "/debug/traces?trace_id=" + context.obs_trace_id
    dom = context.obs_chromium.dump_dom(url)
    _save(context, "viewer-trace.html.log", dom)
    missing = [n for n in (a, b, c) if n not in dom]
    assert not missing, "the waterfall of %s lacks %s" % (context.obs_trace_id, missing)
    assert context.obs_trace_id in dom
    shot = os.path.join(ARTIFACTS, "viewer-trace.png")
    context.obs_chromium.screenshot(url, shot)


@step('the trace viewer\'s list for the route "{route:Q}" has my trace')
def step_viewer_route(context, route):
    r = _admin(context, "/debug/traces?route=" + urllib.parse.quote(route, safe=""))
    assert r.status_code == 200, "/debug/traces?route=%s answered %d" % (route, r.status_code)
    assert context.obs_trace_id in r.text, "trace %s is not listed for route %s" % (context.obs_trace_id, route)


# --- robustness ---------------------------------------------------------------------------------

@step('I ask for my profile on "{device:Q}" {count:d} times, timing each answer')
def step_profile_many(context, device, count):
    token = context.sessions[device]
    context.obs_timings = []
    for _ in range(count):
        t0 = time.monotonic()
        r = context.api.request("GET", "/me", token=token)
        context.obs_timings.append((time.monotonic() - t0, r))


@step("each was answered with status {status:d} within {ms:d} ms, the median within {median_ms:d} ms")
def step_timings(context, status, ms, median_ms):
    wrong = [describe(r) for _t, r in context.obs_timings if r.status_code != status]
    assert not wrong, "%d answers were not %d: %s" % (len(wrong), status, wrong[:3])
    times = [t for t, _r in context.obs_timings]
    slow = [round(t * 1000) for t in times if t * 1000 > ms]
    med = statistics.median(times) * 1000
    print("latencies: median %.1f ms, max %.1f ms" % (med, max(times) * 1000))
    assert not slow, "%d of %d answers took longer than %d ms: %s ms" % (len(slow), len(times), ms, slow)
    assert med <= median_ms, "the median answer took %.1f ms (> %d ms)" % (med, median_ms)


def _metric_values(text, family):
    values = []
    for line in text.splitlines():
        if line.startswith(family) and not line.startswith("#"):
            name = re.split(r"[ {]", line, 1)[0]
            if name == family:
                values.append(float(line.rsplit(" ", 1)[1]))
    return values


@step('within {seconds:d} seconds /metrics counts failed or dropped spans')
def step_failed_spans(context, seconds):
    seen = {}

    def counted():
        text = _admin(context, "/metrics").text
        failed = sum(_metric_values(text, "authlens_spans_failed_total"))
        dropped = sum(_metric_values(text, "authlens_spans_dropped_total"))
        exported = sum(_metric_values(text, "authlens_spans_exported_total"))
        seen.update(failed=failed, dropped=dropped, exported=exported)
        return failed + dropped > 0

    try:
        wait_until("authlens_spans_failed_total or authlens_spans_dropped_total > 0", counted, seconds, 0.3)
    except AssertionError as e:
        raise AssertionError("%s; /metrics says %s" % (e, seen))
    print("spans: %s" % seen)
    assert seen["exported"] == 0, "spans were counted as exported to an endpoint that takes none: %s" % seen


@step("the OTLP endpoint received export attempts at /v1/traces")
def step_failing_tried(context):
    endpoint = context.obs_failing
    wait_until("an export attempt at the failing endpoint", lambda: endpoint.count() > 0, 10)
    paths = {p for _m, p, _c in endpoint.requests}
    print("export attempts at the failing endpoint: %d" % endpoint.count())
    assert paths == {"/v1/traces"}, "the exporter posted to %s" % paths


@step("authlens stops on SIGTERM with exit status 0 within {seconds:d} seconds")
def step_sigterm(context, seconds):
    service = context.service
    assert service is not None and service.running(), "the service is not running"
    t0 = time.monotonic()
    service.proc.send_signal(signal.SIGTERM)
    try:
        code = service.proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        service.kill()
        context.service = None
        raise AssertionError("authlens was still running %d s after SIGTERM (killed)" % seconds)
    elapsed = time.monotonic() - t0
    service.proc = None
    service.exit_code = code
    context.service = None
    print("SIGTERM to exit: %.2f s, status %d" % (elapsed, code))
    assert code == 0, "authlens exited with status %d after SIGTERM" % code


# --- all three signals over OTLP (features/obs_signals.feature) --------------------------------

@step("an OTLP receiver decoding all three signals with the official opentelemetry-proto classes listens on loopback")
def step_otlp_receiver(context):
    receiver = OtlpReceiver()
    receiver.start()
    context.add_cleanup(receiver.stop)
    context.obs_receiver = receiver


@step("an OpenTelemetry Collector forwarding all three signals to that receiver runs on loopback")
def step_collector(context):
    collector = Collector(context.log_dir, context.obs_receiver.endpoint)
    collector.start()
    context.add_cleanup(collector.stop)
    context.obs_collector = collector


@step("authlens runs with traces, logs and metrics exported over OTLP to that {target}")
def step_authlens_all_signals(context, target):
    endpoint = context.obs_collector.endpoint if target == "Collector" else context.obs_receiver.endpoint
    settings = _otlp_settings(endpoint, "http/protobuf")
    settings.update({"OTEL_LOGS_EXPORTER": "otlp", "OTEL_METRICS_EXPORTER": "prometheus,otlp",
                     "OTEL_BLRP_SCHEDULE_DELAY": "200", "OTEL_METRIC_EXPORT_INTERVAL": "500"})
    _start_with(context, settings)


@step("authlens runs with the tail sampler at ratio {ratio} and a latency threshold of {ms:d} ms, exporting to that receiver")
def step_authlens_tail(context, ratio, ms):
    settings = _otlp_settings(context.obs_receiver.endpoint, "http/protobuf")
    settings.update({"OTEL_TRACES_SAMPLER": "authlens_tail", "AUTHLENS_TAIL_SAMPLE_RATIO": ratio,
                     "AUTHLENS_TAIL_LATENCY_MS": str(ms),
                     # Real Argon2 (the suite's default is a cheap one): a login is the slow request.
                     "AUTHLENS_ARGON2_OPSLIMIT": "3", "AUTHLENS_ARGON2_MEMLIMIT": str(64 << 20)})
    _start_with(context, settings)


@step("authlens runs with its logs exported over OTLP to a port where nothing listens")
def step_logs_to_closed_port(context):
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    context.add_cleanup(holder.close)
    _start_with(context, {"OTEL_TRACES_EXPORTER": "none", "OTEL_LOGS_EXPORTER": "otlp",
                          "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:%d" % holder.getsockname()[1],
                          "OTEL_BLRP_SCHEDULE_DELAY": "200", "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT": "1500"})


@step("I ask for my profile without a token under a traceparent of my own")
def step_me_traced(context):
    _wait_for_startup_line(context)
    set_response(context, requests.get(context.service.base_url + "/me",
                                       headers={"traceparent": _new_traceparent(context)}, timeout=10))


def _mine(trace_id_bytes, context):
    return trace_id_bytes.hex() == context.obs_trace_id


@step('within {seconds:d} seconds the receiver has the span "{name:Q}" of my trace')
def step_receiver_span(context, seconds, name):
    receiver = context.obs_receiver
    wait_until("the span %s of trace %s at the receiver" % (name, context.obs_trace_id),
               lambda: any(s.name == name and _mine(s.trace_id, context) for s in receiver.spans()), seconds)
    assert not receiver.rejected, receiver.rejected


@step('within {seconds:d} seconds the receiver has the log record "{body:Q}" of my trace with {key} {value:d}')
def step_receiver_log(context, seconds, body, key, value):
    receiver = context.obs_receiver

    def found():
        for record in receiver.log_records():
            attributes = {kv.key: kv.value for kv in record.attributes}
            if record.body.string_value == body and _mine(record.trace_id, context) \
                    and key in attributes and attributes[key].int_value == value:
                assert record.severity_number == 9 and record.severity_text == "INFO", record
                assert len(record.span_id) == 8 and record.flags & 0xFF == 1, record
                return True
        return False

    wait_until("the log record %r of trace %s at the receiver" % (body, context.obs_trace_id), found, seconds)
    assert not receiver.rejected, receiver.rejected


@step("within {seconds:d} seconds the receiver has {name} with an exemplar of my trace")
def step_receiver_exemplar(context, seconds, name):
    receiver = context.obs_receiver

    def found():
        for metric in receiver.metrics():
            if metric.name == name and metric.WhichOneof("data") == "histogram":
                for point in metric.histogram.data_points:
                    if any(_mine(e.trace_id, context) for e in point.exemplars):
                        return True
        return False

    wait_until("an exemplar of trace %s on %s at the receiver" % (context.obs_trace_id, name), found, seconds)
    assert not receiver.rejected, receiver.rejected


@step("/metrics in the OpenMetrics format has an exemplar of my trace")
def step_openmetrics_exemplar(context):
    r = requests.get(context.service.admin_url + "/metrics", timeout=5,
                     headers={"Accept": "application/openmetrics-text; version=1.0.0"})
    assert r.headers["Content-Type"].startswith("application/openmetrics-text"), r.headers
    assert r.text.endswith("# EOF\n")
    lines = [line for line in r.text.splitlines()
             if line.startswith("http_server_request_duration_seconds_bucket")
             and 'trace_id="%s"' % context.obs_trace_id in line]
    assert lines, "no bucket of /metrics names trace %s" % context.obs_trace_id


@step("within {seconds:d} seconds /metrics counts failed or dropped log records")
def step_failed_log_records(context, seconds):
    seen = {}

    def counted():
        text = _admin(context, "/metrics").text
        for what in ("exported", "failed", "dropped"):
            seen[what] = sum(_metric_values(text, "authlens_log_records_%s_total" % what))
        return seen["failed"] + seen["dropped"] > 0

    wait_until("authlens_log_records_failed_total or _dropped_total > 0", counted, seconds, 0.3)
    print("log records: %s" % seen)
    assert seen["exported"] == 0, "records were counted as exported to a port that takes none: %s" % seen


@step("I ask for my profile without a token {count:d} times, each under a traceparent of my own")
def step_me_traced_many(context, count):
    _wait_for_startup_line(context)
    context.obs_tail_fast = []
    for _ in range(count):
        r = requests.get(context.service.base_url + "/me",
                         headers={"traceparent": _new_traceparent(context)}, timeout=10)
        assert r.status_code == 401, r.status_code
        context.obs_tail_fast.append(context.obs_trace_id)


@step('"{email:Q}" logs in with password "{password:Q}" under a traceparent of my own')
def step_login_traced(context, email, password):
    r = requests.post(context.service.base_url + "/login", json={"email": email, "password": password},
                      headers={"traceparent": _new_traceparent(context)}, timeout=30)
    assert r.status_code == 200, (r.status_code, r.text)
    context.obs_tail_kept = [context.obs_trace_id]


@step("the receiver has the slow login's whole trace and no span of the fast requests")
def step_tail_result(context):
    receiver = context.obs_receiver
    (login,) = context.obs_tail_kept

    def names_of(trace_id):
        return [s.name for s in receiver.spans() if s.trace_id.hex() == trace_id]

    # The login came last and the batch processor exports in order: once its trace is here,
    # whatever the sampler kept before it is here too.
    wait_until("the slow login's trace at the receiver", lambda: "POST /login" in names_of(login), 15)
    names = names_of(login)
    assert any(n.startswith("password") for n in names) and len(names) >= 3, \
        "the slow login's trace is not whole: %s" % names
    exported = {s.trace_id.hex() for s in receiver.spans()}
    leaked = [t for t in context.obs_tail_fast if t in exported]
    assert not leaked, "%d fast requests' traces were exported" % len(leaked)
    assert not receiver.rejected, receiver.rejected
    text = _admin(context, "/metrics").text
    dropped = sum(_metric_values(text, "authlens_tail_traces_dropped_total"))
    assert dropped >= len(context.obs_tail_fast), "authlens_tail_traces_dropped_total is %s" % dropped
    print("tail sampler: login trace of %d spans kept, %d fast traces dropped" % (len(names), dropped))
