"""Steps of features/passkeys.feature: a passkey added behind step-up, a sign-in with no address
typed, and what an attacker with a token, a recorded ceremony or a look-alike site tries. The
authenticator is bddsupport/passkey.py's software one."""
from urllib.parse import urlparse

from behave import step

import bddsupport.steptypes  # noqa: F401
from bddsupport.api import describe
from bddsupport.helpers import (client_from, expect_problem, expect_status, json_of, login,
                                mailbox_key, next_mail, password_of, set_response, token_of)
from bddsupport.passkey import Authenticator
from bddsupport.second_factor import factor_of

NOTICE_TIMEOUT_S = 20


def _authenticator(context):
    """A new passkey for the service under test: its origin is the public listener's own on
    localhost (AUTHLENS_WEBAUTHN_ORIGINS unset)."""
    port = urlparse(context.service.base_url).port
    return Authenticator(origin="http://localhost:%d" % port)


def _devices(context):
    if not hasattr(context, "passkeys"):
        context.passkeys = {}
    return context.passkeys


def _token(context, email):
    if email not in context.sessions:
        expect_status(login(context, email, password_of(context, email), device=email), 200)
    return token_of(context, email)


def _step_up(context, email, password=None):
    body = {"password": password if password is not None else password_of(context, email)}
    if mailbox_key(email) in (getattr(context, "factors", None) or {}):
        body["code"] = factor_of(context, email).next_code()
    return body


def _begin_registration(context, email, body):
    return set_response(context, context.api.post("/me/passkeys/options", body,
                                                  token=_token(context, email)))


def _add(context, email, name, device):
    r = _begin_registration(context, email, _step_up(context, email))
    expect_status(r, 200)
    offer = json_of(r)
    options = offer["options"]
    assert options["authenticatorSelection"]["residentKey"] == "required", describe(r)
    assert options["authenticatorSelection"]["userVerification"] == "required", describe(r)
    assert options["attestation"] == "none", describe(r)
    assert email not in options["user"]["id"], "the user handle names the address: %s" % describe(r)
    credential = device.create(options)
    return set_response(context, context.api.post(
        "/me/passkeys", {"flow": offer["flow"], "credential": credential, "name": name},
        token=_token(context, email)))


def _expect_notice(context, email, words):
    mail = next_mail(context, email, NOTICE_TIMEOUT_S)
    while words not in " ".join((mail.text or "").split()):
        mail = next_mail(context, email, NOTICE_TIMEOUT_S)
    assert mail.code is None, "a notice carries a code: %s" % mail.describe()


def _sign_in(context, device, api=None, keep=True):
    api = api or context.api
    r = set_response(context, api.post("/login/passkey/options"))
    expect_status(r, 200)
    offer = json_of(r)
    assert offer["options"]["allowCredentials"] == [], describe(r)
    assert offer["options"]["userVerification"] == "required", describe(r)
    assertion = device.get(offer["options"])
    if keep:
        context.last_assertion = (offer["flow"], assertion)
    return set_response(context, api.post("/login/passkey",
                                          {"flow": offer["flow"], "credential": assertion}))


@step('"{email:Q}" adds a passkey named "{name:Q}"')
@step('"{email:Q}" has added a passkey named "{name:Q}"')
def step_add(context, email, name):
    device = _authenticator(context)
    _devices(context)[email] = device
    r = _add(context, email, name, device)
    expect_status(r, 201)
    body = json_of(r)
    assert body["name"] == name and body["id"], describe(r)
    _expect_notice(context, email, "A passkey was added")


@step('"{email:Q}" asks to add a passkey with password "{password:Q}"')
def step_begin_with(context, email, password):
    _begin_registration(context, email, {"password": password})


@step('"{email:Q}" lists one passkey named "{name:Q}"')
def step_list(context, email, name):
    r = set_response(context, context.api.get("/me/passkeys", token=_token(context, email)))
    expect_status(r, 200)
    passkeys = json_of(r)["passkeys"]
    assert [p["name"] for p in passkeys] == [name], describe(r)


@step("the passkey of \"{email:Q}\" signs in with no address typed")
def step_sign_in(context, email):
    r = _sign_in(context, _devices(context)[email])
    expect_status(r, 200)
    body = json_of(r)
    assert body.get("token_type") == "Bearer" and body.get("access_token"), describe(r)
    context.sessions["passkey:" + email] = body["access_token"]


@step('that session of "{email:Q}" says it signed in with a passkey at aal2')
def step_session_level(context, email):
    r = set_response(context, context.api.get("/me/sessions",
                                              token=token_of(context, "passkey:" + email)))
    expect_status(r, 200)
    current = [s for s in json_of(r)["sessions"] if s["current"]]
    assert len(current) == 1, describe(r)
    assert current[0]["methods"] == ["passkey"] and current[0]["aal"] == "aal2", current[0]


@step("the recorded passkey sign-in is sent again")
def step_replay(context):
    flow, assertion = context.last_assertion
    set_response(context, context.api.post("/login/passkey", {"flow": flow, "credential": assertion}))


@step('a look-alike site at "{origin:Q}" relays a passkey sign-in of "{email:Q}"')
def step_phished(context, origin, email):
    device = _devices(context)[email]
    real = device.origin
    device.origin = origin  # the browser writes the page's true origin into the client data
    try:
        _sign_in(context, device, keep=False)
    finally:
        device.origin = real


@step('a stranger\'s passkey fails to sign in {count:d} times from "{source}"')
def step_strangers(context, count, source):
    api = client_from(context, source)
    for i in range(count):
        r = _sign_in(context, _authenticator(context), api=api, keep=False)
        expect_problem(r, 400, "invalid_credential")


@step('a passkey sign-in from "{source}" is refused with 429 "{code:Q}"')
def step_refused(context, source, code):
    r = set_response(context, client_from(context, source).post("/login/passkey/options"))
    expect_problem(r, 429, code)
    assert r.headers.get("Retry-After"), describe(r)


@step('a passkey sign-in from "{source}" may begin')
def step_may_begin(context, source):
    expect_status(set_response(context, client_from(context, source).post("/login/passkey/options")),
                  200)


@step('"{email:Q}" removes the passkey with the password')
def step_remove(context, email):
    r = set_response(context, context.api.get("/me/passkeys", token=_token(context, email)))
    passkey_id = json_of(r)["passkeys"][0]["id"]
    set_response(context, context.api.delete("/me/passkeys/" + passkey_id, _step_up(context, email),
                                             token=_token(context, email)))


@step('"{email:Q}" receives a notice that a passkey was removed')
def step_removed_notice(context, email):
    _expect_notice(context, email, "A passkey was removed")


@step('the removed passkey of "{email:Q}" no longer signs in')
def step_removed(context, email):
    expect_problem(_sign_in(context, _devices(context)[email], keep=False), 400,
                   "invalid_credential")
