// locate_text(): a passage's printed lines in a PDF, from poppler's word
// boxes (the same frame as the parsed bboxes: points, top-left origin).
#include <poppler-document.h>
#include <poppler-page.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "core/error.h"
#include "parse/page_image.h"

namespace lore::parse {

namespace {

constexpr size_t kMaxPassageWords = 400;
constexpr double kRegionSlack = 3;  // points: word boxes may poke out of block boxes

// Lower-cased runs of ASCII letters/digits and of non-ASCII bytes (UTF-8
// letters of other scripts stay whole); everything else separates.
std::vector<std::string> tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      cur += static_cast<char>(std::tolower(c));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

struct Token {
  std::string text;
  poppler::rectf box;
};

std::vector<Token> page_tokens(const poppler::page& page, const std::vector<TextRegion>& regions,
                               int number) {
  std::vector<const TextRegion*> mine;
  for (const auto& r : regions)
    if (r.page == number) mine.push_back(&r);
  std::vector<Token> out;
  for (const poppler::text_box& box : page.text_list()) {
    const poppler::rectf b = box.bbox();
    const double cx = (b.left() + b.right()) / 2, cy = (b.top() + b.bottom()) / 2;
    if (!mine.empty() && std::none_of(mine.begin(), mine.end(), [&](const TextRegion* r) {
          return cx >= r->x0 - kRegionSlack && cx <= r->x1 + kRegionSlack && cy >= r->y0 - kRegionSlack &&
                 cy <= r->y1 + kRegionSlack;
        }))
      continue;
    const poppler::byte_array utf8 = box.text().to_utf8();
    for (auto& t : tokens(std::string_view(utf8.data(), utf8.size()))) out.push_back({std::move(t), b});
  }
  return out;
}

// Longest common contiguous run of a and b: {length, end in b}.
std::pair<size_t, size_t> longest_run(const std::vector<std::string>& a, const std::vector<Token>& b) {
  std::vector<size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  size_t best = 0, end = 0;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1].text ? prev[j - 1] + 1 : 0;
      if (cur[j] > best) best = cur[j], end = j;
    }
    std::swap(prev, cur);
  }
  return {best, end};
}

// Words of the run merged into one box per printed line (vertical overlap).
std::vector<TextRegion> line_boxes(const std::vector<Token>& run, int page) {
  std::vector<TextRegion> lines;
  for (const auto& t : run) {
    const auto& b = t.box;
    if (!lines.empty()) {
      auto& l = lines.back();
      const double overlap = std::min(l.y1, b.bottom()) - std::max(l.y0, b.top());
      if (overlap > 0.5 * std::min(l.y1 - l.y0, b.bottom() - b.top())) {
        l.x0 = std::min(l.x0, b.left()), l.x1 = std::max(l.x1, b.right());
        l.y0 = std::min(l.y0, b.top()), l.y1 = std::max(l.y1, b.bottom());
        continue;
      }
    }
    lines.push_back({page, b.left(), b.top(), b.right(), b.bottom()});
  }
  return lines;
}

}  // namespace

TextMatch locate_text(std::string_view name, std::string_view bytes, const std::vector<int>& pages,
                      const std::vector<TextRegion>& regions, std::string_view passage) {
  TextMatch best;
  auto want = tokens(passage);
  if (want.size() > kMaxPassageWords) want.resize(kMaxPassageWords);
  best.passage_words = want.size();
  if (want.empty() || pages.empty()) return best;
  const std::vector<char> data(bytes.begin(), bytes.end());
  const std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(data.data(), static_cast<int>(data.size())));
  if (!doc || doc->is_locked()) throw Error(ErrorCode::bad_input, std::string(name) + ": not a readable PDF");
  const size_t needed = std::min<size_t>(4, want.size());
  for (const int number : pages) {
    if (number < 1 || number > doc->pages()) continue;
    const std::unique_ptr<poppler::page> page(doc->create_page(number - 1));
    if (!page) continue;
    const auto words = page_tokens(*page, regions, number);
    const auto [len, end] = longest_run(want, words);
    if (len < needed || len <= best.matched_words) continue;
    best.page = number;
    best.matched_words = len;
    best.lines = line_boxes(std::vector<Token>(words.begin() + static_cast<long>(end - len),
                                               words.begin() + static_cast<long>(end)),
                            number);
    if (len == want.size()) break;
  }
  return best;
}

}  // namespace lore::parse
