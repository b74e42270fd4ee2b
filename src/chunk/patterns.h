// Internal to src/chunk: the textual cues the structure-aware templates look
// for — law numbering (Article 12, Section 3., 第十二条, 第二章), numbered
// headings (1.2.3 Title), Q/A markers (Q:, Answer:, 问：, 答：) and the names of
// paper sections (Abstract, References, 参考文献).
//
// Matchers look at one byte offset of a UTF-8 string and return the marker
// found there (length 0 = none). "Boundary" rules keep cross-references out:
// "依照本法第十二条的规定" or "as set out in Article 12 of" are not article
// starts, because a real start follows the beginning of a block, a line break,
// or the end of a sentence. All functions are pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lore::chunk::detail {

struct Marker {
  size_t pos = 0;         // byte offset in the text
  size_t length = 0;      // bytes of the marker itself ("Article 12", "第十二条", "Q:")
  int level = 0;          // divisions: 1 part/编, 2 chapter/章, 3 section/节
  bool question = false;  // Q/A markers: true for a question, false for an answer
  std::string label;      // normalised marker text ("Article 12", "第十二条", "Chapter 2")
};

// Article starts ("Article 12", "Art. 3", "Section 3.", "§ 4", "第十二条")
// at a boundary, in text order.
std::vector<Marker> find_articles(std::string_view text);

// Division headings at a boundary: "Part II"/"第一编" (1), "Chapter 3"/"第二章"
// (2), "第三节" (3). Only the English words in their capitalised or upper-case
// forms count, so "this chapter 3" in running text does not.
std::vector<Marker> find_divisions(std::string_view text);

// Q/A markers at a boundary: "Q:", "Q1:", "Question:", "问：", "问题：" (question);
// "A:", "A1:", "Answer:", "答：", "答案：", "回答：" (answer). ASCII or full-width
// colon.
std::vector<Marker> find_qa_markers(std::string_view text);

// "1.2.3 Installing" / "2. Usage" / "3) Setup" as a whole short heading line:
// returns the depth (number of numeric components) and sets `number`
// ("1.2.3"); 0 when the text is not a numbered heading. Long lines and lines
// ending like a sentence are not headings.
int numbered_heading_depth(std::string_view text, std::string* number = nullptr);

// Heading names, compared case-insensitively after dropping a leading section
// number ("7 References", "VI. REFERENCES").
bool is_abstract_heading(std::string_view text);
bool is_references_heading(std::string_view text);

// True when a text block starts with "Abstract" followed by punctuation or a
// line break ("Abstract—We study ...", "Abstract: ...", "摘要：...").
bool starts_with_abstract(std::string_view text);

// Splits a reference list into entries at "[12]" / "12." numbering at line or
// block starts; one entry when there is no numbering.
std::vector<std::string_view> split_reference_entries(std::string_view text);

// Short heading-like text: at most `max_tokens` tokens and not ending like a
// sentence (. ; 。).
bool heading_like(std::string_view text, size_t max_tokens = 20);

}  // namespace lore::chunk::detail
