"""A throwaway PostgreSQL 15 cluster for the fault scenarios: in a temp dir, listening on a Unix
socket in that dir only (no TCP port to race another run for; trust auth is then safe), with the
faults a database really has: kill -9 of the postmaster, a fast or immediate stop and a start, a
freeze of every server process (SIGSTOP/SIGCONT: a stalled disk or a partition, as a client sees
it), a read-only database and a table held locked. Every process is stopped by its pid."""
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")


def _as_postgres():
    """initdb and pg_ctl refuse to run as root: the cluster then belongs to the postgres user."""
    if os.getuid() != 0:
        return [], None
    entry = pwd.getpwnam("postgres")
    return ["runuser", "-u", "postgres", "--"], entry


class Cluster:
    def __init__(self, max_connections=200):
        self.prefix, self.owner = _as_postgres()
        self.dir = tempfile.mkdtemp(prefix="authlens-faults-pg-")
        if self.owner is not None:
            os.chown(self.dir, self.owner.pw_uid, self.owner.pw_gid)
        self.data = os.path.join(self.dir, "data")
        self.log = os.path.join(self.dir, "server.log")
        self.max_connections = max_connections
        self._run([os.path.join(PG_BIN, "initdb"), "-D", self.data, "-U", "authlens", "--auth=trust",
                   "-E", "UTF8", "--no-sync"], timeout=120)
        self.start()

    @property
    def url(self):
        socket_dir = urllib.parse.quote(self.dir, safe="")
        return f"postgresql://authlens@{socket_dir}/postgres"

    def _run(self, argv, timeout=60, check=True):
        result = subprocess.run(self.prefix + argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError("%s failed:\n%s" % (argv[0], result.stdout.decode(errors="replace")))
        return result

    def start(self):
        # fsync off: the cluster is thrown away, and a restart should not wait on the disk.
        self._run([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-l", self.log, "-w", "-t", "60",
                   "-o", f"-c listen_addresses='' -k {self.dir} -c fsync=off "
                         f"-c max_connections={self.max_connections}", "start"], timeout=90)

    def stop(self, mode="fast"):
        self._run([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-m", mode, "-w", "-t", "60", "stop"],
                  timeout=90, check=False)

    def postmaster_pid(self):
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                return int(f.readline())
        except (OSError, ValueError):
            return None

    def server_pids(self):
        """The postmaster and every process it started (backends, checkpointer, walwriter…)."""
        root = self.postmaster_pid()
        if root is None:
            return []
        pids = [root]
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == root:  # fields[1] is the parent pid
                pids.append(int(name))
        return pids

    def kill9_postmaster(self):
        """kill -9 of the postmaster; its children notice and exit, as after a crash."""
        root = self.postmaster_pid()
        children = [p for p in self.server_pids() if p != root]
        os.kill(root, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(p) for p in [root] + children):
            time.sleep(0.05)  # polling the processes' exit, not a fixed wait
        # The pid file of a killed postmaster stays; pg_ctl start sees that no process holds it.

    def freeze(self):
        pids = self.server_pids()
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        return pids

    def thaw(self, pids):
        for pid in pids:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass

    def sql(self, statement, database="postgres"):
        """One statement through psql; returns its output (unaligned, tuples only)."""
        url = self.url.rsplit("/", 1)[0] + "/" + database
        result = self._run([os.path.join(PG_BIN, "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                            "-d", url, "-c", statement], timeout=30)
        return result.stdout.decode().strip()

    def read_only(self, on):
        """The service's database refuses writes (SQLSTATE 25006), as a standby does, or takes
        them again. A reload reaches idle sessions only after their next statement, so the
        setting is the database's (read at session start) and its sessions are ended: the
        service's pool reconnects into the new state. Run from template1, which stays writable."""
        if on:
            self.sql("ALTER DATABASE postgres SET default_transaction_read_only = on", "template1")
        else:
            self.sql("ALTER DATABASE postgres RESET default_transaction_read_only", "template1")
        self.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'postgres'",
                 "template1")

    def hold_lock(self, statement):
        """A session that runs `statement` in an open transaction and holds it until released."""
        return HeldLock(self, statement)

    def remove(self):
        self.stop(mode="immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class HeldLock:
    def __init__(self, cluster, statement):
        self.process = subprocess.Popen(
            cluster.prefix + [os.path.join(PG_BIN, "psql"), "-X", "-q", "-A", "-t", "-d", cluster.url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.process.stdin.write(f"BEGIN;\n{statement};\n\\echo held\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline().strip()  # psql prints this once the lock is held
        if line != "held":
            self.release()
            raise RuntimeError("could not take the lock: %r" % line)

    def release(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.write("ROLLBACK;\n\\q\n")
                self.process.stdin.flush()
            except BrokenPipeError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
    return True
