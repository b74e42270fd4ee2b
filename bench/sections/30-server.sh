#!/usr/bin/env bash
# lore serve under load: wrk against search and extractive ask on a knowledge
# base of ~100k chunks. Env: BENCH_SERVER_CHUNKS (100000), BENCH_SERVER_SECONDS
# (20), BENCH_SERVER_CONNECTIONS (8).
set -euo pipefail
BUILD=$1 WORK=$2/server
source "$(dirname "$0")/machine.inc"
command -v wrk >/dev/null || { echo "bench 30-server: wrk is not installed (scripts/install-deps.sh)" >&2; exit 0; }
CHUNKS=${BENCH_SERVER_CHUNKS:-100000}
SECONDS_PER_RUN=${BENCH_SERVER_SECONDS:-20}
CONNECTIONS=${BENCH_SERVER_CONNECTIONS:-8}
LORE=$(realpath "$BUILD/lore")
LUA=$(realpath "$(dirname "$0")/../lua/post_queries.lua")
PORT=$((20000 + RANDOM % 20000))
rm -rf "$WORK" && mkdir -p "$WORK"
export LORE_DATA_DIR="$WORK/data"

# Corpus: deterministic pseudo-English (bench/lib/pseudo_corpus.py), one
# paragraph of 25-40 words per chunk (chunk target 64 tokens, no overlap).
python3 "$(dirname "$0")/../lib/pseudo_corpus.py" "$WORK" "$CHUNKS"

"$LORE" kb create bench --chunk-tokens 64 --chunk-overlap 0 >/dev/null
start=$(date +%s.%N)
"$LORE" ingest "$WORK/docs" --kb bench >/dev/null 2>&1
INGEST_S=$(echo "$(date +%s.%N) - $start" | bc)
NCHUNKS=$("$LORE" kb show bench --json | python3 -c 'import json,sys; print(json.load(sys.stdin).get("chunks", 0))')

# The bench measures the server, not the per-client rate limit (on by default).
printf '[server]\nrate_limit_per_minute = 0\n' > "$WORK/lore.toml"
"$LORE" --config "$WORK/lore.toml" serve --port "$PORT" >"$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "localhost:$PORT/readyz" >/dev/null && break; sleep 0.2; done
rss() { awk -v k="$1:" '$1 == k {print int($2 / 1024)}' "/proc/$PID/status"; }
IDLE_RSS=$(rss VmRSS)
# Warm-up: first queries load the indexes and train/load the built-in LSA model.
Q1=$(head -1 "$WORK/queries.txt")
curl -sf "localhost:$PORT/api/v1/kbs/bench/search" -H 'Content-Type: application/json' -d "{\"query\": \"$Q1\"}" >/dev/null
curl -sf "localhost:$PORT/api/v1/kbs/bench/ask" -H 'Content-Type: application/json' -d "{\"question\": \"$Q1\"}" >/dev/null
WARM_RSS=$(rss VmRSS)

run() {  # run NAME PATH FIELD
  QUERIES="$WORK/queries.txt" PATH_TEMPLATE=$2 FIELD=$3 \
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$LUA" "http://127.0.0.1:$PORT" | tail -1 > "$WORK/$1.json"
}
run search /api/v1/kbs/bench/search query
run ask /api/v1/kbs/bench/ask question
PEAK_RSS=$(rss VmHWM)
WRK=$( (wrk --version 2>&1 || true) | head -1 | awk '{print $2}')

python3 - "$WORK" "$MACHINE" "$TODAY" "$COMMIT" "$NCHUNKS" "$INGEST_S" "$IDLE_RSS" "$WARM_RSS" "$PEAK_RSS" \
  "$CONNECTIONS" "$SECONDS_PER_RUN" "$WRK" <<'PY'
import json, sys
work, machine, today, commit, chunks, ingest_s, idle, warm, peak, conns, secs, wrk = sys.argv[1:13]
rows = []
for name, label in (("search", "search (BM25 + built-in LSA, top 10)"), ("ask", "ask (extractive answer + citations)")):
    r = json.load(open(f"{work}/{name}.json"))
    rows.append(f"| {label} | {r['requests'] / r['seconds']:.1f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |")
print(f"""## HTTP server under load (`lore serve`, wrk)

Written by `make bench` ({today}, commit {commit}) on {machine}; wrk {wrk}; Release build.
Command: `bash bench/sections/30-server.sh BUILD WORK` (wrk -t2 -c{conns} -d{secs}s per route, POST bodies
cycling through 2,000 three-word queries drawn from the corpus; server and wrk share the machine's cores).

Knowledge base: {int(chunks):,} chunks of generated pseudo-English (one 25–40-word paragraph each),
ingested in {float(ingest_s):.1f} s. No model server: search is BM25 fused with the built-in LSA
retriever; ask builds an extractive answer with citations.

| route | req/s | p50 ms | p99 ms | errors |
|---|---:|---:|---:|---:|
{chr(10).join(rows)}

RSS of `lore serve`: {idle} MB idle after start, {warm} MB after the first search and ask (indexes
open, LSA model loaded), {peak} MB peak under load.
""")
PY
