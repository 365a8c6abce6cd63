"""Which TCP ports a process listens on, read from /proc (Linux, standard library only).

Test and bench harnesses start programs on port 0 and ask here which ports they got: a port picked
in advance ("bind 0, read, close, pass it on") can be taken by anyone in between, which is how
suites on a busy machine fail with "Address already in use". authlens itself reports its ports
(AUTHLENS_READY_FILE); this is for programs that cannot (Jaeger, Prometheus, helpers)."""
import os
import time

_LISTEN = "0A"  # TCP_LISTEN in /proc/net/tcp's st column


def _socket_inodes(pid):
    inodes = set()
    fd_dir = "/proc/%d/fd" % pid
    try:
        names = os.listdir(fd_dir)
    except OSError:
        return inodes
    for name in names:
        try:
            target = os.readlink(os.path.join(fd_dir, name))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def listening_ports(pid):
    """The set of TCP ports (IPv4 and IPv6) on which process `pid` has a listening socket."""
    inodes = _socket_inodes(pid)
    ports = set()
    for table in ("/proc/%d/net/tcp" % pid, "/proc/%d/net/tcp6" % pid):
        try:
            with open(table, "r", encoding="ascii") as f:
                next(f, None)  # header
                for line in f:
                    fields = line.split()
                    if len(fields) > 9 and fields[3] == _LISTEN and fields[9] in inodes:
                        ports.add(int(fields[1].rsplit(":", 1)[1], 16))
        except OSError:
            continue
    return ports


def wait_listening(proc, count, timeout, settle=0.3):
    """Waits until the child process `proc` (a Popen) listens on at least `count` ports and the set
    has stopped growing for `settle` seconds; returns the sorted ports. Raises AssertionError if
    the process exits or the time runs out."""
    deadline = time.monotonic() + timeout
    seen, since = set(), time.monotonic()
    while True:
        if proc.poll() is not None:
            raise AssertionError("process %d exited with status %s before it listened"
                                 % (proc.pid, proc.returncode))
        ports = listening_ports(proc.pid)
        if ports != seen:
            seen, since = ports, time.monotonic()
        if len(seen) >= count and time.monotonic() - since >= settle:
            return sorted(seen)
        if time.monotonic() > deadline:
            raise AssertionError("process %d listens on %s, not on %d ports, after %.0f s"
                                 % (proc.pid, sorted(seen) or "nothing", count, timeout))
        time.sleep(0.05)


def _http(method, url, body=None):
    """(status, parsed JSON object or {}) — or (None, {}) when the port does not speak HTTP/1.1."""
    import json
    import urllib.error
    import urllib.request
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={"Content-Type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(req, timeout=1) as r:
            status, text = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    except (OSError, ValueError):
        return None, {}
    try:
        value = json.loads(text)
    except ValueError:
        value = {}
    return status, value if isinstance(value, dict) else {}


def jaeger_ports(ports):
    """Which of a Jaeger v2's listening ports is which, by asking each what it serves:
    {"query": p, "health": p, "otlp": p, "grpc": p}; a role not found is missing."""
    roles = {}
    for port in ports:
        base = "http://127.0.0.1:%d" % port
        status, body = _http("GET", base + "/api/services")
        if status is None:
            roles["grpc"] = port  # the query gRPC listener does not answer HTTP/1.1
            continue
        if status == 200 and "data" in body:
            roles["query"] = port
            continue
        status, body = _http("GET", base + "/status")
        if status in (200, 503) and body:
            roles["health"] = port
            continue
        status, _ = _http("POST", base + "/v1/traces", b"{}")
        if status == 200:
            roles["otlp"] = port
    return roles


def main(argv):
    """For shell scripts:
      listening.py ports PID COUNT TIMEOUT   -> the ports, space-separated
      listening.py jaeger PID TIMEOUT        -> "otlp query grpc health" ports"""
    class _Pid:  # wait_listening's view of a process we did not start
        def __init__(self, pid):
            self.pid, self.returncode = pid, None

        def poll(self):
            try:
                os.kill(self.pid, 0)
                return None
            except ProcessLookupError:
                self.returncode = "gone"
                return self.returncode

    if argv[1] == "ports":
        print(" ".join(str(p) for p in wait_listening(_Pid(int(argv[2])), int(argv[3]), float(argv[4]))))
        return 0
    if argv[1] == "jaeger":
        pid, deadline = _Pid(int(argv[2])), time.monotonic() + float(argv[3])
        while True:
            roles = jaeger_ports(wait_listening(pid, 4, max(1.0, deadline - time.monotonic())))
            if len(roles) == 4:
                print(roles["otlp"], roles["query"], roles["grpc"], roles["health"])
                return 0
            if time.monotonic() > deadline:
                raise AssertionError("Jaeger's ports could not all be told apart: %s" % roles)
            time.sleep(0.3)
    raise SystemExit("usage: listening.py ports PID COUNT TIMEOUT | jaeger PID TIMEOUT")


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
