#!/usr/bin/env python3
"""Checks an OpenMetrics exposition with prometheus_client's OpenMetrics parser, which is strict
where promtool (Prometheus text format only) cannot look: "# EOF", counter and unit naming,
canonical bucket bounds, exemplar syntax and the 128-character exemplar label limit.

Usage: openmetrics_check.py FILE [TRACE_ID]
Fails unless http_server_request_duration_seconds has at least one bucket exemplar with a
32-hex-digit trace_id and a 16-hex-digit span_id (with TRACE_ID: one of them carries it).
Prints the number of families and exemplars.
"""
import re
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    wanted = sys.argv[2] if len(sys.argv) > 2 else None
    families = list(text_string_to_metric_families(text))  # raises on any violation
    exemplars = []
    for family in families:
        for s in family.samples:
            if s.exemplar is None:
                continue
            if s.name != "http_server_request_duration_seconds_bucket":
                sys.exit(f"openmetrics: exemplar on {s.name}, expected only on the duration buckets")
            labels = s.exemplar.labels
            if set(labels) != {"trace_id", "span_id"} \
                    or not re.fullmatch(r"[0-9a-f]{32}", labels["trace_id"]) \
                    or not re.fullmatch(r"[0-9a-f]{16}", labels["span_id"]):
                sys.exit(f"openmetrics: malformed exemplar labels {labels}")
            if sum(len(k) + len(v) for k, v in labels.items()) > 128:
                sys.exit(f"openmetrics: exemplar label set over 128 characters: {labels}")
            if s.exemplar.value > float(s.labels["le"]):
                sys.exit(f"openmetrics: exemplar {s.exemplar.value} above its bucket le={s.labels['le']}")
            exemplars.append(labels["trace_id"])
    if not exemplars:
        sys.exit("openmetrics: no exemplar on http_server_request_duration_seconds")
    if wanted and wanted not in exemplars:
        sys.exit(f"openmetrics: no exemplar carries trace {wanted} (have {exemplars})")
    print(f"{len(families)} families, {len(exemplars)} exemplars")


if __name__ == "__main__":
    main()
