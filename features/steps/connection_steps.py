"""Steps about the connection itself: clients that are too slow."""
import socket
import time

import requests
from behave import step

import bddsupport.steptypes  # noqa: F401
from bddsupport.api import describe
from bddsupport.helpers import restart_with


@step("a client has {seconds:d} seconds to send its request")
def step_header_timeout(context, seconds):
    restart_with(context, AUTHLENS_HEADER_TIMEOUT_S=seconds)


@step("a client sends part of a request and then nothing more")
def step_slow_client(context):
    sock = socket.create_connection(("127.0.0.1", context.service.http_port), timeout=5)
    sock.sendall(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
    context.slow_socket = sock
    context.slow_since = time.monotonic()


@step("the service closes that connection within {seconds:d} seconds")
def step_closed_within(context, seconds):
    sock = context.slow_socket
    deadline = context.slow_since + seconds
    received = b""
    try:
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, "the connection was still open after %d s (received %r)" % (seconds, received[:200])
            sock.settimeout(remaining)
            try:
                chunk = sock.recv(4096)
            except socket.timeout:
                continue
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    finally:
        sock.close()
    if received:
        status_line = received.split(b"\r\n", 1)[0]
        assert b" 408 " in status_line + b" ", "the service answered %r before closing" % status_line


@step("the service still answers")
def step_still_answers(context):
    r = requests.get(context.service.admin_url + "/healthz", timeout=3)
    assert r.status_code == 200, "GET /healthz: %s" % describe(r)
    r = context.api.post("/login", {"email": "nobody@example.test", "password": "not the password"})
    assert r.status_code == 401, "POST /login: %s" % describe(r)
