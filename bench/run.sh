#!/usr/bin/env bash
# `make bench`: runs the benchmark sections in bench/sections/ and assembles
# BENCHMARKS.md from their results in bench/results/ (committed, so a single
# section can be re-run without redoing the slow ones).
#   bash bench/run.sh BUILD_DIR [SECTION...]   (default: every section)
# Each bench/sections/NN-name.sh is run as `NN-name.sh BUILD_DIR WORK_DIR` and
# prints its Markdown (numbers, machine, command) to stdout; it exits 0 with
# no output to keep the previous result (e.g. data absent).
set -euo pipefail
BUILD=${1:-build}
shift || true
cd "$(dirname "$0")/.."
WORK=${BENCH_WORKDIR:-$BUILD/bench-work}
mkdir -p "$WORK" bench/results

sections=("$@")
if [ ${#sections[@]} -eq 0 ]; then
  for f in bench/sections/*.sh; do sections+=("$(basename "$f" .sh)"); done
fi
for name in "${sections[@]}"; do
  script=$(ls bench/sections/*"$name"*.sh 2>/dev/null | head -1)
  [ -n "$script" ] || { echo "bench: no section matching '$name'" >&2; exit 2; }
  base=$(basename "$script" .sh)
  echo "bench: running $base" >&2
  out=$(bash "$script" "$BUILD" "$WORK")
  if [ -n "$out" ]; then printf '%s\n' "$out" > "bench/results/$base.md"; fi
done

{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` (\`bash bench/run.sh BUILD [SECTION...]\` re-runs one section)."
  echo "Each figure is measured against the raw library or tool we build on, in the same run on the"
  echo "same machine; each section names its command, machine and date."
  for f in bench/results/*.md; do echo; cat "$f"; done
} > BENCHMARKS.md
echo "wrote BENCHMARKS.md" >&2
