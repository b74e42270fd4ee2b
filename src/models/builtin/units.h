// Answer units: how the builtin answer model and citation quotes see a
// chunk's text — sentences of its paragraphs (hard-wrapped lines joined
// again), with headings, short labels, table rows and list items kept apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lore::models::builtin {

struct Unit {
  std::string text;    // cleaned (clean_sentence)
  bool label = false;  // a heading or short label line: names a topic, answers nothing
};

// `headings`: the chunk's heading path (chunk metadata), whose lines at the
// top of the text are labels whatever their length.
std::vector<Unit> split_units(std::string_view text, const std::vector<std::string>& headings = {});

// A sentence as shown in an answer: leading Markdown markers (#, -, *, >,
// "1.") removed from each line, table rows as "cell | cell", whitespace
// collapsed.
std::string clean_sentence(std::string_view sentence);

// The unit of `text` that best matches `reference` (BM25; prose preferred
// over labels), cut to at most `max_bytes` (with "…"); the first unit when
// nothing matches; "" for empty text. Used as the quote of a citation.
std::string best_sentence(std::string_view text, std::string_view reference,
                          const std::vector<std::string>& headings = {}, size_t max_bytes = 400);

}  // namespace lore::models::builtin
