#!/usr/bin/env python3
"""The same work as `tokentally ingest`'s window totals, done by DuckDB or chDB, for compare-peers.

    same-work.py duckdb|chdb OUT.csv INPUT.zst

From the zstd NDJSON file, with 2 threads: the watermark (largest ts), then for each window
(1h, 24h, 7d, 30d) and dimension (user, team, org, model, tool) the four token sums and the usage
event count per key, and for team and org the distinct people with a usage event. Windows follow
schema v1: `Nh` is the N hour buckets ending with the watermark's hour, `Nd` the N UTC day buckets
ending with its day. As in tokentally (docs/event-format.md): outcome events add their tokens but
not to `events`, `null` and "" mean "not given", and an event without a dimension's value is left
out of that dimension only. One row per window, dimension and key with any event in the window,
like the snapshot's totals rows. The rows are written to OUT.csv so the work cannot be skipped.

The input is read once into a typed in-memory table; the 20 grouped aggregates are queries on it.
Every line of the input is assumed accepted (true of `tokentally gen`'s output: no rejects, no
duplicate ids, `ts` in the forms both engines parse; late events fall outside every window at the
end anyway). check-same-work.py checks
the result against tokentally's snapshot.
"""
import csv
import io
import os
import sys

THREADS = 2
WINDOWS = [("1h", 1, 3_600_000), ("24h", 24, 3_600_000), ("7d", 7, 86_400_000), ("30d", 30, 86_400_000)]
DIMENSIONS = ["user", "team", "org", "model", "tool"]
PEOPLE = {"team", "org"}  # dimensions that also get COUNT(DISTINCT user)
HEADER = ["window", "dimension", "key", "input_tokens", "output_tokens", "cache_read_tokens",
          "cache_write_tokens", "events", "active_users"]  # active_users: team and org only


def window_query(table, q, window, n, unit, dim, wm):
    """One window x dimension aggregate. `q` quotes an identifier for the engine."""
    start = (wm // unit - n + 1) * unit  # Python's // floors, like the schema's floor()
    people = f"count(DISTINCT {q('user')}) FILTER (WHERE usage)" if dim in PEOPLE else "NULL"
    return f"""
      SELECT '{window}' AS w, '{dim}' AS dimension, {q(dim)} AS key,
             sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens),
             count(*) FILTER (WHERE usage), {people}
      FROM {table} WHERE t_ms >= {start} AND {q(dim)} IS NOT NULL
      GROUP BY {q(dim)}"""


def run_duckdb(path):
    import duckdb
    con = duckdb.connect(config={"threads": THREADS})
    cols = {"ts": "VARCHAR", "kind": "VARCHAR", **{d: "VARCHAR" for d in DIMENSIONS},
            **{t: "BIGINT" for t in ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens")}}
    columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in cols.items()) + "}"
    dims = ", ".join(f"nullif(\"{d}\", '') AS \"{d}\"" for d in DIMENSIONS)
    # ts is an RFC 3339 string or integer epoch ms. DuckDB keeps microseconds, so the digits past the
    # millisecond are cut before the cast, as tokentally cuts them (rounding could cross a bucket).
    con.execute(f"""
      CREATE TEMP TABLE e AS
      SELECT CASE WHEN regexp_full_match(ts, '-?[0-9]+') THEN ts::BIGINT
                  ELSE epoch_ms(regexp_replace(ts, '(\\.[0-9]{{3}})[0-9]+', '\\1')::TIMESTAMPTZ) END AS t_ms,
             coalesce(kind, 'usage') = 'usage' AS usage,
             {dims},
             coalesce(input_tokens, 0) AS input_tokens, coalesce(output_tokens, 0) AS output_tokens,
             coalesce(cache_read_tokens, 0) AS cache_read_tokens, coalesce(cache_write_tokens, 0) AS cache_write_tokens
      FROM read_ndjson('{path}', columns={columns}, compression='zstd', format='newline_delimited')""")
    wm = con.execute("SELECT max(t_ms) FROM e").fetchone()[0]
    q = lambda name: f'"{name}"'
    union = " UNION ALL ".join(window_query("e", q, w, n, u, d, wm) for w, n, u in WINDOWS for d in DIMENSIONS)
    return wm, con.execute(union).fetchall()


def run_chdb(path):
    from chdb import session
    s = session.Session()
    settings = f"SETTINGS max_threads = {THREADS}"
    structure = ("ts String, kind Nullable(String), " + ", ".join(f"`{d}` Nullable(String)" for d in DIMENSIONS) +
                 ", input_tokens Int64, output_tokens Int64, cache_read_tokens Int64, cache_write_tokens Int64")
    dims = ", ".join(f"nullIf(`{d}`, '') AS `{d}`" for d in DIMENSIONS)
    # Strings of digits are epoch ms; anything else is RFC 3339, its fraction cut to milliseconds.
    s.query(f"""
      CREATE TABLE e ENGINE = Memory AS
      SELECT if(match(ts, '^-?[0-9]+$'), toInt64(ts),
                toUnixTimestamp64Milli(parseDateTime64BestEffort(replaceRegexpOne(ts, '(\\\\.[0-9]{{3}})[0-9]+', '\\\\1'), 3, 'UTC'))) AS t_ms,
             ifNull(kind, 'usage') = 'usage' AS usage,
             {dims},
             input_tokens, output_tokens, cache_read_tokens, cache_write_tokens
      FROM file('{path}', 'JSONEachRow', '{structure}', 'zstd')
      {settings}""")
    wm = int(s.query(f"SELECT max(t_ms) FROM e {settings}", "CSV").bytes().decode().strip())
    q = lambda name: f"`{name}`"
    # ClickHouse spells FILTER as the -If combinators.
    union = " UNION ALL ".join(window_query("e", q, w, n, u, d, wm) for w, n, u in WINDOWS for d in DIMENSIONS)
    union = union.replace("count(*) FILTER (WHERE usage)", "countIf(usage)") \
                 .replace("count(DISTINCT `user`) FILTER (WHERE usage)", "uniqExactIf(`user`, usage)")
    text = s.query(f"{union} {settings}", "CSV").bytes().decode()
    return wm, [[None if v == "\\N" else v for v in r] for r in csv.reader(io.StringIO(text))]


def main():
    engine, out, path = sys.argv[1:4]  # the input last, as compare-peers' measure expects
    wm, rows = {"duckdb": run_duckdb, "chdb": run_chdb}[engine](os.path.abspath(path))
    with open(out, "w", newline="") as f:
        f.write(f"# watermark_ms={wm}\n")
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
