// The fuzz targets' bodies, shared by the libFuzzer executables
// (tests/fuzz/<target>_fuzz.cpp) and the regression test that replays
// tests/fuzz/regressions/<target>/* in the normal test run.
//
// run_target(target, data) feeds `data` to one parser entry point and checks
// the contract every parser promises (src/parse/parser.h, core/error.h):
//   - a failure is a lore::Error whose message starts with the source name and
//     whose code is not `internal` (that code means "a bug of ours") and
//     whose message is valid UTF-8 (it ends up in JSON);
//   - a success yields a Document whose strings are valid UTF-8 (so it
//     serialises to JSON), whose bboxes are finite, whose blocks point at
//     existing pages, and which renders to Markdown and JSON.
// A broken contract throws ContractViolation; any other exception escaping
// a parser propagates as is. Both are findings: the libFuzzer entry point
// aborts on them, the regression test fails.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lore::fuzz {

struct ContractViolation : std::logic_error {
  using std::logic_error::logic_error;
};

// Target names: txt md html csv json jsonl pdf docx xlsx pptx eml encoding.
const std::vector<std::string>& target_names();

// Throws std::invalid_argument for an unknown target.
void run_target(std::string_view target, std::string_view data);

// For the OOXML targets, inputs that do not start with "PK" are a list of
// package parts which the harness zips before parsing, so that mutations
// reach the XML instead of dying on a CRC check:
//   "@@ word/document.xml\n<w:document ...>...\n@@ word/styles.xml\n..."
// Returns the zip bytes: entries stored uncompressed, or deflated when
// `deflate` (for seeds that exercise inflating).
std::string zip_parts(std::string_view part_list, bool deflate = false);

}  // namespace lore::fuzz
