#!/usr/bin/env bash
# `make run`: build a demo knowledge base from the documents this project
# ships (its own docs), run sample searches and ask it questions (extractive
# answers with citations unless [chat] in lore.toml names an LLM). Safe to
# re-run: unchanged files are skipped.
set -euo pipefail
LORE=${1:-build/lore}
cd "$(dirname "$0")/.."
export LORE_DATA_DIR=${LORE_DATA_DIR:-lore-data}

echo "== knowledge base 'demo' in $LORE_DATA_DIR"
"$LORE" kb show demo >/dev/null 2>&1 || "$LORE" kb create demo
echo
echo "== lore ingest README.md docs/ --kb demo"
"$LORE" ingest README.md docs/ --kb demo
echo
for q in "how do I ingest a directory" "what happens after a crash" "中文 检索"; do
  echo "== lore search \"$q\" --kb demo --top-k 3"
  "$LORE" search "$q" --kb demo --top-k 3
  echo
done
for q in "what happens after a crash?" "中文怎么检索？"; do
  echo "== lore ask \"$q\" --kb demo"
  "$LORE" ask "$q" --kb demo
  echo
done
echo "Try it yourself:  $LORE ask \"your question\" --kb demo   (or: $LORE search \"words\" --kb demo)"
echo
# Last step: the same knowledge base over HTTP (loopback only, no keys needed).
# LORE_DEMO_SERVE=0 skips it (scripts and CI).
[[ "${LORE_DEMO_SERVE:-1}" == 0 ]] && exit 0
PORT=${LORE_PORT:-8080}
cat <<EOT
== lore serve --port $PORT   (Ctrl-C stops it; web UI at http://127.0.0.1:$PORT/ when built)
Ask from another terminal:
  curl -s localhost:$PORT/api/v1/kbs/demo/ask -H 'Content-Type: application/json' \\
       -d '{"question": "what happens after a crash?"}'
  curl -s localhost:$PORT/v1/chat/completions -H 'Content-Type: application/json' \\
       -d '{"model": "lore:demo", "messages": [{"role": "user", "content": "how do I ingest a directory?"}]}'
EOT
exec "$LORE" serve --port "$PORT"
