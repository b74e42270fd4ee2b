#!/usr/bin/env bash
# Retrieval quality and latency with `lore eval` (the embedded default, no
# model server) and BM25-only, each against raw Xapian BM25 in the same run,
# on every BEIR collection under $LORE_SHARED_DATA/beir/ (SciFact here; any
# other collection laid out the same way, e.g. a held-out one, is measured
# too). Skipped when there is none.
set -euo pipefail
BUILD=$1 WORK=$2/retrieval
source "$(dirname "$0")/machine.inc"
DATA=${LORE_SHARED_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/data}
COLLECTIONS=$(for d in "$DATA"/beir/*/; do [ -f "$d/queries.jsonl" ] && basename "$d"; done 2>/dev/null | sort || true)
[ -n "$COLLECTIONS" ] || { echo "bench 35-retrieval: no BEIR collection under $DATA/beir, section kept as it was" >&2; exit 0; }
LORE=$(realpath "$BUILD/lore")
rm -rf "$WORK" && mkdir -p "$WORK"
export LORE_DATA_DIR="$WORK/data"
for c in $COLLECTIONS; do
  # A collection lore eval rejects is named in the section; the others go on.
  { "$LORE" eval --beir "$DATA/beir/$c" --kb "$c" --json > "$WORK/$c.default.json" &&
    LORE_SEARCH_LSA=false "$LORE" eval --beir "$DATA/beir/$c" --kb "$c" --json > "$WORK/$c.bm25.json"; } \
    2> "$WORK/$c.err" || echo "bench 35-retrieval: $c failed: $(tail -1 "$WORK/$c.err")" >&2
done

python3 - "$WORK" "$MACHINE" "$TODAY" "$COMMIT" "$DATA/beir" $COLLECTIONS <<'PY'
import json, os, sys
work, machine, today, commit, beir = sys.argv[1:6]
collections = sys.argv[6:]
def row(name, r):
    return (f"| {name} | {r['ndcg@10']:.4f} | {r['recall@10']:.4f} | {r['recall@100']:.4f} | "
            f"{r['mrr@10']:.4f} | {r['latency_ms']['p50']:.1f} | {r['latency_ms']['p95']:.1f} |")
def lore_latency(r):
    t = r["latency_ms"].get("total") or list(r["latency_ms"].values())[-1]
    return {"latency_ms": t, **{k: r[k] for k in ("ndcg@10", "recall@10", "recall@100", "mrr@10")}}
print(f"""## Retrieval quality on BEIR ({", ".join(collections)}) (`lore eval`)

Written by `make bench` ({today}, commit {commit}) on {machine}; Release build.
Command: `lore eval --beir {beir}/NAME --kb NAME --json` (and the same with `LORE_SEARCH_LSA=false`) for each
collection. No model server: the default is BM25 fused with the built-in LSA retriever; docs/retrieval.md
has every variant measured. Lore's latency includes fetching chunk rows and merging.""")
for c in collections:
    try:
        d = json.load(open(f"{work}/{c}.default.json"))
        b = json.load(open(f"{work}/{c}.bm25.json"))
    except (OSError, ValueError):
        err = open(f"{work}/{c}.err").read().strip().splitlines()
        print(f"\n### {c}\n\nNot measured: {err[-1] if err else 'lore eval failed'}")
        continue
    base = d["baseline"]
    stages = ", ".join(f"{k} {v['p50']:.1f}" for k, v in d["latency_ms"].items())
    published = " (published BM25 on SciFact: 0.665)" if c == "scifact" else ""
    print(f"""
### {c}

{d['queries']} {d['split']} queries, {d['corpus_documents']:,} documents (ingest {d['ingest_seconds']:.1f} s);
BM25 fused with weight {d['search']['lsa_weight']} with LSA ({d['search']['lsa_dims']} dims).

| system | nDCG@10 | Recall@10 | Recall@100 | MRR@10 | p50 ms | p95 ms |
|---|---:|---:|---:|---:|---:|---:|
{row("raw Xapian BM25 (k1 0.9, b 0.4, stemmed, title + text)", base)}
{row("Lore BM25 only", lore_latency(b))}
{row("**Lore default (BM25 + LSA)**", lore_latency(d))}

**Ratio nDCG@10 Lore default / raw BM25: {d['ndcg@10'] / base['ndcg@10']:.3f}**{published}.
Per-stage p50 ms: {stages}.""")
PY
