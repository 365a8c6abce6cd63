"""One HTTP/1.1 request over a plain socket, for requests a normal client would not send (an
oversized body): the response is read even if the server answers before the body is sent."""
import http.client
import json
import socket


class RawResponse:
    def __init__(self, summary, status, reason, headers, body):
        self.request_summary = summary
        self.status_code = status
        self.reason = reason
        self.headers = headers
        self.content = body
        self.text = body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.text)


class _Headers(dict):
    def get(self, key, default=None):
        for k, v in self.items():
            if k.lower() == key.lower():
                return v
        return default


def request(port, method, path, body, content_type, timeout=10):
    head = ("%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
            "Connection: close\r\n\r\n" % (method, path, port, content_type, len(body))).encode("ascii")
    summary = "%s %s (%d-byte body)" % (method, path, len(body))
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    send_error = None
    try:
        try:
            sock.sendall(head + body)
        except (BrokenPipeError, ConnectionResetError) as e:
            send_error = e  # the server may have answered early and closed; read what it said
        try:
            resp = http.client.HTTPResponse(sock, method=method)
            resp.begin()
            data = resp.read()
        except (ConnectionResetError, http.client.HTTPException, OSError) as e:
            raise AssertionError("%s: no complete HTTP response (%s: %s%s)" % (
                summary, type(e).__name__, e,
                "; sending the body had failed with %s" % type(send_error).__name__ if send_error else ""))
        headers = _Headers(resp.getheaders())
        return RawResponse(summary, resp.status, resp.reason, headers, data)
    finally:
        sock.close()
