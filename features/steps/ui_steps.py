"""Steps of features/ui_journey.feature: a person using the hosted pages in Chromium (see
bddsupport/browser.py), with the mailed code from the suite's SMTP sink and the authenticator
app's codes computed from the secret the page shows."""
import os

from behave import step
from selenium.webdriver.common.by import By

import bddsupport.steptypes  # noqa: F401
from bddsupport.api import describe
from bddsupport.browser import Browser
from bddsupport.helpers import expect_code_mail, expect_status, json_of, login, token_of
from bddsupport.second_factor import Factor

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Kept with the run's artifacts; copied over the README's pictures in docs/ui/ when
# AUTHLENS_UPDATE_SCREENSHOTS=1 (so that `make test` leaves the tracked files alone).
SHOTS = os.path.join(REPO, "features", "artifacts", "ui")
DOCS_SHOTS = os.path.join(REPO, "docs", "ui")


def _browser(context):
    assert getattr(context, "browser", None) is not None, "no browser in this scenario"
    return context.browser


def _shot(context, name):
    browser = _browser(context)
    browser.screenshot(os.path.join(SHOTS, name + ".png"))
    if os.environ.get("AUTHLENS_UPDATE_SCREENSHOTS") == "1":
        browser.screenshot(os.path.join(DOCS_SHOTS, name + ".png"))


def _sessions(browser):
    return browser.driver.find_elements(By.CSS_SELECTOR, "#session-list li[data-session-id]")


def _account_loaded(browser):
    browser.on_page("/ui/account")
    browser.until(lambda d: d.find_element(By.ID, "who").text != "", "the account page's address")
    browser.until(lambda d: len(_sessions(browser)) > 0, "the account page's sessions")


@step("a browser whose device can hold passkeys")
def step_browser(context):
    os.makedirs(SHOTS, exist_ok=True)
    context.browser = Browser(context.service.base_url, os.path.join(SHOTS, "chromedriver.log"))
    context.cleanups.append(context.browser.close)


@step('a person signs up on the sign-up page as "{email}" with password "{password}" and the mailed code')
def step_sign_up(context, email, password):
    browser = _browser(context)
    context.secrets.add("password", password)
    context.passwords[email] = password
    context.ui_email = email
    browser.open("/ui/sign-up")
    browser.fill("email", email)
    browser.fill("password", password)
    _shot(context, "sign-up")
    browser.submit("register")
    browser.visible("confirm")
    code = expect_code_mail(context, email)
    browser.fill("code", code)
    _shot(context, "sign-up-code")
    browser.submit("confirm")


@step('the account page shows "{email}"')
def step_account_shows(context, email):
    browser = _browser(context)
    _account_loaded(browser)
    assert browser.element("who").text == email, browser.element("who").text
    token = browser.session_storage_token()
    assert token, "the page keeps no token"
    context.secrets.add("token", token)


def _step_up(browser, prefix, context):
    browser.fill(prefix + "-password", context.passwords[context.ui_email])
    code_field = browser.element(prefix + "-code")
    if code_field.is_displayed():
        code_field.send_keys(context.ui_factor.next_code())


@step('they add a passkey named "{name}" on the account page')
def step_add_passkey(context, name):
    browser = _browser(context)
    browser.fill("passkey-name", name)
    _step_up(browser, "add", context)
    browser.submit("passkey-add")
    browser.until(lambda d: "is added" in d.find_element(By.ID, "page-status").text,
                  "the passkey added")


@step('the account page lists the passkey "{name}"')
def step_lists_passkey(context, name):
    browser = _browser(context)
    items = browser.driver.find_elements(By.CSS_SELECTOR, "#passkey-list li[data-passkey-id]")
    names = [i.text.splitlines()[0] for i in items]
    assert names == [name], "passkeys listed: %s" % names
    _shot(context, "account-passkey")


@step("the browser's device holds one passkey for the site")
def step_device_holds(context):
    credentials = _browser(context).credentials()
    assert len(credentials) == 1, "the virtual authenticator holds %d credentials" % len(credentials)
    credential = credentials[0]
    assert credential.is_resident_credential, "the passkey is not discoverable (resident)"
    assert credential.rp_id == "localhost", credential.rp_id


@step("they sign out on the account page")
def step_sign_out(context):
    browser = _browser(context)
    browser.click("sign-out")
    browser.on_page("/ui/sign-in")
    browser.until(lambda d: "signed out" in d.find_element(By.ID, "notice").text, "the signed-out notice")
    assert browser.session_storage_token() is None, "the token outlived the sign-out"


@step("they sign in on the sign-in page with the passkey, typing no address")
def step_sign_in_passkey(context):
    browser = _browser(context)
    assert browser.element("email").get_attribute("value") == "", "an address was typed"
    _shot(context, "sign-in")
    browser.click("passkey-sign-in")


@step("the account page says this session signed in with a passkey")
def step_session_passkey(context):
    browser = _browser(context)
    current = [s for s in _sessions(browser) if "This session" in s.text]
    assert len(current) == 1, [s.text for s in _sessions(browser)]
    assert "with a passkey" in current[0].text, current[0].text


@step('"{email}" signs in on another device with the password')
def step_other_device(context, email):
    expect_status(login(context, email, context.passwords[email], device="other device"), 200)
    browser = _browser(context)
    browser.driver.refresh()
    _account_loaded(browser)


@step("the account page lists {count:d} session")
@step("the account page lists {count:d} sessions")
def step_session_count(context, count):
    browser = _browser(context)
    browser.until(lambda d: len(_sessions(browser)) == count,
                  "%d sessions listed (%d are)" % (count, len(_sessions(browser))))
    if count == 2:
        _shot(context, "account-sessions")


@step("they end the other session on the account page")
def step_end_other(context):
    browser = _browser(context)
    others = [s for s in _sessions(browser) if "This session" not in s.text]
    assert len(others) == 1, [s.text for s in _sessions(browser)]
    others[0].find_element(By.CSS_SELECTOR, "button").click()
    browser.until(lambda d: "has ended" in d.find_element(By.ID, "page-status").text, "the session ended")


@step("the other device's token is refused")
def step_other_refused(context):
    r = context.api.get("/me", token=token_of(context, "other device"))
    assert r.status_code == 401, describe(r)


@step("they turn on the authenticator app on the account page")
def step_totp_on(context):
    browser = _browser(context)
    browser.fill("totp-on-password", context.passwords[context.ui_email])
    browser.submit("totp-on")
    browser.visible("totp-confirm")
    browser.until(lambda d: d.find_element(By.CSS_SELECTOR, "#totp-qr svg"), "the QR code")
    secret = browser.element("totp-secret").text
    assert secret, "the page shows no key"
    context.secrets.add("totp secret", secret)
    context.ui_factor = Factor(secret)
    _shot(context, "account-totp")
    browser.fill("totp-first-code", context.ui_factor.next_code())
    browser.submit("totp-confirm")


@step("the account page shows {count:d} recovery codes once")
def step_recovery_codes(context, count):
    browser = _browser(context)
    browser.visible("recovery-codes")
    codes = [li.text for li in browser.driver.find_elements(By.CSS_SELECTOR, "#recovery-list li")]
    assert len(codes) == count and len(set(codes)) == count, codes
    for code in codes:
        context.secrets.add("recovery code", code)
    assert "On." in browser.element("totp-state").text, browser.element("totp-state").text
    browser.click("recovery-done")
    assert not browser.driver.find_elements(By.CSS_SELECTOR, "#recovery-list li"), "codes still shown"
    browser.driver.refresh()
    _account_loaded(browser)
    assert not browser.element("recovery-codes").is_displayed(), "codes shown again after a reload"


@step("they sign in on the sign-in page with the password and the authenticator's code")
def step_sign_in_totp(context):
    browser = _browser(context)
    browser.fill("email", context.ui_email)
    browser.fill("password", context.passwords[context.ui_email])
    browser.submit("password-form")
    browser.visible("second-factor")
    browser.fill("sf-code", context.ui_factor.next_code())
    _shot(context, "sign-in-second-factor")
    browser.submit("second-factor")


@step("the pages never put the token in a URL")
def step_token_not_in_url(context):
    browser = _browser(context)
    token = browser.session_storage_token()
    urls = [browser.driver.current_url] + browser.driver.execute_script(
        "return performance.getEntries().map((e) => e.name)")
    leaked = [u for u in urls if token in u]
    assert not leaked, "the token is in a URL: %s" % leaked
    r = context.api.get("/me", token=token)
    expect_status(r, 200)
    assert json_of(r)["email"] == context.ui_email


@step('a person signs in on the sign-in page as "{email}" with password "{password}"')
def step_sign_in_wrong(context, email, password):
    browser = _browser(context)
    browser.open("/ui/sign-in")
    browser.fill("email", email)
    browser.fill("password", password)
    browser.submit("password-form")


@step("a person signs in on the sign-in page with a passkey the device does not hold")
def step_sign_in_no_passkey(context):
    browser = _browser(context)
    assert not browser.credentials(), "the device already holds a passkey"
    browser.open("/ui/sign-in")
    browser.click("passkey-sign-in")


@step('the sign-in page says "{text}"')
def step_sign_in_says(context, text):
    browser = _browser(context)
    browser.until(lambda d: text in browser.errors(), "the words %r (shown: %s)" % (text, browser.errors()))
    assert browser.session_storage_token() is None, "a token was kept"
    browser.on_page("/ui/sign-in")


@step("a person opens the account page without signing in")
def step_open_account(context):
    _browser(context).open("/ui/account")


@step("the browser is on the sign-in page")
def step_on_sign_in(context):
    _browser(context).on_page("/ui/sign-in")
