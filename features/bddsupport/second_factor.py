"""The user's side of a second factor in the BDD suite: enrolling an authenticator app (the suite
computes the codes from the secret, see totp.py), keeping the recovery codes it was shown, and
signing in with a challenge. State lives on the behave context, one entry per mailbox."""
import base64
import re
import time

from bddsupport import totp
from bddsupport.api import describe
from bddsupport.helpers import expect_status, json_of, login, password_of, set_response, token_of
from bddsupport.mailsink import mailbox_key

RECOVERY_CODE = re.compile(r"^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$")  # Crockford base32, shown in lower case
STEP_S = 30


class Factor:
    """One account's authenticator app and recovery codes, as its owner holds them."""

    def __init__(self, secret):
        self.secret = secret
        self.last_step = -1          # the newest time step whose code was accepted
        self.recovery_codes = []     # the set last shown, in order
        self.old_recovery_codes = []  # sets shown before, now void

    def next_code(self):
        """A code the service should accept now: the service takes the current step and one
        either side, each at most once and never one older than a step it accepted. The current
        step or the next, whichever is unused; when both are, wait for the clock."""
        while True:
            now = totp.time_step()
            step = max(self.last_step + 1, now)
            if step <= now + 1:
                self.last_step = step
                return totp.hotp(totp._secret_bytes(self.secret), step)
            time.sleep(max(0.05, (now + 1) * STEP_S - time.time() + 0.05))

    def last_code(self):
        """The code of the step last accepted: a replay."""
        assert self.last_step >= 0, "no TOTP code has been used yet"
        return totp.hotp(totp._secret_bytes(self.secret), self.last_step)

    def wrong_code(self):
        """Six digits that no step of the accepted window shows."""
        now = totp.time_step()
        window = {totp.hotp(totp._secret_bytes(self.secret), s) for s in range(now - 2, now + 3)}
        guess = int(totp.hotp(totp._secret_bytes(self.secret), now))
        while "%06d" % guess in window:
            guess = (guess + 104729) % 1000000
        return "%06d" % guess

    def forms(self):
        """Every form in which the secret or a recovery code could sit in a database: as shown,
        lower case, the raw key bytes, and their hex (as SQLite and PostgreSQL dump blobs)."""
        raw = totp._secret_bytes(self.secret)
        text = [self.secret, self.secret.lower(), raw.hex(), raw.hex().upper(),
                base64.b64encode(raw).decode()]
        for code in self.recovery_codes + self.old_recovery_codes:
            text += [code, code.upper(), code.replace("-", ""), code.replace("-", "").upper()]
        return [t.encode() for t in text] + [raw]


def factor_of(context, email):
    factors = getattr(context, "factors", None)
    factor = (factors or {}).get(mailbox_key(email))
    assert factor is not None, "%s has no TOTP enrolment in this scenario" % email
    return factor


def remember_recovery_codes(context, email, body, r):
    codes = body.get("recovery_codes")
    assert isinstance(codes, list) and len(codes) == 10, "expected 10 recovery codes: %s" % describe(r)
    for code in codes:
        assert isinstance(code, str) and RECOVERY_CODE.match(code), \
            "a recovery code is not xxxxx-xxxxx: %s" % describe(r)
        context.secrets.add("recovery code", code)
    assert len(set(codes)) == 10, "the recovery codes repeat: %s" % describe(r)
    factor = factor_of(context, email)
    factor.old_recovery_codes += factor.recovery_codes
    factor.recovery_codes = list(codes)


def begin_enrolment(context, email, device):
    r = set_response(context, context.api.post("/me/totp", {"password": password_of(context, email)},
                                               token=token_of(context, device)))
    if r.status_code == 200:
        body = json_of(r)
        secret = body.get("secret")
        assert isinstance(secret, str) and secret, "no secret: %s" % describe(r)
        context.secrets.add("totp secret", secret)
        context.factors = getattr(context, "factors", {})
        context.factors[mailbox_key(email)] = Factor(secret)
    return r


def confirm_enrolment(context, email, device):
    code = factor_of(context, email).next_code()
    r = set_response(context, context.api.post("/me/totp/confirm", {"code": code},
                                               token=token_of(context, device)))
    if r.status_code == 200:
        remember_recovery_codes(context, email, json_of(r), r)
    return r


def turn_on_totp(context, email, device="me"):
    expect_status(begin_enrolment(context, email, device), 200)
    expect_status(confirm_enrolment(context, email, device), 200)


def expect_second_step(r):
    """The answer of a sign-in that needs the second factor: a challenge, and no token."""
    expect_status(r, 200)
    body = json_of(r)
    assert "access_token" not in body, "a token without the second factor: %s" % describe(r)
    assert body.get("status") == "second_factor_required", "no second step asked for: %s" % describe(r)
    assert isinstance(body.get("challenge"), str) and len(body["challenge"]) >= 32, \
        "no usable challenge: %s" % describe(r)
    assert isinstance(body.get("expires_in"), int) and body["expires_in"] > 0, \
        "expires_in is not a positive integer: %s" % describe(r)
    assert body.get("factors") == ["totp", "recovery_code"], "factors: %s" % describe(r)
    return body["challenge"]


def challenge_for(context, email, device="me"):
    """Signs in with the password and returns the second step's challenge."""
    challenge = expect_second_step(login(context, email, password_of(context, email), device))
    context.challenges = getattr(context, "challenges", {})
    context.challenges[mailbox_key(email)] = challenge
    return challenge


def second_step(context, challenge, device="me", code=None, recovery_code=None, api=None):
    body = {"challenge": challenge}
    if recovery_code is not None:
        body["recovery_code"] = recovery_code
        context.secrets.add("recovery code", recovery_code)
    else:
        body["code"] = code
    r = set_response(context, (api or context.api).post("/login/second-factor", body))
    if r.status_code == 200:
        context.sessions[device] = json_of(r)["access_token"]
    return r


def sign_in_with_totp(context, email, device="me"):
    challenge = challenge_for(context, email, device)
    r = second_step(context, challenge, device, code=factor_of(context, email).next_code())
    expect_status(r, 200)
    return r
