// Words -> lines. Poppler lists words line by line within its own text
// blocks, so a line is a run of consecutive words that share a baseline and
// follow each other closely. A wide gap ends the line even on the same
// baseline: it is a column gutter or a table column, and the XY-cut needs to
// see the two sides as separate boxes.
#include <algorithm>

#include "core/text.h"
#include "parse/pdf/pdf_layout.h"

namespace lore::parse::pdf {

namespace {

// Gap (in ems of the larger font) beyond which two words on one baseline are
// not neighbours. Justified text rarely stretches a space past ~0.6 em, and
// column gutters are rarely narrower than ~1 em.
constexpr double kMaxWordGapEm = 0.8;
// Words overlapping by more than this (in ems) run backwards: not neighbours.
constexpr double kMaxOverlapEm = 0.5;
// A gap wider than this (in ems) is a space even when poppler says otherwise.
constexpr double kSpaceGapEm = 0.15;
// Poppler breaks words (and flags a space) at gaps of 0.1 em, so a glyph
// pushed a little apart ("Co ncurring", "P art": a kerning or justification
// artefact) splits a word. A flagged gap narrower than this many ems and
// than kKernGapShare of the line's median word gap (over at least
// kMinGapsForMedian gaps) is not a space: real spaces are 0.2-0.35 em.
constexpr double kKernGapEm = 0.12;
constexpr double kKernGapShare = 0.5;
constexpr size_t kMinGapsForMedian = 3;
// Two words share a baseline when their boxes overlap across the text
// direction by this share of the smaller box (keeps super/subscripts).
constexpr double kMinAcrossOverlap = 0.5;

// A lone bullet glyph ("-" and "*" excluded: alone they are as often table
// cells meaning "none") is joined to the text on its baseline when the gap is
// at most this many ems (hanging indents put bullets 1-3 em left of the text).
constexpr double kMaxBulletGapEm = 4.0;

// A box seen along the text direction: `a` runs with the text, `c` across it.
struct Frame {
  double a0, a1, c0, c1;
};

Frame frame(const Rect& r, int rotation) {
  switch (rotation) {
    case 1:
      return {r.y0, r.y1, r.x0, r.x1};  // top to bottom
    case 2:
      return {-r.x1, -r.x0, r.y0, r.y1};  // upside down
    case 3:
      return {-r.y1, -r.y0, r.x0, r.x1};  // bottom to top
    default:
      return {r.x0, r.x1, r.y0, r.y1};
  }
}

char32_t first_codepoint(std::string_view s) {
  size_t i = 0;
  return s.empty() ? 0 : text::next_codepoint(s, i);
}

char32_t last_codepoint(std::string_view s) {
  if (s.empty()) return 0;
  size_t start = s.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return text::next_codepoint(s, start);
}

bool neighbours(const Word& prev, const Word& next) {
  if (prev.rotation != next.rotation) return false;
  const Frame p = frame(prev.box, prev.rotation), n = frame(next.box, next.rotation);
  const double em = std::max(prev.font_size, next.font_size);
  const double gap = n.a0 - p.a1;
  if (gap > kMaxWordGapEm * em || gap < -kMaxOverlapEm * em) return false;
  const double overlap = std::min(p.c1, n.c1) - std::max(p.c0, n.c0);
  const double smaller = std::min(p.c1 - p.c0, n.c1 - n.c0);
  return overlap >= kMinAcrossOverlap * smaller;
}

double gap_between(const Word& prev, const Word& next) {
  return frame(next.box, next.rotation).a0 - frame(prev.box, prev.rotation).a1;
}

// The median gap between consecutive words of a line, or 0 when the line
// has too few gaps to tell.
double median_gap(const std::vector<const Word*>& words) {
  std::vector<double> gaps;
  for (size_t i = 1; i < words.size(); ++i) gaps.push_back(gap_between(*words[i - 1], *words[i]));
  if (gaps.size() < kMinGapsForMedian) return 0;
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<long>(gaps.size() / 2), gaps.end());
  return gaps[gaps.size() / 2];
}

void append_word(Line& line, const Word& prev, const Word& w, double line_gap) {
  const double gap = gap_between(prev, w);
  const double em = std::max(prev.font_size, w.font_size);
  const bool kern = gap < kKernGapEm * em && gap < kKernGapShare * line_gap;
  bool space = (prev.space_after && !kern) || gap > kSpaceGapEm * em;
  if (line.text.ends_with("\u00AD")) {  // hyphenated inside the line: rejoin the word
    line.text.resize(line.text.size() - 2);
    space = false;
  }
  if (space && !(text::is_cjk(last_codepoint(line.text)) && text::is_cjk(first_codepoint(w.text))))
    line.text += ' ';
  line.text += w.text;
}

void add_stats(Line& line, const Word& w, double& size_sum) {
  line.chars += w.chars;
  if (w.font.bold) line.bold_chars += w.chars;
  if (w.font.mono) line.mono_chars += w.chars;
  if (w.font.math) line.math_chars += w.chars;
  size_sum += w.font_size * w.chars;
}

bool is_lone_bullet(const Line& line) {
  static constexpr std::string_view kBullets[] = {"\u2022", "\u25E6", "\u25AA", "\u25CF", "\u25CB",
                                                  "\u25A0", "\u25A1", "\u2023", "\u2043", "\u00B7",
                                                  "\u27A2", "\u2713", "\u2219", "\uF0B7", "\uF0A7"};
  return line.rotation == 0 &&
         std::find(std::begin(kBullets), std::end(kBullets), line.text) != std::end(kBullets);
}

// Bullets often sit in their own text box (and poppler may list all of a
// list's bullets before its items): a lone bullet is merged into the nearest
// line that starts to its right on the same baseline, so that the XY-cut does
// not mistake the hanging indent for a column gutter.
void attach_bullets(std::vector<Line>& lines) {
  std::vector<bool> merged(lines.size(), false);
  for (size_t b = 0; b < lines.size(); ++b) {
    if (!is_lone_bullet(lines[b])) continue;
    const Line& bullet = lines[b];
    const double em = std::max(bullet.font_size, bullet.box.height());
    size_t best = lines.size();
    double best_gap = kMaxBulletGapEm * em;
    for (size_t t = 0; t < lines.size(); ++t) {
      const Line& l = lines[t];
      if (t == b || merged[t] || l.rotation != 0 || is_lone_bullet(l)) continue;
      const double gap = l.box.x0 - bullet.box.x1;
      const double overlap = std::min(l.box.y1, bullet.box.y1) - std::max(l.box.y0, bullet.box.y0);
      if (gap < -0.1 * em || gap > best_gap || overlap < 0.5 * std::min(l.box.height(), bullet.box.height()))
        continue;
      best = t;
      best_gap = gap;
    }
    if (best == lines.size()) continue;
    Line& item = lines[best];
    item.text = bullet.text + " " + item.text;
    item.box.unite(bullet.box);
    item.chars += bullet.chars;
    item.bold_chars += bullet.bold_chars;
    item.mono_chars += bullet.mono_chars;
    item.math_chars += bullet.math_chars;
    merged[b] = true;
  }
  size_t out = 0;
  for (size_t i = 0; i < lines.size(); ++i)
    if (!merged[i]) {
      if (out != i) lines[out] = std::move(lines[i]);
      ++out;
    }
  lines.resize(out);
}

bool is_rtl(char32_t c) {
  return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}
bool is_mark(char32_t c) {  // combining marks stay after their base letter
  return (c >= 0x0591 && c <= 0x05C7) || (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) ||
         c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED) || (c >= 0x0300 && c <= 0x036F);
}

int rtl_chars(std::string_view s) {
  int n = 0;
  for (size_t i = 0; i < s.size();) n += is_rtl(text::next_codepoint(s, i)) ? 1 : 0;
  return n;
}

// Poppler gives right-to-left words in visual order (glyphs left to right):
// reverse them by clusters (a letter and its marks) into logical order.
std::string logical_order(std::string_view s) {
  std::vector<std::pair<size_t, size_t>> clusters;  // [begin, end) byte ranges
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t c = text::next_codepoint(s, i);
    // A lam-alef ligature is one glyph that poppler expands in logical
    // order already: the pair stays as it is. Only the hamza/madda forms are
    // taken as ligatures; lam + plain alef is far more often the visual
    // form of the article "al-" (alef, lam), which must be reversed.
    const bool lam_alef =
        (c == 0x0622 || c == 0x0623 || c == 0x0625) && !clusters.empty() &&
        s.substr(clusters.back().first, clusters.back().second - clusters.back().first) == "\u0644";
    if ((is_mark(c) || lam_alef) && !clusters.empty())
      clusters.back().second = i;
    else
      clusters.emplace_back(start, i);
  }
  std::string out;
  for (auto it = clusters.rbegin(); it != clusters.rend(); ++it)
    out += s.substr(it->first, it->second - it->first);
  return out;
}

// A line mostly in a right-to-left script reads from its right end: words
// in logical order, taken right to left.
void make_logical(Line& line, const std::vector<const Word*>& words) {
  if (2 * rtl_chars(line.text) <= line.chars) return;
  std::vector<const Word*> order(words);
  std::sort(order.begin(), order.end(), [](const Word* a, const Word* b) { return a->box.x0 > b->box.x0; });
  line.text.clear();
  for (const Word* w : order) {
    if (!line.text.empty()) line.text += ' ';
    line.text += rtl_chars(w->text) > 0 ? logical_order(w->text) : w->text;
  }
}

}  // namespace

std::vector<Line> build_lines(const std::vector<Word>& words) {
  std::vector<std::vector<const Word*>> members;  // the words of each line
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0 && neighbours(words[i - 1], words[i]))
      members.back().push_back(&words[i]);
    else
      members.push_back({&words[i]});
  }
  std::vector<Line> lines;
  lines.reserve(members.size());
  for (const auto& group : members) {
    const double line_gap = median_gap(group);
    Line line;
    line.text = group.front()->text;
    line.box = group.front()->box;
    line.rotation = group.front()->rotation;
    double size_sum = 0;
    for (size_t k = 0; k < group.size(); ++k) {
      if (k > 0) {
        append_word(line, *group[k - 1], *group[k], line_gap);
        line.box.unite(group[k]->box);
      }
      add_stats(line, *group[k], size_sum);
    }
    if (line.chars > 0) line.font_size = size_sum / line.chars;
    lines.push_back(std::move(line));
  }
  for (size_t i = 0; i < lines.size(); ++i) make_logical(lines[i], members[i]);
  attach_bullets(lines);
  return lines;
}

}  // namespace lore::parse::pdf
