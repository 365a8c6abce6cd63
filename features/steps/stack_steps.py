"""Steps for features/stack.feature: black-box against a stack started by deploy/stack/up.sh.
The stack's addresses come from the urls.env file it writes (STACK_URLS names it)."""
import os
import re
import tempfile
import time

import requests
from behave import given, then, when

TIMEOUT = 10


def _poll(what, fn, deadline_s=30, every=0.5):
    deadline = time.monotonic() + deadline_s
    last = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


@given("the stack started by make stack")
def step_stack(context):
    path = os.environ.get("STACK_URLS")
    assert path and os.path.exists(path), "STACK_URLS must name the urls.env that make stack wrote"
    context.stack = {}
    for line in open(path):
        if "=" in line:
            key, value = line.strip().split("=", 1)
            context.stack[key] = value
    for key in ("AUTHLENS_URL", "ADMIN_URL", "PROMETHEUS_URL", "MAIL_URL"):
        assert context.stack.get(key), f"{key} missing from {path}"
    assert requests.get(context.stack["ADMIN_URL"] + "/readyz", timeout=TIMEOUT).status_code == 200


@when('a user registers as "{email}" with password "{password}"')
def step_register(context, email, password):
    context.email, context.password = email, password
    response = requests.post(context.stack["AUTHLENS_URL"] + "/register",
                             json={"email": email, "password": password}, timeout=TIMEOUT)
    assert response.status_code == 202, response.text
    header = response.headers.get("traceparent", "")
    assert re.fullmatch(r"00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]", header), header
    context.register_trace_id = header.split("-")[1]


def _code_from_catcher(context):
    mail = context.stack["MAIL_URL"]
    listing = requests.get(mail + "/api/v1/messages", timeout=TIMEOUT).json()
    for message in listing.get("messages", []):
        if any(to.get("Address") == context.email for to in message.get("To", [])):
            text = requests.get(f"{mail}/api/v1/message/{message['ID']}", timeout=TIMEOUT).json()["Text"]
            match = re.search(r"^(\d{6})\s*$", text, re.MULTILINE)
            if match:
                return match.group(1)
    return None


@when("the user confirms the address with the code from the mail catcher")
def step_confirm(context):
    code = _poll("the verification mail", lambda: _code_from_catcher(context))
    response = requests.post(context.stack["AUTHLENS_URL"] + "/register/confirm",
                             json={"email": context.email, "code": code,
                                   "password": context.password}, timeout=TIMEOUT)
    assert response.status_code == 200, response.text


@when("the user logs in and reads their profile")
def step_login_me(context):
    response = requests.post(context.stack["AUTHLENS_URL"] + "/login",
                             json={"email": context.email, "password": context.password}, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    me = requests.get(context.stack["AUTHLENS_URL"] + "/me",
                      headers={"Authorization": "Bearer " + token}, timeout=TIMEOUT)
    assert me.status_code == 200 and me.json()["email"] == context.email, me.text


@then('Prometheus scrapes authlens and counts the requests to "{first}" and "{second}"')
def step_prometheus(context, first, second):
    api = context.stack["PROMETHEUS_URL"] + "/api/v1/query"

    def query(expr):
        return requests.get(api, params={"query": expr}, timeout=TIMEOUT).json()["data"]["result"]

    _poll("up == 1", lambda: any(r["value"][1] == "1" for r in query('up{job="authlens"}')))
    for route in (first, second):
        expr = f'sum(http_server_request_duration_seconds_count{{http_route="{route}"}})'
        _poll(f"requests to {route} in Prometheus",
              lambda expr=expr: any(float(r["value"][1]) >= 1 for r in query(expr)))


@then("the registration's trace is in the built-in viewer with its mail delivery span")
def step_viewer(context):
    def spans():
        data = requests.get(context.stack["ADMIN_URL"] + "/debug/traces.json", timeout=TIMEOUT).json()
        for trace in data["traces"]:
            if trace.get("trace_id") == context.register_trace_id:
                names = {span["name"] for span in trace.get("spans", [])}
                return names if "mail deliver" in names else None
        return None

    names = _poll("the trace with its mail delivery", spans)
    assert "POST /register" in names, names


@then("the registration's trace is in Jaeger when Jaeger runs in the stack")
def step_jaeger(context):
    jaeger = context.stack.get("JAEGER_URL")
    if not jaeger:
        print("  (no Jaeger in this stack: install it with scripts/install-jaeger.sh)")
        return

    def names():
        response = requests.get(f"{jaeger}/api/traces/{context.register_trace_id}", timeout=TIMEOUT)
        if response.status_code != 200:
            return None
        found = {span["operationName"] for trace in response.json().get("data", []) for span in trace["spans"]}
        return found if {"POST /register", "mail deliver"} <= found else None

    _poll("the trace in Jaeger", names, deadline_s=40)


@then("the registration's trace is in Zipkin, the stack's trace UI, when Zipkin runs in the stack")
def step_zipkin_trace(context):
    zipkin = context.stack.get("ZIPKIN_URL")
    if not zipkin:
        assert not os.environ.get("STACK_EXPECT_ZIPKIN"), \
            "the stack started no Zipkin although Java is installed (see install.log, zipkin.log)"
        print("  (no Zipkin in this stack: it needs Java, scripts/install-zipkin.sh and the Collector)")
        return

    def names():
        response = requests.get(f"{zipkin}/api/v2/trace/{context.register_trace_id}", timeout=TIMEOUT)
        if response.status_code != 200:
            return None
        # Zipkin keeps span names in lower case.
        found = {span.get("name", "").lower() for span in response.json()}
        return found if {"post /register", "mail deliver"} <= found else None

    _poll("the trace in Zipkin", names, deadline_s=40)
    context.zipkin_trace_url = f"{zipkin}/zipkin/traces/{context.register_trace_id}"


@then("a screenshot of that trace in Zipkin's page is kept when one is asked for")
def step_zipkin_screenshot(context):
    """STACK_SCREENSHOT names the file (scripts/test.d/stack.sh: docs/zipkin-trace.png): the
    person's view of one request's trace, for the README."""
    target = os.environ.get("STACK_SCREENSHOT")
    url = getattr(context, "zipkin_trace_url", None)
    if not target or not url:
        return
    from bddsupport.obs_procs import Chromium

    if os.path.exists(target):
        os.remove(target)
    log_dir = tempfile.mkdtemp(prefix="authlens-zipkin-shot-")  # Chromium's log, not in docs/
    Chromium(log_dir)._run(
        ["--screenshot=" + target, "--window-size=1400,900", "--virtual-time-budget=15000"], url)
    assert os.path.isfile(target) and os.path.getsize(target) > 20000, \
        f"no screenshot of {url} at {target}"


@then("Prometheus stores an exemplar that links the registration's latency to its trace")
def step_prometheus_exemplar(context):
    """Prometheus scrapes OpenMetrics with exemplar storage on: the registration's bucket carries
    its trace id, which Grafana's data source turns into a link to the trace."""
    prometheus = context.stack["PROMETHEUS_URL"]

    def found():
        now = time.time()
        response = requests.get(f"{prometheus}/api/v1/query_exemplars", timeout=TIMEOUT, params={
            "query": 'http_server_request_duration_seconds_bucket{http_route="/register"}',
            "start": now - 600, "end": now + 60})
        if response.status_code != 200:
            return None
        for series in response.json().get("data", []):
            for exemplar in series.get("exemplars", []):
                if exemplar.get("labels", {}).get("trace_id") == context.register_trace_id:
                    return exemplar
        return None

    _poll("the registration's exemplar in Prometheus", found, deadline_s=60)
