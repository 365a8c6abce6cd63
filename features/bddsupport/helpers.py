"""Flows and waits shared by the step modules."""
import time

from bddsupport.api import Api, describe
from bddsupport.mailsink import mailbox_key
from bddsupport.service import (MAIL_POLL_S, MAIL_RETRY_BASE_S, RESEND_COOLDOWN_S, Service)

MAIL_TIMEOUT_S = 20.0          # a mail that should come: generous, but bounded
NO_MAIL_WAIT_S = max(1.5, 10 * MAIL_POLL_S)   # a mail that should not come
RETRY_WINDOW_S = max(2.0, 8 * MAIL_RETRY_BASE_S + 2 * MAIL_POLL_S)  # several retries would have happened
OUTBOX_WAIT_S = max(1.0, 4 * MAIL_RETRY_BASE_S)  # a few failed delivery attempts


# --- the service -------------------------------------------------------------------------------

def start_service(context):
    context.service_starts += 1
    service = Service(context.binary, context.workdir, context.db_path, context.mail.url,
                      context.log_dir, "authlens-%d" % context.service_starts,
                      getattr(context, "extra_settings", None), getattr(context, "run_as", None))
    context.service = service
    service.start()
    if context.api is not None:
        context.api.close()
    for client in context.clients.values():
        client.close()
    context.clients.clear()
    context.api = Api(service.base_url, context.secrets)


def stop_service(context):
    service = context.service
    assert service is not None, "the service is not running"
    context.service = None
    service.stop_gracefully()


def restart_with(context, **settings):
    """Restart the service on the same database with some settings changed."""
    context.extra_settings.update({k: str(v) for k, v in settings.items()})
    stop_service(context)
    start_service(context)


# --- responses ---------------------------------------------------------------------------------

def set_response(context, r):
    context.response = r
    return r


def expect_status(r, status):
    assert r.status_code == status, "expected status %d, got: %s" % (status, describe(r))


def json_of(r):
    try:
        return r.json()
    except ValueError:
        raise AssertionError("the response body is not JSON: %s" % describe(r))


def expect_problem(r, status, code):
    expect_status(r, status)
    ctype = (r.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    assert ctype == "application/problem+json", \
        "expected Content-Type application/problem+json: %s" % describe(r)
    body = json_of(r)
    assert isinstance(body, dict), "the problem is not a JSON object: %s" % describe(r)
    missing = [k for k in ("type", "title", "status", "detail", "code") if k not in body]
    assert not missing, "the problem lacks %s: %s" % (", ".join(missing), describe(r))
    assert body["status"] == status, "the problem's status field is %r: %s" % (body["status"], describe(r))
    assert body["code"] == code, "expected code %r, got %r: %s" % (code, body["code"], describe(r))


# --- mail --------------------------------------------------------------------------------------

def next_mail(context, email, timeout=MAIL_TIMEOUT_S):
    key = mailbox_key(email)
    index = context.mail_seen.get(key, 0)
    mail = context.mail.wait_for(email, index, timeout)
    assert mail is not None, (
        "no new mail for %s within %.0f s (had %d before; mail received this scenario: %s)"
        % (key, timeout, index, context.mail.all_recipients() or "none"))
    context.mail_seen[key] = index + 1
    context.last_mail = mail
    context.last_mail_at[key] = mail.received_at
    return mail


def remember_code(context, email, mail):
    code = mail.code
    assert code is not None, "the mail to %s has no line of exactly 6 digits: %s" % (email, mail.describe())
    context.secrets.add("code", code)
    context.codes[mailbox_key(email)] = code
    return code


def expect_code_mail(context, email, timeout=MAIL_TIMEOUT_S):
    """The next mail to `email` that carries a code: security notices (a password changed, a
    factor added) may come in between and are passed over."""
    deadline = time.monotonic() + timeout
    while True:
        mail = next_mail(context, email, max(0.1, deadline - time.monotonic()))
        if mail.code is not None or time.monotonic() >= deadline:
            return remember_code(context, email, mail)


def mailed_code(context, email):
    code = context.codes.get(mailbox_key(email))
    assert code is not None, "no code has been mailed to %s in this scenario" % email
    return code


def wrong_code(context, email):
    """A well-formed code that differs from the real one (and from earlier wrong guesses)."""
    context.wrong_guesses = getattr(context, "wrong_guesses", 0) + 1
    real = int(mailed_code(context, email))
    guess = "%06d" % ((real + context.wrong_guesses * 7919) % 1000000)
    assert guess != "%06d" % real
    return guess


def note_mail_request(context, email, r):
    """The cooldown counts from the request (not from delivery): remember when one was accepted."""
    if r.status_code == 202:
        context.last_mail_request_at[mailbox_key(email)] = time.monotonic()
    return r


def wait_cooldown(context, email):
    key = mailbox_key(email)
    since = context.last_mail_request_at.get(key)
    if since is None:
        return
    remaining = since + RESEND_COOLDOWN_S + 0.3 - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


def expect_no_new_mail(context, email, wait=NO_MAIL_WAIT_S):
    key = mailbox_key(email)
    seen = context.mail_seen.get(key, 0)
    mail = context.mail.wait_for(email, seen, wait)
    assert mail is None, "an unexpected mail arrived for %s: %s" % (key, mail.describe())


# --- flows -------------------------------------------------------------------------------------

def register(context, email, password, api=None):
    context.passwords[mailbox_key(email)] = password
    r = (api or context.api).post("/register", {"email": email, "password": password})
    return set_response(context, note_mail_request(context, email, r))


def resend(context, email, api=None):
    r = (api or context.api).post("/register/resend", {"email": email})
    return set_response(context, note_mail_request(context, email, r))


def forgot(context, email, api=None):
    r = (api or context.api).post("/password/forgot", {"email": email})
    return set_response(context, note_mail_request(context, email, r))


def password_of(context, email):
    """The password this scenario last registered `email` with (what its owner would confirm
    with unless told otherwise)."""
    password = context.passwords.get(mailbox_key(email))
    assert password is not None, "no password was registered for %s in this scenario" % email
    return password


def confirm(context, email, code, password=None, api=None):
    body = {"email": email, "code": code,
            "password": password if password is not None else password_of(context, email)}
    r = set_response(context, (api or context.api).post("/register/confirm", body))
    if r.status_code == 200:
        token = json_of(r).get("access_token")
        if isinstance(token, str):
            context.sessions["me"] = token
    return r


def client_from(context, source):
    """An API client that connects from the loopback address `source` (one of many clients)."""
    clients = context.clients
    if source not in clients:
        clients[source] = Api(context.service.base_url, context.secrets, source=source)
    return clients[source]


def login(context, email, password, device="me"):
    r = set_response(context, context.api.post("/login", {"email": email, "password": password}))
    if r.status_code == 200:
        token = json_of(r).get("access_token")
        if isinstance(token, str):
            context.sessions[device] = token
    return r


def token_of(context, device):
    token = context.sessions.get(device)
    assert token is not None, "nobody is logged in on %r in this scenario" % device
    return token


def create_pending(context, email, password):
    """Registered, code in the inbox, not confirmed."""
    r = register(context, email, password)
    expect_status(r, 202)
    expect_code_mail(context, email)


def create_verified(context, email, password):
    create_pending(context, email, password)
    r = confirm(context, email, mailed_code(context, email), password)
    expect_status(r, 200)
