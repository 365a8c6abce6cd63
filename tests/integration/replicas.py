"""Two authlens replicas on one PostgreSQL 15, and the faults a database has.

First the scale-out story (a session made on one replica is valid on the other, a logout on one
revokes it everywhere, the shared outbox delivers each message once). Then, each on a throwaway
cluster of its own (tests/integration/pgcluster.py) and under mixed load (sign-ups, confirms,
logins, GET /me, resets) of at most 20 s:

  kill9       kill -9 of the postmaster under load, then a start (crash recovery)
  freeze      SIGSTOP of every PostgreSQL process for 8 s, then SIGCONT
  split       a confirm and a reset whose second half fails (accounts table locked; database
              read-only) answer 503, and the same code then works: 200
  stale-pool  a restart while the replicas are idle: their first requests after it get 200
  sigterm     SIGTERM of one replica under load: /readyz 503 first, every request answered

Each checks that nothing acknowledged was lost (every 200 confirm can log in with its password,
every 200 reset is in effect, every 202 has exactly one mail, the outbox drains), that no answer
is a 500 or missing, and the timings: every answer within the store timeout plus 1 s, /healthz in
milliseconds, /readyz 503 while the database is out and 200 once (and for good) after. Figures
are printed per scenario (the README's fault table comes from them).

Run by scripts/test.d/postgres.sh with AUTHLENS_BIN (and PG_BIN) set:
  python3 tests/integration/replicas.py [SCENARIO ...]     (default: all)
"""
import http.client
import json
import os
import pathlib
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcluster import Cluster  # noqa: E402

STORE_TIMEOUT_S = 3.0        # AUTHLENS_STORE_TIMEOUT_MS, its documented default
ANSWER_BOUND_S = STORE_TIMEOUT_S + 1.0
HEALTHZ_BOUND_S = 0.25       # "milliseconds", with room for a sanitizer build on a shared machine
PROBE_MS = 500               # AUTHLENS_WRITE_PROBE_MS for these runs (default 5000)
DRAIN_GRACE_S = 2.0          # AUTHLENS_DRAIN_GRACE_MS, its documented default
WORKERS = 6

# Checks of behaviour still being built, named in AUTHLENS_FAULTS_WIP (e.g. "split"): reported,
# not failed. Empty by default: every check counts.
WIP = set(os.environ.get("AUTHLENS_FAULTS_WIP", "").split(",")) - {""}


# ---------------------------------------------------------------------------------------------
# HTTP

class Answer:
    def __init__(self, status, body, headers, started, ended, error=None):
        self.status, self.body, self.headers = status, body, headers
        self.started, self.ended, self.error = started, ended, error

    @property
    def seconds(self):
        return self.ended - self.started

    @property
    def code(self):
        return self.body.get("code") if isinstance(self.body, dict) else None

    def __repr__(self):
        return f"<{self.status} {self.code or ''} {self.seconds:.2f}s {self.error or ''}>"


def call(base, method, path, body=None, token=None, timeout=15.0):
    """One request on a connection of its own; a failure to get an answer is an Answer too."""
    url = urllib.parse.urlsplit(base)
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    started = time.monotonic()
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        ended = time.monotonic()
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        return Answer(response.status, parsed, dict(response.getheaders()), started, ended)
    except (OSError, http.client.HTTPException) as e:
        return Answer(None, None, {}, started, time.monotonic(), error=type(e).__name__ + ": " + str(e))
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------
# The service

class Replica:
    def __init__(self, name, database_url, mail_dir, workdir, extra=None):
        self.name = name
        # Port 0: the replica reports the ports it got in its ready file (no port picked in advance).
        ready_file = workdir / f"{name}.ready.json"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTHLENS_", "OTEL_", "SMTP_"))}
        env.update({
            "AUTHLENS_HTTP_ADDR": "127.0.0.1:0",
            "AUTHLENS_ADMIN_ADDR": "127.0.0.1:0",
            "AUTHLENS_READY_FILE": str(ready_file),
            "AUTHLENS_DATABASE_URL": database_url,
            "AUTHLENS_MAIL_DIR": str(mail_dir),
            "AUTHLENS_MAIL_POLL_MS": "100",
            "AUTHLENS_ARGON2_OPSLIMIT": "1",
            "AUTHLENS_ARGON2_MEMLIMIT": "8192",
            "AUTHLENS_WRITE_PROBE_MS": str(PROBE_MS),
            # Every user of the load comes from 127.0.0.1: per-client budgets would be the test.
            "AUTHLENS_MAIL_BUDGET_PER_HOUR": "1000000",
            "AUTHLENS_LOGIN_FAILURES_PER_CLIENT": "1000000",
            "AUTHLENS_CODE_FAILURES_PER_CLIENT": "1000000",
            "OTEL_TRACES_EXPORTER": "none",
        })
        env.update(extra or {})
        self.log_path = workdir / f"{name}.log"
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen([os.path.abspath(os.environ["AUTHLENS_BIN"])], env=env, cwd=workdir,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        self.admin = None
        while time.monotonic() < deadline:
            if self.admin is None and ready_file.exists():
                ports = json.loads(ready_file.read_text())
                self.http, self.admin = "http://" + ports["http"], "http://" + ports["admin"]
            if self.admin is not None and call(self.admin, "GET", "/readyz", timeout=2).status == 200:
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited with {self.process.returncode}")
            time.sleep(0.05)  # polling readiness
        self.kill()
        raise RuntimeError(f"{name} did not become ready")

    def alive(self):
        return self.process.poll() is None

    def signal(self, sig):
        self.process.send_signal(sig)

    def wait(self, timeout):
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.log.close()

    def stop(self):
        if self.process.poll() is None:
            self.signal(signal.SIGTERM)
        try:
            return self.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            return "killed after 30 s"

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def log_lines(self):
        lines = []
        for raw in self.log_path.read_text(errors="replace").splitlines():
            try:
                lines.append(json.loads(raw))
            except ValueError:
                pass
        return lines


class Mailbox:
    """The dev mailer's .eml files, shared by the replicas."""

    def __init__(self, folder):
        self.folder = folder

    def messages(self, address):
        found = []
        for path in sorted(self.folder.glob("*.eml")):
            text = path.read_bytes().decode(errors="replace")  # keep the CRLFs
            if f"To: {address}\r\n" in text:
                found.append(text)
        return found

    def count(self, address, subject):
        return sum(1 for m in self.messages(address) if subject in m)

    def code(self, address, subject, deadline_s=20):
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            for text in reversed(self.messages(address)):
                if subject in text:
                    match = re.search(r"\r\n(\d{6})\r\n", text)
                    if match:
                        return match.group(1)
            time.sleep(0.1)  # polling the mail folder
        return None


VERIFY = "verification code"
RESET = "password reset code"


# ---------------------------------------------------------------------------------------------
# Load

class Balancer:
    """What a load balancer does: probes each replica's /readyz (and /healthz) every 100 ms and
    sends requests only to replicas that said 200 last (to any, when none did)."""

    def __init__(self, replicas):
        self.replicas = list(replicas)
        self.ready = {r.name: True for r in self.replicas}
        self.samples = []  # (time, replica, route, status, seconds)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._probe, daemon=True)
        self.thread.start()

    def _probe(self):
        while not self.stopping.is_set():
            for r in self.replicas:
                if not r.alive():
                    self.ready[r.name] = False
                    continue
                for route in ("/readyz", "/healthz"):
                    a = call(r.admin, "GET", route, timeout=10)
                    with self.lock:
                        self.samples.append((a.started, r.name, route, a.status, a.seconds))
                    if route == "/readyz":
                        self.ready[r.name] = a.status == 200
            self.stopping.wait(0.1)

    def pick(self):
        ready = [r for r in self.replicas if self.ready.get(r.name) and r.alive()]
        return random.choice(ready or [r for r in self.replicas if r.alive()] or self.replicas)

    def stop(self):
        self.stopping.set()
        self.thread.join()

    def readyz(self, name, since=0.0):
        with self.lock:
            return [(t, s) for (t, n, route, s, _) in self.samples if n == name and route == "/readyz" and t >= since]

    def healthz_max(self, since=0.0):
        with self.lock:
            times = [sec for (t, _, route, _, sec) in self.samples if route == "/healthz" and t >= since]
        return max(times) if times else 0.0


class Load:
    """WORKERS threads, each running user journeys (sign up, confirm, log in, GET /me and, every
    other user, forgot, reset, log in with the new password) until stopped. A 503 is retried
    after its Retry-After with the same body (the same code), as a client should."""

    def __init__(self, balancer, mailbox, tag, reset_every=2):
        self.balancer, self.mailbox, self.tag = balancer, mailbox, tag
        self.reset_every = reset_every
        self.answers = []          # (replica, route, Answer)
        self.acked = {}            # email -> the password the service acknowledged last
        self.wanted_mail = {}      # (email, subject) -> True once a 202 asked for it
        self.problems = []
        self.half_done = []        # a code spent by a step that answered 503 and did not act
        self.lost_acks = []        # a step that committed, its answer lost with the connection
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.counter = 0
        self.threads = [threading.Thread(target=self._work, args=(i,), daemon=True) for i in range(WORKERS)]

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=60)

    def _send(self, route, body=None, token=None, method="POST"):
        """Sends until an answer that is not a 503 (or the load stops); every answer recorded."""
        retried = False
        while True:
            replica = self.balancer.pick()
            a = call(replica.http, method, route, body, token)
            with self.lock:
                self.answers.append((replica.name, route, a))
            if retried and a.status == 400 and a.code == "invalid_code":
                # The 503 before spent the code: the step either committed and its answer was lost
                # with the connection (its effect shows: _settle_spent), or it is half done.
                a.half_done = f"{route} {body.get('email')}: 503, then {a}"
            if a.status != 503:
                return a
            retried = True
            if self.stopping.is_set():
                return a
            time.sleep(float(a.headers.get("Retry-After", "1")))

    def _settle_spent(self, a, email, password):
        """A retried step found its code spent. If the password it was to set logs in, the step
        had committed and only its answer was lost with the connection (a database killed between
        COMMIT and its acknowledgement): nothing lost, counted. Otherwise the flow is half done."""
        login = self._send("/login", {"email": email, "password": password})
        with self.lock:
            if login.status == 200:
                self.lost_acks.append(a.half_done)
                self.acked[email] = password
            else:
                self.half_done.append(a.half_done + f"; the password it was to set: {login}")
        return login.status == 200

    def _fail(self, what):
        with self.lock:
            self.problems.append(what)

    def _journey(self, n):
        email = f"{self.tag}-{n}@example.com"
        password = f"lantern {secrets.token_hex(6)} orbit"
        a = self._send("/register", {"email": email, "password": password})
        if a.status != 202:
            return self._fail(f"register {email}: {a}") if a.status != 503 else None
        self.wanted_mail[(email, VERIFY)] = True
        code = self.mailbox.code(email, VERIFY)
        if code is None:
            return self._fail(f"no verification code mailed to {email}")
        a = self._send("/register/confirm", {"email": email, "code": code, "password": password})
        if getattr(a, "half_done", False):
            if not self._settle_spent(a, email, password):
                return None
        elif a.status != 200:
            return self._fail(f"confirm {email} with its code: {a}") if a.status != 503 else None
        self.acked[email] = password
        a = self._send("/login", {"email": email, "password": password})
        if a.status != 200:
            return self._fail(f"login {email}: {a}") if a.status != 503 else None
        a = self._send("/me", token=a.body["access_token"], method="GET")
        if a.status != 200:
            return self._fail(f"GET /me {email}: {a}") if a.status != 503 else None
        if n % self.reset_every:
            return
        a = self._send("/password/forgot", {"email": email})
        if a.status != 202:
            return self._fail(f"forgot {email}: {a}") if a.status != 503 else None
        self.wanted_mail[(email, RESET)] = True
        code = self.mailbox.code(email, RESET)
        if code is None:
            return self._fail(f"no reset code mailed to {email}")
        new_password = f"harbour {secrets.token_hex(6)} quill"
        a = self._send("/password/reset", {"email": email, "code": code, "new_password": new_password})
        if getattr(a, "half_done", False):
            if not self._settle_spent(a, email, new_password):
                return None
        elif a.status != 200:
            return self._fail(f"reset {email} with its code: {a}") if a.status != 503 else None
        self.acked[email] = new_password
        a = self._send("/login", {"email": email, "password": new_password})
        if a.status != 200 and a.status != 503:
            self._fail(f"login {email} after reset: {a}")

    def _work(self, worker):
        while not self.stopping.is_set():
            with self.lock:
                self.counter += 1
                n = self.counter
            try:
                self._journey(n)
            except Exception as e:  # noqa: BLE001 (a bug in the load is a failure of the run)
                self._fail(f"journey {n} raised {e!r}")


# ---------------------------------------------------------------------------------------------
# Checks

class Report:
    def __init__(self):
        self.failures = []
        self.wip_failures = []
        self.figures = []

    def check(self, condition, what, wip=False):
        print(("ok   " if condition else ("WIP  " if wip else "FAIL ")) + what, flush=True)
        if not condition:
            (self.wip_failures if wip else self.failures).append(what)

    def figure(self, scenario, text):
        line = f"{scenario}: {text}"
        print("     " + line, flush=True)
        self.figures.append(line)


def check_answers(report, name, load, window=None):
    """No 500, no request without an answer, every 503 unavailable/overloaded with Retry-After,
    every answer within the bound."""
    answers = [a for (_, _, a) in load.answers if window is None or window[0] <= a.started <= window[1]]
    statuses = {}
    for a in answers:
        statuses[a.status] = statuses.get(a.status, 0) + 1
    unanswered = [a for a in answers if a.status is None]
    server_errors = [a for a in answers if a.status is not None and a.status >= 500 and a.status != 503]
    bad_503 = [a for a in answers if a.status == 503 and
               (a.code not in ("unavailable", "overloaded") or "Retry-After" not in a.headers)]
    slow = [a for a in answers if a.seconds > ANSWER_BOUND_S]
    longest = max((a.seconds for a in answers), default=0.0)
    report.check(not unanswered, f"{name}: every request got an answer ({len(unanswered)} did not: {unanswered[:3]})")
    report.check(not server_errors, f"{name}: no 5xx other than 503 ({server_errors[:3]})")
    report.check(not bad_503, f"{name}: every 503 is unavailable or overloaded with Retry-After ({bad_503[:3]})")
    report.check(not slow, f"{name}: every answer within {ANSWER_BOUND_S:.1f} s (slowest {longest:.2f} s)")
    report.check(not load.problems, f"{name}: every journey ended as it should ({load.problems[:3]})")
    report.check(not load.half_done, f"{name}: no retried confirm or reset found its code spent "
                                     f"without its effect ({load.half_done[:3]}; committed with "
                                     f"the answer lost: {len(load.lost_acks)} {load.lost_acks[:2]})",
                 wip="split" in WIP)
    return statuses, longest


def check_nothing_lost(report, name, load, replicas, cluster, mailbox):
    """Every acknowledged password logs in; every 202 has exactly one mail; the outbox drains."""
    wrong = []
    for email, password in sorted(load.acked.items()):
        a = call(random.choice(replicas).http, "POST", "/login", {"email": email, "password": password})
        if a.status != 200:
            wrong.append((email, a))
    report.check(not wrong, f"{name}: all {len(load.acked)} acknowledged passwords log in ({wrong[:3]})")
    # A message whose delivery the fault interrupted keeps its lease (60 s) before another
    # claim may take it: the outbox drains within a lease, not at once.
    deadline = time.monotonic() + 75
    pending = None
    while time.monotonic() < deadline:
        pending = int(cluster.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"))
        if pending == 0:
            break
        time.sleep(0.2)  # polling the outbox
    report.check(pending == 0, f"{name}: the outbox drains ({pending} unsent)")
    counts = {key: mailbox.count(*key) for key in load.wanted_mail}
    not_one = {key: n for key, n in counts.items() if n != 1}
    report.check(not not_one, f"{name}: each of {len(counts)} accepted mail requests has exactly one mail "
                              f"({list(not_one.items())[:3]})")


def first_time(samples, status, since):
    for t, s in samples:
        if t >= since and s == status:
            return t
    return None


def after(times, since):
    """ "a 0.12 s, b 0.30 s": when each replica did something, counted from `since`."""
    return ", ".join(f"{name} {t - since:.2f} s" for name, t in sorted(times.items()))


def check_readyz_down(report, name, run, since, bound, bound_text):
    """Each replica's /readyz said 503 within `bound` of `since`; returns the times, as text."""
    downs = []
    for r in run.replicas:
        down = first_time(run.balancer.readyz(r.name), 503, since)
        text = "never" if down is None else "%.2f s" % (down - since)
        downs.append(text)
        report.check(down is not None and down - since <= bound,
                     f"{name}: /readyz of {r.name} said 503 within {bound_text} ({text})")
    return downs


def check_readyz_recovery(report, name, balancer, replicas, since, hold_s=2.0):
    """/readyz says 200 again after `since`, and once it does, never 503 again (for hold_s)."""
    recovered = {}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(recovered) < len(replicas):
        for r in replicas:
            t = first_time(balancer.readyz(r.name), 200, since)
            if t is not None:
                recovered[r.name] = t
        time.sleep(0.1)  # polling the balancer's samples
    time.sleep(hold_s)  # the window in which a flap would show
    for r in replicas:
        t = recovered.get(r.name)
        report.check(t is not None, f"{name}: /readyz of {r.name} says 200 again")
        if t is None:
            continue
        after = [s for (ts, s) in balancer.readyz(r.name, t)]
        report.check(all(s == 200 for s in after),
                     f"{name}: /readyz of {r.name} stays 200 once it said so ({after.count(503)} × 503 "
                     f"in {len(after)} probes)")
    return recovered


# ---------------------------------------------------------------------------------------------
# Scenarios

class Run:
    """A cluster, two replicas, a balancer and a mailbox, for one scenario."""

    def __init__(self, name, extra=None):
        self.name = name
        self.workdir = pathlib.Path(tempfile.mkdtemp(prefix=f"authlens-{name}-"))
        self.mailbox = Mailbox(self.workdir / "mail")
        self.cluster = Cluster()
        self.replicas = []
        try:
            self.replicas = [Replica(f"{name}-a", self.cluster.url, self.mailbox.folder, self.workdir, extra),
                             Replica(f"{name}-b", self.cluster.url, self.mailbox.folder, self.workdir, extra)]
        except Exception:
            self.close()
            raise
        self.balancer = Balancer(self.replicas)

    def close(self, report=None):
        if getattr(self, "balancer", None) is not None:
            self.balancer.stop()
        for r in self.replicas:  # all drains at once: each has its grace period
            if r.alive():
                r.signal(signal.SIGTERM)
        codes = [r.stop() for r in self.replicas]
        if report is not None:
            report.check(all(c == 0 for c in codes), f"{self.name}: both replicas exit 0 on SIGTERM (got {codes})")
            report.check(not self.passwords_in_logs(), f"{self.name}: no password in the replicas' logs")
        self.cluster.remove()

    def passwords_in_logs(self):
        found = []
        for r in self.replicas:
            text = r.log_path.read_text(errors="replace")
            for secret in ("lantern ", "harbour ", "shared secret across replicas"):
                if secret in text:
                    found.append(r.name)
        return found

    def logged(self, message_start):
        return [(r.name, line) for r in self.replicas for line in r.log_lines()
                if str(line.get("message", "")).startswith(message_start)]


def scenario_replicas(report):
    run = Run("replicas")
    a, b = run.replicas
    try:
        email, password = "replica@example.com", "shared secret across replicas"
        report.check(call(a.http, "POST", "/register", {"email": email, "password": password}).status == 202,
                     "register on replica A")
        code = run.mailbox.code(email, VERIFY)
        r = call(b.http, "POST", "/register/confirm", {"email": email, "code": code, "password": password})
        report.check(r.status == 200 and "access_token" in r.body, "confirm on replica B with the code A queued signs in")
        r = call(a.http, "POST", "/login", {"email": email, "password": password})
        report.check(r.status == 200, "login on replica A")
        token = r.body["access_token"]
        r = call(b.http, "GET", "/me", token=token)
        report.check(r.status == 200 and r.body["email"] == email, "the token works on replica B")
        report.check(call(b.http, "POST", "/logout", token=token).status == 204, "logout on replica B")
        report.check(call(a.http, "GET", "/me", token=token).status == 401, "the token is revoked on replica A too")
        time.sleep(1.0)  # both workers have polled the shared outbox several times since
        report.check(len(list(run.mailbox.folder.glob("*.eml"))) == 1, "the one message was delivered once, not per replica")
    finally:
        run.close(report)


def scenario_kill9(report):
    run = Run("kill9")
    try:
        load = Load(run.balancer, run.mailbox, "kill9").start()
        time.sleep(3.0)  # load before the fault
        killed = time.monotonic()
        run.cluster.kill9_postmaster()
        time.sleep(3.0)  # the outage
        run.cluster.start()
        back = time.monotonic()
        recovered = check_readyz_recovery(report, "kill9", run.balancer, run.replicas, back)
        time.sleep(2.0)  # load after recovery
        load.stop()
        statuses, longest = check_answers(report, "kill9", load)
        downs = check_readyz_down(report, "kill9", run, killed, ANSWER_BOUND_S, "the timeout plus 1 s")
        first_200 = min((a.ended for (_, _, a) in load.answers if a.started >= back and a.status in (200, 202)),
                        default=None)
        check_nothing_lost(report, "kill9", load, run.replicas, run.cluster, run.mailbox)
        causes = [line.get("error", "") for (_, line) in run.logged("database writes fail")]
        report.check(any("connection" in c or "SQLSTATE" in c for c in causes),
                     f"kill9: the outage log names the cause ({causes[:4]})")
        report.figure("kill9", f"answers {dict(sorted(statuses.items(), key=str))}, slowest {longest:.2f} s; "
                               f"/readyz 503 after {' and '.join(downs)}; "
                               f"first 2xx {first_200 - back:.2f} s after the restart; /readyz 200 after "
                               f"{after(recovered, back)}")
    finally:
        run.close(report)


def scenario_freeze(report):
    run = Run("freeze")
    try:
        load = Load(run.balancer, run.mailbox, "freeze").start()
        time.sleep(3.0)
        pids = run.cluster.freeze()
        frozen_at = time.monotonic()  # every server process is stopped from here on
        try:
            time.sleep(8.0)  # the freeze: a stalled disk or a partition, seen from the client
        finally:
            run.cluster.thaw(pids)
        thawed = time.monotonic()
        recovered = check_readyz_recovery(report, "freeze", run.balancer, run.replicas, thawed)
        time.sleep(2.0)
        load.stop()
        statuses, longest = check_answers(report, "freeze", load)
        during = [a for (_, _, a) in load.answers if frozen_at <= a.started <= thawed - ANSWER_BOUND_S]
        report.check(during and all(a.status == 503 and a.code == "unavailable" for a in during),
                     f"freeze: requests sent while frozen are answered 503 unavailable "
                     f"({len(during)}: {sorted({str(a.status) for a in during})})")
        downs = check_readyz_down(report, "freeze", run, frozen_at, ANSWER_BOUND_S + PROBE_MS / 1000,
                                  "the timeout plus 1 s and a probe")
        healthz = run.balancer.healthz_max(frozen_at)
        report.check(healthz <= HEALTHZ_BOUND_S, f"freeze: /healthz answered within {HEALTHZ_BOUND_S} s "
                                                 f"throughout (slowest {healthz * 1000:.0f} ms)")
        check_nothing_lost(report, "freeze", load, run.replicas, run.cluster, run.mailbox)
        causes = [line.get("error", "") for (_, line) in run.logged("database writes fail")]
        report.check(any("timeout" in c for c in causes), f"freeze: logged as a timeout ({causes[:3]})")
        slowest_frozen = max((a.seconds for a in during), default=0.0)
        first_200 = min((a.ended for (_, _, a) in load.answers if a.started >= thawed and a.status in (200, 202)),
                        default=None)
        report.figure("freeze", f"answers {dict(sorted(statuses.items(), key=str))}; while frozen {len(during)} "
                                f"answered 503 in at most {slowest_frozen:.2f} s; /readyz 503 after "
                                f"{' and '.join(downs)}; /healthz at most "
                                f"{healthz * 1000:.0f} ms; first 2xx {first_200 - thawed:.2f} s after SIGCONT; "
                                f"/readyz 200 after {after(recovered, thawed)}")
    finally:
        run.close(report)


def _split_case(report, run, flow, fault):
    """One flow whose second half fails: 503, the fault ends, the same code → 200."""
    a, b = run.replicas
    email = f"split-{flow}-{fault}@example.com"
    password = f"lantern {secrets.token_hex(6)} orbit"
    wip = "split" in WIP
    if flow == "reset":
        call(a.http, "POST", "/register", {"email": email, "password": password})
        code = run.mailbox.code(email, VERIFY)
        call(a.http, "POST", "/register/confirm", {"email": email, "code": code, "password": password})
        report.check(call(a.http, "POST", "/password/forgot", {"email": email}).status == 202, f"split: forgot {email}")
        subject, route = RESET, "/password/reset"
        new_password = f"harbour {secrets.token_hex(6)} quill"
        body = {"email": email, "code": None, "new_password": new_password}
    else:
        report.check(call(a.http, "POST", "/register", {"email": email, "password": password}).status == 202,
                     f"split: register {email}")
        subject, route = VERIFY, "/register/confirm"
        new_password = password
        body = {"email": email, "code": None, "password": password}
    body["code"] = run.mailbox.code(email, subject)
    if fault == "locked":
        held = run.cluster.hold_lock("LOCK TABLE accounts IN EXCLUSIVE MODE")  # reads pass, writes wait
        try:
            first = call(b.http, "POST", route, body)
        finally:
            held.release()
    else:
        run.cluster.read_only(True)
        try:
            first = call(b.http, "POST", route, body)
        finally:
            run.cluster.read_only(False)
    report.check(first.status == 503 and first.code == "unavailable" and "Retry-After" in first.headers
                 and first.seconds <= ANSWER_BOUND_S,
                 f"split: {flow} with the {fault} database answers 503 unavailable + Retry-After ({first})")
    # The database takes writes again as soon as the fault ends; the retry the 503 invites:
    retry = None
    for _ in range(10):
        retry = call(b.http, "POST", route, body)
        if retry.status != 503:
            break
        time.sleep(float(retry.headers.get("Retry-After", "1")))
    report.check(retry.status == 200, f"split: the same code then {flow}s: {retry}", wip=wip)
    login = call(a.http, "POST", "/login", {"email": email, "password": new_password})
    report.check(login.status == 200, f"split: {email} logs in with the password of the {flow} ({login})", wip=wip)
    return first.seconds


def scenario_split(report):
    run = Run("split")
    try:
        times = {}
        for flow in ("confirm", "reset"):
            for fault in ("locked", "read-only"):
                times[f"{flow}/{fault}"] = _split_case(report, run, flow, fault)
        report.figure("split", "503 after " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items())
                               + "; then the same code: 200" + (" (WIP)" if "split" in WIP else ""))
    finally:
        run.close(report)


def scenario_stale_pool(report):
    run = Run("stale-pool")
    try:
        email, password = "stale@example.com", f"lantern {secrets.token_hex(6)} orbit"
        a = run.replicas[0]
        call(a.http, "POST", "/register", {"email": email, "password": password})
        code = run.mailbox.code(email, VERIFY)
        token = call(a.http, "POST", "/register/confirm", {"email": email, "code": code, "password": password}).body["access_token"]
        # Every pooled connection of both replicas has been used and sits idle.
        run.cluster.stop(mode="fast")
        run.cluster.start()
        back = time.monotonic()
        answers = []
        lock = threading.Lock()

        def burst(replica):
            for route, method, body, auth in (("/me", "GET", None, token), ("/login", "POST",
                                              {"email": email, "password": password}, None)) * 4:
                r = call(replica.http, method, route, body, auth)
                with lock:
                    answers.append((replica.name, route, r))

        threads = [threading.Thread(target=burst, args=(r,)) for r in run.replicas for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        bad = [(n, route, r) for (n, route, r) in answers if r.status != 200]
        report.check(not bad, f"stale-pool: the first {len(answers)} requests after the restart all get 200 ({bad[:4]})")
        recovered = check_readyz_recovery(report, "stale-pool", run.balancer, run.replicas, back)
        slowest = max(r.seconds for (_, _, r) in answers)
        report.figure("stale-pool", f"{len(answers) - len(bad)}/{len(answers)} first requests 200, slowest "
                                    f"{slowest:.2f} s; /readyz 200 after {after(recovered, back)}")
    finally:
        run.close(report)


def scenario_sigterm(report):
    # Replica a hashes with libsodium's INTERACTIVE cost, and its grace is short, so that a burst
    # of logins sent to it at the SIGTERM is still queued when its listener closes: the queue must
    # then get the drain budget (answers 200), not be refused (503 overloaded).
    run = Run("sigterm")
    try:
        leaving, staying = run.replicas
        leaving.stop()
        run.balancer.stop()
        run.replicas[0] = leaving = Replica("sigterm-a", run.cluster.url, run.mailbox.folder, run.workdir, {
            "AUTHLENS_ARGON2_OPSLIMIT": "2", "AUTHLENS_ARGON2_MEMLIMIT": str(64 << 20),
            "AUTHLENS_DRAIN_GRACE_MS": "500"})
        run.balancer = Balancer(run.replicas)
        email, password = "burst@example.com", f"lantern {secrets.token_hex(6)} orbit"
        call(leaving.http, "POST", "/register", {"email": email, "password": password})
        code = run.mailbox.code(email, VERIFY)
        report.check(call(leaving.http, "POST", "/register/confirm",
                          {"email": email, "code": code, "password": password}).status == 200,
                     "sigterm: an account hashed at the INTERACTIVE cost")
        load = Load(run.balancer, run.mailbox, "sigterm").start()
        time.sleep(3.0)
        # A client that keeps a connection open, idle, and a client that ignores /readyz.
        kept = http.client.HTTPConnection(*urllib.parse.urlsplit(leaving.http).netloc.split(":"), timeout=15)
        kept.request("GET", "/healthz")
        kept.getresponse().read()
        burst = []

        def login():
            burst.append(call(leaving.http, "POST", "/login", {"email": email, "password": password}))

        threads = [threading.Thread(target=login) for _ in range(16)]
        for t in threads:
            t.start()
        signalled = time.monotonic()
        leaving.signal(signal.SIGTERM)
        time.sleep(0.2)  # inside the grace period
        kept.request("GET", "/healthz")
        response = kept.getresponse()
        kept_status, kept_close = response.status, response.getheader("Connection")
        response.read()
        kept.close()
        for t in threads:
            t.join()
        code = leaving.wait(timeout=30)
        exited = time.monotonic()
        time.sleep(2.0)  # the other replica carries the load
        load.stop()
        report.check(code == 0, f"sigterm: {leaving.name} exits 0 ({code})")
        statuses, longest = check_answers(report, "sigterm", load)
        down = first_time(run.balancer.readyz(leaving.name), 503, signalled)
        report.check(down is not None and down - signalled <= 0.5,
                     f"sigterm: /readyz of {leaving.name} said 503 at once "
                     f"({'never' if down is None else '%.2f s' % (down - signalled)})")
        report.check(kept_status == 200 and kept_close == "close",
                     f"sigterm: a request on an idle kept-alive connection during the drain is answered, "
                     f"Connection: close ({kept_status}, {kept_close})")
        burst_statuses = sorted(str(a.status) for a in burst)
        report.check(all(a.status == 200 for a in burst),
                     f"sigterm: the {len(burst)} logins queued at the SIGTERM all get 200 ({burst_statuses})")
        last_burst = max(a.ended for a in burst) - signalled
        served = [a for (n, _, a) in load.answers if n == leaving.name and a.started >= signalled]
        report.check(all(a.status is not None for a in served),
                     f"sigterm: every request of the load {leaving.name} took after SIGTERM was answered "
                     f"({len(served)})")
        check_nothing_lost(report, "sigterm", load, [staying], run.cluster, run.mailbox)
        report.figure("sigterm", f"/readyz 503 {down - signalled:.2f} s after SIGTERM; {len(burst)} queued logins "
                                 f"answered 200, the last {last_burst:.2f} s after it (grace 0.5 s); a request on "
                                 f"an idle kept-alive connection answered {kept_status}; exit 0 after "
                                 f"{exited - signalled:.2f} s; the load: {dict(sorted(statuses.items(), key=str))}")
        run.replicas = [staying]
    finally:
        run.close(report)


SCENARIOS = {
    "replicas": scenario_replicas,
    "kill9": scenario_kill9,
    "freeze": scenario_freeze,
    "split": scenario_split,
    "stale-pool": scenario_stale_pool,
    "sigterm": scenario_sigterm,
}


def main(argv):
    names = argv or list(SCENARIOS)
    report = Report()
    for name in names:
        print(f"--- {name}", flush=True)
        started = time.monotonic()
        try:
            SCENARIOS[name](report)
        except Exception as e:  # noqa: BLE001 (one scenario's crash must not hide the others)
            report.check(False, f"{name}: raised {e!r}")
        print(f"--- {name}: {time.monotonic() - started:.0f} s", flush=True)
    print("\nfigures:")
    for line in report.figures:
        print("  " + line)
    if report.wip_failures:
        print(f"replicas: {len(report.wip_failures)} WIP check(s) failing: "
              + "; ".join(report.wip_failures))
    print(f"replicas: {len(report.failures)} failure(s)")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
