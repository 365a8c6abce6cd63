#!/usr/bin/env python3
"""Many IPv6 sources of one /64 against the real binary, inside a private network namespace.

Run as `unshare -rn python3 netns_sources.py ...` (a user and network namespace of its own: root
inside, nothing outside is touched). It brings the namespace's loopback up, routes the whole /64
to it (`ip -6 route add local PREFIX::/64 dev lo`), starts authlens on [::1]:0 with the dev mailer,
and sends each request from its own address of the /64 (IP_FREEBIND: the addresses are routed
here, not assigned). Prints one JSON object: the statuses, in order, of the sign-up requests and
of the wrong logins, and the service's exit status."""
import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time

IP_FREEBIND = 15  # linux/in.h; applies to IPv6 sockets too


def run(argv):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def read_ready(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def start_service(args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTHLENS_", "OTEL_", "SMTP_"))}
    env.update(json.loads(args.settings))
    env.update({
        "AUTHLENS_HTTP_ADDR": "[::1]:0",
        "AUTHLENS_ADMIN_ADDR": "[::1]:0",
        "AUTHLENS_READY_FILE": os.path.join(args.workdir, "ready.json"),
        "AUTHLENS_DATABASE_URL": "sqlite://" + os.path.join(args.workdir, "authlens.db"),
        "AUTHLENS_MAIL_DIR": os.path.join(args.workdir, "mail"),
    })
    env.pop("SMTP_URL", None)  # nothing outside the namespace is reachable: the dev mailer
    out = open(args.log + ".stdout.log", "ab")
    err = open(args.log + ".stderr.log", "ab")
    proc = subprocess.Popen([args.binary], cwd=args.workdir, env=env, stdin=subprocess.DEVNULL,
                            stdout=out, stderr=err)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("authlens exited with status %d before it listened" % proc.returncode)
        ready = read_ready(env["AUTHLENS_READY_FILE"])
        if ready is not None:
            return proc, int(ready["http"].rsplit(":", 1)[1])
        time.sleep(0.02)
    proc.kill()
    raise SystemExit("authlens did not listen within 20 s")


def post_from(source, port, path, body):
    sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_IP, IP_FREEBIND, 1)
    sock.settimeout(10)
    sock.bind((source, 0))
    sock.connect(("::1", port))
    conn = http.client.HTTPConnection("[::1]", port, timeout=10)
    conn.sock = sock
    try:
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        return r.status
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--log", required=True, help="path prefix of the service's log files")
    parser.add_argument("--settings", default="{}", help="JSON object of extra settings")
    parser.add_argument("--prefix", default="2001:db8:1:2")
    parser.add_argument("--registrations", type=int, default=200)
    parser.add_argument("--logins", type=int, default=40)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()

    run(["ip", "link", "set", "lo", "up"])
    run(["ip", "-6", "route", "add", "local", args.prefix + "::/64", "dev", "lo"])
    proc, port = start_service(args)
    rng = random.Random(20251203)

    def source():  # a random interface identifier in the /64
        return args.prefix + ":" + ":".join("%x" % rng.randrange(1, 0x10000) for _ in range(4))

    result = {"registrations": [], "logins": [], "sources": []}
    try:
        for i in range(args.registrations):
            address = source()
            result["sources"].append(address)
            result["registrations"].append(post_from(address, port, "/register", {
                "email": "netns-%d@example.test" % i, "password": args.password}))
        for i in range(args.logins):
            address = source()
            result["sources"].append(address)
            result["logins"].append(post_from(address, port, "/login", {
                "email": "netns-login-%d@example.test" % i, "password": args.password + " wrong"}))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            result["exit_status"] = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            result["exit_status"] = "killed"
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
