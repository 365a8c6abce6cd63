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
