"""Steps about the mail that really arrived at the SMTP server, and about mail outages and
service restarts."""
import time

from behave import step

import bddsupport.steptypes  # noqa: F401
from bddsupport.api import describe
from bddsupport.helpers import (MAIL_TIMEOUT_S, confirm, OUTBOX_WAIT_S, RETRY_WINDOW_S, expect_code_mail,
                                expect_no_new_mail, next_mail, remember_code, start_service,
                                restart_with, stop_service, wait_cooldown)
from bddsupport.mailsink import mailbox_key
from bddsupport.service import SENDER_EMAIL


@step('a verification code arrives by mail for "{email:Q}"')
@step('a new verification code arrives by mail for "{email:Q}"')
@step('a password reset code arrives by mail for "{email:Q}"')
def step_code_arrives(context, email):
    expect_code_mail(context, email)


@step('a mail arrives for "{email:Q}" saying the address already has an account')
def step_existing_account_mail(context, email):
    mail = next_mail(context, email)
    remember_code(context, email, mail)
    assert "already has an account" in (mail.text or ""), "not the existing-account mail: %s" % mail.describe()


@step("the mail says the code expires in {minutes:d} minutes")
def step_mail_lifetime_minutes(context, minutes):
    mail = context.last_mail
    assert mail is not None and "expires in %d minutes" % minutes in (mail.text or ""), \
        "the mail does not say the code expires in %d minutes: %s" % (minutes, mail and mail.describe())


@step("the mail says the code expires in at most {seconds:d} seconds")
def step_mail_lifetime_seconds(context, seconds):
    import re
    mail = context.last_mail
    m = re.search(r"expires in (\d+) seconds?", (mail.text or "") if mail else "")
    assert m and 0 < int(m.group(1)) <= seconds, \
        "the mail does not give a lifetime of at most %d seconds: %s" % (seconds, mail and mail.describe())


@step('a mail without a code arrives for "{email:Q}"')
def step_notice_arrives(context, email):
    mail = next_mail(context, email)
    assert mail.text is not None, "the mail has no text part: %s" % mail.describe()
    assert mail.code is None, "the notice mail carries a code: %s" % mail.describe()


@step('the mail comes from "{sender:Q}" with a subject, and shows the code in its text and HTML parts')
def step_mail_shape(context, sender):
    assert sender == SENDER_EMAIL
    mail = context.last_mail
    assert mail is not None, "no mail was received"
    assert sender in mail.from_header, "From is %r, not %s" % (mail.from_header, sender)
    assert mail.subject.strip(), "the mail has no subject: %s" % mail.describe()
    code = mail.code
    assert code is not None, "no code line in the text part: %s" % mail.describe()
    assert mail.html is not None, "the mail has no HTML part: %s" % mail.describe()
    assert code in mail.html, "the HTML part does not show the code"


@step('no mail arrives for "{email:Q}"')
def step_no_mail(context, email):
    expect_no_new_mail(context, email)


@step('the resend cooldown for "{email:Q}" has passed')
@step('the resend cooldown since my last request for "{email:Q}" has passed')
def step_cooldown(context, email):
    wait_cooldown(context, email)


@step("the mail server is down")
@step("the mail server stops")
def step_mail_down(context):
    context.mail.stop()


@step("the mail server comes back")
def step_mail_up(context):
    context.mail.start()


@step("the mail waits in the outbox while the mail server is down")
def step_outbox_waits(context):
    assert not context.mail.running
    time.sleep(OUTBOX_WAIT_S)  # long enough for a few failed delivery attempts
    assert context.service is None or context.service.running(), "the service died while mail was down"


@step("the service is stopped")
def step_service_stopped(context):
    stop_service(context)


@step("the service is started again on the same database")
def step_service_restarted(context):
    start_service(context)


@step("I wait past several retry intervals")
def step_wait_retries(context):
    time.sleep(RETRY_WINDOW_S)


@step('exactly {count:d} mail has arrived for "{email:Q}"')
@step('exactly {count:d} mails have arrived for "{email:Q}"')
def step_exact_count(context, count, email):
    got = context.mail.messages(email)
    assert len(got) == count, "expected %d mail(s) for %s, got %d:\n%s" % (
        count, mailbox_key(email), len(got), "\n".join(m.describe() for m in got))


@step('the mails queued for "{email:Q}" arrive')
def step_queued_arrive(context, email):
    mail = next_mail(context, email, MAIL_TIMEOUT_S)
    remember_code(context, email, mail)
    # More may follow (one per request that queued a mail); take them all, bounded.
    while True:
        more = context.mail.wait_for(email, context.mail_seen[mailbox_key(email)], RETRY_WINDOW_S)
        if more is None:
            break
        mail = next_mail(context, email, 0.1)
        remember_code(context, email, mail)


@step('one of the codes that arrived confirms "{email:Q}"')
def step_one_code_confirms(context, email):
    # Mail sent while the mail server was down may arrive out of order (each message has its own
    # retry schedule), so the user tries the codes from the newest mail back.
    codes = [m.code for m in context.mail.messages(email) if m.code]
    assert codes, "no code arrived for %s" % email
    tried = []
    for code in reversed(codes):
        r = confirm(context, email, code)
        tried.append(describe(r))
        if r.status_code == 200:
            return
    raise AssertionError("none of the %d mailed codes confirmed %s:\n%s" % (len(codes), email, "\n".join(tried)))



@step("codes expire after {seconds:d} seconds")
def step_code_ttl(context, seconds):
    restart_with(context, AUTHLENS_CODE_TTL=seconds)
    context.code_ttl_s = seconds


@step('the code mailed to "{email:Q}" has expired')
def step_code_expired(context, email):
    ttl = getattr(context, "code_ttl_s", None)
    assert ttl is not None, "this scenario did not shorten the code lifetime"
    arrived = context.last_mail_at.get(mailbox_key(email))
    assert arrived is not None, "no code was mailed to %s" % email
    remaining = arrived + ttl + 1.5 - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


@step("the password hashing is made stronger")
def step_stronger_hashing(context):
    restart_with(context, AUTHLENS_ARGON2_OPSLIMIT=2, AUTHLENS_ARGON2_MEMLIMIT=16777216)


@step("the service restarts")
def step_restarts(context):
    restart_with(context)
