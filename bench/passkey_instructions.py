#!/usr/bin/python3
"""Instructions per passkey request on the whole service (issue 18): the four ceremony calls,
each counted with callgrind as bench/instructions.py counts GET /me (every thread of the process,
one I/O thread, telemetry off), so the figure includes HTTP, JSON, the store and the
relying-party checks.

  POST /me/passkeys/options   (step-up: includes one Argon2id verification of the password)
  POST /me/passkeys           (registration: attestation `none`, ES256)
  POST /login/passkey/options (a discoverable sign-in begins)
  POST /login/passkey         (assertion: ES256 signature, counter, session issued)

Registration is counted one ceremony at a time (adding a passkey is a credential change, which
makes any other open ceremony of the account stale); sign-in options and assertions in batches.
The browser's side is features/bddsupport/passkey.py's software authenticator (needs the test
venv's `cryptography`): run with .venv/bin/python after `make bench` built build-bench/.
Usage: .venv/bin/python bench/passkey_instructions.py   (BENCH_PK_REGISTRATIONS=8 BENCH_PK_SIGNINS=40)
Writes bench/results/passkey-instructions.json."""
import json
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "features"))
import harness  # noqa: E402
import instructions  # noqa: E402
from bddsupport.passkey import Authenticator  # noqa: E402

REGISTRATIONS = int(os.environ.get("BENCH_PK_REGISTRATIONS", "8"))
SIGNINS = int(os.environ.get("BENCH_PK_SIGNINS", "40"))


def main():
    run_dir = instructions.OUT / "passkey"
    shutil.rmtree(run_dir, ignore_errors=True)
    process, port, _ = instructions.start("off", run_dir, 0)
    base = f"http://127.0.0.1:{port}"
    counted = {}

    def call(method, path, body=None, token=None, expect=200):
        headers = {"Authorization": "Bearer " + token} if token else {}
        status, raw = harness.request(method, base + path, body, headers, timeout=300)
        if status != expect:
            raise RuntimeError(f"{method} {path} answered {status}: {raw[:300]!r}")
        return json.loads(raw) if raw else None

    def count(label, n, action):
        instructions.control(process.pid, "--zero")
        for _ in range(n):
            action()
        total = instructions.callgrind_total(instructions.dump(process.pid, run_dir, label))
        counted.setdefault(label, []).append(total / n)

    try:
        email, password = (harness.WORK / "data" / "login_accounts.txt").read_text() \
            .splitlines()[0].split(" ", 1)
        token = call("POST", "/login", {"email": email, "password": password})["access_token"]
        device = None
        for _ in range(REGISTRATIONS):
            offer = {}
            count("add_options", 1, lambda: offer.update(
                call("POST", "/me/passkeys/options", {"password": password}, token)))
            device = Authenticator(origin=f"http://localhost:{port}")
            credential = device.create(offer["options"])
            count("add_verify", 1, lambda: call("POST", "/me/passkeys",
                                                {"flow": offer["flow"], "credential": credential,
                                                 "name": "bench"}, token, expect=201))
        offers = []
        count("login_options", SIGNINS, lambda: offers.append(call("POST", "/login/passkey/options")))
        assertions = [(o["flow"], device.get(o["options"])) for o in offers]
        pending = iter(assertions)

        def sign_in():
            flow, credential = next(pending)
            call("POST", "/login/passkey", {"flow": flow, "credential": credential})
        count("login_verify", SIGNINS, sign_in)
    finally:
        harness.stop_process(process, timeout=60)
    result = {label: round(sum(v) / len(v)) for label, v in counted.items()}
    result.update({"registrations": REGISTRATIONS, "signins": SIGNINS, "algorithm": "ES256",
                   "mode": "off (telemetry off), 1 I/O thread, SQLite"})
    out = HERE / "results" / "passkey-instructions.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
