"""Steps about starting the service: the command line and the settings it refuses."""
import os
import subprocess

from behave import step

import bddsupport.steptypes  # noqa: F401
from bddsupport.helpers import restart_with
from bddsupport.service import Service


@step('I run authlens with "{args:Q}"')
def step_run_args(context, args):
    r = subprocess.run([context.binary] + args.split(), cwd=context.workdir, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
    context.run_result = r
    context.run_output = r.stdout.decode("utf-8", "replace")
    with open(os.path.join(context.log_dir, "cli.stdout.log"), "ab") as f:
        f.write(r.stdout)
    with open(os.path.join(context.log_dir, "cli.stderr.log"), "ab") as f:
        f.write(r.stderr)


@step("it exits with status {status:d}")
def step_exit_status(context, status):
    r = context.run_result
    assert r.returncode == status, "exit status %d, expected %d; stderr: %s" % (
        r.returncode, status, r.stderr.decode("utf-8", "replace")[-500:])


@step('its output starts with "{text:Q}"')
def step_output_starts(context, text):
    assert context.run_output.startswith(text), "the output starts with %r" % context.run_output[:80]


@step("its output names every setting")
def step_output_names(context):
    missing = [row["setting"] for row in context.table if row["setting"] not in context.run_output]
    assert not missing, "--help does not name: %s" % ", ".join(missing)


@step('the setting "{name:Q}" is "{value:Q}"')
def step_setting(context, name, value):
    context.extra_settings[name] = value


@step('the setting "{name:Q}" is unset')
def step_setting_unset(context, name):
    context.extra_settings[name] = None


@step('the service refuses to start with exit status {status:d}, naming "{name:Q}"')
def step_refuses(context, status, name):
    context.service_starts += 1
    service = Service(context.binary, context.workdir, context.db_path, context.mail.url,
                      context.log_dir, "authlens-%d" % context.service_starts, context.extra_settings)
    code, output = service.start_expecting_refusal()
    assert code == status, "exit status %d, expected %d; output:\n%s" % (code, status, output[-1500:])
    assert name in output, "the refusal does not name %s; output:\n%s" % (name, output[-1500:])


@step('the service runs with the fixed code "{code:Q}" for "{email:Q}"')
def step_fixed_code(context, code, email):
    context.secrets.add("code", code)
    restart_with(context, TEST_EMAIL=email, TEST_CODE=code)


@step("the service log warns about the fixed code")
def step_warns(context):
    import json
    found = []
    with open(context.service.stdout_path, "rb") as f:
        for line in f.read().decode("utf-8", "replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            level = str(entry.get("level", "")).lower()
            if level.startswith("warn") and ("TEST_CODE" in line or "TEST_EMAIL" in line):
                found.append(line)
    assert found, "no warning naming TEST_CODE or TEST_EMAIL in %s" % context.service.stdout_path
