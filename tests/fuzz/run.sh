#!/usr/bin/env bash
# Runs the libFuzzer targets one after another (see docs/testing.md).
#   tests/fuzz/run.sh BUILD_DIR SECONDS TARGET...
# Each target runs SECONDS (-max_total_time) on BUILD_DIR/corpus/<target>,
# which is seeded from the generated seeds and the committed reproducers in
# tests/fuzz/regressions/<target>; crashes, leaks, timeouts (>10 s per input)
# and out-of-memory (>2 GiB) land in BUILD_DIR/artifacts/<target>/. Exits
# non-zero when any target found something.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=$1
seconds=$2
shift 2
root=$PWD

rm -rf "$build/seeds"
ASAN_OPTIONS=detect_leaks=0 "$build/fuzz/make_fuzz_seeds" "$build/seeds" >/dev/null || { echo "fuzz: seed generation failed" >&2; exit 1; }

dict_of() {
  case $1 in
    pdf) echo tests/fuzz/dict/pdf.dict ;;
    docx | xlsx | pptx) echo tests/fuzz/dict/ooxml.dict ;;
    html | md) echo tests/fuzz/dict/html.dict ;;
    eml) echo tests/fuzz/dict/eml.dict ;;
  esac
}

failed=()
for target in "$@"; do
  bin="$build/fuzz/${target}_fuzz"
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target"
  log="$build/logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  cp -n "$build/seeds/$target"/* "$corpus"/ 2>/dev/null || true
  [ -d "tests/fuzz/regressions/$target" ] && cp -n "tests/fuzz/regressions/$target"/* "$corpus"/ 2>/dev/null
  dict=$(dict_of "$target")
  started=$(date +%s)
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    LSAN_OPTIONS=suppressions=$root/tests/lsan.supp \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${dict:+-dict=$dict} "$corpus" >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  printf 'fuzz %-9s %4ss  %9s execs  %-10s  corpus %s files  ' "$target" "$(($(date +%s) - started))" \
    "${runs:-?}" "${cov:-cov: ?}" "$(ls "$corpus" | wc -l)"
  if [ $status -eq 0 ]; then
    echo ok
  else
    echo "FAILED (exit $status)"
    grep -E 'ERROR: |SUMMARY: |lore fuzz|Test unit written|runtime error' "$log" | head -8 | sed 's/^/    /'
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]} (reproducers in $build/artifacts/, logs in $build/logs/)" >&2
  exit 1
fi
