"""Steps of features/attack_recovery.feature: an attacker who knows the password and holds a token
races the owner's recovery, and the notices that tell the owner what happened."""
import re
import threading
import time

from behave import step

import bddsupport.steptypes  # noqa: F401
from bddsupport.api import Api, describe
from bddsupport.helpers import (client_from, confirm, create_verified, expect_code_mail,
                                expect_status, forgot, json_of, login, mailed_code, next_mail, password_of,
                                register, set_response, token_of, wait_cooldown)

ATTACKER = "127.0.0.66"
OLD_PASSWORD = "violet walks nine amber dunes"
# How long the attacker keeps going after the owner's recovery answered: long enough for every
# request that was in flight across it to finish, and for a few more.
AFTER_RECOVERY_S = 0.5
ATTACK_THREADS = 3


class _Attacker:
    """Knows OLD_PASSWORD and holds a token; each thread has its own connection."""

    def __init__(self, context, email, mode):
        self.context = context
        self.email = email
        self.mode = mode  # "change" or "login"
        self.tokens = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.requests = 0
        self.threads = []

    def _api(self):
        return Api(self.context.service.base_url, self.context.secrets, source=ATTACKER)

    def _login(self, api):
        r = api.post("/login", {"email": self.email, "password": OLD_PASSWORD})
        if r.status_code == 200:
            with self.lock:
                self.tokens.append(json_of(r)["access_token"])
            return json_of(r)["access_token"]
        return None

    def _run(self):
        api = self._api()
        try:
            token = self._login(api)
            while token is not None and not self.stop.is_set():
                with self.lock:
                    self.requests += 1
                if self.mode == "login":
                    token = self._login(api)
                    continue
                r = api.post("/password/change",
                             {"current_password": OLD_PASSWORD, "new_password": OLD_PASSWORD},
                             token=token)
                if r.status_code == 401:
                    token = self._login(api)  # refused: sign in again with the password
                elif r.status_code != 200:
                    return
        finally:
            api.close()

    def start(self):
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(ATTACK_THREADS)]
        for t in self.threads:
            t.start()
        # The recovery starts once the attacker is signed in and busy.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with self.lock:
                if self.tokens and self.requests >= ATTACK_THREADS:
                    return
            time.sleep(0.005)
        raise AssertionError("the attacker could not get going (tokens: %d)" % len(self.tokens))

    def finish(self):
        time.sleep(AFTER_RECOVERY_S)
        self.stop.set()
        for t in self.threads:
            t.join(timeout=20)
        assert not any(t.is_alive() for t in self.threads), "an attacker thread hung"


def _recover(context, email, new_password, how):
    owner = context.api
    wait_cooldown(context, email)
    if how == "reset":
        expect_status(forgot(context, email, api=owner), 202)
        code = expect_code_mail(context, email)
        r = owner.post("/password/reset", {"email": email, "code": code, "new_password": new_password})
    else:
        expect_status(register(context, email, new_password, api=owner), 202)
        code = expect_code_mail(context, email)
        r = confirm(context, email, code, new_password, api=owner)
    expect_status(r, 200)


def _what_the_attacker_kept(context, email, new_password, attacker):
    owner = login(context, email, new_password)
    kept = []
    if owner.status_code != 200:
        kept.append("the owner cannot sign in with the new password: %s" % describe(owner))
    api = client_from(context, ATTACKER)
    alive = [t for t in attacker.tokens if api.get("/me", token=t).status_code != 401]
    if alive:
        kept.append("%d of the attacker's %d tokens still work" % (len(alive), len(attacker.tokens)))
    old = api.post("/login", {"email": email, "password": OLD_PASSWORD})
    if old.status_code != 401:
        kept.append("the old password still signs in: %s" % describe(old))
    return kept


def _race(context, trials, mode, how):
    context.trials = []
    for trial in range(1, trials + 1):
        email = "owner%d@example.test" % trial
        new_password = "brand new quiet harbor %d" % (40 + trial)
        context.secrets.add("password", new_password)
        create_verified(context, email, OLD_PASSWORD)
        attacker = _Attacker(context, email, mode)
        attacker.start()
        _recover(context, email, new_password, how)
        attacker.finish()
        context.trials.append((trial, attacker.requests,
                               _what_the_attacker_kept(context, email, new_password, attacker)))


@step("in {trials:d} trials an attacker with the password keeps changing it to itself while the owner resets it")
def step_change_races_reset(context, trials):
    _race(context, trials, "change", "reset")


@step("in {trials:d} trials an attacker with the password keeps changing it to itself while the owner signs up again")
def step_change_races_signup(context, trials):
    _race(context, trials, "change", "signup")


@step("in {trials:d} trials an attacker with the password keeps logging in while the owner resets it")
def step_login_races_reset(context, trials):
    _race(context, trials, "login", "reset")


@step("in every trial the attacker kept nothing")
def step_attacker_kept_nothing(context):
    lost = ["trial %d (%d attacker requests): %s" % (n, requests, "; ".join(kept))
            for n, requests, kept in context.trials if kept]
    for n, requests, kept in context.trials:
        print("trial %d: %d attacker requests, %s" % (n, requests, "; ".join(kept) or "attacker kept nothing"))
    assert not lost, "the attacker kept the account in %d of %d trials:\n%s" % (
        len(lost), len(context.trials), "\n".join(lost))


@step('I remember the mailed code of "{email:Q}" as "{name:Q}"')
def step_remember_code(context, email, name):
    context.remembered[name] = mailed_code(context, email)


@step('I confirm "{email:Q}" with the remembered code "{name:Q}" and password "{password:Q}"')
def step_confirm_remembered(context, email, name, password):
    context.secrets.add("password", password)
    confirm(context, email, context.remembered[name], password)


@step('the password of "{email:Q}" is changed on "{device:Q}" to "{new:Q}" from client "{client:Q}"')
def step_changed_from(context, email, device, new, client):
    context.secrets.add("password", new)
    r = client_from(context, client).post(
        "/password/change", {"current_password": password_of(context, email), "new_password": new},
        token=token_of(context, device))
    expect_status(set_response(context, r), 200)
    context.notice_client = client


@step('the password of "{email:Q}" is reset with a mailed code to "{new:Q}" from client "{client:Q}"')
def step_reset_from(context, email, new, client):
    context.secrets.add("password", new)
    api = client_from(context, client)
    expect_status(forgot(context, email, api=api), 202)
    code = expect_code_mail(context, email)
    r = api.post("/password/reset", {"email": email, "code": code, "new_password": new})
    expect_status(set_response(context, r), 200)
    context.notice_client = client


@step('the password of "{email:Q}" is set by signing up again to "{new:Q}" from client "{client:Q}"')
def step_signup_again_from(context, email, new, client):
    api = client_from(context, client)
    expect_status(register(context, email, new, api=api), 202)
    code = expect_code_mail(context, email)
    expect_status(confirm(context, email, code, new, api=api), 200)
    context.notice_client = client


@step('a notice arrives for "{email:Q}" saying "{what:Q}"')
def step_notice(context, email, what):
    deadline = time.monotonic() + 20
    while True:
        mail = next_mail(context, email, max(0.1, deadline - time.monotonic()))
        if mail.code is None:
            break
    context.last_mail = mail
    text = re.sub(r"\s+", " ", mail.text or "")
    assert what in text, "the notice does not say %r: %s" % (what, mail.describe())


@step('the notice names the client address "{client:Q}" and says what to do if it was not them')
def step_notice_client(context, client):
    text = re.sub(r"\s+", " ", context.last_mail.text or "")
    assert client in text, "the notice does not name %s: %s" % (client, context.last_mail.describe())
    assert "If this was not you" in text, "the notice does not say what to do: %s" % context.last_mail.describe()
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", text), \
        "the notice does not say when: %s" % context.last_mail.describe()


@step("the notice has no code and no link")
def step_notice_clean(context):
    mail = context.last_mail
    assert mail.code is None, "the notice carries a code: %s" % mail.describe()
    for part in (mail.text or "", mail.html or ""):
        assert not re.search(r"https?://|href=", part), "the notice carries a link: %s" % mail.describe()
