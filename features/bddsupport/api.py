"""A small HTTP client for the public API that remembers every secret it sends or receives."""
import json

import requests
from requests.adapters import HTTPAdapter

# Fields of request bodies that carry secrets; of responses, only the access token is one (a
# problem's "code" is the error code, not a secret).
SECRET_FIELDS = {"password": "password", "new_password": "password", "current_password": "password",
                 "code": "code", "access_token": "token"}
RESPONSE_SECRET_FIELDS = {"access_token": "token"}
TIMEOUT = (3, 15)


class _SourceAddressAdapter(HTTPAdapter):
    """Connects from a given local address: on loopback every 127.x.y.z is ours, so one test can
    be many clients."""

    def __init__(self, source, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class Api:
    def __init__(self, base_url, secrets, source=None):
        self.base_url = base_url
        self.secrets = secrets
        self.session = requests.Session()
        if source is not None:
            self.session.mount("http://", _SourceAddressAdapter(source))

    def close(self):
        self.session.close()

    def _remember(self, obj, fields=SECRET_FIELDS):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k in fields and isinstance(v, str):
                    self.secrets.add(fields[k], v)

    def request(self, method, path, json_body=None, token=None, data=None, headers=None):
        h = dict(headers or {})
        if token is not None:
            self.secrets.add("token", token)
            h["Authorization"] = "Bearer " + token
        if json_body is not None:
            self._remember(json_body)
            data = json.dumps(json_body).encode("utf-8")
            h.setdefault("Content-Type", "application/json")
        try:
            r = self.session.request(method, self.base_url + path, data=data, headers=h,
                                     timeout=TIMEOUT)
        except requests.RequestException as e:
            raise AssertionError("%s %s: no HTTP response (%s: %s)" % (method, path, type(e).__name__, e))
        r.request_summary = "%s %s" % (method, path)
        try:
            self._remember(r.json(), RESPONSE_SECRET_FIELDS)
        except ValueError:
            pass
        return r

    def post(self, path, body=None, token=None):
        return self.request("POST", path, json_body=body, token=token)

    def get(self, path, token=None):
        return self.request("GET", path, token=token)

    def delete(self, path, body=None, token=None):
        return self.request("DELETE", path, json_body=body, token=token)


def describe(r):
    """One readable line about a response, for assertion messages."""
    body = r.text
    if len(body) > 500:
        body = body[:500] + "…"
    return "%s → %d %s, Content-Type=%r, body=%s" % (
        getattr(r, "request_summary", "?"), r.status_code, r.reason,
        r.headers.get("Content-Type"), body)
