"""Two authlens replicas on one PostgreSQL database: a session made on one is valid on the other,
a logout on one revokes it everywhere, and the shared outbox delivers each message once.

Run by scripts/test.d/postgres.sh with AUTHLENS_TEST_PG_URL and AUTHLENS_BIN set.
"""
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


def call(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode() or "null")


class Replica:
    def __init__(self, name, database_url, mail_dir, workdir):
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
            "OTEL_TRACES_EXPORTER": "none",
        })
        self.log = open(workdir / f"{name}.log", "wb")
        self.process = subprocess.Popen([os.path.abspath(os.environ["AUTHLENS_BIN"])], env=env, cwd=workdir,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        self.admin = None
        while time.monotonic() < deadline:
            if self.admin is None and ready_file.exists():
                ports = json.loads(ready_file.read_text())
                self.http, self.admin = "http://" + ports["http"], "http://" + ports["admin"]
            try:
                if self.admin is not None and call("GET", self.admin + "/readyz")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited with {self.process.returncode}")
            time.sleep(0.1)
        raise RuntimeError(f"{name} did not become ready")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=20)
        self.log.close()
        return code


def wait_for_code(mail_dir, address, deadline_s=20):
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.eml")):
            text = path.read_bytes().decode(errors="replace")  # keep the CRLFs
            if f"To: {address}" in text:
                match = re.search(r"\r\n(\d{6})\r\n", text)
                if match:
                    return match.group(1), path
        time.sleep(0.1)
    raise AssertionError(f"no code mailed to {address}")


def main():
    failures = []

    def check(condition, what):
        print(("ok   " if condition else "FAIL ") + what)
        if not condition:
            failures.append(what)

    workdir = pathlib.Path(tempfile.mkdtemp(prefix="authlens-replicas-"))
    mail_dir = workdir / "mail"
    url = os.environ["AUTHLENS_TEST_PG_URL"]
    a = Replica("replica-a", url, mail_dir, workdir)
    b = Replica("replica-b", url, mail_dir, workdir)
    try:
        email, password = "replica@example.com", "shared secret across replicas"
        check(call("POST", a.http + "/register", {"email": email, "password": password})[0] == 202,
              "register on replica A")
        code, _ = wait_for_code(mail_dir, email)
        status, confirmed = call("POST", b.http + "/register/confirm",
                                 {"email": email, "code": code, "password": password})
        check(status == 200 and "access_token" in confirmed,
              "confirm on replica B with the code A queued signs in")
        status, grant = call("POST", a.http + "/login", {"email": email, "password": password})
        check(status == 200, "login on replica A")
        token = grant["access_token"]
        status, me = call("GET", b.http + "/me", token=token)
        check(status == 200 and me["email"] == email, "the token works on replica B")
        check(call("POST", b.http + "/logout", token=token)[0] == 204, "logout on replica B")
        check(call("GET", a.http + "/me", token=token)[0] == 401, "the token is revoked on replica A too")
        time.sleep(1.0)  # both workers have polled the shared outbox several times since
        check(len(list(mail_dir.glob("*.eml"))) == 1, "the one message was delivered once, not per replica")
    finally:
        codes = [a.stop(), b.stop()]
    check(codes == [0, 0], f"both replicas exit 0 on SIGTERM (got {codes})")
    for log in workdir.glob("*.log"):
        check(password not in log.read_text(errors="replace"), f"no password in {log.name}")
    print(f"replicas: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
