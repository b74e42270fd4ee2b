#!/usr/bin/env bash
# Parsing quality on ../shared/data/docs (LORE_SHARED_DATA) vs the raw tools
# (pdftotext, tesseract CLI, tag stripping), and text-PDF pages/s vs pdftotext.
set -euo pipefail
BUILD=$1 WORK=$2
source "$(dirname "$0")/machine.inc"
DATA=${LORE_SHARED_DATA:-../shared/data}/docs
if [ ! -d "$DATA" ]; then echo "bench: $DATA absent; parse quality section kept" >&2; exit 0; fi
CMD="$BUILD/bench/parse_quality --data $DATA"
$CMD > "$WORK/parse_quality.json"
python3 - "$WORK/parse_quality.json" "$MACHINE" "$CMD" "$COMMIT" "$TODAY" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
machine, cmd, commit, today = sys.argv[2:6]
targets = {"markdown_similarity": "≥ 0.85", "text_f1": "≥ 0.95", "table_cell_f1": "≥ 0.70",
           "ocr_cer": "≤ 0.10 (lower is better)", "email_recovery": "≥ 0.80"}
what = {"markdown_similarity": "Markdown similarity to docling / Unstructured reference (order-aware token F1, syntax ignored)",
        "text_f1": "PDF text vs PDFBox expected text (order-aware token F1)",
        "table_cell_f1": "table cell F1 (multiset of normalised cells)",
        "ocr_cer": "OCR character error rate",
        "ocr_flexible_cer": "OCR character error rate without reading order (extra, after Clausner et al. 2020 flexible character accuracy; not the target metric)",
        "email_recovery": "email headers + body + attachments recovered",
        "other_text_f1": "other plain-text ground truths (order-aware token F1)"}
print(f"""## Parsing quality (../shared/data/docs)

Written by `make bench` ({today}, commit {commit}) on {machine}. Raw tools on the same files in the
same run: `pdftotext` (PDF), `tesseract` CLI (images, scans via `pdftoppm`), tag/XML stripping (HTML,
Office), the raw bytes (email). Scorer: `bench/parse_quality.cpp`.

Command: `{cmd}`

| metric | documents | Lore | raw tools | target |
|---|---:|---:|---:|---|""")
for k, m in sorted(r["means"].items()):
    print(f"| {what.get(k, k)} | {m['documents']} | **{m['lore']:.3f}** | {m['raw']:.3f} | {targets.get(k, '')} |")
if "ocr_flexible_cer" in r["means"]:
    print("""
The order-independent OCR row is an extra, not a target: each ground-truth line is matched to its best
approximate occurrence anywhere in the output (after Clausner, Pletschacher and Antonacopoulos 2020,
"Flexible character accuracy measure for reading-order-independent evaluation"), so CER minus it is the
part of the CER that comes from reading order rather than recognition.""")
t = r.get("pdf_throughput")
if t:
    ocr_note = "; Lore with ocr.pdf_pages = false"
    print(f"""
Text-PDF throughput ({t['pages']} pages, layout + tables, no OCR{ocr_note}): Lore {t['lore_pages_per_s']:.1f} pages/s,
pdftotext {t['pdftotext_pages_per_s']:.1f} pages/s — **ratio {t['ratio']:.2f}** (target ≥ 0.3; pdftotext runs as a
process per file, Lore in-process).""")
print("\n<details><summary>Per document</summary>\n\n| document | metric | Lore | raw | note |\n|---|---|---:|---:|---|")
for d in r["documents"]:
    for k, v in d.items():
        if isinstance(v, dict) and "lore" in v:
            note = d.get("error", "").replace("|", "\\|")[:80]
            print(f"| {d['document']} | {k} | {v['lore']:.3f} | {v['raw']:.3f} | {note} |")
print("\n</details>")
PY
