// libFuzzer target: parse_bytes() on a .xlsx file (raw zip, or a part list the harness zips).
// Contract checked: tests/fuzz/targets.h. Run: make fuzz (docs/testing.md).
#include "fuzz/fuzz_main.h"

LORE_FUZZ_TARGET("xlsx")
