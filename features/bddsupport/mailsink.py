"""A real SMTP server on loopback (aiosmtpd) that keeps every accepted message per recipient.

It can be stopped and started again on the same port, to simulate a mail outage; it can also be
slow (a delay before it answers each message) or refuse recipients for good (550)."""
import asyncio
import email
import email.policy
import re
import threading
import time

from aiosmtpd.controller import Controller

CODE_LINE = re.compile(r"^\s*(\d{6})\s*$")


class Mail:
    """One message as the SMTP server accepted it."""

    def __init__(self, mail_from, rcpt, raw, received_at):
        self.mail_from = mail_from
        self.rcpt = rcpt
        self.raw = raw
        self.received_at = received_at
        self.message = email.message_from_bytes(raw, policy=email.policy.default)

    @property
    def subject(self):
        return str(self.message.get("Subject", "") or "")

    @property
    def from_header(self):
        return str(self.message.get("From", "") or "")

    def _part(self, subtype):
        part = self.message.get_body(preferencelist=(subtype,))
        if part is None or part.get_content_subtype() != subtype:
            return None
        return part.get_content()

    @property
    def text(self):
        return self._part("plain")

    @property
    def html(self):
        return self._part("html")

    @property
    def code(self):
        """The first line of the text part that is exactly six digits, or None."""
        text = self.text
        if text is None:
            return None
        for line in text.splitlines():
            m = CODE_LINE.match(line)
            if m:
                return m.group(1)
        return None

    def describe(self):
        return "from=%r subject=%r text=%r" % (self.from_header, self.subject, (self.text or "")[:300])


def mailbox_key(address):
    return address.strip().lower()


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self.sink.rcpt_attempts += 1
        if self.sink.rejects(address):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.sink.delay_s > 0:
            await asyncio.sleep(self.sink.delay_s)
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        self.sink._store(envelope.mail_from, list(envelope.rcpt_tos), raw)
        return "250 Message accepted for delivery"


class MailSink:
    def __init__(self, port, host="127.0.0.1"):
        self.host = host
        self.port = port
        self._cond = threading.Condition()
        self._boxes = {}
        self._controller = None
        self.delay_s = 0.0           # a slow relay: seconds before each message is answered
        self.rejected = set()        # mailbox keys refused with 550 at RCPT TO
        self.rcpt_attempts = 0       # RCPT TO commands seen (accepted or not)

    def rejects(self, address):
        return mailbox_key(address) in self.rejected

    @property
    def url(self):
        return "smtp://%s:%d" % (self.host, self.port)

    @property
    def running(self):
        return self._controller is not None

    def start(self):
        if self._controller is not None:
            return
        deadline = time.monotonic() + 10
        while True:
            controller = Controller(_Handler(self), hostname=self.host, port=self.port,
                                    ready_timeout=5.0)
            try:
                controller.start()
                break
            except OSError:
                # The port may still be held for a moment after a stop; bounded retry.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self._controller = controller

    def stop(self):
        if self._controller is None:
            return
        self._controller.stop()
        self._controller = None

    def reset(self):
        with self._cond:
            self._boxes.clear()
        self.delay_s = 0.0
        self.rejected = set()
        self.rcpt_attempts = 0

    def _store(self, mail_from, rcpts, raw):
        now = time.monotonic()
        with self._cond:
            for rcpt in rcpts:
                self._boxes.setdefault(mailbox_key(rcpt), []).append(Mail(mail_from, rcpt, raw, now))
            self._cond.notify_all()

    def messages(self, address):
        with self._cond:
            return list(self._boxes.get(mailbox_key(address), []))

    def count(self, address):
        return len(self.messages(address))

    def wait_for(self, address, index, timeout):
        """Wait until message number `index` (0-based) for `address` has arrived; return it or None."""
        key = mailbox_key(address)
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._boxes.get(key, [])) <= index:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)
            return self._boxes[key][index]

    def all_recipients(self):
        with self._cond:
            return {k: len(v) for k, v in self._boxes.items()}
