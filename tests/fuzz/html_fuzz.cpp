// libFuzzer target: parse_bytes() on a .html file.
// Contract checked: tests/fuzz/targets.h. Run: make fuzz (docs/testing.md).
#include "fuzz/fuzz_main.h"

LORE_FUZZ_TARGET("html")
