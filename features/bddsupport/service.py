"""The authlens binary under test: started on loopback port 0 with a given database, stopped with
SIGTERM (graceful shutdown must end with exit status 0). The service itself reports the ports the
system gave it (AUTHLENS_READY_FILE, written once both listeners are bound), so no two runs on one
machine can race for a port."""
import json
import os
import signal
import subprocess
import time

import requests

# Settings that come from the developer's shell must not leak into the service under test.
_SCRUB_PREFIXES = ("AUTHLENS_", "OTEL_", "SMTP_", "SENDER_", "TEST_EMAIL", "TEST_CODE")

# Small knobs so that the suite needs no long waits (the lead's test-only settings).
TEST_SETTINGS = {
    "AUTHLENS_ENV": "development",
    "AUTHLENS_LOG_FORMAT": "json",
    "AUTHLENS_LOG_LEVEL": "debug",  # the most talkative level: the secrets scan covers it too
    "OTEL_TRACES_EXPORTER": "none",
    "AUTHLENS_MAIL_RETRY_BASE_MS": "200",
    "AUTHLENS_MAIL_POLL_MS": "100",
    "AUTHLENS_RESEND_COOLDOWN_S": "2",
    "AUTHLENS_ARGON2_OPSLIMIT": "1",
    "AUTHLENS_ARGON2_MEMLIMIT": "8388608",
    "AUTHLENS_DRAIN_GRACE_MS": "0",  # every scenario stops the service; the drain's own scenario sets it
}
SENDER_EMAIL = "authlens@example.test"
RESEND_COOLDOWN_S = float(TEST_SETTINGS["AUTHLENS_RESEND_COOLDOWN_S"])
MAIL_RETRY_BASE_S = int(TEST_SETTINGS["AUTHLENS_MAIL_RETRY_BASE_MS"]) / 1000.0
MAIL_POLL_S = int(TEST_SETTINGS["AUTHLENS_MAIL_POLL_MS"]) / 1000.0

READY_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 10.0


def read_ready_file(path):
    """{"http": "host:port", "admin": "host:port", "pid": n} once the service listens, else None."""
    try:
        with open(path, "r", encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def port_of(address):
    return int(address.rsplit(":", 1)[1])


def _tail(path, lines=25):
    try:
        with open(path, "rb") as f:
            data = f.read().decode("utf-8", "replace").splitlines()
        return "\n".join(data[-lines:])
    except OSError:
        return "(no %s)" % path


class Service:
    def __init__(self, binary, workdir, db_path, smtp_url, log_dir, log_name, extra_settings=None,
                 run_as=None):
        self.extra_settings = dict(extra_settings or {})
        self.run_as = run_as  # (uid, gid): the service runs as that user (setpriv), not as us
        self.binary = binary
        self.workdir = workdir
        self.db_path = db_path
        self.smtp_url = smtp_url
        self.stdout_path = os.path.join(log_dir, log_name + ".stdout.log")
        self.stderr_path = os.path.join(log_dir, log_name + ".stderr.log")
        self.ready_path = os.path.join(log_dir, log_name + ".ready.json")
        self.http_port = None  # known once the service reports them
        self.admin_port = None
        self.proc = None
        self.exit_code = None

    @property
    def base_url(self):
        return "http://127.0.0.1:%d" % self.http_port

    @property
    def admin_url(self):
        return "http://127.0.0.1:%d" % self.admin_port

    def environment(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUB_PREFIXES)}
        env.update(TEST_SETTINGS)
        env.update({
            "AUTHLENS_HTTP_ADDR": "127.0.0.1:0",
            "AUTHLENS_ADMIN_ADDR": "127.0.0.1:0",
            "AUTHLENS_READY_FILE": self.ready_path,
            # A PostgreSQL database (scripts/test.d/postgres.sh runs the @both_backends features
            # on one), else a fresh SQLite file.
            "AUTHLENS_DATABASE_URL": (self.db_path if self.db_path.startswith("postgresql://")
                                      else "sqlite://" + self.db_path),
            "SMTP_URL": self.smtp_url,
            "SENDER_EMAIL": SENDER_EMAIL,
        })
        for name, value in self.extra_settings.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        return env

    def _launch(self):
        if os.path.exists(self.ready_path):
            os.remove(self.ready_path)
        self.http_port = self.admin_port = None
        out = open(self.stdout_path, "ab")
        err = open(self.stderr_path, "ab")
        try:
            argv = [self.binary]
            if self.run_as is not None:
                argv = ["setpriv", "--reuid=%d" % self.run_as[0], "--regid=%d" % self.run_as[1],
                        "--clear-groups", "--"] + argv
            self.proc = subprocess.Popen(argv, cwd=self.workdir, env=self.environment(),
                                         stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        finally:
            out.close()
            err.close()

    def start(self):
        self._launch()
        self.wait_ready()

    def start_expecting_refusal(self, timeout=10.0):
        """Start, expecting the service to refuse; return (exit status, stdout + stderr)."""
        self._launch()
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            listening = read_ready_file(self.ready_path) is not None
            if listening or time.monotonic() > deadline:
                self.stop()
                raise AssertionError("the service started although it should have refused (%s)"
                                     % ("it reported its listeners" if listening
                                        else "still running after %.0f s" % timeout))
            time.sleep(0.05)
        self.exit_code = self.proc.returncode
        self.proc = None
        output = ""
        for path in (self.stderr_path, self.stdout_path):
            with open(path, "rb") as f:
                output += f.read().decode("utf-8", "replace")
        return self.exit_code, output

    def wait_listening(self):
        """Waits for the ready file; sets the ports. Raises if the process ends first."""
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            self._check_alive("reported its listeners")
            report = read_ready_file(self.ready_path)
            if report is not None:
                self.http_port = port_of(report["http"])
                self.admin_port = port_of(report["admin"])
                return report
            time.sleep(0.02)
        self.kill()
        raise AssertionError("authlens did not report its listeners in %s within %.0f s\n--- stderr:\n%s"
                             % (self.ready_path, READY_TIMEOUT_S, _tail(self.stderr_path)))

    def _check_alive(self, what):
        code = self.proc.poll()
        if code is not None:
            self.exit_code = code
            raise AssertionError(
                "authlens exited with status %d before it %s\n--- stderr:\n%s\n--- stdout:\n%s"
                % (code, what, _tail(self.stderr_path), _tail(self.stdout_path)))

    def wait_ready(self):
        self.wait_listening()
        deadline = time.monotonic() + READY_TIMEOUT_S
        last = "no answer"
        while time.monotonic() < deadline:
            self._check_alive("was ready")
            try:
                r = requests.get(self.admin_url + "/readyz", timeout=1)
                if r.status_code == 200:
                    return
                last = "readyz answered %d" % r.status_code
            except requests.RequestException as e:
                last = type(e).__name__
            time.sleep(0.05)
        self.kill()
        raise AssertionError("authlens was not ready within %.0f s (%s)\n--- stderr:\n%s"
                             % (READY_TIMEOUT_S, last, _tail(self.stderr_path)))

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM, then wait; returns the exit status, or raises if it does not end in time."""
        if self.proc is None:
            return self.exit_code
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.kill()
                raise AssertionError("authlens did not exit within %.0f s of SIGTERM (killed)"
                                     % STOP_TIMEOUT_S)
        self.exit_code = self.proc.returncode
        self.proc = None
        return self.exit_code

    def stop_gracefully(self):
        code = self.stop()
        assert code == 0, ("authlens exited with status %s after SIGTERM (graceful shutdown must exit 0)"
                           "\n--- stderr:\n%s" % (code, _tail(self.stderr_path)))

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)
        if self.proc is not None:
            self.exit_code = self.proc.returncode
        self.proc = None
