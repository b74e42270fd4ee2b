// libFuzzer target: parse_bytes() on a .eml file.
// Contract checked: tests/fuzz/targets.h. Run: make fuzz (docs/testing.md).
#include "fuzz/fuzz_main.h"

LORE_FUZZ_TARGET("eml")
