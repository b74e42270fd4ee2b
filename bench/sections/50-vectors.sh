#!/usr/bin/env bash
# Vector index (hnswlib behind index/hnsw) vs raw hnswlib, same parameters and
# data in the same run. Env: LORE_VECTOR_BENCH_N (200000 here), _DIM (384), _QUERIES (200).
set -euo pipefail
BUILD=$1 WORK=$2/vectors
source "$(dirname "$0")/machine.inc"
mkdir -p "$WORK"
export LORE_VECTOR_BENCH_N=${LORE_VECTOR_BENCH_N:-200000}
CMD="LORE_VECTOR_BENCH_N=$LORE_VECTOR_BENCH_N $BUILD/bench/vector_bench --out $WORK/results.json"
"$BUILD/bench/vector_bench" --out "$WORK/results.json" >&2
HNSW=$(dpkg-query -W -f='${Version}' libhnswlib-dev 2>/dev/null || echo unknown)
python3 - "$WORK/results.json" "$MACHINE" "$TODAY" "$COMMIT" "$CMD" "$HNSW" <<'PY'
import json, sys
path, machine, today, commit, cmd, hnsw = sys.argv[1:7]
r = json.load(open(path))
l, h = r["lore"], r["hnswlib"]
print(f"""## Vector index vs raw hnswlib

Written by `make bench` ({today}, commit {commit}) on {machine}; hnswlib {hnsw}; Release build.
Command: `{cmd}`

{r['n']:,} vectors of {r['dimensions']} floats clustered around 1,000 centres, {r['queries']} queries,
M {r['m']}, ef_construction {r['ef_construction']}, ef_search {r['ef_search']} (Lore's defaults), single thread.
Recall@10 is against exact (brute-force) search.

| | build s | recall@10 | queries/s |
|---|---:|---:|---:|
| Lore VectorIndex | {l['build_s']:.1f} | {l['recall@10']:.4f} | {l['qps']:.0f} |
| raw hnswlib | {h['build_s']:.1f} | {h['recall@10']:.4f} | {h['qps']:.0f} |
| **ratio (Lore / raw)** | **{r['build_ratio']:.2f}** | | **{r['qps_ratio']:.2f}** |

Saving Lore's index (atomic write) took {l['save_s']:.1f} s.
""")
PY
