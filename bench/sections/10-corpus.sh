#!/usr/bin/env bash
# Ingest throughput (text/Markdown) and BM25 latency at 1M chunks, vs raw
# Xapian in the same run. Env: BENCH_INGEST_MB (64), BENCH_CHUNKS (1000000),
# BENCH_QUERIES (1000).
set -euo pipefail
BUILD=$1 WORK=$2
source "$(dirname "$0")/machine.inc"
INGEST_MB=${BENCH_INGEST_MB:-64}
CHUNKS=${BENCH_CHUNKS:-1000000}
QUERIES=${BENCH_QUERIES:-1000}
CMD="$BUILD/bench/corpus_bench --workdir $WORK --ingest-mb $INGEST_MB --chunks $CHUNKS --queries $QUERIES --out $WORK/results.json"
mkdir -p "$WORK"
echo "running: $CMD" >&2
$CMD >/dev/null

XAPIAN=$(dpkg-query -W -f='${Version}' libxapian30 2>/dev/null || echo unknown)
python3 - "$WORK/results.json" "$MACHINE" "$XAPIAN" "$CMD" "$COMMIT" "$TODAY" <<'PY'
import json, sys, datetime
r = json.load(open(sys.argv[1]))
machine, xapian, cmd, commit, today = sys.argv[2:7]
i, q = r["ingest"], r["query"]
print(f"""## Ingest and BM25 query speed vs raw Xapian

Written by `make bench` ({today}, commit {commit}) on {machine}; Xapian {xapian}; Release build.
Every figure is measured against raw Xapian doing the same work in the same run.

Command: `{cmd}`

### Ingest throughput (text and Markdown)

{i['files']} generated .txt/.md files, {i['megabytes']:.1f} MB. Lore runs the whole ingest
(read, SHA-256, blob write, parse, chunk at 512 tokens, SQLite commit, Xapian index). Raw Xapian
indexes the same files split at blank lines into pieces of about 512 tokens
({i['raw_documents']} documents vs Lore's {i['lore_chunks']} chunks) with the same term generator (Lore has more chunks because it also starts a chunk at every
heading and repeats a 64-token overlap).

| | seconds | MB/s |
|---|---:|---:|
| lore ingest | {i['lore_seconds']:.2f} | {i['lore_mb_per_s']:.2f} |
| raw Xapian | {i['raw_seconds']:.2f} | {i['raw_mb_per_s']:.2f} |
| **ratio (lore / raw throughput)** | | **{i['ratio']:.2f}** |

### BM25 query latency at {q['chunks']:,} chunks

A generated corpus of one-sentence paragraphs chunked at 40 tokens (one paragraph per chunk) ({q['chunks']:,} chunks; raw
Xapian: {q['raw_documents']:,} documents). {q['queries']} three-word queries drawn from the corpus,
top 10, after a warm-up pass. Lore's time includes fetching the chunk rows from SQLite; raw
Xapian's includes reading each hit's document data. By default Lore's BM25 stage takes
{q['lore_candidates']} candidates (`search.candidates`, for fusion and neighbour merging) and fetches their rows;
the second row asks for 10, the same work as the raw query; the last raw row asks Xapian for the same
{q['lore_candidates']} hits the default does.

| | p50 ms | p95 ms |
|---|---:|---:|
| lore search (default, {q['lore_candidates']} candidates) | {q['lore_p50_ms']:.3f} | {q['lore_p95_ms']:.3f} |
| lore search (`search.candidates = 10`) | {q['lore_top_k_candidates_p50_ms']:.3f} | {q['lore_top_k_candidates_p95_ms']:.3f} |
| raw Xapian (top 10) | {q['raw_p50_ms']:.3f} | {q['raw_p95_ms']:.3f} |
| raw Xapian (top {q['lore_candidates']}) | {q['raw_candidates_p50_ms']:.3f} | {q['raw_candidates_p95_ms']:.3f} |
| **ratio (lore default / raw top 10)** | **{q['p50_ratio']:.2f}** | **{q['p95_ratio']:.2f}** |
| **ratio (lore, 10 candidates / raw top 10)** | **{q['lore_top_k_candidates_p50_ms'] / q['raw_p50_ms']:.2f}** | **{q['lore_top_k_candidates_p95_ms'] / q['raw_p95_ms']:.2f}** |
| **ratio (lore default / raw top {q['lore_candidates']})** | **{q['p50_ratio'] * q['raw_p50_ms'] / q['raw_candidates_p50_ms']:.2f}** | **{q['p95_ratio'] * q['raw_p95_ms'] / q['raw_candidates_p95_ms']:.2f}** |

Indexing this corpus took {q['lore_index_seconds']:.1f} s in Lore and {q['raw_index_seconds']:.1f} s in raw Xapian.
""")
PY
