"""A real SMTP server on loopback (aiosmtpd) that keeps every accepted message per recipient.

It binds port 0 and reports the port the system gave it, so no two test runs race for one. A mail
outage keeps the port (giving it up and taking it back would be a race of its own): while "down"
the server answers every greeting, and every new message on a session already open, with 421,
the SMTP way of saying "not available, try later".
It can also be slow (a delay before it answers each message) or refuse recipients for good (550)."""
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


DOWN_REPLY = "421 Service not available, closing transmission channel"


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        if self.sink.down:
            return [DOWN_REPLY]
        session.host_name = hostname  # the 5-argument hook takes this over from aiosmtpd
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):  # noqa: N802
        if self.sink.down:
            return DOWN_REPLY
        session.host_name = hostname
        return "250 %s" % server.hostname

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        # An outage reaches sessions opened before it too (a client keeps its session for the
        # next message): the relay says it is closing.
        if self.sink.down:
            return DOWN_REPLY
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

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


class _PortZeroController(Controller):
    """aiosmtpd's Controller on port 0: its readiness check connects to self.port, so learn the
    bound port first."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class MailSink:
    def __init__(self, host="127.0.0.1"):
        self.host = host
        self.port = None  # known once started
        self.down = False
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
        assert self.port is not None, "the mail sink has not been started"
        return "smtp://%s:%d" % (self.host, self.port)

    @property
    def running(self):
        return self._controller is not None and not self.down

    def start(self):
        """Starts listening (first time), or ends an outage."""
        self.down = False
        if self._controller is None:
            controller = _PortZeroController(_Handler(self), hostname=self.host, port=0,
                                             ready_timeout=5.0)
            controller.start()
            self._controller = controller
            self.port = controller.port

    def stop(self):
        """A mail outage: every new SMTP session is refused with 421 until start()."""
        self.down = True

    def close(self):
        if self._controller is not None:
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
