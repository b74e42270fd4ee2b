#!/usr/bin/env bash
# Prompt compression (issue 8): answer retention at 2x/4x/10x/20x for Lore's
# compressor and the baselines on the same contexts, plus latency per 10k
# tokens, on every SQuAD-format file under $LORE_SHARED_DATA/qa/*/ (at any depth; XQuAD
# English and Chinese here; any other QA set laid out the same way, e.g. a
# held-out one, is measured too). Extra files: LORE_COMPRESS_QA="a.json b.json".
set -euo pipefail
BUILD=$1 WORK=$2
source "$(dirname "$0")/machine.inc"
DATA=${LORE_SHARED_DATA:-../shared/data}/qa
FILES=$( (find "$DATA" -mindepth 2 -maxdepth 4 -name '*.json' 2>/dev/null || true) | sort | tr '\n' ' ')${LORE_COMPRESS_QA:-}
if [ -z "${FILES// /}" ]; then echo "bench: no QA files under $DATA; compression section kept" >&2; exit 0; fi
CMD=$(echo "$BUILD/bench/compress_quality $FILES" | sed "s/ *$//")
# A file that is not SQuAD format is named in the JSON ("failed") and skipped;
# the others are still reported.
$CMD > "$WORK/compress_quality.json" || echo "bench: compress_quality failed on some files (listed in the section)" >&2
python3 - "$WORK/compress_quality.json" "$MACHINE" "$CMD" "$COMMIT" "$TODAY" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
machine, cmd, commit, today = sys.argv[2:6]
names = {"lore": "**Lore** (query-aware: coarse ranking, budget controller, fine pruning)",
         "overlap": "question-word overlap, whole passages, last one cut",
         "selective": "self-information pruning, question-agnostic (Selective-Context-style)",
         "random": "random sentences",
         "cut": "no compression (context as retrieved, cut at the budget)"}
print(f"""## Prompt compression: answer retention (issue 8)

Written by `make bench` ({today}, commit {commit}) on {machine}. Program: `bench/compress_quality.cpp`.

Each question's context is built as retrieval would: its gold paragraph at a rotating position 1..20 among
the 19 paragraphs of the same file most similar to the question (TF-IDF cosine). At rate Nx every method gets
the same context budget, floor(context tokens / N) (`lore::count_tokens`); Lore gets the question verbatim on
top. Retention = share of questions whose gold answer string occurs in the compressed context (whitespace
collapsed). No compression keeps 100% at 1x. Lore's self-information model is trained on the file's
paragraphs (the knowledge base's own text). Targets: above every baseline at every rate; English ≥ 95% at
10x, ≥ 85% at 20x.

Command: `{cmd}`
""")
for d in r["datasets"]:
    print(f"\n### {d['file']} ({d['questions']} questions)\n")
    rates = sorted(d["rates"], key=int)
    print("| method | " + " | ".join(f"{k}x" for k in rates) + " |")
    print("|---|" + "---:|" * len(rates))
    for m in ["lore", "overlap", "selective", "random", "cut"]:
        cells = []
        for k in rates:
            v = d["rates"][k][m]["retention"] * 100
            cells.append(f"**{v:.1f}%**" if m == "lore" else f"{v:.1f}%")
        print(f"| {names[m]} | " + " | ".join(cells) + " |")
    print("| achieved rate (Lore, mean original/compressed) | " +
          " | ".join(f"{d['rates'][k]['lore']['rate']:.1f}x" for k in rates) + " |")
print("\nLatency of `compress` on about 10k tokens of the file's paragraphs (median of 31 runs, self-information"
      " model trained on the input itself as `lore compress` does), per 10k tokens; target ≤ 50 ms:\n")
print("| file | 2x wall | 2x CPU | 10x wall | 10x CPU |\n|---|---:|---:|---:|---:|")
for f, l in r["latency"].items():
    print(f"| {f} | {l['2x']['wall_ms']:.1f} ms | {l['2x']['cpu_ms']:.1f} ms | {l['10x']['wall_ms']:.1f} ms |"
          f" {l['10x']['cpu_ms']:.1f} ms |")
print("\nCPU time is the thread's own; wall time also counts waiting for a core on a shared machine.")
for f in r.get("failed", []):
    print(f"\nNot measured: {f['error']}")
PY
