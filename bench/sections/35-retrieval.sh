#!/usr/bin/env bash
# Retrieval quality and latency on BEIR SciFact: `lore eval` (the embedded
# default, no model server) and BM25-only, each against raw Xapian BM25 in
# the same run. Needs $LORE_SHARED_DATA/beir/scifact (skipped when absent).
set -euo pipefail
BUILD=$1 WORK=$2/retrieval
source "$(dirname "$0")/machine.inc"
DATA=${LORE_SHARED_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/data}
BEIR=$DATA/beir/scifact
[ -d "$BEIR" ] || { echo "bench 35-retrieval: $BEIR absent, section kept as it was" >&2; exit 0; }
LORE=$(realpath "$BUILD/lore")
rm -rf "$WORK" && mkdir -p "$WORK"
export LORE_DATA_DIR="$WORK/data"
CMD="lore eval --beir $BEIR --kb scifact --json"
"$LORE" eval --beir "$BEIR" --kb scifact --json > "$WORK/default.json"
LORE_SEARCH_LSA=false "$LORE" eval --beir "$BEIR" --kb scifact --json > "$WORK/bm25.json"

python3 - "$WORK" "$MACHINE" "$TODAY" "$COMMIT" "$CMD" <<'PY'
import json, sys
work, machine, today, commit, cmd = sys.argv[1:6]
d = json.load(open(f"{work}/default.json"))
b = json.load(open(f"{work}/bm25.json"))
def row(name, r):
    return (f"| {name} | {r['ndcg@10']:.4f} | {r['recall@10']:.4f} | {r['recall@100']:.4f} | "
            f"{r['mrr@10']:.4f} | {r['latency_ms']['p50']:.1f} | {r['latency_ms']['p95']:.1f} |")
def lore_latency(r):
    t = r["latency_ms"].get("total") or list(r["latency_ms"].values())[-1]
    return {"latency_ms": t, **{k: r[k] for k in ("ndcg@10", "recall@10", "recall@100", "mrr@10")}}
base = d["baseline"]
stages = ", ".join(f"{k} {v['p50']:.1f}" for k, v in d["latency_ms"].items())
print(f"""## Retrieval quality on BEIR SciFact (`lore eval`)

Written by `make bench` ({today}, commit {commit}) on {machine}; Release build.
Command: `{cmd}` (and the same with `LORE_SEARCH_LSA=false`). {d['queries']} test queries,
{d['corpus_documents']:,} documents (ingest {d['ingest_seconds']:.1f} s). No model server: the default is
BM25 fused (weight {d['search']['lsa_weight']}) with the built-in LSA retriever ({d['search']['lsa_dims']} dims);
docs/retrieval.md has every variant measured.

| system | nDCG@10 | Recall@10 | Recall@100 | MRR@10 | p50 ms | p95 ms |
|---|---:|---:|---:|---:|---:|---:|
{row("raw Xapian BM25 (k1 0.9, b 0.4, stemmed, title + text)", base)}
{row("Lore BM25 only", lore_latency(b))}
{row("**Lore default (BM25 + LSA)**", lore_latency(d))}

**Ratio nDCG@10 Lore default / raw BM25: {d['ndcg@10'] / base['ndcg@10']:.3f}** (published BM25 on SciFact: 0.665).
Lore's latency includes fetching chunk rows and merging; per-stage p50 ms: {stages}.
""")
PY
