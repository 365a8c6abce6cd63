"""Steps about the service itself, raw requests and responses."""
import json

import requests
from behave import step

import bddsupport.steptypes  # noqa: F401
from bddsupport import rawhttp
from bddsupport.api import describe
from bddsupport.helpers import expect_problem, expect_status, json_of, set_response

PER_REQUEST_FIELDS = {"instance", "trace_id", "traceId", "request_id", "requestId"}


@step("the service is running")
def step_service_running(context):
    assert context.service is not None and context.service.running(), "the service is not running"
    r = requests.get(context.service.admin_url + "/healthz", timeout=3)
    assert r.status_code == 200, "GET /healthz on the admin listener: %s" % describe(r)


@step("the response status is {status:d}")
def step_status(context, status):
    expect_status(context.response, status)


@step('the response is a problem with status {status:d} and code "{code:Q}"')
def step_problem(context, status, code):
    expect_problem(context.response, status, code)


@step('the response JSON field "{field:Q}" is "{value:Q}"')
def step_json_field(context, field, value):
    body = json_of(context.response)
    assert isinstance(body, dict) and body.get(field) == value, \
        "expected %s = %r: %s" % (field, value, describe(context.response))


@step('I post to "{path:Q}" with content type "{ctype:Q}" and the body')
def step_post_raw(context, path, ctype):
    set_response(context, context.api.request("POST", path, data=context.text.encode("utf-8"),
                                              headers={"Content-Type": ctype}))


@step('I post to "{path:Q}" a JSON body of {kib:d} KiB')
def step_post_sized(context, path, kib):
    size = kib * 1024
    body = {"email": "padded@example.test", "password": "violet walks nine amber dunes", "padding": ""}
    base = len(json.dumps(body).encode("utf-8"))
    body["padding"] = "x" * (size - base)
    data = json.dumps(body).encode("utf-8")
    assert len(data) == size
    context.secrets.add("password", body["password"])
    set_response(context, rawhttp.request(context.service.http_port, "POST", path, data, "application/json"))


@step('I send a {method:w} request to "{path:Q}"')
def step_send_method(context, method, path):
    set_response(context, context.api.request(method, path))


@step('the response header "{name:Q}" names "{value:Q}"')
def step_header_names(context, name, value):
    header = context.response.headers.get(name)
    assert header is not None, "no %s header: %s" % (name, describe(context.response))
    items = [v.strip().upper() for v in header.split(",")]
    assert value.upper() in items, "%s: %r does not name %s" % (name, header, value)


@step("the response says to retry after a positive number of seconds")
def step_retry_after(context):
    value = context.response.headers.get("Retry-After")
    assert value is not None, "no Retry-After header: %s" % describe(context.response)
    assert value.strip().isdigit() and int(value) > 0, "Retry-After is %r, not a positive number of seconds" % value


@step('I remember the response as "{name:Q}"')
def step_remember(context, name):
    context.remembered[name] = context.response


def _comparable(r):
    ctype = (r.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    try:
        body = r.json()
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k not in PER_REQUEST_FIELDS}
    except ValueError:
        body = r.text
    return r.status_code, ctype, body


@step('the responses "{a:Q}" and "{b:Q}" are the same')
def step_same(context, a, b):
    ra, rb = context.remembered[a], context.remembered[b]
    assert _comparable(ra) == _comparable(rb), \
        "the responses differ:\n  %s: %s\n  %s: %s" % (a, describe(ra), b, describe(rb))


@step('each attempt is refused with status {status:d} and code "{code:Q}"')
def step_each_attempt(context, status, code):
    assert context.responses, "no attempts were made"
    for i, r in enumerate(context.responses, 1):
        try:
            expect_problem(r, status, code)
        except AssertionError as e:
            raise AssertionError("attempt %d of %d: %s" % (i, len(context.responses), e))


@step('the first {count:d} attempts are refused with status {status:d} and code "{code:Q}"')
def step_first_attempts(context, count, status, code):
    assert len(context.responses) >= count, "only %d attempts were made" % len(context.responses)
    for i, r in enumerate(context.responses[:count], 1):
        try:
            expect_problem(r, status, code)
        except AssertionError as e:
            raise AssertionError("attempt %d of %d: %s" % (i, len(context.responses), e))
