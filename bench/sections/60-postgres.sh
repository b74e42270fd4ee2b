#!/usr/bin/env bash
# SciFact on both backends in the same run: `lore eval` (ingest + every test
# query) with the embedded store (SQLite + Xapian + hnswlib) and with
# [store] backend = "postgres" (catalog, BM25 postings and vectors in one
# PostgreSQL database). Acceptance (issue 10): nDCG@10 within 0.01.
# Starts its own throwaway PostgreSQL 15 cluster (tests/support/pg_test_cluster.sh).
# Needs $LORE_SHARED_DATA/beir/scifact (skipped when absent).
set -euo pipefail
BUILD=$1 WORK=$2/postgres
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/machine.inc"
DATA=${LORE_SHARED_DATA:-$(cd "$HERE/../../.." && pwd)/shared/data}
BEIR=$DATA/beir/scifact
[ -d "$BEIR" ] || { echo "bench 60-postgres: $BEIR absent, section kept as it was" >&2; exit 0; }
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "bench 60-postgres: PostgreSQL 15 absent, section kept" >&2; exit 0; }
LORE=$(realpath "$BUILD/lore")
rm -rf "$WORK" && mkdir -p "$WORK"
PG="$WORK/pg"
bash "$HERE/../../tests/support/pg_test_cluster.sh" start "$PG" >&2
trap 'bash "$HERE/../../tests/support/pg_test_cluster.sh" stop "$PG" >&2' EXIT
URL=$(cat "$PG/url")

CMD="lore eval --beir $BEIR --kb scifact --json"
LORE_DATA_DIR="$WORK/embedded" "$LORE" eval --beir "$BEIR" --kb scifact --json > "$WORK/embedded.json"
LORE_DATA_DIR="$WORK/pgnode" LORE_STORE_BACKEND=postgres LORE_STORE_URL="$URL" \
  "$LORE" eval --beir "$BEIR" --kb scifact --json > "$WORK/postgres.json"
# Sizes of what PostgreSQL holds for the corpus.
psql "$URL" -At -F ' ' -c "SELECT pg_database_size(current_database()),
  pg_total_relation_size('chunks'), pg_total_relation_size('lore_text_postings') + pg_total_relation_size('lore_text_chunks'),
  (SELECT COUNT(*) FROM chunks)" > "$WORK/sizes.txt"
du -sb "$WORK/embedded" | cut -f1 > "$WORK/embedded_size.txt"

python3 - "$WORK" "$MACHINE" "$TODAY" "$COMMIT" "$CMD" <<'PY'
import json, sys
work, machine, today, commit, cmd = sys.argv[1:6]
e = json.load(open(f"{work}/embedded.json"))
p = json.load(open(f"{work}/postgres.json"))
db, chunks_b, text_b, nchunks = map(int, open(f"{work}/sizes.txt").read().split())
emb = int(open(f"{work}/embedded_size.txt").read())
def total(r):
    return r["latency_ms"].get("total") or list(r["latency_ms"].values())[-1]
def row(name, r):
    t = total(r)
    return (f"| {name} | {r['ndcg@10']:.4f} | {r['recall@10']:.4f} | {r['recall@100']:.4f} | "
            f"{r['mrr@10']:.4f} | {t['p50']:.1f} | {t['p95']:.1f} | {r['ingest_seconds']:.1f} |")
diff = abs(e["ndcg@10"] - p["ndcg@10"])
stages = lambda r: ", ".join(f"{k} {v['p50']:.1f}" for k, v in r["latency_ms"].items())
mb = lambda b: f"{b / 2**20:.0f} MB"
print(f"""## SciFact on the embedded backend and on PostgreSQL (`lore eval`)

Written by `make bench` ({today}, commit {commit}) on {machine}; Release build.
Command: `{cmd}`, once with the embedded store and once with `LORE_STORE_BACKEND=postgres`
against a throwaway PostgreSQL 15 + pgvector cluster on the same machine (unix socket, fsync off).
{e['queries']} test queries, {e['corpus_documents']:,} documents, one query at a time; ingest is one
`lore` process (single node).

| backend | nDCG@10 | Recall@10 | Recall@100 | MRR@10 | p50 ms | p95 ms | ingest s |
|---|---:|---:|---:|---:|---:|---:|---:|
{row("embedded (SQLite + Xapian + LSA)", e)}
{row("PostgreSQL (catalog + BM25 postings in SQL)", p)}

**|ΔnDCG@10| = {diff:.4f}** (acceptance: ≤ 0.01) — {"met" if diff <= 0.01 else "NOT met"}.
Per-stage p50 ms, embedded: {stages(e)}; PostgreSQL: {stages(p)}.
Storage: the PostgreSQL database is {mb(db)} for {nchunks:,} chunks (chunks table {mb(chunks_b)},
text index {mb(text_b)}; ≈ {db / max(nchunks, 1) / 1024:.0f} KB per chunk including the empty
database's ≈ 7 MB); the embedded data directory is {mb(emb)}.
""")
PY
