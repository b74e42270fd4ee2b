// Template "auto": picks a template from the file type and content cues.
// The cues are counted over the document's blocks in one pass each:
//   spreadsheet/CSV/TSV          -> qa when a table has question+answer
//                                   columns, else table
//   >= kMinPairs Q:/A: pairs      -> qa   (also a Q/A table in any document)
//   >= kMinArticles article starts -> law
//   abstract near the start + a references heading -> paper
//   >= kMinChapters chapter headings -> book
//   >= kMinNumbered dotted section headings (1.2, 3.4.1) -> manual
//   otherwise                      -> general
#include <algorithm>

#include "chunk/chunk_util.h"
#include "chunk/patterns.h"
#include "chunk/templates.h"
#include "core/text.h"

namespace lore::chunk::detail {

namespace {

using parse::BlockKind;

constexpr size_t kMinPairs = 3;
constexpr size_t kMinArticles = 3;
constexpr size_t kMinChapters = 3;
constexpr size_t kMinNumbered = 4;
constexpr size_t kAbstractSearchBlocks = 60;

bool is_spreadsheet(const std::string& mime) {
  return mime == "text/csv" || mime == "text/tab-separated-values" ||
         mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

bool header_has(const parse::Block& b, bool (*pred)(std::string_view)) {
  if (!b.table || !b.table->has_header || b.table->rows.empty()) return false;
  return std::any_of(b.table->rows[0].begin(), b.table->rows[0].end(),
                     [&](const parse::TableCell& c) { return pred(c.text); });
}

bool question_header(std::string_view s) {
  const std::string n = text::ascii_lower(text::collapse_whitespace(s));
  return n == "question" || n == "questions" || n == "q" || n == "问题" || n == "问";
}
bool answer_header(std::string_view s) {
  const std::string n = text::ascii_lower(text::collapse_whitespace(s));
  return n == "answer" || n == "answers" || n == "a" || n == "答案" || n == "答" || n == "回答";
}

}  // namespace

std::string auto_template(const parse::Document& doc) {
  size_t tables = 0, qa_tables = 0, questions = 0, answers = 0, articles = 0, chapters = 0, numbered = 0;
  bool abstract = false, references = false;
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    const auto& b = doc.blocks[i];
    if (is_chrome(b)) continue;
    if (b.kind == BlockKind::table) {
      ++tables;
      if (header_has(b, question_header) && header_has(b, answer_header)) ++qa_tables;
      continue;
    }
    for (const auto& m : find_qa_markers(b.text)) (m.question ? questions : answers)++;
    articles += find_articles(b.text).size();
    const auto divisions = find_divisions(b.text);
    if (!divisions.empty() && divisions.front().pos == 0 && divisions.front().level == 2 &&
        heading_like(b.text, 30))
      ++chapters;
    if (numbered_heading_depth(b.text) >= 2 && (b.kind == BlockKind::title || b.kind == BlockKind::text))
      ++numbered;
    if (i < kAbstractSearchBlocks &&
        ((b.kind == BlockKind::title && is_abstract_heading(b.text)) || starts_with_abstract(b.text)))
      abstract = true;
    if (b.kind == BlockKind::title && is_references_heading(b.text)) references = true;
  }
  if (is_spreadsheet(doc.mime) && tables > 0) return qa_tables > 0 ? "qa" : "table";
  if (qa_tables > 0 || (questions >= kMinPairs && answers >= kMinPairs)) return "qa";
  if (articles >= kMinArticles) return "law";
  if (abstract && references) return "paper";
  if (chapters >= kMinChapters) return "book";
  if (numbered >= kMinNumbered) return "manual";
  return "general";
}

}  // namespace lore::chunk::detail
