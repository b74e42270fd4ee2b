// Running headers and footers: text in the top or bottom band of the page
// that repeats on many pages ("ACME annual report", "Page 3 of 9"), plus lone
// page numbers. They are kept as header/footer blocks (chunkers leave them out
// of body text) and never take part in reading order or paragraphs.
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "core/text.h"
#include "parse/pdf/pdf_layout.h"

namespace lore::parse::pdf {

namespace {

// Share of the page height, from the top and from the bottom, where running
// headers and footers live.
constexpr double kBandShare = 0.08;
// A band line is running when its normalised text appears on at least this
// share of the pages (odd/even headers each cover half).
constexpr double kRepeatShare = 0.5;
// Font sizes are compared in steps of this many points.
constexpr double kSizeStep = 0.5;
constexpr double kDefaultBodySize = 10;

enum class Band { none, top, bottom };

Band band_of(const Line& line, double page_height) {
  if (page_height <= 0 || line.rotation != 0 || line.role != LineRole::body || line.region >= 0)
    return Band::none;
  const double band = kBandShare * page_height;
  if (line.box.center_y() < band) return Band::top;
  if (line.box.center_y() > page_height - band) return Band::bottom;
  return Band::none;
}

// Lower-cased text with every digit run replaced by '#', so that "Page 3"
// and "Page 14" share a key.
std::string repeat_key(std::string_view s) {
  std::string key;
  for (char c : text::collapse_whitespace(s)) {
    const bool digit = c >= '0' && c <= '9';
    if (digit && !key.empty() && key.back() == '#') continue;
    key += digit ? '#' : (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return key;
}

bool is_roman(std::string_view s) {
  if (s.empty() || s.size() > 7) return false;
  for (char c : s)
    if (std::string_view("ivxlc").find(c) == std::string_view::npos) return false;
  return true;
}

// "7", "- 7 -", "Page 7", "page 7 of 9", "7/9", "xiv".
bool is_page_number(std::string_view raw) {
  std::string s = text::ascii_lower(text::collapse_whitespace(raw));
  auto strip = [&](std::string_view chars) {
    while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.erase(0, 1);
    while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.pop_back();
  };
  strip(" -|[]()");
  if (s.starts_with("\xE2\x80\x93") || s.starts_with("\xE2\x80\x94")) s.erase(0, 3);  // en/em dash
  if (s.ends_with("\xE2\x80\x93") || s.ends_with("\xE2\x80\x94")) s.resize(s.size() - 3);
  strip(" ");
  for (std::string_view prefix : {"page ", "p. ", "pg. "})
    if (s.starts_with(prefix)) s.erase(0, prefix.size());
  if (is_roman(s)) return true;
  std::string key = repeat_key(s);
  return key == "#" || key == "# of #" || key == "#/#" || key == "# / #";
}

}  // namespace

void mark_running_lines(std::vector<PdfPage>& pages) {
  std::map<std::pair<Band, std::string>, std::set<int>> pages_of;
  for (const PdfPage& page : pages)
    for (const Line& line : page.lines)
      if (Band b = band_of(line, page.height); b != Band::none)
        pages_of[{b, repeat_key(line.text)}].insert(page.number);

  const size_t needed = std::max<size_t>(2, static_cast<size_t>(std::ceil(kRepeatShare * pages.size())));
  for (PdfPage& page : pages) {
    for (Line& line : page.lines) {
      const Band b = band_of(line, page.height);
      if (b == Band::none) continue;
      if (is_page_number(line.text))
        line.role = LineRole::footer;
      else if (pages.size() >= 2 && pages_of[{b, repeat_key(line.text)}].size() >= needed)
        line.role = b == Band::top ? LineRole::header : LineRole::footer;
    }
  }
}

double body_font_size(const std::vector<PdfPage>& pages) {
  std::map<long, long> chars_by_size;
  for (const PdfPage& page : pages)
    for (const Line& line : page.lines)
      if (line.role == LineRole::body) chars_by_size[std::lround(line.font_size / kSizeStep)] += line.chars;
  long best = 0, best_chars = -1;
  for (const auto& [size, chars] : chars_by_size)
    if (chars > best_chars) best = size, best_chars = chars;
  return best_chars > 0 && best > 0 ? static_cast<double>(best) * kSizeStep : kDefaultBodySize;
}

}  // namespace lore::parse::pdf
