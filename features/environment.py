"""behave hooks: one real SMTP server per run, one authlens process per scenario on a fresh
SQLite database, graceful shutdown checked after every scenario, and a scan of every log the
service wrote for the passwords, codes and tokens the suite used."""
import itertools
import logging
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bddsupport import pg_database  # noqa: E402
from bddsupport import secrets as secrets_mod  # noqa: E402
from bddsupport.mailsink import MailSink  # noqa: E402
from bddsupport.helpers import start_service  # noqa: E402
import bddsupport.steptypes  # noqa: E402,F401  (registers the step parameter types)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ARTIFACTS_ROOT = os.path.join(HERE, "artifacts", "bdd")


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fresh_run_dir(keep=4):
    """features/artifacts/bdd/run-<time>-<pid>/: one directory per run, so that two runs at once
    (two stages, two developers on one tree) do not delete each other's logs. The newest `keep`
    finished runs are kept (`make test` runs more than one behave stage); older ones, and anything
    else in the folder, are removed."""
    os.makedirs(ARTIFACTS_ROOT, exist_ok=True)
    finished = []
    for name in os.listdir(ARTIFACTS_ROOT):
        path = os.path.join(ARTIFACTS_ROOT, name)
        m = re.match(r"^run-\d{8}-\d{6}-(\d+)$", name)
        if m and os.path.isdir(path):
            if not _pid_alive(int(m.group(1))):
                finished.append(name)
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.remove(path)
            except OSError:
                pass
    for name in sorted(finished)[:-keep] if len(finished) > keep else []:
        shutil.rmtree(os.path.join(ARTIFACTS_ROOT, name), ignore_errors=True)
    run_dir = os.path.join(ARTIFACTS_ROOT, "run-%s-%d" % (time.strftime("%Y%m%d-%H%M%S"), os.getpid()))
    os.makedirs(run_dir)
    return run_dir


def _slug(text, limit=60):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit] or "x"


def before_all(context):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command chatter
    binary = os.environ.get("AUTHLENS_BIN") or os.path.join(REPO, "build-test", "authlens")
    if not os.path.isabs(binary):
        binary = os.path.join(REPO, binary)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        raise AssertionError("AUTHLENS_BIN=%s is not an executable file (build it first)" % binary)
    context.binary = binary
    context.artifacts = _fresh_run_dir()
    print("bdd: service logs of this run are in %s" % os.path.relpath(context.artifacts, REPO))
    context.secrets = secrets_mod.SecretRegistry()
    context.mail = MailSink()
    context.mail.start()
    context.scenario_counter = itertools.count(1)  # root-level: survives the scenario layers


def after_all(context):
    mail = getattr(context, "mail", None)
    if mail is not None:
        mail.close()
    registry = getattr(context, "secrets", None)
    if registry is None:
        return
    files = list(secrets_mod.log_files(context.artifacts))
    findings = registry.scan_files(files)
    print("secrets scan: %d secrets checked against %d log files: %d findings"
          % (len(registry), len(files), len(findings)))
    assert not findings, "secrets found in the service's logs:\n" + secrets_mod.describe(findings)


def before_scenario(context, scenario):
    name = "%03d-%s-%s" % (next(context.scenario_counter), _slug(os.path.basename(scenario.filename).split(".")[0], 30),
                           _slug(scenario.name))
    context.log_dir = os.path.join(context.artifacts, name)
    os.makedirs(context.log_dir, exist_ok=True)
    context.workdir = tempfile.mkdtemp(prefix="authlens-bdd-")
    context.db_path = os.path.join(context.workdir, "authlens.db")
    pg = os.environ.get("AUTHLENS_BDD_PG_URL")
    if pg:  # every scenario on a database of its own in the stage's throwaway cluster
        context.db_path = pg_database.create(pg, "bdd_%d_%s" % (os.getpid(), name[:3]))
    context.service_starts = 0
    context.service = None
    context.api = None
    # Per-scenario state used by the steps.
    context.response = None
    context.responses = []
    context.remembered = {}
    context.codes = {}          # mailbox key -> latest code received
    context.mail_seen = {}      # mailbox key -> number of messages already consumed
    context.last_mail = None
    context.last_mail_at = {}   # mailbox key -> monotonic time of the latest mail consumed
    context.last_mail_request_at = {}  # mailbox key -> when a mail-sending request was accepted
    context.sessions = {}       # device name -> bearer token
    context.passwords = {}      # mailbox key -> password it was last registered with
    context.clients = {}        # loopback source address -> Api connecting from it
    context.cleanups = []       # callables run after the scenario (helper servers to stop)
    context.extra_settings = {}  # settings a scenario changes (see restart_with)
    context.mail.start()        # a previous scenario may have left it stopped
    context.mail.reset()
    if "no_service" not in scenario.effective_tags:
        start_service(context)


def after_scenario(context, scenario):
    problems = []
    if context.api is not None:
        context.api.close()
    for client in context.clients.values():
        client.close()
    if context.service is not None:
        try:
            context.service.stop_gracefully()
        except AssertionError as e:
            problems.append(str(e))
        context.service = None
    for cleanup in reversed(context.cleanups):
        try:
            cleanup()
        except Exception as e:  # noqa: BLE001 (report, but keep cleaning)
            problems.append("cleanup failed: %r" % e)
    if not context.mail.running:
        context.mail.start()
    # Point at the scenario that leaked, as soon as it happens (after_all checks the whole run).
    findings = context.secrets.scan_files(list(secrets_mod.log_files(context.log_dir)))
    if findings:
        problems.append("secrets found in this scenario's service logs:\n" + secrets_mod.describe(findings))
    if context.db_path.startswith("postgresql://"):
        pg_database.drop(os.environ["AUTHLENS_BDD_PG_URL"], context.db_path)
    shutil.rmtree(context.workdir, ignore_errors=True)
    assert not problems, "\n".join(problems)
