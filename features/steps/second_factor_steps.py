"""Steps of features/second_factor.feature and features/sessions.feature: an authenticator app and
recovery codes as their owner uses them, an attacker who has the password (and the inbox) but not
the factor, and the sessions a person can list and end."""
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

from behave import step

import bddsupport.steptypes  # noqa: F401
from bddsupport.api import describe
from bddsupport.helpers import (client_from, expect_problem, expect_status, json_of, login,
                                next_mail, password_of, set_response, token_of)
from bddsupport.second_factor import (challenge_for, expect_second_step, factor_of,
                                      remember_recovery_codes, second_step, turn_on_totp)

NOTICE_TIMEOUT_S = 20
NEW_PASSWORD = "quiet orchards hum at noon"


def _current_challenge(context):
    """The challenge of the answer just received (a login or confirmation asking for the factor)."""
    return expect_second_step(context.response)


def _expect_notice(context, email, words):
    """The notices mailed to `email` until one says `words` (others, such as the notice of the
    factor turned on, are passed over)."""
    deadline = time.monotonic() + NOTICE_TIMEOUT_S
    seen = []
    while time.monotonic() < deadline:
        mail = next_mail(context, email, max(0.1, deadline - time.monotonic()))
        text = re.sub(r"\s+", " ", mail.text or "")
        if words in text:
            assert mail.code is None, "a notice carries a code: %s" % mail.describe()
            return
        seen.append(mail.describe())
    raise AssertionError("no notice to %s says %r; seen: %s" % (email, words, seen))


# --- enrolment ---------------------------------------------------------------------------------

@step('"{email:Q}" turns on an authenticator app')
@step('"{email:Q}" has turned on an authenticator app')
def step_turn_on(context, email):
    if email not in context.sessions:  # each account's own device, named after it
        expect_status(login(context, email, password_of(context, email), device=email), 200)
    turn_on_totp(context, email, device=email)
    _expect_notice(context, email, "was set up as a second factor")


@step('the profile of "{email:Q}" shows the app on with {left:d} recovery codes left')
def step_profile_factor(context, email, left):
    r = set_response(context, context.api.get("/me", token=token_of(context, email)))
    expect_status(r, 200)
    body = json_of(r)
    assert body.get("totp_enabled") is True, "totp_enabled: %s" % describe(r)
    assert body.get("recovery_codes_left") == left, "recovery_codes_left: %s" % describe(r)


# --- signing in --------------------------------------------------------------------------------

@step("the login asks for the second factor and gives no token")
def step_asks_second(context):
    context.challenge = _current_challenge(context)


@step('"{email:Q}" completes the login with the app\'s code')
def step_complete_totp(context, email):
    challenge = getattr(context, "challenge", None) or _current_challenge(context)
    second_step(context, challenge, device=email, code=factor_of(context, email).next_code())
    context.challenge = None


@step('"{email:Q}" completes the login with the code already used')
def step_complete_replay(context, email):
    challenge = _current_challenge(context)
    second_step(context, challenge, device=email, code=factor_of(context, email).last_code())


@step('"{email:Q}" completes a login with recovery code {n:d}')
def step_complete_recovery(context, email, n):
    challenge = challenge_for(context, email, device=email)
    second_step(context, challenge, device=email,
                recovery_code=factor_of(context, email).recovery_codes[n - 1])


@step('"{email:Q}" completes a login with old recovery code {n:d}')
def step_complete_old_recovery(context, email, n):
    challenge = challenge_for(context, email, device=email)
    second_step(context, challenge, device=email,
                recovery_code=factor_of(context, email).old_recovery_codes[n - 1])


@step('"{email:Q}" receives a notice that the second factor was turned off')
def step_notice_off(context, email):
    _expect_notice(context, email, "was turned off")


@step('"{email:Q}" receives a notice that a recovery code was used')
def step_notice_recovery(context, email):
    _expect_notice(context, email, "recovery codes was used")


# --- races -------------------------------------------------------------------------------------

@step('{count:d} wrong codes for the challenge of "{email:Q}" race from {clients:d} client addresses')
def step_racing_wrong_codes(context, count, email, clients):
    challenge = challenge_for(context, email, device=email)
    context.race_challenge = challenge
    factor = factor_of(context, email)
    wrong = factor.wrong_code()
    apis = [client_from(context, "127.0.9.%d" % (i + 1)) for i in range(clients)]

    def one(i):
        return apis[i % clients].post("/login/second-factor", {"challenge": challenge, "code": wrong})

    with ThreadPoolExecutor(max_workers=16) as pool:
        context.race = list(pool.map(one, range(count)))


@step('exactly {count:d} of them were checked and answered 400 "invalid_code"')
def step_exactly_checked(context, count):
    checked = [r for r in context.race if r.status_code == 400]
    for r in checked:
        expect_problem(r, 400, "invalid_code")
    assert len(checked) == count, "%d were checked, not %d: %s" % (
        len(checked), count, sorted({(r.status_code, r.text[:80]) for r in context.race}))


@step("the others were refused unchecked")
def step_others_refused(context):
    for r in context.race:
        if r.status_code == 400:
            continue
        code = json_of(r).get("code")
        assert (r.status_code, code) in {(401, "invalid_challenge"), (429, "too_many_attempts")}, \
            "a try was neither checked nor refused: %s" % describe(r)


@step('the challenge of "{email:Q}" is spent, even with the right code')
def step_challenge_spent(context, email):
    r = second_step(context, context.race_challenge, device=email,
                    code=factor_of(context, email).next_code())
    expect_problem(r, 401, "invalid_challenge")


@step('{count:d} sign-ins of "{email:Q}" race to use one code of the app')
def step_racing_one_code(context, count, email):
    challenges = [challenge_for(context, email, device=email) for _ in range(count)]
    code = factor_of(context, email).next_code()
    apis = [client_from(context, "127.0.10.%d" % (i + 1)) for i in range(count)]

    def one(i):
        return apis[i].post("/login/second-factor", {"challenge": challenges[i], "code": code})

    with ThreadPoolExecutor(max_workers=count) as pool:
        context.race = list(pool.map(one, range(count)))


@step("exactly one of them signs in")
def step_exactly_one(context):
    winners = [r for r in context.race if r.status_code == 200]
    assert len(winners) == 1, "%d signed in with one code: %s" % (
        len(winners), sorted({(r.status_code, r.text[:60]) for r in context.race}))
    # The others: the code already used (a wrong code, counted), or, once those reached the
    # address's lockout, refused unchecked.
    for r in context.race:
        if r.status_code != 200:
            code = json_of(r).get("code")
            assert (r.status_code, code) in {(400, "invalid_code"), (429, "too_many_attempts")}, \
                "a racing sign-in got %s" % describe(r)


@step('the challenge of "{email:Q}" is answered with a code of "{other:Q}"\'s app')
def step_cross_challenge(context, email, other):
    challenge = challenge_for(context, email, device=email)
    second_step(context, challenge, device=email, code=factor_of(context, other).next_code())


@step('an unknown challenge is answered with a code of "{other:Q}"\'s app')
def step_unknown_challenge(context, other):
    second_step(context, "A" * 43, device="nobody", code=factor_of(context, other).next_code())


# --- step-up -----------------------------------------------------------------------------------

def _step_up(context, email, change, code):
    token = token_of(context, email)
    body = {"password": password_of(context, email)}
    if code is not None:
        body["code"] = code
    if change == "change the password":
        body = {"current_password": body.pop("password"), "new_password": NEW_PASSWORD, **body}
        return context.api.post("/password/change", body, token=token)
    if change == "delete the account":
        return context.api.delete("/me", body, token=token)
    if change == "turn the app off":
        return context.api.delete("/me/totp", body, token=token)
    if change == "make new recovery codes":
        return context.api.post("/me/recovery-codes", body, token=token)
    raise AssertionError("no such change: %r" % change)


@step('"{email:Q}" asks to {change} with the password and no code')
def step_step_up_no_code(context, email, change):
    set_response(context, _step_up(context, email, change, None))


@step('"{email:Q}" asks to {change} with the password and a wrong code')
def step_step_up_wrong_code(context, email, change):
    set_response(context, _step_up(context, email, change, factor_of(context, email).wrong_code()))


@step('"{email:Q}" turns the app off with a recovery code')
def step_turn_off(context, email):
    code = factor_of(context, email).recovery_codes[0]
    context.secrets.add("recovery code", code)
    set_response(context, _step_up(context, email, "turn the app off", code))


@step('"{email:Q}" makes new recovery codes with recovery code {n:d}')
def step_regenerate(context, email, n):
    code = factor_of(context, email).recovery_codes[n - 1]
    context.secrets.add("recovery code", code)
    r = set_response(context, _step_up(context, email, "make new recovery codes", code))
    if r.status_code == 200:
        remember_recovery_codes(context, email, json_of(r), r)


# --- at rest -----------------------------------------------------------------------------------

@step('no dump holds the app\'s secret or a recovery code of "{email:Q}"')
def step_no_factor_at_rest(context, email):
    forms = factor_of(context, email).forms()
    dumps = dict(getattr(context, "dumps", {}))
    assert dumps, "nothing was dumped"
    for name, (text, raw) in dumps.items():
        for form in forms:
            assert form not in text.encode(), "the dump %r holds %r" % (name, form)
            assert form not in raw, "the database files (%r) hold %r" % (name, form)


# --- sessions ----------------------------------------------------------------------------------

def _login_as(context, email, device, user_agent):
    r = context.api.request("POST", "/login", headers={"User-Agent": user_agent},
                            json_body={"email": email, "password": password_of(context, email)})
    expect_status(r, 200)
    context.sessions[device] = json_of(r)["access_token"]


@step('"{email:Q}" is logged in on "{device:Q}" with user agent "{agent:Q}"')
def step_login_agent(context, email, device, agent):
    _login_as(context, email, device, agent)


@step('"{email:Q}" is logged in on "{device:Q}" with a user agent of {size:d} bytes')
def step_login_long_agent(context, email, device, size):
    agent = 'Odd "agent" <b>&' + "x" * size
    context.long_agent = agent[:size]
    _login_as(context, email, device, context.long_agent)


def _sessions(context, device):
    r = context.api.get("/me/sessions", token=token_of(context, device))
    expect_status(r, 200)
    return r, json_of(r)["sessions"]


def _session_id(context, device):
    _, sessions = _sessions(context, device)
    current = [s for s in sessions if s.get("current")]
    assert len(current) == 1, "not one current session: %s" % sessions
    return current[0]["id"]


@step('I list the sessions on "{device:Q}"')
def step_list(context, device):
    r, context.listed = _sessions(context, device)
    set_response(context, r)


@step("{count:d} sessions are listed, newest first, and the current one is marked")
def step_listed(context, count):
    sessions = context.listed
    assert len(sessions) == count, "%d sessions listed: %s" % (len(sessions), sessions)
    fields = {"id", "created_at", "last_used_at", "expires_at", "client_address", "user_agent",
              "methods", "aal", "current"}
    for s in sessions:
        assert set(s) == fields, "a session's fields: %s" % sorted(s)
        assert s["methods"] == ["password"] and s["aal"] == "aal1", "how it signed in: %s" % s
        assert s["client_address"].startswith("127."), "client address: %s" % s
    created = [s["created_at"] for s in sessions]
    assert created == sorted(created, reverse=True), "not newest first: %s" % created
    assert sum(1 for s in sessions if s["current"] is True) == 1, "one current: %s" % sessions
    context.current_session = next(s for s in sessions if s["current"])


@step("the current session's user agent is cut to 256 bytes")
def step_agent_cut(context):
    agent = context.current_session["user_agent"]
    assert agent == context.long_agent[:256], "the user agent as shown: %r" % agent
    assert '\\"agent\\"' in context.response.text, "the quote is not escaped in the JSON"


@step("no session shows a token")
def step_no_token(context):
    text = json.dumps(context.listed)
    for device, token in context.sessions.items():
        assert token not in text, "the token of %s is in the list" % device


@step('I end the session of "{device:Q}" from "{other:Q}"')
def step_end_session(context, device, other):
    sid = _session_id(context, device)
    set_response(context, context.api.delete("/me/sessions/" + sid, token=token_of(context, other)))


@step('"{other:Q}" tries to end the session of "{device:Q}"')
def step_end_foreign(context, other, device):
    step_end_session(context, device, other)


@step('"{other:Q}" tries to end the session "{sid:Q}"')
def step_end_unknown(context, other, sid):
    set_response(context, context.api.delete("/me/sessions/" + sid, token=token_of(context, other)))


@step('I end every other session from "{device:Q}"')
def step_end_others(context, device):
    set_response(context, context.api.delete("/me/sessions", token=token_of(context, device)))


PROTECTED = [
    ("GET", "/me", None), ("GET", "/me/sessions", None), ("DELETE", "/me/sessions", None),
    ("DELETE", "/me/sessions/0123456789abcdef0123456789abcdef", None), ("POST", "/logout", None),
    ("POST", "/password/change", {"current_password": "x" * 16, "new_password": NEW_PASSWORD}),
    ("DELETE", "/me", {"password": "x" * 16}), ("POST", "/me/totp", {"password": "x" * 16}),
    ("POST", "/me/totp/confirm", {"code": "123456"}),
    ("DELETE", "/me/totp", {"password": "x" * 16, "code": "123456"}),
    ("POST", "/me/recovery-codes", {"password": "x" * 16, "code": "123456"}),
]


@step('the token of "{device:Q}" is refused on every protected route')
def step_refused_everywhere(context, device):
    token = token_of(context, device)
    for method, path, body in PROTECTED:
        r = context.api.request(method, path, json_body=body, token=token)
        expect_problem(r, 401, "unauthorized")


@step("{count:d} wrong codes are tried on that challenge")
def step_wrong_codes_on_challenge(context, count):
    challenge = _current_challenge(context)
    wrong = "000000"
    for _ in range(count):
        r = context.api.post("/login/second-factor", {"challenge": challenge, "code": wrong})
        expect_problem(r, 400, "invalid_code")
