"""Steps for the account flows: register, confirm, resend, login, profile, logout, reset,
change and delete."""
import re
import time

from behave import given, step

import bddsupport.steptypes  # noqa: F401
from bddsupport.api import describe
from bddsupport.mailsink import mailbox_key
from bddsupport.helpers import (create_pending, create_verified, confirm, expect_status, forgot,
                                json_of, login, mailed_code, password_of, register, resend,
                                set_response, token_of, wrong_code)

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


# --- accounts that exist before the scenario's action ------------------------------------------

@given('a verified account "{email:Q}" with password "{password:Q}"')
def step_verified_account(context, email, password):
    create_verified(context, email, password)


@given('a pending sign-up for "{email:Q}" with password "{password:Q}"')
def step_pending_sign_up(context, email, password):
    create_pending(context, email, password)


@step('"{email:Q}" is logged in on "{device:Q}" with password "{password:Q}"')
def step_logged_in_on(context, email, device, password):
    r = login(context, email, password, device)
    expect_status(r, 200)


# --- registration and confirmation -------------------------------------------------------------

@step('I register with email "{email:Q}" and password "{password:Q}"')
def step_register(context, email, password):
    register(context, email, password)


@step('I register with email "{email:Q}" and a random password of {length:d} characters from "{alphabet:Q}"')
def step_register_random(context, email, length, alphabet):
    import secrets
    register(context, email, "".join(secrets.choice(alphabet) for _ in range(length)))


@step('I confirm "{email:Q}" with the mailed code')
@step('I confirm "{email:Q}" with the latest mailed code')
def step_confirm(context, email):
    confirm(context, email, mailed_code(context, email))


@step('I confirm "{email:Q}" with the mailed code and password "{password:Q}"')
def step_confirm_with_password(context, email, password):
    confirm(context, email, mailed_code(context, email), password)


@step("the confirmation signs me in")
def step_confirmation_signs_in(context):
    r = context.response
    expect_status(r, 200)
    body = json_of(r)
    assert body.get("status") == "verified", "status is not verified: %s" % describe(r)
    step_login_ok(context)
    # The token works right away.
    me = context.api.get("/me", token=body["access_token"])
    expect_status(me, 200)


@step('I confirm "{email:Q}" with the code mailed to "{other:Q}"')
def step_confirm_other(context, email, other):
    confirm(context, email, mailed_code(context, other), password_of(context, other))


@step('I confirm "{email:Q}" with the code "{code:Q}"')
def step_confirm_given(context, email, code):
    confirm(context, email, code)


@step('I confirm "{email:Q}" with a wrong code')
def step_confirm_wrong(context, email):
    confirm(context, email, wrong_code(context, email))


@step('I try {count:d} wrong codes for "{email:Q}"')
def step_wrong_codes(context, count, email):
    context.responses = [confirm(context, email, wrong_code(context, email)) for _ in range(count)]


@step('I try another wrong code for "{email:Q}"')
def step_another_wrong_code(context, email):
    confirm(context, email, wrong_code(context, email))


@step('I ask for a new code for "{email:Q}"')
def step_resend(context, email):
    resend(context, email)


# --- login, profile, logout --------------------------------------------------------------------

@step('"{email:Q}" logs in with password "{password:Q}"')
def step_login(context, email, password):
    login(context, email, password)


@step('"{email:Q}" tries {count:d} wrong passwords')
def step_wrong_passwords(context, email, count):
    context.responses = [login(context, email, "wrong password number %d" % (i + 1)) for i in range(count)]


@step("the login succeeds with a bearer token")
def step_login_ok(context):
    r = context.response
    expect_status(r, 200)
    body = json_of(r)
    assert isinstance(body.get("access_token"), str) and len(body["access_token"]) >= 32, \
        "no usable access_token: %s" % describe(r)
    assert body.get("token_type") == "Bearer", "token_type is not Bearer: %s" % describe(r)
    assert isinstance(body.get("expires_in"), int) and not isinstance(body.get("expires_in"), bool) \
        and body["expires_in"] > 0, "expires_in is not a positive integer: %s" % describe(r)


@step("I ask for my profile")
def step_me(context):
    set_response(context, context.api.get("/me", token=token_of(context, "me")))


@step('I ask for my profile on "{device:Q}"')
def step_me_on(context, device):
    set_response(context, context.api.get("/me", token=token_of(context, device)))


@step("I ask for my profile without a token")
def step_me_no_token(context):
    set_response(context, context.api.get("/me"))


@step('I ask for my profile with the token "{token:Q}"')
def step_me_token(context, token):
    set_response(context, context.api.get("/me", token=token))


@step('the profile shows "{email:Q}" as verified')
def step_profile(context, email):
    r = context.response
    expect_status(r, 200)
    body = json_of(r)
    assert body.get("email") == email, "expected email %r: %s" % (email, describe(r))
    assert body.get("verified") is True, "expected verified true: %s" % describe(r)
    created = body.get("created_at")
    assert isinstance(created, str) and RFC3339.match(created), \
        "created_at is not an RFC 3339 timestamp: %s" % describe(r)


@step('I log out on "{device:Q}"')
def step_logout(context, device):
    set_response(context, context.api.post("/logout", token=token_of(context, device)))


@step('the sessions on "{a:Q}" and "{b:Q}" have different tokens')
def step_distinct_tokens(context, a, b):
    assert token_of(context, a) != token_of(context, b), "two logins returned the same token"


# --- password reset ----------------------------------------------------------------------------

@step('I ask for a password reset for "{email:Q}"')
def step_forgot(context, email):
    forgot(context, email)


def _reset(context, email, code, new_password):
    return set_response(context, context.api.post(
        "/password/reset", {"email": email, "code": code, "new_password": new_password}))


@step('I reset the password of "{email:Q}" with the mailed code to "{new_password:Q}"')
def step_reset(context, email, new_password):
    _reset(context, email, mailed_code(context, email), new_password)


@step('I reset the password of "{email:Q}" with a wrong code to "{new_password:Q}"')
def step_reset_wrong(context, email, new_password):
    _reset(context, email, wrong_code(context, email), new_password)


@step('I try {count:d} wrong reset codes for "{email:Q}"')
def step_wrong_reset_codes(context, count, email):
    context.responses = [_reset(context, email, wrong_code(context, email), "a brand new password")
                         for _ in range(count)]


@step('I try another wrong reset code for "{email:Q}"')
def step_another_wrong_reset_code(context, email):
    _reset(context, email, wrong_code(context, email), "a brand new password")


# --- password change and account deletion ------------------------------------------------------

def _change(context, token, current, new):
    return set_response(context, context.api.post(
        "/password/change", {"current_password": current, "new_password": new}, token=token))


@step('I change the password on "{device:Q}" from "{current:Q}" to "{new:Q}"')
def step_change(context, device, current, new):
    _change(context, token_of(context, device), current, new)


@step('I change the password without a token from "{current:Q}" to "{new:Q}"')
def step_change_no_token(context, current, new):
    _change(context, None, current, new)


@step('I delete my account on "{device:Q}" with password "{password:Q}"')
def step_delete(context, device, password):
    set_response(context, context.api.delete("/me", {"password": password}, token=token_of(context, device)))


@step('I delete my account without a token, with password "{password:Q}"')
def step_delete_no_token(context, password):
    set_response(context, context.api.delete("/me", {"password": password}))


# --- many at once ------------------------------------------------------------------------------

@step("{count:d} people register at the same moment")
def step_many_register(context, count):
    from concurrent.futures import ThreadPoolExecutor

    from bddsupport.api import Api

    people = ["crowd%02d@example.test" % i for i in range(count)]

    def one(email):
        api = Api(context.service.base_url, context.secrets)  # one connection each
        try:
            return api.post("/register", {"email": email,
                                          "password": "crowd member %s sings loudly" % email[5:7]})
        finally:
            api.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        context.crowd = list(zip(people, pool.map(one, people)))


@step("every one of them is answered with status {status:d}")
def step_crowd_status(context, status):
    bad = ["%s: %s" % (email, describe(r)) for email, r in context.crowd if r.status_code != status]
    assert not bad, "%d of %d answers were not %d:\n%s" % (len(bad), len(context.crowd), status, "\n".join(bad[:5]))


@step("every one of them receives a verification code by mail")
def step_crowd_mail(context):
    from bddsupport.helpers import expect_code_mail
    for email, _ in context.crowd:
        expect_code_mail(context, email)
