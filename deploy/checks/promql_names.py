#!/usr/bin/env python3
"""Checks that every PromQL query in the Grafana dashboards and the alert rules names only
metrics authlens exports (deploy/metrics.txt) or Prometheus's `up`, with labels those metrics
have; checks the dashboards' structure; and writes the dashboards' queries as a rules file so
`promtool check rules` validates their syntax.

usage: promql_names.py METRICS_TXT DATASOURCES_YML --dashboards JSON... --rules YML...
                       [--emit-rules OUT_YML]
"""
import argparse
import json
import re
import sys

import yaml

COMMON_LABELS = {"job", "instance", "__name__"}
KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "offset", "inf", "nan", "atan2", "start", "end"}
AGGREGATIONS = {"sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk", "bottomk",
                "quantile", "count_values", "group", "limitk", "limit_ratio"}
LABEL_LIST_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
# Grafana's built-in variables, replaced by a plausible value for promtool's syntax check.
GRAFANA_VARS = {"$__rate_interval": "1m", "$__interval": "1m", "$__range": "1h",
                "${__rate_interval}": "1m", "${__interval}": "1m", "${__range}": "1h"}


def load_metrics(path):
    """NAME TYPE LABELS lines -> {series name: allowed label names}."""
    series = {"up": set(COMMON_LABELS)}
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, kind, labels = line.split()
        allowed = COMMON_LABELS | (set() if labels == "-" else set(labels.split(",")))
        if kind == "histogram":
            series[name + "_bucket"] = allowed | {"le"}
            series[name + "_sum"] = allowed
            series[name + "_count"] = allowed
        elif kind in ("counter", "gauge"):
            series[name] = allowed
        else:
            raise SystemExit(f"{path}: unknown metric type {kind!r} for {name}")
    return series


def tokenize(expr):
    """Yields (kind, text): str, brace, bracket, ident, num, op. Strings inside braces stay there."""
    i, n = 0, len(expr)
    while i < n:
        c = expr[i]
        if c.isspace():
            i += 1
        elif c == "#":  # comment to end of line
            while i < n and expr[i] != "\n":
                i += 1
        elif c in "\"'`":
            j = i + 1
            while j < n and expr[j] != c:
                j += 2 if expr[j] == "\\" and c != "`" else 1
            yield "str", expr[i:j + 1]
            i = j + 1
        elif c in "{[":
            close = "}" if c == "{" else "]"
            j, quote = i + 1, None
            while j < n and (quote or expr[j] != close):
                if quote:
                    if expr[j] == "\\":
                        j += 1
                    elif expr[j] == quote:
                        quote = None
                elif expr[j] in "\"'`":
                    quote = expr[j]
                j += 1
            yield ("brace" if c == "{" else "bracket"), expr[i + 1:j]
            i = j + 1
        elif c.isalpha() or c in "_:":
            m = re.match(r"[A-Za-z_:][A-Za-z0-9_:]*", expr[i:])
            yield "ident", m.group(0)
            i += len(m.group(0))
        elif c.isdigit() or c == ".":
            m = re.match(r"[0-9.]+(?:[eE][+-]?\d+)?[A-Za-z0-9]*", expr[i:])
            yield "num", m.group(0)
            i += len(m.group(0))
        elif c == "$":  # a Grafana variable outside a string
            m = re.match(r"\$\{?[A-Za-z0-9_]+\}?", expr[i:])
            yield "var", m.group(0)
            i += len(m.group(0))
        else:
            yield "op", c
            i += 1


def matcher_labels(body):
    return re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)", body)


def check_expr(expr, series, where):
    """Returns a list of problems with one PromQL expression."""
    problems = []
    all_labels = set().union(*series.values()) | {"le"}
    toks = list(tokenize(expr))
    names = []
    i = 0
    while i < len(toks):
        kind, text = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else (None, None)
        if kind == "ident" and text in LABEL_LIST_KEYWORDS:
            # by (a, b) / on (a) / group_left (a): label names, not metrics.
            if nxt == ("op", "("):
                j = i + 2
                while j < len(toks) and toks[j] != ("op", ")"):
                    if toks[j][0] == "ident" and toks[j][1] not in all_labels:
                        problems.append(f"{where}: label {toks[j][1]!r} in {text}(...) is on no exported metric")
                    j += 1
                i = j + 1
                continue
        elif kind == "ident" and nxt == ("op", "("):
            pass  # a function or aggregation
        elif kind == "ident" and text in AGGREGATIONS and nxt in (("ident", "by"), ("ident", "without")):
            pass  # sum by (...) (...)
        elif kind == "ident" and text.lower() not in KEYWORDS:
            names.append(text)
            if text not in series:
                problems.append(f"{where}: metric {text!r} is not exported by authlens (deploy/metrics.txt)")
            elif nxt[0] == "brace":
                for label in matcher_labels(nxt[1]):
                    if label not in series[text]:
                        problems.append(f"{where}: {text} has no label {label!r}")
        elif kind == "brace" and (i == 0 or toks[i - 1][0] != "ident"):
            problems.append(f"{where}: selector without a metric name: {{{text}}}")
        i += 1
    if not names:
        problems.append(f"{where}: names no metric at all: {expr!r}")
    return problems


def walk_panels(panels):
    for p in panels:
        yield p
        yield from walk_panels(p.get("panels", []))


def check_dashboard(path, series, ds_uids, emitted):
    problems = []
    try:
        dash = json.load(open(path, encoding="utf-8"))
    except ValueError as e:
        return [f"{path}: not JSON: {e}"]
    for key in ("uid", "title", "panels", "schemaVersion"):
        if key not in dash:
            problems.append(f"{path}: no {key!r}")
    ids = [p.get("id") for p in walk_panels(dash.get("panels", []))]
    if len(ids) != len(set(ids)):
        problems.append(f"{path}: panel ids are not unique")
    queries = 0
    for p in walk_panels(dash.get("panels", [])):
        if p.get("type") == "row":
            continue
        where = f"{path}: panel {p.get('title')!r}"
        if not p.get("title"):
            problems.append(f"{where}: has no title")
        gp = p.get("gridPos", {})
        if not all(k in gp for k in ("h", "w", "x", "y")) or gp.get("x", 0) + gp.get("w", 0) > 24:
            problems.append(f"{where}: bad gridPos {gp}")
        targets = p.get("targets", [])
        if not targets:
            problems.append(f"{where}: has no query")
        for t in targets:
            ds = t.get("datasource") or p.get("datasource") or {}
            uid = ds.get("uid") if isinstance(ds, dict) else ds
            if uid not in ds_uids:
                problems.append(f"{where}: data source {uid!r} is not provisioned ({sorted(ds_uids)})")
            expr = t.get("expr")
            if not expr:
                problems.append(f"{where} {t.get('refId')}: no expr")
                continue
            queries += 1
            problems += check_expr(expr, series, f"{where} {t.get('refId')}")
            for var, value in GRAFANA_VARS.items():
                expr = expr.replace(var, value)
            if "$" in expr:
                problems.append(f"{where}: unknown Grafana variable in {expr!r}")
            emitted.append({"record": f"dashboard:panel_{p.get('id')}_{t.get('refId')}", "expr": expr})
    for v in dash.get("templating", {}).get("list", []):
        q = v.get("query")
        q = q.get("query") if isinstance(q, dict) else q
        m = re.match(r"\s*label_values\((.*),\s*([A-Za-z_]\w*)\)\s*$", q or "")
        if m:
            problems += check_expr(m.group(1), series, f"{path}: variable {v.get('name')!r}")
    if queries == 0:
        problems.append(f"{path}: no queries")
    return problems


def check_rules(path, series):
    problems = []
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    for group in doc.get("groups", []):
        for rule in group.get("rules", []):
            name = rule.get("alert") or rule.get("record")
            problems += check_expr(rule["expr"], series, f"{path}: {name}")
    return problems


SELF_TEST = [  # (expression, number of problems the check must find)
    ('sum by (http_route) (rate(http_server_request_duration_seconds_count{http_route="/login"}[5m]))', 0),
    ('histogram_quantile(0.99, sum by (le) (rate(authlens_password_hash_duration_seconds_bucket[1m])))', 0),
    ('up{job="authlens"} == 0', 0),
    ('rate(authlens_logins_total[5m])', 1),                                # unknown metric
    ('sum by (route) (rate(http_server_request_duration_seconds_count[5m]))', 1),  # unknown label
    ('authlens_auth_events_total{evnt="login"}', 1),                      # misspelt label
    ('http_server_request_duration_seconds', 1),                          # histogram without suffix
    ('{__name__="up"}', 2),                                               # no metric name
]


def self_test(series):
    bad = 0
    for expr, want in SELF_TEST:
        got = check_expr(expr, series, "self-test")
        if len(got) != want:
            bad += 1
            print(f"  self-test: {expr!r}: expected {want} problem(s), got {got}")
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("metrics")
    ap.add_argument("datasources")
    ap.add_argument("--dashboards", nargs="+", default=[])
    ap.add_argument("--rules", nargs="*", default=[])
    ap.add_argument("--emit-rules")
    a = ap.parse_args()
    series = load_metrics(a.metrics)
    ds_doc = yaml.safe_load(open(a.datasources, encoding="utf-8"))
    ds_uids = {d["uid"] for d in ds_doc.get("datasources", []) if d.get("type") == "prometheus"}
    problems, emitted = [], []
    if self_test(series):
        print("promql names: the checker's own self-test failed")
        return 1
    for d in a.dashboards:
        problems += check_dashboard(d, series, ds_uids, emitted)
    for r in a.rules:
        problems += check_rules(r, series)
    if a.emit_rules:
        with open(a.emit_rules, "w", encoding="utf-8") as f:
            yaml.safe_dump({"groups": [{"name": "dashboard-queries", "rules": emitted}]}, f, sort_keys=False)
    for p in problems:
        print("  " + p)
    print(f"promql names: {len(emitted)} dashboard queries and {len(a.rules)} rule file(s) checked, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
