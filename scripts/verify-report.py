#!/usr/bin/env python3
"""Independent check of tokentally's windows: recompute every window total from the raw NDJSON with
Python's json module (sharing no code with the engine), then compare with `tokentally report --format
csv` for every dimension and window. For user, team and org it also recomputes the outcome columns
(tasks touched, tasks shipped with AI, tokens per shipped task, shipped token share; docs/insights.md).

    scripts/verify-report.py EVENTS.ndjson[.zst] SNAPSHOT_DIR [--bin PATH] [--windows 1h,24h,7d,30d]

Assumes the input has no lines the schema rejects (true of `tokentally gen` output); it does apply
the late-event rule in input order. Exit 0 when everything matches exactly.
"""
import argparse, json, re, subprocess, sys
from datetime import datetime, timezone
from decimal import Decimal

DIMENSIONS = ["user", "team", "org", "model", "tool"]
HOUR, DAY = 3_600_000, 86_400_000
RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$")
COST = re.compile(rb'"cost_usd"\s*:\s*([-0-9.eE+]+)')

def parse_ts(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    m = RFC3339.match(value)
    y, mo, d, h, mi, s, frac, off = m.groups()
    base = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), tzinfo=timezone.utc)
    ms = int(base.timestamp()) * 1000 + (int((frac + "00")[:3]) if frac else 0)
    if off not in ("Z", "z"):
        sign = -1 if off[0] == "-" else 1
        ms -= sign * (int(off[1:3]) * HOUR + int(off[4:6]) * 60_000)
    return ms

def window_spec(name):
    return (HOUR if name.endswith("h") else DAY), int(name[:-1])

def window_start(name, watermark):
    unit, length = window_spec(name)
    return (watermark // unit - length + 1) * unit

def lines(path):
    if path.endswith(".zst"):
        proc = subprocess.Popen(["zstd", "-dc", path], stdout=subprocess.PIPE, bufsize=1 << 20)
        yield from proc.stdout
        proc.wait()
    else:
        with open(path, "rb", buffering=1 << 20) as f:
            yield from f

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("events")
    ap.add_argument("snapshots")
    ap.add_argument("--bin", default=".build/release/tokentally")
    ap.add_argument("--windows", default="1h,24h,7d,30d")
    args = ap.parse_args()
    windows = args.windows.split(",")

    # Pass 1: watermark and late events, in input order.
    watermark, late, count = None, set(), 0
    for i, line in enumerate(lines(args.events)):
        if not line.strip():
            continue
        count += 1
        ts = parse_ts(json.loads(line)["ts"])
        if watermark is not None and ts < min(window_start(w, watermark) for w in windows):
            late.add(i)
            continue
        watermark = ts if watermark is None else max(watermark, ts)
    bounds = {w: (window_start(w, watermark), (watermark // window_spec(w)[0] + 1) * window_spec(w)[0]) for w in windows}
    print(f"{count} events, {len(late)} late, watermark {watermark}", file=sys.stderr)

    # Pass 2: totals per (dimension, window, key), and the raw material of the outcome figures.
    totals = {}
    first_ship = {}   # task -> first shipped/merged time
    work = []         # (ts, task, user, team, org, tokens) of usage events with a task
    for i, line in enumerate(lines(args.events)):
        if i in late or not line.strip():
            continue
        e = json.loads(line)
        ts = parse_ts(e["ts"])
        tokens = [e.get("input_tokens") or 0, e.get("output_tokens") or 0,
                  e.get("cache_read_tokens") or 0, e.get("cache_write_tokens") or 0]
        outcome = e.get("kind") == "outcome"
        if outcome and e.get("status") in ("shipped", "merged"):
            first_ship[e["task"]] = min(ts, first_ship.get(e["task"], ts))
        elif not outcome and e.get("task"):
            work.append((ts, e["task"], e["user"], e.get("team"), e.get("org"), sum(tokens)))
        cost = Decimal(COST.search(line).group(1).decode()) if "cost_usd" in e and e["cost_usd"] is not None else Decimal(0)
        for w, (start, end) in bounds.items():
            if not (start <= ts < end):
                continue
            for d in DIMENSIONS:
                key = e.get(d)
                if not key:
                    continue
                row = totals.setdefault((d, w, key), [0, 0, 0, 0, 0, 0, Decimal(0)])
                for k in range(4):
                    row[k] += tokens[k]
                row[4] += 0 if outcome else 1
                row[5] += 1 if outcome else 0
                row[6] += cost

    failures = 0
    for d in DIMENSIONS:
        for w in windows:
            out = subprocess.run([args.bin, "report", args.snapshots, "--by", d, "--window", w, "--format", "csv"],
                                 check=True, capture_output=True, text=True).stdout.splitlines()
            got = {}
            column = {name: i for i, name in enumerate(out[0].split(","))}
            usage = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "total_tokens",
                     "events", "outcomes"]
            for row in out[1:]:
                # Keys from `gen` contain no commas or quotes and start with none of = + - @ (which CSV
                # prefixes with '); a general check would use the csv module and strip that quote.
                f = row.split(",")
                got[f[0]] = [int(f[column[c]]) for c in usage] + [Decimal(f[column["cost_usd"]])]
            want = {}
            for (dd, ww, key), r in totals.items():
                if dd == d and ww == w:
                    want[key] = r[:4] + [sum(r[:4]), r[4], r[5], r[6]]
            ok = got == want
            order = [(-int(r.split(",")[column["total_tokens"]]), r.split(",")[0].encode()) for r in out[1:]]
            ok_order = order == sorted(order)
            print(f"{'ok ' if ok and ok_order else 'BAD'} {d:5} {w:4} {len(got):6} rows", file=sys.stderr)
            if not (ok and ok_order):
                failures += 1
                missing = set(want) ^ set(got)
                diff = [k for k in set(want) & set(got) if want[k] != got[k]][:3]
                print(f"    keys only on one side: {sorted(missing)[:5]}; differing: {[(k, want[k], got[k]) for k in diff]}", file=sys.stderr)
    failures += verify_outcomes(args, windows, bounds, totals, first_ship, work)
    print("all reports match" if failures == 0 else f"{failures} reports differ", file=sys.stderr)
    return 1 if failures else 0

def verify_outcomes(args, windows, bounds, totals, first_ship, work):
    """The outcome columns of `report --by user|team|org`, recomputed from the definitions."""
    horizon = min(start for start, _ in bounds.values())  # history the snapshot keeps
    failures = 0
    for d, field in (("user", 2), ("team", 3), ("org", 4)):
        for w in windows:
            start, _ = bounds[w]
            touched, shipped, on_shipped = {}, {}, {}
            for row in work:
                ts, task, key = row[0], row[1], row[field]
                if key is None or ts < horizon:
                    continue
                if first_ship.get(task, -1) >= start:
                    shipped.setdefault(key, set()).add(task)
                if ts >= start:
                    touched.setdefault(key, set()).add(task)
                    if task in first_ship:
                        on_shipped[key] = on_shipped.get(key, 0) + row[5]
            want = {}
            for (dd, ww, key), r in totals.items():
                if dd != d or ww != w:
                    continue
                tokens, n = sum(r[:4]), len(shipped.get(key, ()))
                share = f"{on_shipped.get(key, 0) / tokens:.4f}" if tokens else ""
                want[key] = [len(touched.get(key, ())), n, str(tokens // n) if n else "", share]
            out = subprocess.run([args.bin, "report", args.snapshots, "--by", d, "--window", w, "--format", "csv"],
                                 check=True, capture_output=True, text=True).stdout.splitlines()
            got = {}
            column = {name: i for i, name in enumerate(out[0].split(","))}
            for row in out[1:]:
                f = row.split(",")
                got[f[0]] = [int(f[column["tasks_touched"]]), int(f[column["tasks_shipped"]]),
                             f[column["tokens_per_shipped_task"]], f[column["shipped_token_share"]]]
            # Shares are rounded to 4 decimals on both sides; allow the last digit to differ by rounding.
            def close(a, b):
                return a[:3] == b[:3] and (a[3] == b[3] or (a[3] and b[3] and abs(float(a[3]) - float(b[3])) <= 0.00011))
            bad = [k for k in set(want) | set(got) if k not in want or k not in got or not close(want[k], got[k])]
            print(f"{'ok ' if not bad else 'BAD'} {d:5} {w:4} outcomes of {len(got)} rows", file=sys.stderr)
            if bad:
                failures += 1
                print(f"    differing: {[(k, want.get(k), got.get(k)) for k in sorted(bad)[:3]]}", file=sys.stderr)
    return failures

if __name__ == "__main__":
    sys.exit(main())
