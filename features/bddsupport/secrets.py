"""Every password, code and token the suite handles is remembered here; the service's logs must
contain none of them (the contract: never a password, code or token in any log)."""
import json
import os
import re


class SecretRegistry:
    MIN_LENGTH = 6

    def __init__(self):
        self._secrets = {}  # value -> kind

    def add(self, kind, value):
        if not isinstance(value, str) or len(value) < self.MIN_LENGTH:
            return
        self._secrets.setdefault(value, kind)

    def __len__(self):
        return len(self._secrets)

    def _patterns(self):
        for value, kind in self._secrets.items():
            forms = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
            for form in forms:
                if kind == "code":
                    # A 6-digit code must stand alone: not inside a hex id, a timestamp's fraction
                    # or a longer number.
                    yield kind, value, re.compile(r"(?<![0-9A-Za-z.])" + re.escape(form) + r"(?![0-9A-Za-z])")
                else:
                    yield kind, value, re.compile(re.escape(form))

    def scan_files(self, paths):
        """Return a list of findings (path, line number, kind, masked value)."""
        patterns = list(self._patterns())
        findings = []
        for path in paths:
            try:
                with open(path, "rb") as f:
                    text = f.read().decode("utf-8", "replace")
            except OSError:
                continue
            for lineno, line in enumerate(text.splitlines(), 1):
                for kind, value, pattern in patterns:
                    if pattern.search(line):
                        findings.append((path, lineno, kind, mask(value)))
        return findings


def mask(value):
    if len(value) <= 8:
        return value[:2] + "…"
    return value[:4] + "…(%d chars)" % len(value)


def log_files(root):
    for dirpath, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".log"):
                yield os.path.join(dirpath, name)


def describe(findings, limit=20):
    lines = ["%s:%d contains a %s (%s)" % f for f in findings[:limit]]
    if len(findings) > limit:
        lines.append("… and %d more" % (len(findings) - limit))
    return "\n".join(lines)
