"""schemathesis hooks for the live run (loaded through SCHEMATHESIS_HOOKS by fuzz_live.py).

Tokens: the protected operations (logout, me, delete, change) carry a fresh token of the
fuzzer's own account (fuzz_live.py signs it up: register, the mailed code, confirm), fetched
from /login for each case, so the fuzzer logging its own token out spoils nothing. A request that
already carries an Authorization header, because a stateful link put the token of the account it
just confirmed there, keeps it: the link's chain is the point of that request.

Codes: the confirmation and reset codes are mailed, so no schema can say what they are: before a
well-formed request to POST /register/confirm or POST /password/reset, the code is replaced by the
last one the real SMTP sink received for that address (fuzz_live.py writes them to
AUTHLENS_FUZZ_MAILBOX as one JSON line per message). In the stateful phase the request follows a
link from the call that asked for the mail, so we wait briefly for it to arrive; elsewhere the code
is used only when one is already there. Negative cases keep their deliberately broken codes."""
import hashlib
import json
import os
import time
import unicodedata

import requests
import schemathesis
from hypothesis import strategies as st

MAILBOX = os.environ.get("AUTHLENS_FUZZ_MAILBOX", "")
# The account whose token the protected operations use (OwnAccountToken below): its codes stay
# secret, or a fuzzer that comes across the address resets its password (it did, in an early
# version of this run) and every later token fetch fails.
OWN_ACCOUNT = os.environ.get("AUTHLENS_FUZZ_EMAIL", "").strip().lower()
OWN_PASSWORD = os.environ.get("AUTHLENS_FUZZ_PASSWORD", "")
BASE_URL = os.environ.get("AUTHLENS_FUZZ_BASE_URL", "")
PROTECTED = ["logout", "getProfile", "deleteAccount", "changePassword"]
# Long enough for the outbox (polled every 50 ms here) and SMTP; an unknown address gets no
# mail at all, so a longer wait would only slow the stateful phase down.
STATEFUL_WAIT_S = 1.5
KIND_BY_OPERATION = {"POST /register/confirm": "verify", "POST /password/reset": "reset"}


def mailbox_path(address, directory=None):
    """One file per recipient, named by a hash (an address may be 254 characters long)."""
    key = hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()
    return os.path.join(directory or MAILBOX, key + ".jsonl")


def newest_code(address, kind):
    """The code of the last message of this kind (verify or reset) the sink received for it."""
    try:
        with open(mailbox_path(address), encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        try:
            mail = json.loads(line)
        except ValueError:
            continue  # a line still being written
        if mail["kind"] == kind and mail["code"]:
            return mail["code"]
    return None


def _is_positive(case):
    meta = getattr(case, "meta", None)
    return meta is not None and meta.generation.mode.is_positive


def _is_stateful(case):
    meta = getattr(case, "meta", None)
    phase = getattr(getattr(meta, "phase", None), "name", None)
    return phase == "stateful"


@schemathesis.hook
def before_call(context, case, kwargs):
    kind = KIND_BY_OPERATION.get("%s %s" % (case.method.upper(), case.path))
    if kind is None or not MAILBOX or not _is_positive(case):
        return
    body = case.body
    if not isinstance(body, dict) or not isinstance(body.get("email"), str):
        return
    if OWN_ACCOUNT and body["email"].strip().lower() == OWN_ACCOUNT:
        return
    code = newest_code(body["email"], kind)
    if code is None and _is_stateful(case):
        deadline = time.monotonic() + STATEFUL_WAIT_S
        while code is None and time.monotonic() < deadline:
            time.sleep(0.05)
            code = newest_code(body["email"], kind)
    if code is not None:
        body["code"] = code


@schemathesis.auth(refresh_interval=None).apply_to(operation_id=PROTECTED)
class OwnAccountToken:
    def get(self, case, ctx):
        if not (OWN_ACCOUNT and BASE_URL):
            return None
        response = requests.post(BASE_URL + "/login", json={"email": OWN_ACCOUNT, "password": OWN_PASSWORD},
                                 timeout=10)
        return response.json()["access_token"] if response.status_code == 200 else None

    def set(self, case, data, ctx):
        headers = dict(case.headers or {})
        if data and not any(name.lower() == "authorization" for name in headers):
            headers["Authorization"] = "Bearer " + data
        case.headers = headers


# Where a new password goes, by operation.
NEW_PASSWORD_FIELD = {"POST /register": "password", "POST /register/confirm": "password",
                      "POST /password/reset": "new_password", "POST /password/change": "new_password"}
MIN_PASSWORD, MAX_PASSWORD = 15, 1024  # docs/openapi.yaml, NewPassword


# The passkey ceremonies' answers: a schema-valid body carries no valid WebAuthn signature (no
# JSON Schema can state one; only an authenticator makes one), so `invalid_credential` is the
# right answer to every generated case. The BDD passkey scenarios drive the real ceremony.
PASSKEY_CEREMONIES = {"POST /login/passkey", "POST /me/passkeys"}


def _is_problem(response, code):
    try:
        problem = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(problem, dict) and problem.get("code") == code


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Every failure fails the run but two kinds, dropped here and counted in the summary: a
    passkey ceremony's `invalid_credential` (PASSKEY_CEREMONIES), and a schema-valid new password refused as `weak_password` because it is guessable, breached or made
    from the address. Strength is no property a JSON Schema can state (the document says it in
    words), and random text of 15 characters is often guessable ("000000000000000"). A refusal
    that speaks of length while the password's NFKC length is within the limits still fails."""
    if type(failure).__name__ != "RejectedPositiveData" or response.status_code != 400:
        return True
    if "%s %s" % (case.method.upper(), case.path) in PASSKEY_CEREMONIES:
        return not _is_problem(response, "invalid_credential")
    field = NEW_PASSWORD_FIELD.get("%s %s" % (case.method.upper(), case.path))
    password = case.body.get(field) if field and isinstance(case.body, dict) else None
    if not isinstance(password, str):
        return True
    try:
        problem = json.loads(response.content)
    except ValueError:
        return True
    if not isinstance(problem, dict) or problem.get("code") != "weak_password":
        return True
    length = len(unicodedata.normalize("NFKC", password))
    detail = str(problem.get("detail", "")).lower()
    if MIN_PASSWORD <= length <= MAX_PASSWORD and ("short" in detail or "long" in detail):
        return True
    return False


# Passwords (`format: password` in the document, which also makes the page mask them): mostly
# random characters from a wide alphabet, ASCII and not (NFKC-relevant letters among them), so
# that most positive cases pass the strength check and the flows behind it get exercised; the
# coverage phase still sends the schema's edge cases (minimum length, repeats) on its own.
PASSWORD_ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                     " !#$%&()*+,-./:;<=>?@[]^_{|}~" "éüßøΩжд漢字ｆｕﬁ①½")


def _password(rng):
    return "".join(rng.choice(PASSWORD_ALPHABET) for _ in range(rng.randint(16, 48)))


schemathesis.openapi.format("password", st.randoms(use_true_random=False).map(_password))
