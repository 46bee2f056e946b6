#!/usr/bin/env python3
"""Turns scripts/bench's results file into RATIO lines, a table on stdout and a Markdown section.

Input lines (written by scripts/bench and Panel.Bench):
  RUN <measure> <app> <clients> <req/s> <p50 ms> <p99 ms> <mean ms> <failed> <requests>
  RESULT <name> <value>      RATIO <name> <value>      STARTUP <ms>
  OPENLOOP <rate> <achieved> <p50> <p90> <p99> <max> <failed> <requests>
  PROFILE <label> <calls per request> <mean ms> <statement>
"""
import argparse
import re
import statistics
from collections import defaultdict

MARK_BEGIN = "<!-- bench:begin (written by scripts/bench; edit the text outside these marks) -->"
MARK_END = "<!-- bench:end -->"

parser = argparse.ArgumentParser()
parser.add_argument("results")
parser.add_argument("out")
for name in ("mode", "started", "machine", "load", "events", "big", "seconds", "reps"):
    parser.add_argument("--" + name, required=True)
a = parser.parse_args()

runs = defaultdict(list)
results, ratios, startups, profile, openloop = {}, {}, [], defaultdict(list), None
for line in open(a.results, encoding="utf-8"):
    f = line.split()
    if not f:
        continue
    if f[0] == "RUN":
        runs[(f[1], f[2], int(f[3]))].append([float(x) for x in f[4:10]])
    elif f[0] == "RESULT":
        results[f[1]] = float(f[2])
    elif f[0] == "RATIO":
        ratios[f[1]] = float(f[2])
    elif f[0] == "STARTUP":
        startups.append(float(f[1]))
    elif f[0] == "OPENLOOP":
        openloop = [float(x) for x in f[1:9]]
    elif f[0] == "PROFILE":
        profile[f[1]].append((f[2], f[3], " ".join(f[4:])))


def med(key, i):
    return statistics.median(r[i] for r in runs[key])


def failed(key):
    return int(sum(r[4] for r in runs[key]))


rows = []
clients = sorted({k[2] for k in runs if k[0] == "write"})
for measure in ("write", "read"):
    for c in clients:
        p, f = (measure, "panel", c), (measure, "floor", c)
        if p not in runs or f not in runs:
            continue
        ratio = med(p, 0) / med(f, 0)
        ratios[f"{measure}_c{c}"] = ratio
        rows.append((measure, c, med(p, 0), med(p, 1), med(p, 2), failed(p), med(f, 0), med(f, 1), med(f, 2), ratio))
for measure in ("growth_write", "growth_read"):
    s, b = (measure, "small", 1), (measure, "big", 1)
    if s in runs and b in runs:
        ratios[measure] = med(s, 0) / med(b, 0)
if ("conditional", "panel", 16) in runs:
    results["conditional_c16_per_s"] = med(("conditional", "panel", 16), 0)
if openloop:
    results["openloop_rate"], results["openloop_p50_ms"], results["openloop_p99_ms"] = openloop[0], openloop[2], openloop[4]
if startups:
    results["startup_ms"] = statistics.median(startups)

for name, value in sorted(ratios.items()):
    print(f"RATIO {name} {value:.2f}")

TARGETS = [
    ("verdict writes, 16 clients, Panel ÷ floor", "write_c16", ratios, "≥ 0.5", lambda v: v >= 0.5, "{:.2f}"),
    ("verdict writes, open loop at half the peak: p99 ms", "openloop_p99_ms", results, "≤ 20", lambda v: v <= 20, "{:.1f}"),
    ("public scorecard reads, 16 clients, Panel ÷ floor", "read_c16", ratios, "≥ 1.0", lambda v: v >= 1.0, "{:.2f}"),
    ("statements the database ran for the conditional GETs", "conditional_scorecard_statements", results, "0", lambda v: v == 0, "{:.0f}"),
    (f"verdict write on {a.big} events ÷ on 10 events (cost)", "growth_write", ratios, "≤ 1.2", lambda v: v <= 1.2, "{:.2f}"),
    (f"scorecard read on {a.big} events ÷ on 10 events (cost)", "growth_read", ratios, "≤ 1.2", lambda v: v <= 1.2, "{:.2f}"),
    ("publishing for 64 reviewers ÷ for 4 (time)", "publish_64_vs_4", ratios, "≤ 2", lambda v: v <= 2, "{:.2f}"),
    ("projection rebuild, events/s", "rebuild_events_per_s", results, "≥ 20,000", lambda v: v >= 20000, "{:,.0f}"),
    ("service peak resident memory, MiB", "peak_rss_mib", results, "≤ 300", lambda v: v <= 300, "{:.0f}"),
    ("start-up to a healthy answer, ms (median of 3)", "startup_ms", results, "≤ 1,500", lambda v: v <= 1500, "{:.0f}"),
]

out = []
out.append(f"Run of {a.started}, `scripts/bench{' --quick' if a.mode == 'quick' else ''}`: {a.machine}. "
           f"Load average (1, 5, 15 min) before → after: {a.load}. "
           f"{int(a.events):,} events bulk-loaded; wrk runs of {a.seconds} s, Panel and floor interleaved, "
           f"{a.reps} of each per row (medians).")
out.append("")
out.append("| target | measured | goal | |")
out.append("|---|---:|---|---|")
for title, key, source, goal, ok, fmt in TARGETS:
    if key in source:
        v = source[key]
        out.append(f"| {title} | {fmt.format(v)} | {goal} | {'met' if ok(v) else '**missed**'} |")
    else:
        out.append(f"| {title} | not measured | {goal} | |")
out.append("")
out.append("| measure | clients | Panel req/s | p50 ms | p99 ms | failed | floor req/s | p50 ms | p99 ms | Panel ÷ floor |")
out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for m, c, pr, p50, p99, pf, fr, f50, f99, ratio in rows:
    out.append(f"| {'verdict PUT' if m == 'write' else 'GET /api/scorecards/{id}'} | {c} | {pr:,.0f} | {p50:.1f} | {p99:.1f} | {pf} "
               f"| {fr:,.0f} | {f50:.1f} | {f99:.1f} | **{ratio:.2f}** |")
out.append("")
extra = []
if "conditional_c16_per_s" in results:
    extra.append(f"- Conditional GETs (`If-None-Match`, 304), 16 clients: {results['conditional_c16_per_s']:,.0f}/s; "
                 f"statements on scorecard tables meanwhile: {results.get('conditional_scorecard_statements', 0):.0f}.")
for measure, what in (("growth_write", "verdict PUT"), ("growth_read", "scorecard GET")):
    s, b = (measure, "small", 1), (measure, "big", 1)
    if s in runs and b in runs:
        extra.append(f"- Growth, {what}, 1 client: 10 events {med(s, 0):,.0f}/s (p50 {med(s, 1):.1f} ms), "
                     f"{a.big} events {med(b, 0):,.0f}/s (p50 {med(b, 1):.1f} ms).")
if openloop:
    extra.append(f"- Open loop: {openloop[0]:.0f} verdict PUTs/s asked (half the best closed-loop rate), {openloop[1]:.0f}/s achieved; "
                 f"p50 {openloop[2]:.1f} ms, p90 {openloop[3]:.1f} ms, p99 {openloop[4]:.1f} ms, max {openloop[5]:.1f} ms, "
                 f"{openloop[6]:.0f} failed of {openloop[7]:.0f}.")
if "publish_4_ms" in results:
    extra.append(f"- Publishing (median): 4 reviewers {results['publish_4_ms']:.1f} ms, 64 reviewers {results['publish_64_ms']:.1f} ms.")
if "rebuild_events" in results:
    extra.append(f"- Rebuild of the comparison projection: {results['rebuild_events']:,.0f} events in {results['rebuild_seconds']:.1f} s; "
                 f"bulk load {results.get('bulk_load_events_per_s', 0):,.0f} events/s.")
if startups:
    extra.append(f"- Start-ups on the loaded database: {', '.join(f'{s:.0f}' for s in startups)} ms.")
out.extend(extra)
for label, statements in profile.items():
    out.append("")
    out.append(f"Statements per {'verdict PUT' if label == 'write' else 'scorecard GET'} (pg_stat_statements, 1 client, 3 s):")
    out.append("")
    out.append("| per request | mean ms | statement |")
    out.append("|---:|---:|---|")
    for per, ms, query in statements:
        out.append(f"| {per} | {ms} | `{query.replace('|', '/')}` |")
section = "\n".join(out)
print(section)

if a.mode == "quick":
    open(a.out, "w", encoding="utf-8").write("# Quick benchmark run\n\n" + section + "\n")
else:
    text = open(a.out, encoding="utf-8").read()
    block = f"{MARK_BEGIN}\n{section}\n{MARK_END}"
    if MARK_BEGIN in text:
        text = re.sub(re.escape(MARK_BEGIN) + ".*?" + re.escape(MARK_END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n## The latest full run\n\n" + block + "\n"
    open(a.out, "w", encoding="utf-8").write(text)
