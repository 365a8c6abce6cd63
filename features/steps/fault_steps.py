"""Steps about the database failing under a flow, the Host header, and the drain on SIGTERM."""
import http.client
import signal
import socket
import sqlite3
import time

import requests
from behave import step

import bddsupport.steptypes  # noqa: F401
from bddsupport.api import describe
from bddsupport.helpers import restart_with

# A trigger makes the accounts table refuse writes while codes and throttle rows still take
# them: the one way, on one SQLite file, to fail the second half of a flow and not the first
# (SQLite locks the whole file; on PostgreSQL, tests/integration/replicas.py holds the table
# locked instead).
_REFUSE = ("CREATE TRIGGER test_refuse_{op} BEFORE {op} ON accounts "
           "BEGIN SELECT RAISE(ABORT, 'the accounts table refuses writes (test)'); END")


def _db(context):
    return sqlite3.connect(context.db_path, timeout=10, isolation_level=None)


@step("the accounts table refuses writes")
def step_accounts_refuse(context):
    db = _db(context)
    try:
        for op in ("INSERT", "UPDATE"):
            db.execute(_REFUSE.format(op=op))
    finally:
        db.close()


@step("the accounts table takes writes again")
def step_accounts_take(context):
    db = _db(context)
    try:
        for op in ("INSERT", "UPDATE"):
            db.execute("DROP TRIGGER IF EXISTS test_refuse_%s" % op)
    finally:
        db.close()


def _raw(context, head):
    """Sends raw bytes; returns (status line, headers text, whether the server then closed)."""
    sock = socket.create_connection(("127.0.0.1", context.service.http_port), timeout=5)
    try:
        sock.sendall(head)
        received = b""
        closed = False
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(4096)
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += chunk
        return received, closed
    finally:
        sock.close()


@step("an HTTP/1.1 request {what} is sent")
def step_host_request(context, what):
    heads = {
        "without a Host header": b"GET /healthz HTTP/1.1\r\n\r\n",
        "with two Host headers": b"GET /healthz HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n",
    }
    assert what in heads, "unknown request: %s" % what
    context.raw_reply, context.raw_closed = _raw(context, heads[what])


@step('it is answered 400 "{code:Q}" and the connection is closed')
def step_raw_400(context, code):
    reply = context.raw_reply
    assert reply.startswith(b"HTTP/1.1 400 "), "expected 400: %r" % reply[:300]
    assert b'"code":"%s"' % code.encode() in reply, "expected code %s: %r" % (code, reply[:400])
    assert b"\r\nConnection: close\r\n" in reply, "no Connection: close: %r" % reply[:300]
    assert context.raw_closed, "the connection stayed open"


@step("the service runs with a drain grace period of {ms:d} ms")
def step_drain_grace(context, ms):
    restart_with(context, AUTHLENS_DRAIN_GRACE_MS=ms)


@step("a kept-alive connection has made one request")
def step_kept_alive(context):
    conn = http.client.HTTPConnection("127.0.0.1", context.service.http_port, timeout=5)
    conn.request("GET", "/healthz")
    r = conn.getresponse()
    r.read()
    assert r.status == 200 and r.getheader("Connection") != "close", "the connection was not kept alive"
    context.kept_alive = conn
    context.cleanups.append(conn.close)


@step("the service is sent SIGTERM")
def step_sigterm(context):
    context.sigterm_at = time.monotonic()
    context.service.proc.send_signal(signal.SIGTERM)


@step("/readyz answers 503 on both listeners while the service still serves")
def step_readyz_503_draining(context):
    # The signal is handled asynchronously: /readyz turns 503 once the service has seen it (a
    # load balancer's next probe), well within the grace period.
    for url in (context.service.admin_url, context.service.base_url):
        deadline = time.monotonic() + 2
        while True:
            r = requests.get(url + "/readyz", timeout=2)
            if r.status_code == 503 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert r.status_code == 503, "GET %s/readyz during the drain: %s" % (url, describe(r))
    r = requests.get(context.service.base_url + "/healthz", timeout=2)
    assert r.status_code == 200, "GET /healthz during the drain: %s" % describe(r)
    assert r.headers.get("Connection") == "close", "answers during the drain should close: %s" % describe(r)


@step('a request on the kept-alive connection is answered {status:d} with "Connection: close"')
def step_kept_alive_answered(context, status):
    conn = context.kept_alive
    conn.request("GET", "/healthz")
    r = conn.getresponse()
    r.read()
    assert r.status == status, "the kept-alive connection's request got %d" % r.status
    assert r.getheader("Connection") == "close", "Connection: %r" % r.getheader("Connection")


@step("the service exits with status 0 within {seconds:d} seconds of the signal")
def step_exits(context, seconds):
    proc = context.service.proc
    remaining = context.sigterm_at + seconds - time.monotonic()
    code = proc.wait(timeout=max(0.1, remaining))
    assert code == 0, "exit status %d" % code
