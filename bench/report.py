"""Writes bench/results/report.md and the PNG charts from the harness's records (raw.json).

Also runnable alone to redo the report from a saved run: /usr/bin/python3 bench/report.py
"""
import json
import statistics
import sys
from pathlib import Path

MODES = ["off", "logs", "metrics", "traces", "all"]
WORKLOADS = ["me", "login", "mixed"]
TITLES = {"me": "GET /me", "login": "POST /login", "mixed": "mixed"}
SIGNALS = ("traces", "metrics", "logs")


def med(values):
    return statistics.median(values) if values else float("nan")


def fmt(value, digits=1):
    if value != value:  # NaN
        return "–"
    return f"{value:,.{digits}f}"


def spread(values, digits=1):
    if not values:
        return "–"
    if len(values) == 1:
        return fmt(values[0], digits)
    return f"{fmt(med(values), digits)} ({fmt(min(values), digits)}–{fmt(max(values), digits)})"


def pct(ratio):
    return f"{(ratio - 1) * 100:+.1f} %" if ratio == ratio else "–"


def pct_spread(ratios):
    if not ratios:
        return "–"
    if len(ratios) == 1:
        return pct(ratios[0])
    return f"{pct(med(ratios))} ({pct(min(ratios))} … {pct(max(ratios))})"


class Data:
    def __init__(self, records):
        self.records = records

    def get(self, service, mode, workload, key):
        return [r[key] for r in self.records
                if r["service"] == service and r["mode"] == mode and r["workload"] == workload and key in r]

    def one(self, service, mode, workload, round_no):
        for r in self.records:
            if (r["service"], r["mode"], r["workload"], r["round"]) == (service, mode, workload, round_no):
                return r
        return None

    def rounds(self):
        return sorted({r["round"] for r in self.records})

    def ratios(self, service, mode, workload, key, base_mode="off"):
        """Per round: value in `mode` ÷ value in `base_mode` of the same service and round."""
        out = []
        for n in self.rounds():
            a, b = self.one(service, mode, workload, n), self.one(service, base_mode, workload, n)
            if a and b and b[key]:
                out.append(a[key] / b[key])
        return out

    def versus(self, mode, workload, key, invert=False):
        """Per round: authlens ÷ peer (or peer ÷ authlens) in the same mode."""
        out = []
        for n in self.rounds():
            a, p = self.one("authlens", mode, workload, n), self.one("peer", mode, workload, n)
            if a and p and a[key] and p[key]:
                out.append(p[key] / a[key] if invert else a[key] / p[key])
        return out

    def telemetry_share(self, mode, workload):
        """Median share of the process's CPU per signal, from authlens_telemetry_cpu_seconds_total."""
        shares = {s: [] for s in SIGNALS}
        for r in self.records:
            if (r["service"], r["mode"], r["workload"]) == ("authlens", mode, workload) \
                    and "telemetry_cpu_s" in r and r["cpu_s"] > 0:
                for s in SIGNALS:
                    shares[s].append(r["telemetry_cpu_s"].get(s, 0) / r["cpu_s"])
        return {s: med(v) for s, v in shares.items() if v}


def service_table(data, service):
    lines = ["| workload | mode | req/s | p50 ms | p99 ms | p99.9 ms | CPU s / 1000 req | "
             "RSS steady MiB | RSS peak MiB | errors |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for w in WORKLOADS:
        for m in MODES:
            if not data.get(service, m, w, "rps"):
                continue
            g = lambda k: data.get(service, m, w, k)
            lines.append(f"| {TITLES[w]} | {m} | {spread(g('rps'), 0)} | {spread(g('p50_ms'), 2)} | "
                         f"{spread(g('p99_ms'), 2)} | {spread(g('p999_ms'), 2)} | "
                         f"{spread(g('cpu_s_per_1000'), 3)} | {spread(g('rss_steady_mib'), 1)} | "
                         f"{fmt(max(g('rss_peak_mib')), 1)} | {sum(g('errors'))} |")
    return "\n".join(lines)


def ratio_table(data, service):
    lines = ["| workload | mode | throughput vs off | CPU per request vs off |", "|---|---|---:|---:|"]
    for w in WORKLOADS:
        for m in MODES[1:]:
            tr = data.ratios(service, m, w, "rps")
            cr = data.ratios(service, m, w, "cpu_s_per_1000")
            if tr:
                lines.append(f"| {TITLES[w]} | {m} | {pct_spread(tr)} | {pct_spread(cr)} |")
    return "\n".join(lines)


def versus_table(data):
    lines = ["| workload | mode | authlens ÷ peer throughput | peer ÷ authlens CPU per request |",
             "|---|---|---:|---:|"]
    for w in WORKLOADS:
        for m in MODES:
            tr, cr = data.versus(m, w, "rps"), data.versus(m, w, "cpu_s_per_1000", invert=True)
            if tr:
                lines.append(f"| {TITLES[w]} | {m} | {spread(tr, 1)}× | {spread(cr, 1)}× |")
    return "\n".join(lines)


def share_table(data):
    lines = ["| workload | mode | traces | metrics | logs | service work |", "|---|---|---:|---:|---:|---:|"]
    for w in WORKLOADS:
        for m in ("metrics", "all"):
            s = data.telemetry_share(m, w)
            if s:
                work = 1 - sum(s.values())
                lines.append(f"| {TITLES[w]} | {m} | {s.get('traces', 0) * 100:.2f} % | "
                             f"{s.get('metrics', 0) * 100:.2f} % | {s.get('logs', 0) * 100:.2f} % | "
                             f"{work * 100:.2f} % |")
    return "\n".join(lines)


def micro_table(micro):
    lines = ["| benchmark | ns/op (wall) | ns/op (CPU) | notes |", "|---|---:|---:|---|"]
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
    for b in micro.get("benchmarks", []):
        if b.get("run_type") == "aggregate":
            continue
        k = scale.get(b.get("time_unit", "ns"), 1)
        notes = ", ".join(f"{key} {b[key]:.3g}" for key in ("bytes", "ns_per_span", "dropped_share") if key in b)
        if "ns_per_span" in b:  # a rate counter with kInvert: seconds per span
            notes = notes.replace(f"ns_per_span {b['ns_per_span']:.3g}", f"{b['ns_per_span'] * 1e9:.0f} ns/span")
        lines.append(f"| {b['name']} | {b['real_time'] * k:,.0f} | {b['cpu_time'] * k:,.0f} | {notes} |")
    return "\n".join(lines)


CG_TITLES = {"floor": "Beast floor (`bench/floor`)", "off": "off", "logs": "logs", "metrics": "metrics",
             "traces": "traces (100 %)", "all": "all (100 %)", "all@0.1": "all, parentbased_traceidratio 0.1",
             "all@0.01": "all, parentbased_traceidratio 0.01",
             "disabled": "disabled (traces configured, OTEL_SDK_DISABLED=true)"}
# Issues 10 and 19's budgets: instructions per GET /me over off, and the off path itself.
CG_BUDGETS = {"logs": 1000, "metrics": 300, "traces": 2000, "all": 3500}
CG_OFF_BUDGET = 36000


def cg_by_mode(data):
    return {r["mode"]: r for r in (data or {}).get("results", [])}


def instructions_table(now, before):
    """Instructions per request by mode: before issue 19 (same method) and now."""
    n, b = cg_by_mode(now), cg_by_mode(before)
    off_n, off_b = n.get("off", {}).get("per_request"), b.get("off", {}).get("per_request")
    lines = ["| mode | before: per request | before: vs off | now: per request | now: vs off | "
             "now, with one /metrics scrape per run | budget (issues 10, 19) | |",
             "|---|---:|---:|---:|---:|---:|---|---|"]
    for mode, title in CG_TITLES.items():
        if mode not in n and mode not in b:
            continue
        rn, rb = n.get(mode, {}), b.get(mode, {})
        pn, pb = rn.get("per_request"), rb.get("per_request")

        def delta(value, off):
            if value is None or off is None or mode in ("off", "floor"):
                return "–"
            return f"{value - off:+,.0f} ({(value / off - 1) * 100:+.1f} %)"
        scrape = (f"{rn['per_request_with_scrape']:,.0f}" if rn.get("scrape_instructions") else "–")
        budget, verdict = "", ""
        base = mode.split("@")[0]
        if mode == "off":
            budget = f"≤ {CG_OFF_BUDGET:,} (≤ 2 × floor)"
            verdict = "met" if pn is not None and pn <= CG_OFF_BUDGET else "**missed**"
        elif mode in CG_BUDGETS and pn is not None and off_n is not None:
            budget = f"≤ +{CG_BUDGETS[mode]:,}"
            verdict = "met" if pn - off_n <= CG_BUDGETS[mode] else "**missed**"
        elif mode == "disabled" and pn is not None and off_n is not None:
            budget = "within noise of off (±100)"
            verdict = "met" if abs(pn - off_n) <= 100 else "**missed**"
        elif base == "all" and mode != "all":
            budget = "below all (100 %)"
        lines.append(f"| {title} | {fmt(pb, 0) if pb else '–'} | {delta(pb, off_b)} | "
                     f"{fmt(pn, 0) if pn else '–'} | {delta(pn, off_n)} | {scrape} | {budget} | {verdict} |")
    return "\n".join(lines)


def micro_compare_table(now, before):
    """The issue 10 micro-benchmarks before and after (CPU ns per operation)."""
    def by_name(m):
        return {b["name"]: b for b in (m or {}).get("benchmarks", []) if b.get("run_type") != "aggregate"}
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
    n, b = by_name(now), by_name(before)
    lines = ["| benchmark | before: ns/op (CPU) | now: ns/op (CPU) | now ÷ before |", "|---|---:|---:|---:|"]
    for name in ("BM_MeRequestSpans", "BM_SpanStartEnd5Attributes", "BM_OtlpProtobufPerSpan",
                 "BM_OtlpProtobufEncode512", "BM_OtlpJsonEncode512", "BM_AccessLogLine", "BM_JsonLogLine",
                 "BM_HistogramObservation", "BM_SpanDisabled"):
        if name not in n:
            continue
        cpu = lambda r: r["cpu_time"] * scale.get(r.get("time_unit", "ns"), 1)
        if name == "BM_OtlpProtobufPerSpan":  # per span, not per batch of 512
            cpu = lambda r: r["cpu_time"] * scale.get(r.get("time_unit", "ns"), 1) / 512
        now_v = cpu(n[name])
        before_v = cpu(b[name]) if name in b else None
        ratio = f"{now_v / before_v:.2f}" if before_v else "–"
        label = name + (" (per span)" if name == "BM_OtlpProtobufPerSpan" else "")
        lines.append(f"| {label} | {fmt(before_v, 0) if before_v else '–'} | {fmt(now_v, 0)} | {ratio} |")
    return "\n".join(lines)


def instructions_chart(now, before, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    n, b = cg_by_mode(now), cg_by_mode(before)
    modes = [m for m in CG_TITLES if m in n]
    fig, ax = plt.subplots(figsize=(9, 4.2))
    width = 0.38
    for i, (label, source, color) in enumerate((("before issue 19", b, "#a0aec0"),
                                                 ("now", n, "#2b6cb0"))):
        values = [source.get(m, {}).get("per_request", float("nan")) for m in modes]
        xs = [x + (i - 0.5) * width for x in range(len(modes))]
        ax.bar(xs, values, width, label=label, color=color)
        for x, v in zip(xs, values):
            if v == v:
                ax.text(x, v, f"{v / 1000:.1f}k", ha="center", va="bottom", fontsize=7)
    ax.axhline(CG_OFF_BUDGET, color="#c53030", linestyle="--", linewidth=1)
    ax.text(len(modes) - 0.5, CG_OFF_BUDGET, "off budget 36k", color="#c53030", fontsize=7,
            ha="right", va="bottom")
    ax.set_xticks(range(len(modes)), [m.replace("all@", "all ") for m in modes])
    ax.set_ylabel("instructions per GET /me")
    ax.set_title("Instructions per GET /me by telemetry mode (callgrind, every thread counted)")
    ax.legend()
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / "instructions.png", dpi=110)
    plt.close(fig)


def targets(data, meta):
    rows = []
    argon2 = meta["argon2"]

    def row(name, target, values, ok, fmt_value):
        rows.append((name, target, fmt_value(values) if values else "not measured",
                     ("met" if ok(med(values)) else "**missed**") if values else "–"))

    me_t = data.ratios("authlens", "all", "me", "rps")
    me_c = data.ratios("authlens", "all", "me", "cpu_s_per_1000")
    lg_t = data.ratios("authlens", "all", "login", "rps")
    lg_c = data.ratios("authlens", "all", "login", "cpu_s_per_1000")
    row("GET /me throughput, all vs off", "≥ −3 %", me_t, lambda v: v >= 0.97, pct_spread)
    row("GET /me CPU per request, all vs off", "≤ +5 %", me_c, lambda v: v <= 1.05, pct_spread)
    row("POST /login throughput, all vs off", "≥ −1 %", lg_t, lambda v: v >= 0.99, pct_spread)
    row("POST /login CPU per request, all vs off", "≤ +1 %", lg_c, lambda v: v <= 1.01, pct_spread)
    vs = data.versus("all", "me", "rps")
    row("GET /me throughput ÷ peer's, all on in both", "≥ 30×", vs, lambda v: v >= 30,
        lambda v: spread(v, 1) + "×")
    for mode in ("off", "all"):
        bound = [x / argon2["bound_rps"] for x in data.get("authlens", mode, "login", "rps")]
        row(f"POST /login ÷ Argon2 bound ({fmt(argon2['bound_rps'])}/s), {mode}", "≥ 90 %", bound,
            lambda v: v >= 0.9, lambda v: spread([x * 100 for x in v], 1) + " %")
    for mode in ("off", "all"):
        idle = data.get("authlens", mode, "me", "idle_rss_mib")
        row(f"idle RSS, {mode}", "≤ 15 MiB", idle, lambda v: v <= 15, lambda v: spread(v, 1) + " MiB")
    workers = meta["machine"]["nproc"]
    limit = 20 + workers * 64
    peak = data.get("authlens", "all", "login", "rss_peak_mib")
    row(f"RSS under login load, all ({workers} hash workers)", f"≤ {limit} MiB", peak,
        lambda v: max(peak) <= limit, lambda v: f"{fmt(max(v), 1)} MiB peak, {spread(v, 1)} per round")
    row("GET /me CPU per request, all vs off (issue 10)", "≤ +5 %", me_c, lambda v: v <= 1.05, pct_spread)
    row("GET /me throughput, all vs off (issue 10)", "≥ −5 %", me_t, lambda v: v >= 0.95, pct_spread)
    lines = ["| target | wanted | measured: median (min … max) over rounds | |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def charts(data, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colors = {"authlens": "#2b6cb0", "peer": "#dd6b20"}
    for key, name, ylabel in (("rps", "throughput.png", "requests / s (log)"),
                              ("cpu_s_per_1000", "cpu_per_request.png", "CPU ms per request (log)")):
        fig, axes = plt.subplots(1, len(WORKLOADS), figsize=(5 * len(WORKLOADS), 4.2))
        for ax, w in zip(axes, WORKLOADS):
            width = 0.38
            for i, service in enumerate(("authlens", "peer")):
                values = [med(data.get(service, m, w, key)) for m in MODES]
                lows = [min(data.get(service, m, w, key) or [float("nan")]) for m in MODES]
                highs = [max(data.get(service, m, w, key) or [float("nan")]) for m in MODES]
                err = [[v - lo for v, lo in zip(values, lows)], [hi - v for v, hi in zip(values, highs)]]
                xs = [x + (i - 0.5) * width for x in range(len(MODES))]
                ax.bar(xs, values, width, yerr=err, capsize=2, label=service, color=colors[service])
            ax.set_yscale("log")
            ax.set_xticks(range(len(MODES)), MODES)
            ax.set_title(TITLES[w])
            ax.set_ylabel(ylabel)
            ax.grid(axis="y", alpha=0.3, which="both")
        axes[0].legend()
        fig.suptitle(("Throughput" if key == "rps" else "CPU per request") +
                     " by telemetry mode (median of rounds, bars: min–max)")
        fig.tight_layout()
        fig.savefig(out / name, dpi=110)
        plt.close(fig)

    fig, ax = plt.subplots(figsize=(8, 4.2))
    labels, parts = [], {s: [] for s in ("service work",) + SIGNALS}
    for w in WORKLOADS:
        for m in ("metrics", "all"):
            share = data.telemetry_share(m, w)
            if not share:
                continue
            labels.append(f"{TITLES[w]}\n{m}")
            for s in SIGNALS:
                parts[s].append(share.get(s, 0) * 100)
            parts["service work"].append(100 - sum(share.values()) * 100)
    bottom = [0.0] * len(labels)
    palette = {"service work": "#a0aec0", "traces": "#2b6cb0", "metrics": "#38a169", "logs": "#d69e2e"}
    for s, values in parts.items():
        if labels:
            ax.bar(labels, values, bottom=bottom, label=s, color=palette[s])
            bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylabel("% of authlens's CPU")
    ax.set_ylim(0, 100)
    ax.set_title("authlens CPU share: service work vs traces, metrics, logs\n"
                 "(authlens_telemetry_cpu_seconds_total deltas; median of rounds)")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "cpu_share.png", dpi=110)
    plt.close(fig)

    # The same shares zoomed in: telemetry only.
    fig, ax = plt.subplots(figsize=(8, 3.6))
    bottom = [0.0] * len(labels)
    for s in SIGNALS:
        if labels:
            ax.bar(labels, parts[s], bottom=bottom, label=s, color=palette[s])
            bottom = [b + v for b, v in zip(bottom, parts[s])]
    ax.set_ylabel("% of authlens's CPU")
    ax.set_title("Telemetry's share of authlens's CPU, by signal (zoomed)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "cpu_share_telemetry.png", dpi=110)
    plt.close(fig)


def cg_before():
    path = Path(__file__).resolve().parent / "results" / "instructions-before.json"
    return json.loads(path.read_text()) if path.exists() else None


def micro_before():
    path = Path(__file__).resolve().parent / "results" / "micro-before.json"
    return json.loads(path.read_text()) if path.exists() else None


def cg_method(meta):
    cg = meta.get("instructions") or {}
    return (f"Counted with Debian's valgrind ({cg.get('valgrind', 'valgrind')}, callgrind; "
            "`bench/instructions.py`): the Release build runs under callgrind with one I/O thread; "
            f"one keep-alive connection sends {cg.get('warmup', '?')} GET /me (warm-up), the counters are "
            f"zeroed (`callgrind_control -z`), {cg.get('requests', '?')} more GET /me follow (rotating "
            "1000 tokens), then, with traces on, the run waits until the receiver (`bench/otlp_sink.py`, "
            "OTLP/HTTP protobuf, counts spans and discards them) has every span of those requests, and "
            "the counters are dumped (`callgrind_control -d`). Every thread of the process is counted "
            "(exporter, log writer). With metrics on, one `GET /metrics` follows and is dumped on its "
            "own: shown once per run in its own column. The outbox poll is set to 60 s (idle time, "
            "not request work). The floor is `bench/floor` (one thread) by the same method. Instruction "
            "counts do not depend on what else the machine is doing; \"before\" is the same harness on "
            "the code as issue 19 found it (`bench/results/instructions-before.json`).")


def write(meta, records, out):
    out = Path(out)
    data = Data(records)
    m, s, a = meta["machine"], meta["settings"], meta["argon2"]
    floor_rps = data.get("floor", "off", "me", "rps")
    floor_cpu = data.get("floor", "off", "me", "cpu_s_per_1000")
    me_off = data.get("authlens", "off", "me", "rps")
    me_all = data.get("authlens", "all", "me", "rps")
    phases = meta.get("phases", {})
    parts = [
        "# authlens overhead report",
        "",
        "What tracing, monitoring and logging cost authlens, against the original lab's stack "
        "(FastAPI + uvicorn, OpenTelemetry Python SDK, prometheus_client, psutil, argon2-cffi: `bench/peer/`) "
        "and the transport's floor (a bare Boost.Beast server: `bench/floor/`). Produced by `make bench`.",
        "",
        "## Machine and method",
        "",
        f"- CPU: {m['cpu']} ({m['mhz']} MHz), `nproc` {m['nproc']}, {m['memory_gib']:.1f} GiB RAM, "
        f"kernel {m['kernel']}, Debian {m['os']}, {m['wrk']}",
        f"- load average at start {', '.join(f'{x:.2f}' for x in m['load_at_start'])}; at end "
        f"{', '.join(f'{x:.2f}' for x in m.get('load_at_end', [0, 0, 0]))}",
        f"- wrk: {s['wrk_threads']} thread; connections " + ", ".join(f"{TITLES.get(w, w)} {c}" for w, c in s['connections'].items()) + f"; {s['warmup_s']} s warm-up then "
        f"{s['duration_s']} s measured per workload; {s['rounds']} rounds; modes interleaved "
        f"(order rotated each round), each run on a fresh service with a fresh copy of the prepared "
        f"database. Overhead = ratio to `off` of the same service in the same round; tables give the "
        f"median over rounds and (min–max).",
        f"- The load generator shares the {m['nproc']} cores with the service, the receiver and the "
        "scraper: throughput is what the whole machine does; CPU per request (utime+stime of the "
        "service's process from /proc/PID/stat over the measured seconds) is the service's own cost.",
        f"- Accounts: {s['me_accounts']} confirmed accounts with tokens for GET /me, "
        f"{s['login_accounts']} for POST /login, {s['pool']} pending registrations and {s['pool']} "
        "tokens for the mixed workload, all made through authlens's own API (register → code from the "
        "dev mailer's .eml → confirm → login). The /me, pending and logout accounts were made with a "
        "cheap Argon2 setting (1 pass, 8 KiB: those paths never hash); the /login accounts with the "
        "real one (Argon2id, 2 passes, 64 MiB). The peer gets the same accounts, hashes, tokens and codes "
        "in its own schema.",
        "- Workloads: GET /me (rotating 1000 tokens); POST /login (rotating accounts); mixed: per 20 "
        "requests 14 GET /me, 3 POST /login, 1 POST /register (new address), 1 POST /register/confirm "
        "(prepared pending code), 1 POST /logout (prepared token).",
        "- Modes: off (OTEL_SDK_DISABLED=true, AUTHLENS_METRICS=off, AUTHLENS_LOGS=off); logs (JSON "
        "line per request to a file); metrics (" + meta.get("scraper", "") + "); traces (100 % "
        "sampled, OTLP/HTTP protobuf export to the receiver); all. Peer: the same switches "
        "(PEER_LOGS/PEER_METRICS/PEER_TRACES), one uvicorn worker (as the original ran it; "
        "prometheus_client has no cross-process registry without its multiprocess mode).",
        f"- OTLP receiver: {meta.get('receiver', '?')}",
        f"- Time: micro-benchmarks {phases.get('micro_s', 0):.0f} s, preparing accounts "
        f"{phases.get('prepare_s', 0):.0f} s, rounds {phases.get('rounds_s', 0):.0f} s, harness total "
        f"{phases.get('harness_s', 0):.0f} s (plus the build).",
        "",
        "## Instructions per GET /me (callgrind; issues 10 and 19)",
        "",
        cg_method(meta),
        "",
        instructions_table(meta.get("instructions"), cg_before()),
        "",
        "![Instructions per request](instructions.png)",
        "",
        "## authlens by mode",
        "",
        service_table(data, "authlens"),
        "",
        "## The peer (original stack) by mode",
        "",
        service_table(data, "peer"),
        "",
        "## Overhead: each mode against off, same service, same round",
        "",
        "authlens:",
        "",
        ratio_table(data, "authlens"),
        "",
        "peer:",
        "",
        ratio_table(data, "peer"),
        "",
        "## authlens against the peer",
        "",
        versus_table(data),
        "",
        "## Where authlens's CPU goes (its own accounting: `authlens_telemetry_cpu_seconds_total`)",
        "",
        "Signal CPU ÷ process CPU over the measured seconds. Only modes with metrics on expose the "
        "counter; for logs and traces alone, the CPU-per-request ratios above give the cost.",
        "",
        share_table(data),
        "",
        "![CPU share](cpu_share.png)",
        "",
        "![Telemetry share](cpu_share_telemetry.png)",
        "",
        "## Floor and Argon2 bound",
        "",
        "| | value |",
        "|---|---:|",
        f"| floor (Beast, /me from memory, {m['nproc']} threads): req/s | {spread(floor_rps, 0)} |",
        f"| floor CPU s / 1000 req | {spread(floor_cpu, 3)} |",
        f"| authlens GET /me, off ÷ floor | {spread([x / med(floor_rps) * 100 for x in me_off], 1)} % |",
        f"| authlens GET /me, all ÷ floor | {spread([x / med(floor_rps) * 100 for x in me_all], 1)} % |",
        f"| one Argon2id hash (t=2, 64 MiB, p=1), alone: median (min–max) ms | "
        f"{fmt(a['single_ms'], 1)} ({fmt(a['single_min_ms'], 1)}–{fmt(a['single_max_ms'], 1)}) |",
        f"| one hash with {m['nproc']} hashing at once: median ms | {fmt(a['concurrent_ms'], 1)} |",
        f"| Argon2 bound = cores ÷ one hash: logins/s | {fmt(a['bound_rps'], 1)} |",
        f"| bound with concurrent-hash time: logins/s | {fmt(a['bound_concurrent_rps'], 1)} |",
        "",
        "## Targets (issue 4)",
        "",
        targets(data, meta),
        "",
        "## Micro-benchmarks (Google Benchmark, `bench/micro/`)",
        "",
        micro_table(meta.get("micro", {})),
        "",
        "Issue 10's micro-benchmarks before (the SDK as issue 10 found it, built from the same "
        "benchmark source; `bench/results/micro-before.json`) and now, CPU time per operation. "
        "BM_MeRequestSpans: a GET /me's two spans with the service's attributes through the batch "
        "processor; BM_OtlpProtobufPerSpan: protobuf encoding per span of such spans, in batches of "
        "512; BM_AccessLogLine: the access log line with the request's span active.",
        "",
        micro_compare_table(meta.get("micro", {}), micro_before()),
        "",
        "## Charts",
        "",
        "![Throughput](throughput.png)",
        "",
        "![CPU per request](cpu_per_request.png)",
        "",
        "## Idle RSS (after start, before load; MiB)",
        "",
        "| mode | authlens | peer |",
        "|---|---:|---:|",
    ]
    for mode in MODES:
        parts.append(f"| {mode} | {spread(data.get('authlens', mode, 'me', 'idle_rss_mib'), 1)} | "
                     f"{spread(data.get('peer', mode, 'me', 'idle_rss_mib'), 1)} |")
    analysis = Path(__file__).resolve().parent / "analysis.md"
    if analysis.exists():
        parts += ["", analysis.read_text().rstrip()]
    (out / "report.md").write_text("\n".join(parts) + "\n")
    charts(data, out)
    if meta.get("instructions"):
        instructions_chart(meta["instructions"], cg_before(), out)


if __name__ == "__main__":
    results = Path(__file__).resolve().parent / "results"
    raw = json.loads((results / "raw.json").read_text())
    write(raw["meta"], raw["records"], results)
    print(results / "report.md")
