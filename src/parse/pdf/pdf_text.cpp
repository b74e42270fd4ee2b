// poppler page -> Words: the raw material of the layout pipeline.
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/text.h"
#include "parse/pdf/pdf_layout.h"

namespace lore::parse::pdf {

namespace {

bool contains_any(std::string_view haystack, std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles)
    if (haystack.find(n) != std::string_view::npos) return true;
  return false;
}

// Code points that are not whitespace.
int count_chars(std::string_view s) {
  int n = 0;
  for (size_t i = 0; i < s.size();) {
    if (!text::is_space(text::next_codepoint(s, i))) ++n;
  }
  return n;
}

}  // namespace

void Rect::unite(const Rect& r) {
  x0 = std::min(x0, r.x0);
  y0 = std::min(y0, r.y0);
  x1 = std::max(x1, r.x1);
  y1 = std::max(y1, r.y1);
}

FontTraits font_traits(std::string_view font_name) {
  // Drop the subset tag ("ABCDEF+") and compare case-insensitively.
  if (const size_t plus = font_name.find('+'); plus != std::string_view::npos)
    font_name.remove_prefix(plus + 1);
  const std::string name = text::ascii_lower(font_name);
  FontTraits t;
  t.bold = contains_any(name, {"bold", "black", "heavy", "semibold", "demi", "cmbx", "-bd"});
  t.mono = contains_any(name, {"courier", "mono", "consolas", "menlo", "monaco", "typewriter", "cmtt", "sftt",
                               "lmtt", "inconsolata", "code", "fixed", "lucidaconsole"});
  t.math = contains_any(name, {"cmmi", "cmsy", "cmex", "msam", "msbm", "symbol", "math", "mtsy", "mtmi",
                               "rtxmi", "txsy", "pxsy", "eusm", "esint"});
  return t;
}

std::vector<Word> extract_words(const poppler::page& page) {
  std::vector<poppler::text_box> boxes = page.text_list(poppler::page::text_list_include_font);
  std::vector<Word> words;
  words.reserve(boxes.size());
  for (const poppler::text_box& box : boxes) {
    const poppler::ustring u = box.text();
    Word w;
    w.text = normalize_pdf_text(std::basic_string_view<unsigned short>(u.data(), u.size()));
    w.chars = count_chars(w.text);
    if (w.chars == 0) continue;
    const poppler::rectf r = box.bbox();
    w.box = Rect{r.left(), r.top(), r.right(), r.bottom()};
    if (!(w.box.width() >= 0) || !(w.box.height() >= 0)) continue;  // NaN or inverted: damaged
    w.rotation = ((box.rotation() % 4) + 4) % 4;
    w.space_after = box.has_space_after();
    w.font_size = box.get_font_size();
    // Poppler reports the size in device space; a zero or absurd value comes
    // from a degenerate text matrix, where the glyph box height is the better
    // estimate of how big the text looks.
    const double extent = (w.rotation % 2 == 0) ? w.box.height() : w.box.width();
    if (!(w.font_size > 0) || w.font_size > 4 * extent + 1) w.font_size = extent;
    if (!(w.font_size > 0)) w.font_size = 1;
    if (box.has_font_info()) w.font = font_traits(box.get_font_name());
    words.push_back(std::move(w));
  }
  return words;
}

}  // namespace lore::parse::pdf
