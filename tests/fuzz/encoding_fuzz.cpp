// libFuzzer target: decode_text() with a declared charset, and content sniffing for an unknown extension.
// Contract checked: tests/fuzz/targets.h. Run: make fuzz (docs/testing.md).
#include "fuzz/fuzz_main.h"

LORE_FUZZ_TARGET("encoding")
