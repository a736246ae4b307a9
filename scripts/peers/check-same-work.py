#!/usr/bin/env python3
"""Check that the same-work peers compute what tokentally computes, exactly, before compare-peers
times them. Run with the venv's python (it runs same-work.py with it).

    check-same-work.py BIN OUTDIR ENGINE... [-- GEN_ARG...]

Generates a small stream (200,000 events, 5,000 users, plus the GEN_ARGs), ingests it, and compares
each engine's rows with the snapshot's totals rows (four token sums and events, for every window,
dimension and key; a key missing on either side is a difference) and its active people per team and
org with `tokentally report --by team|org --window W --format csv`'s active_users. Prints one line per
engine; exits 1 on any difference.
"""
import csv
import json
import os
import subprocess
import sys

EVENTS, USERS = 200_000, 5_000
WINDOWS = ["1h", "24h", "7d", "30d"]
FIELDS = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "events"]


def tokentally_rows(binary, out):
    snap = os.path.join(out, "check-snap")
    subprocess.run(["rm", "-rf", snap], check=True)
    subprocess.run([binary, "ingest", "--quiet", "--snapshot-dir", snap, "--snapshot-every", "0",
                    os.path.join(out, "check.zst")], check=True)
    [name] = [n for n in os.listdir(snap) if n.endswith(".ndjson.zst")]
    text = subprocess.run(["zstd", "-dc", os.path.join(snap, name)], check=True, capture_output=True, text=True).stdout
    totals = {}
    for line in text.splitlines():
        row = json.loads(line)
        if row["type"] == "total":
            totals[(row["window"], row["dimension"], row["key"])] = tuple(int(row[f]) for f in FIELDS)
    people = {}
    for dim in ("team", "org"):
        for w in WINDOWS:
            report = subprocess.run([binary, "report", snap, "--by", dim, "--window", w, "--format", "csv"],
                                    check=True, capture_output=True, text=True).stdout
            for row in csv.DictReader(report.splitlines()):
                people[(w, dim, row[dim])] = int(row["active_users"])
    return totals, people


def peer_rows(engine, out):
    result = os.path.join(out, f"check-{engine}.csv")
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, os.path.join(here, "same-work.py"), engine, result, os.path.join(out, "check.zst")],
                   check=True)
    totals, people = {}, {}
    with open(result, newline="") as f:
        next(f)  # the watermark comment
        for row in csv.DictReader(f):
            key = (row["window"], row["dimension"], row["key"])
            totals[key] = tuple(int(row[f]) for f in FIELDS)
            if row["active_users"]:
                people[key] = int(row["active_users"])
    return totals, people


def differences(ours, theirs):
    keys = sorted(set(ours) | set(theirs), key=str)
    return [(k, ours.get(k), theirs.get(k)) for k in keys if ours.get(k) != theirs.get(k)]


def main():
    args = sys.argv[1:] + ([] if "--" in sys.argv else ["--"])
    split = args.index("--")
    (binary, out, *engines), gen_args = args[:split], args[split + 1:]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "check.ndjson"), "wb") as f:
        subprocess.run([binary, "gen", "--events", str(EVENTS), "--users", str(USERS), "--days", "35", "--seed", "1",
                        "--end", "2026-11-01T10:30:00Z",  # mid-hour: the 1h window then holds half an hour
                        *gen_args], check=True, stdout=f)
    subprocess.run(["zstd", "-q", "-3", "-f", os.path.join(out, "check.ndjson"), "-o", os.path.join(out, "check.zst")],
                   check=True)
    totals, people = tokentally_rows(binary, out)
    failed = False
    for engine in engines:
        their_totals, their_people = peer_rows(engine, out)
        diff = differences(totals, their_totals) + differences(people, their_people)
        if diff:
            failed = True
            print(f"same-work {engine}: MISMATCH with tokentally, {len(diff)} differences, e.g. "
                  f"{'; '.join(f'{k}: tokentally {a}, {engine} {b}' for k, a, b in diff[:3])}")
        else:
            print(f"same-work {engine}: identical to tokentally on {EVENTS} events "
                  f"({len(totals)} totals rows, {len(people)} team/org active-people counts)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
