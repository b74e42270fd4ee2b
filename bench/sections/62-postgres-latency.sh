#!/usr/bin/env bash
# The same large corpus on both backends (issue 10): ingest time and search
# latency of `lore serve` with the embedded store (SQLite + Xapian) and with
# PostgreSQL, one query at a time (wrk -c1), in the same run.
# Env: BENCH_PG_LATENCY_CHUNKS (100000), BENCH_PG_LATENCY_SECONDS (20).
# Starts its own throwaway PostgreSQL 15 cluster (pg_serve.inc).
set -euo pipefail
BUILD=$1 WORK=$2/postgres-latency
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/machine.inc"
SECTION=62-postgres-latency
CHUNKS=${BENCH_PG_LATENCY_CHUNKS:-100000}
SECONDS_PER_RUN=${BENCH_PG_LATENCY_SECONDS:-20}
source "$HERE/pg_serve.inc"
python3 "$HERE/../lib/pseudo_corpus.py" "$WORK" "$CHUNKS"

# measure NAME [VAR=VALUE...]: ingest, then serve and query one at a time.
# Prints "NAME chunks ingest_seconds requests seconds p50 p99 errors".
measure() {
  local name=$1
  shift
  local run=(env LORE_DATA_DIR="$WORK/$name" "$@" "$LORE" --config "$WORK/lore.toml")
  "${run[@]}" kb create bench --chunk-tokens 64 --chunk-overlap 0 >/dev/null
  local start
  start=$(date +%s.%N)
  "${run[@]}" ingest "$WORK/docs" --kb bench >/dev/null 2>&1
  local ingest_s
  ingest_s=$(echo "$(date +%s.%N) - $start" | bc)
  local chunks
  chunks=$("${run[@]}" kb show bench --json | python3 -c 'import json,sys; print(json.load(sys.stdin).get("chunks", 0))')
  local port=$((20000 + RANDOM % 20000))
  "${run[@]}" serve --port "$port" >"$WORK/$name-serve.log" 2>&1 &
  BG_PIDS=($!)
  for _ in $(seq 150); do curl -sf "localhost:$port/readyz" >/dev/null && break; sleep 0.2; done
  # Warm-up: the first search opens the indexes and loads (or trains) the
  # LSA model, which can take longer than wrk's request timeout.
  curl -sf "localhost:$port/api/v1/kbs/bench/search" -d "{\"query\": \"$(head -1 "$WORK/queries.txt")\"}" >/dev/null
  QUERIES="$WORK/queries.txt" PATH_TEMPLATE=/api/v1/kbs/bench/search FIELD=query \
    wrk -t1 -c1 -d3s -s "$LUA" "http://127.0.0.1:$port" >/dev/null
  QUERIES="$WORK/queries.txt" PATH_TEMPLATE=/api/v1/kbs/bench/search FIELD=query \
    wrk -t1 -c1 --timeout 30s -d"${SECONDS_PER_RUN}s" -s "$LUA" "http://127.0.0.1:$port" | tail -1 > "$WORK/$name.json"
  kill "${BG_PIDS[0]}"
  wait "${BG_PIDS[0]}" 2>/dev/null || true
  BG_PIDS=()
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sys.argv[2], sys.argv[3], sys.argv[4], r["requests"], r["seconds"], r["p50_ms"], r["p99_ms"], r["errors"])' \
    "$WORK/$name.json" "$name" "$chunks" "$ingest_s"
}
{
  measure embedded
  measure postgres LORE_STORE_BACKEND=postgres LORE_STORE_URL="$PG_URL" LORE_STORE_BLOB_DIR="$WORK/pg-blobs"
} > "$WORK/rows.txt"

python3 - "$WORK/rows.txt" "$MACHINE" "$TODAY" "$COMMIT" "$SECONDS_PER_RUN" <<'PY'
import sys
rows_file, machine, today, commit, secs = sys.argv[1:6]
rows = {l.split()[0]: l.split()[1:] for l in open(rows_file)}
def line(label, r):
    chunks, ingest, req, s, p50, p99, err = r
    return (f"| {label} | {int(chunks):,} | {float(ingest):.1f} | {int(chunks) / float(ingest):,.0f} | "
            f"{int(req) / float(s):.1f} | {float(p50):.1f} | {float(p99):.1f} | {err} |")
e, p = rows["embedded"], rows["postgres"]
ratio = float(p[4]) / float(e[4])
pg_rate = int(p[0]) / float(p[1])
scale_note = ("" if int(p[0]) >= 1_000_000 else
              f"The issue asks for this at 1M chunks: `BENCH_PG_LATENCY_CHUNKS=1000000` (ingest at the rate "
              f"above ≈ {1e6 / pg_rate / 60:.0f} min on PostgreSQL).")
print(f"""## The same corpus on the embedded store and on PostgreSQL

Written by `make bench` ({today}, commit {commit}) on {machine}; Release build.
Command: `bash bench/sections/62-postgres-latency.sh BUILD WORK`: generated pseudo-English
(bench/lib/pseudo_corpus.py, one 25–40-word paragraph per chunk) ingested with `lore ingest` into each
backend, then `lore serve` queried one request at a time (wrk -t1 -c1, {secs} s, three-word queries
drawn from the corpus) after a 3 s warm-up. PostgreSQL is a throwaway local cluster (unix socket,
fsync off) sharing the 2 cores. No model server: BM25 fused with the built-in LSA retriever.

| backend | chunks | ingest s | chunks/s | queries/s (1 connection) | p50 ms | p99 ms | errors |
|---|---:|---:|---:|---:|---:|---:|---:|
{line("embedded (SQLite + Xapian)", e)}
{line("PostgreSQL (BM25 postings in SQL)", p)}

PostgreSQL's p50 is {ratio:.1f}× the embedded one at this size. The PostgreSQL text index scores every
posting of the query terms in SQL (materialised, joined and aggregated; then again for the RM3
feedback pass), so its cost grows with the postings of the query's commonest term (tens of thousands
here: a Zipf vocabulary); Xapian walks compressed posting lists in C++ and skips documents that cannot
reach the top k. {scale_note}
""")
PY
