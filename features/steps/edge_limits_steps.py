"""Steps of features/edge_limits.feature: many sources against the per-client limits (an IPv6 /64 in
a network namespace of its own, a proxy's headers, a hundred sources at the hashing pool, sockets
that send one byte, a mail backlog), the production guard and the headers every answer carries.
Every load is on loopback and bounded in time."""
import json
import os
import secrets as pysecrets
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time

import requests
from behave import step

import bddsupport.steptypes  # noqa: F401
from bddsupport.api import Api, describe
from bddsupport.edgeclient import call, hash_totals, login_from
from bddsupport.helpers import (expect_code_mail, expect_status, json_of, restart_with,
                                start_service)
from bddsupport.mailsink import mailbox_key
from bddsupport.service import TEST_SETTINGS

HERE = os.path.dirname(os.path.abspath(__file__))
NETNS_SCRIPT = os.path.join(os.path.dirname(HERE), "bddsupport", "netns_sources.py")
STRONG = "violet walks nine amber dunes"  # a password every check accepts


def _count(statuses, status):
    return sum(1 for s in statuses if s == status)


def _print_figures(context, name, text):
    print(text)
    with open(os.path.join(context.log_dir, name), "a") as f:
        f.write(text + "\n")


# --- an IPv6 /64 in a namespace of its own -----------------------------------------------------

@step("a private network namespace with {prefix}::/64 routed to its loopback")
def step_netns(context, prefix):
    unshare = shutil.which("unshare")
    probe = subprocess.run([unshare or "unshare", "-rn", "true"], capture_output=True, text=True) \
        if unshare else None
    if probe is None or probe.returncode != 0:
        reason = "network namespaces are refused here (%s)" % (
            "no unshare" if probe is None else (probe.stderr.strip() or "exit %d" % probe.returncode))
        print("SKIPPED: IPv6 /64 scenario: %s" % reason)
        context.scenario.skip(reason)
        return
    context.netns_prefix = prefix


@step("{count:d} sources of that /64 each ask for a sign-up code for an address of their own")
def step_netns_registrations(context, count):
    context.netns_registrations = count


@step("{count:d} sources of that /64 each try a wrong password for an address of their own")
def step_netns_logins(context, count):
    context.secrets.add("password", STRONG)
    settings = dict(TEST_SETTINGS)
    settings["AUTHLENS_LOG_LEVEL"] = "info"
    workdir = os.path.join(context.workdir, "netns")
    os.makedirs(workdir)
    log = os.path.join(context.log_dir, "authlens-netns")
    started = time.monotonic()
    r = subprocess.run(["unshare", "-rn", sys.executable, NETNS_SCRIPT, "--binary", context.binary,
                        "--workdir", workdir, "--log", log, "--settings", json.dumps(settings),
                        "--prefix", context.netns_prefix,
                        "--registrations", str(context.netns_registrations),
                        "--logins", str(count), "--password", STRONG],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, "the namespace run failed (%d):\n%s" % (r.returncode, r.stderr[-2000:])
    context.netns = json.loads(r.stdout)
    context.netns_log = log + ".stdout.log"
    assert context.netns["exit_status"] == 0, "authlens exited with %r" % context.netns["exit_status"]
    regs, logins = context.netns["registrations"], context.netns["logins"]
    _print_figures(context, "netns-figures.txt",
                   "IPv6 /64: %d sources; sign-ups 202: %d, 429: %d; wrong logins 401: %d, 429: %d "
                   "(%.1f s)" % (len(regs), _count(regs, 202), _count(regs, 429), _count(logins, 401),
                                 _count(logins, 429), time.monotonic() - started))


@step('{ok:d} of the sign-up requests were answered 202 and {refused:d} were answered 429 "rate_limited"')
def step_netns_registration_counts(context, ok, refused):
    regs = context.netns["registrations"]
    assert (_count(regs, 202), _count(regs, 429)) == (ok, refused), "statuses: %s" % regs
    assert regs[:ok] == [202] * ok, "the budget's requests come first: %s" % regs


@step('{wrong:d} of the logins were answered 401 and {locked:d} were answered 429 "too_many_attempts"')
def step_netns_login_counts(context, wrong, locked):
    logins = context.netns["logins"]
    assert (_count(logins, 401), _count(logins, 429)) == (wrong, locked), "statuses: %s" % logins


@step("the log shows each source's own address, not its prefix")
def step_netns_log(context):
    sources = set(context.netns["sources"])
    seen = set()
    with open(context.netns_log, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            address = entry.get("client.address")
            if address:
                seen.add(address)
    assert seen, "no log line names a client address"
    assert seen <= sources, "log lines name addresses no source had: %s" % sorted(seen - sources)[:5]
    assert not any("/" in a for a in seen), "a prefix was logged as the address"


# --- behind a proxy ----------------------------------------------------------------------------

@step("the service trusts the proxy {proxy:S} and allows {budget:d} mail-sending requests an hour")
def step_proxy_budget(context, proxy, budget):
    restart_with(context, AUTHLENS_TRUSTED_PROXIES=proxy + "/32", AUTHLENS_MAIL_BUDGET_PER_HOUR=budget)
    context.proxy_statuses = []


@step('the service trusts the proxy {proxy:S}, which writes "{header:Q}", and allows {budget:d} '
      'mail-sending requests an hour')
def step_proxy_header_budget(context, proxy, header, budget):
    restart_with(context, AUTHLENS_TRUSTED_PROXIES=proxy + "/32", AUTHLENS_MAIL_BUDGET_PER_HOUR=budget,
                 AUTHLENS_TRUSTED_PROXY_HEADER=header.lower())
    context.proxy_statuses = []


def _sign_up_through(context, proxy, headers):
    context.proxy_sign_ups = getattr(context, "proxy_sign_ups", 0) + 1
    email = "proxied-%d-%s@example.test" % (context.proxy_sign_ups, pysecrets.token_hex(3))
    context.secrets.add("password", STRONG)
    status, _body, _s = call(context, "POST", "/register", proxy, {"email": email, "password": STRONG},
                             headers=headers)
    context.proxy_statuses.append(status)


@step('{count:d} sign-up requests come through {proxy:S} with "{xff:Q}" and each its own "Forwarded: for=203.0.113.N"')
def step_sign_ups_rotating_forwarded(context, count, proxy, xff):
    name, _, value = xff.partition(":")
    for n in range(count):
        _sign_up_through(context, proxy, {name.strip(): value.strip(), "Forwarded": "for=203.0.113.%d" % (n + 1)})


@step('{count:d} sign-up requests come through {proxy:S} with "{header:Q}"')
@step('{count:d} sign-up request comes through {proxy:S} with "{header:Q}"')
def step_sign_ups_with(context, count, proxy, header):
    name, _, value = header.partition(":")
    for _ in range(count):
        _sign_up_through(context, proxy, {name.strip(): value.strip()})


@step("{count:d} sign-up request comes through {proxy:S} with no forwarding header")
def step_sign_up_plain(context, count, proxy):
    for _ in range(count):
        _sign_up_through(context, proxy, {})


@step('{ok:d} of them were answered 202 and {refused:d} were answered 429 "rate_limited"')
def step_proxy_counts(context, ok, refused):
    statuses = context.proxy_statuses
    context.proxy_statuses = []
    assert (_count(statuses, 202), _count(statuses, 429)) == (ok, refused), "statuses: %s" % statuses


# --- a hundred sources at the hashing pool -----------------------------------------------------

@step('{sources:d} sources of {network}.0/24 keep one login each in flight for {seconds:d} seconds, while '
      '"{email:Q}" logs in from {source}')
def step_pool_sources(context, sources, network, seconds, email, source):
    flood_password = context.edge_passwords["flood@example.test"]
    stop = threading.Event()
    answered = {"200": 0, "503": 0, "other": 0}
    lock = threading.Lock()

    def flooder(address):
        api = Api(context.service.base_url, context.secrets, source=address)
        try:
            while not stop.is_set():
                try:
                    r = api.session.post(api.base_url + "/login", timeout=(3, 30),
                                         json={"email": "flood@example.test", "password": flood_password})
                    key = str(r.status_code) if r.status_code in (200, 503) else "other"
                    if r.status_code == 200:
                        context.secrets.add("token", r.json().get("access_token", ""))
                except requests.RequestException:
                    key = "other"
                with lock:
                    answered[key] += 1
        finally:
            api.close()

    threads = [threading.Thread(target=flooder, args=("%s.%d" % (network, i + 1),), daemon=True)
               for i in range(sources)]
    for t in threads:
        t.start()
    time.sleep(1.5)  # every source has its login in flight
    password = context.edge_passwords[email]
    results = []
    hashed_before = hash_totals(context)
    stop_at = time.monotonic() + seconds - 1.5
    while time.monotonic() < stop_at:
        results.append(login_from(context, source, email, password))
    hashed_after = hash_totals(context)
    stop.set()
    for t in threads:
        t.join(timeout=40)
    hashes = hashed_after[1] - hashed_before[1]
    assert hashes > 0, "no password was hashed during the flood"
    context.edge_flood_hash = (hashed_after[0] - hashed_before[0]) / hashes
    context.edge_results = results
    ok = [s for status, s in results if status == 200]
    _print_figures(context, "pool-figures.txt",
                   "%d sources x 1 login in flight; calm client: %d/%d logins succeeded, median %.0f ms "
                   "(one hash %.0f ms during the flood: %.1f hashes); the sources got %s"
                   % (sources, len(ok), len(results), 1000 * statistics.median([s for _, s in results]),
                      1000 * context.edge_flood_hash,
                      statistics.median([s for _, s in results]) / context.edge_flood_hash, answered))


# --- sockets that send one byte ----------------------------------------------------------------

class _HalfSenders:
    """`sources` x `per_source` connections that each send one byte and then nothing, reconnected
    as soon as the service closes one (as the attack in issue 16 did)."""

    def __init__(self, port, network, sources, per_source):
        self.port = port
        self.addresses = ["%s.%d" % (network, i + 1) for i in range(sources)]
        self.per_source = per_source
        self.selector = selectors.DefaultSelector()
        self.stop = threading.Event()
        self.reconnects = 0
        self.refused = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.closed = False

    def _open(self, address):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(True)
        s.settimeout(2)
        try:
            s.bind((address, 0))
            s.connect(("127.0.0.1", self.port))
            s.sendall(b"P")
        except OSError:
            s.close()
            self.refused += 1
            return
        s.setblocking(False)
        self.selector.register(s, selectors.EVENT_READ, address)

    def start(self):
        for address in self.addresses:
            for _ in range(self.per_source):
                self._open(address)
        self.thread.start()

    def _run(self):
        while not self.stop.is_set():
            for key, _ in self.selector.select(timeout=0.1):
                s = key.fileobj
                try:
                    closed = s.recv(4096) == b""
                except (ConnectionResetError, OSError):
                    closed = True
                if closed:
                    self.selector.unregister(s)
                    s.close()
                    self.reconnects += 1
                    self._open(key.data)

    def close(self):
        if self.closed:
            return
        self.closed = True
        self.stop.set()
        self.thread.join(timeout=5)
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()
        self.selector.close()


@step("{sources:d} sources of {network}.0/24 hold {per_source:d} connections each, having sent one byte on "
      "each and reconnecting whenever one is closed")
def step_half_senders(context, sources, network, per_source):
    attack = _HalfSenders(context.service.http_port, network, sources, per_source)
    context.add_cleanup(attack.close)
    attack.start()
    context.half_senders = attack


@step("a request from {source} is served within {seconds:d} second, {times:d} times in a row during the attack")
def step_served_during_attack(context, source, seconds, times):
    outcomes = []
    for _ in range(times):
        started = time.monotonic()
        try:
            status, _body, took = call(context, "GET", "/healthz", source, timeout=seconds)
            outcomes.append((status, took))
        except OSError as e:
            outcomes.append((type(e).__name__, time.monotonic() - started))
        time.sleep(0.5)
    attack = context.half_senders
    held = len(attack.selector.get_map())
    attack.close()  # before the scenario's end: a drain waits for half-sent requests to time out
    _print_figures(context, "half-send-figures.txt",
                   "%d sources x %d half-sent connections (%d held, %d reconnects, %d refused): legitimate "
                   "requests %s" % (len(attack.addresses), attack.per_source, held, attack.reconnects,
                                    attack.refused,
                                    ", ".join("%s in %.0f ms" % (s, 1000 * t) for s, t in outcomes)))
    assert all(status == 200 and took <= seconds for status, took in outcomes), (
        "not every request was served within %d s: %s" % (seconds, outcomes))


# --- a mail backlog ----------------------------------------------------------------------------

@step("the mail server takes {ms:d} ms a message")
def step_mail_takes(context, ms):
    context.mail.delay_s = ms / 1000.0


@step("the service delivers mail over {sessions:d} SMTP sessions")
def step_mail_sessions(context, sessions):
    context.extra_settings["AUTHLENS_MAIL_SENDERS"] = str(sessions)  # the next restart uses it
    context.mail_sessions = sessions


@step("the service's codes live {seconds:d} seconds")
def step_code_ttl(context, seconds):
    restart_with(context, AUTHLENS_CODE_TTL=seconds, AUTHLENS_LOG_LEVEL="info")
    context.code_ttl_s = seconds


@step("{clients:d} clients ask for sign-up codes for {each:d} strangers' addresses each, at once")
def step_strangers_backlog(context, clients, each):
    context.secrets.add("password", STRONG)
    statuses = []
    lock = threading.Lock()

    def client(n):
        api = Api(context.service.base_url, context.secrets, source="127.0.3.%d" % (n + 1))
        try:
            for i in range(each):
                r = api.post("/register", {"email": "stranger-%d-%d@example.test" % (n, i), "password": STRONG})
                with lock:
                    statuses.append(r.status_code)
        finally:
            api.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    context.backlog_queued_in = time.monotonic() - started
    assert statuses == [202] * (clients * each), (
        "the strangers' requests were not all accepted (each client within its budget): %s"
        % sorted(set(statuses)))


@step('a legitimate client asks for a sign-up code for "{email:Q}"')
def step_newcomer(context, email):
    context.newcomer_asked = time.monotonic()
    context.passwords[mailbox_key(email)] = STRONG
    api = Api(context.service.base_url, context.secrets, source="127.0.0.2")
    try:
        expect_status(api.post("/register", {"email": email, "password": STRONG}), 202)
    finally:
        api.close()
    context.newcomer = email


@step("the newcomer's code arrives within {within:d} seconds, inside its {seconds:d} second lifetime")
def step_newcomer_code(context, within, seconds):
    email = context.newcomer
    mail = context.mail.wait_for(email, 0, seconds + 1)
    delay = (mail.received_at - context.newcomer_asked) if mail is not None else None
    delivered = sum(context.mail.all_recipients().values())
    _print_figures(context, "backlog-figures-%s.txt" % getattr(context, "mail_sessions", "default"),
                   "200 strangers' mails queued in %.1f s, relay %.0f ms a message, %s SMTP sessions: "
                   "the newcomer's code %s; %d messages delivered by then"
                   % (context.backlog_queued_in, 1000 * context.mail.delay_s,
                      getattr(context, "mail_sessions", "default"),
                      "arrived after %.2f s" % delay if delay is not None else "did not arrive", delivered))
    assert mail is not None and delay <= seconds, "the code did not arrive within %d s" % seconds
    assert delay <= within, "the code took %.2f s, more than %d s" % (delay, within)
    context.mail_seen[mailbox_key(email)] = 0
    expect_code_mail(context, email, timeout=1)


@step('the newcomer can confirm "{email:Q}" with it')
def step_newcomer_confirms(context, email):
    code = context.codes[mailbox_key(email)]
    r = context.api.post("/register/confirm", {"email": email, "code": code, "password": STRONG})
    assert r.status_code == 200, "the code did not work: %s" % describe(r)


# --- headers -----------------------------------------------------------------------------------

def _header_of(r, name):
    return r.headers.get(name)


@step('these answers carry "{a:Q}" and "{b:Q}"')
def step_answers_carry(context, a, b):
    expected = [h.split(":", 1) for h in (a, b)]
    for row in context.table:
        r = context.api.request(row["method"], row["path"],
                                json_body={} if row["method"] == "POST" else None)
        for name, value in expected:
            got = _header_of(r, name.strip())
            assert got == value.strip(), "%s %s: %s is %r: %s" % (row["method"], row["path"], name, got,
                                                                  describe(r))


def _page_headers(url, headers=None):
    r = requests.get(url, timeout=5, headers=headers or {})
    assert r.status_code == 200, "%s answered %d" % (url, r.status_code)
    assert r.headers.get("Content-Type", "").startswith("text/html"), r.headers
    return r.headers


@step('the page {path} carries its own Content-Security-Policy with "{directive:Q}" and "{header:Q}"')
def step_page_policy(context, path, directive, header):
    _expect_page(_page_headers(context.service.base_url + path), directive, header)


@step('the admin page {path} carries its own Content-Security-Policy with "{directive:Q}" and "{header:Q}"')
def step_admin_page_policy(context, path, directive, header):
    _expect_page(_page_headers(context.service.admin_url + path), directive, header)


def _expect_page(headers, directive, header):
    policy = headers.get("Content-Security-Policy", "")
    assert directive in policy, "the page's policy is %r" % policy
    assert policy != "default-src 'none'; frame-ancestors 'none'", "the page has the API's policy"
    name, _, value = header.partition(":")
    assert headers.get(name.strip()) == value.strip(), "%s is %r" % (name, headers.get(name.strip()))
    assert headers.get("X-Content-Type-Options") == "nosniff"


# --- framing -----------------------------------------------------------------------------------

def _raw_exchange(context, data, timeout=5):
    s = socket.create_connection(("127.0.0.1", context.service.http_port), timeout=timeout)
    try:
        s.sendall(data)
        received = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
            if b"\r\n\r\n" in received and (b"Connection: close" in received or data.startswith(b"HEAD")):
                head, _, rest = received.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if data.startswith(b"HEAD") or len(rest) >= length:
                    if data.startswith(b"HEAD"):
                        s.settimeout(0.3)  # anything more would be a body that must not be there
                        continue
                    break
        return received
    finally:
        s.close()


@step("HEAD /healthz is answered with the header of GET /healthz and no body")
def step_head(context):
    head = _raw_exchange(context, b"HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    get = requests.get(context.service.base_url + "/healthz", timeout=5)
    assert head.startswith(b"HTTP/1.1 200"), head[:200]
    header, _, body = head.partition(b"\r\n\r\n")
    assert body == b"", "HEAD got a body: %r" % body
    assert b"Content-Length: %d" % len(get.content) in header, header


@step('a request with "Transfer-Encoding" folded onto a continuation line is answered 400 and closed')
def step_obs_fold(context):
    reply = _raw_exchange(context, b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                   b"Transfer-Encoding:\r\n chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 400"), reply[:200]
    assert reply.count(b"HTTP/1.1 ") == 1 and b"Connection: close" in reply, reply[:400]


@step("a request with {count:d} small header fields (11 KB) is answered 431")
def step_many_fields(context, count):
    fields = b"".join(b"X-%d: v\r\n" % i for i in range(count))
    assert len(fields) > 10000
    reply = _raw_exchange(context, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + fields + b"\r\n")
    assert reply.startswith(b"HTTP/1.1 431"), reply[:200]


# --- production --------------------------------------------------------------------------------

@step("the service is set up for production")
def step_production(context):
    # The suite's fast settings are outside production's bounds (a 2 s cooldown, 8 MiB Argon2):
    # production runs with the defaults instead.
    context.extra_settings.update({"AUTHLENS_ENV": "production", "AUTHLENS_RESEND_COOLDOWN_S": None,
                                   "AUTHLENS_ARGON2_MEMLIMIT": None, "AUTHLENS_ARGON2_OPSLIMIT": None})


@step('the setting "{name:Q}" is a fresh random token')
def step_random_token(context, name):
    token = pysecrets.token_hex(32)
    context.secrets.add("token", token)
    context.extra_settings[name] = token
    context.admin_token = token


@step("the service starts")
def step_service_starts(context):
    start_service(context)


@step("{path} on the admin listener answers 401 without the token and 200 with it")
def step_admin_needs_token(context, path):
    url = context.service.admin_url + path
    without = requests.get(url, timeout=5)
    assert without.status_code == 401, "without the token: %d" % without.status_code
    assert without.headers.get("WWW-Authenticate", "").startswith("Bearer"), without.headers
    wrong = requests.get(url, timeout=5, headers={"Authorization": "Bearer " + "0" * 64})
    assert wrong.status_code == 401, "with a wrong token: %d" % wrong.status_code
    right = requests.get(url, timeout=5, headers={"Authorization": "Bearer " + context.admin_token})
    assert right.status_code == 200, "with the token: %d" % right.status_code


@step("{path} on the admin listener answers 200 without the token")
def step_admin_open(context, path):
    r = requests.get(context.service.admin_url + path, timeout=5)
    assert r.status_code == 200, "%s answered %d" % (path, r.status_code)
