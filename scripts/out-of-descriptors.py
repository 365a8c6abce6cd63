#!/usr/bin/env python3
"""Out of descriptors: authlens under RLIMIT_NOFILE 64 while 120 connections are held, its CPU
over 3 s (accepting must pause, not spin), then /healthz once they close.

Usage: scripts/out-of-descriptors.py build/authlens  (a Release build: the sanitizers need
descriptors of their own and report falsely when there are none.)"""
import os, socket, subprocess, sys, tempfile, time, resource, json, urllib.request
binary = sys.argv[1]
d = tempfile.mkdtemp()
ready = os.path.join(d, "ready")
env = dict(os.environ, AUTHLENS_HTTP_ADDR="127.0.0.1:0", AUTHLENS_ADMIN_ADDR="127.0.0.1:0", AUTHLENS_READY_FILE=ready,
           AUTHLENS_DATABASE_URL="sqlite://" + os.path.join(d, "a.db"), OTEL_SDK_DISABLED="true",
           AUTHLENS_LOGS="off", AUTHLENS_METRICS="off", AUTHLENS_MAX_CONNECTIONS="4096",
           AUTHLENS_MAX_CONNECTIONS_PER_CLIENT="4096", AUTHLENS_MAIL_DIR=os.path.join(d, "mail"))
def limit(): resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
p = subprocess.Popen([binary], env=env, preexec_fn=limit, cwd=d, stdout=subprocess.DEVNULL, stderr=open(os.path.join(d,"err"),"w"))
for _ in range(200):
    if os.path.exists(ready) and os.path.getsize(ready): break
    time.sleep(0.05)
print(open(ready).read().strip())
port = int(json.load(open(ready))["http"].rsplit(":", 1)[1])
def cpu():
    f = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
held = []
for i in range(120):
    s = socket.create_connection(("127.0.0.1", port)); held.append(s)
time.sleep(0.5)
c0 = cpu(); time.sleep(3); c1 = cpu()
print(f"service CPU while out of descriptors: {c1-c0:.2f} s in 3 s")
for s in held: s.close()
time.sleep(0.5)
t = time.time()
r = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
print("after release: /healthz", r.status, f"in {time.time()-t:.3f} s")
p.terminate(); p.wait()
