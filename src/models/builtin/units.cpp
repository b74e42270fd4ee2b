#include "models/builtin/units.h"

#include <algorithm>

#include "core/text.h"
#include "core/tokens.h"
#include "models/builtin/lexical.h"

namespace lore::models::builtin {

namespace {

constexpr size_t kLabelTokens = 12;  // an unterminated line shorter than this is a heading/label

bool is_list_item(std::string_view line) {
  if (line.size() > 1 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') return true;
  size_t d = 0;
  while (d < line.size() && std::isdigit(static_cast<unsigned char>(line[d]))) ++d;
  return d > 0 && d + 1 < line.size() && (line[d] == '.' || line[d] == ')') && line[d + 1] == ' ';
}

bool is_table_separator(std::string_view line) {
  return line.find_first_not_of("|-: \t") == std::string_view::npos;
}

// A heading or label line: short, and not ending like prose does.
bool is_label(std::string_view line) {
  if (line.empty() || count_tokens(line) >= kLabelTokens) return false;
  size_t start = line.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) --start;
  size_t i = start;
  const char32_t c = text::next_codepoint(line, i);
  static const std::u32string_view kProseEnds =
      U".,;!?:(\u3002\uFF01\uFF1F\uFF1B\uFF0C\uFF1A\u3001\uFF09\u300D\u300F\u201D";
  return kProseEnds.find(c) == std::u32string_view::npos;
}

}  // namespace

std::vector<Unit> split_units(std::string_view text, const std::vector<std::string>& headings) {
  // Lines are grouped into paragraphs; headings, labels, table rows and list
  // items stand alone or start a group.
  struct Group {
    std::string text;
    bool label = false;
  };
  std::vector<Group> groups;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) groups.push_back({std::move(current), false});
    current.clear();
  };
  size_t pos = 0;
  bool at_top = true;  // still in the heading-path lines that open a chunk
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const auto line = text::trim(text.substr(pos, eol - pos));
    pos = eol + 1;
    if (line.empty()) {
      flush();
      continue;
    }
    const bool heading = at_top && std::find(headings.begin(), headings.end(), line) != headings.end();
    at_top = heading;
    if (line[0] == '|') {
      flush();
      // A short row (a header such as "| key | default |") labels columns.
      if (!is_table_separator(line))
        groups.push_back({std::string(line), count_tokens(line) < 2 * kLabelTokens});
      continue;
    }
    if (heading || line[0] == '#' || (current.empty() && is_label(line))) {
      flush();
      groups.push_back({std::string(line), true});
      continue;
    }
    if (is_list_item(line)) flush();
    current += (current.empty() ? "" : "\n") + std::string(line);
  }
  flush();
  std::vector<Unit> out;
  for (const auto& g : groups)
    for (auto sentence : text::split_sentences(g.text)) {
      std::string cleaned = clean_sentence(sentence);
      if (!cleaned.empty()) out.push_back({std::move(cleaned), g.label});
    }
  return out;
}

std::string clean_sentence(std::string_view sentence) {
  std::string out;
  size_t pos = 0;
  while (pos <= sentence.size()) {
    size_t eol = sentence.find('\n', pos);
    if (eol == std::string_view::npos) eol = sentence.size();
    std::string_view line = text::trim(sentence.substr(pos, eol - pos));
    for (bool stripped = true; stripped && !line.empty();) {
      stripped = false;
      if (line[0] == '#' || line[0] == '>' ||
          ((line[0] == '-' || line[0] == '*' || line[0] == '+') && line.size() > 1 && line[1] == ' ')) {
        line = text::trim(line.substr(1));
        stripped = true;
      } else if (std::isdigit(static_cast<unsigned char>(line[0]))) {
        size_t d = 0;
        while (d < line.size() && std::isdigit(static_cast<unsigned char>(line[d]))) ++d;
        if (d < line.size() - 1 && (line[d] == '.' || line[d] == ')') && line[d + 1] == ' ') {
          line = text::trim(line.substr(d + 1));
          stripped = true;
        }
      }
    }
    std::string cleaned(line);
    if (!line.empty() && line[0] == '|') {  // table row: cells separated by " | "
      cleaned.clear();
      for (size_t a = 1; a < line.size();) {
        size_t b = line.find('|', a);
        if (b == std::string_view::npos) b = line.size();
        const auto cell = text::trim(line.substr(a, b - a));
        if (!cell.empty()) cleaned += (cleaned.empty() ? "" : " | ") + std::string(cell);
        a = b + 1;
      }
    }
    if (!cleaned.empty()) out += (out.empty() ? "" : " ") + cleaned;
    pos = eol + 1;
  }
  return text::collapse_whitespace(out);
}

std::string best_sentence(std::string_view text, std::string_view reference,
                          const std::vector<std::string>& headings, size_t max_bytes) {
  const auto units = split_units(text, headings);
  if (units.empty()) return "";
  std::vector<std::string_view> views;
  for (const auto& u : units) views.push_back(u.text);
  const SentenceScorer scorer(reference, views);
  size_t best = 0;
  double best_score = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    const double s = scorer.score(i) * (units[i].label ? 0.5 : 1.0);
    if (s > best_score) best_score = s, best = i;
  }
  std::string out = units[best].text;
  if (out.size() > max_bytes) out = std::string(text::truncate_utf8(out, max_bytes)) + "…";
  return out;
}

}  // namespace lore::models::builtin
