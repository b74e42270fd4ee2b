#include "parse/office/docx_styles.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "parse/office/ooxml_util.h"

namespace lore::parse::office {

namespace {

// basedOn chains longer than this are cut (real ones are a handful deep).
constexpr int kMaxStyleChain = 16;
// Word's outline levels are 0..8; 9 means "body text".
constexpr long long kMaxOutlineLevel = 8;

std::optional<NumberingRef> numbering_of(const pugi::xml_node& ppr) {
  const pugi::xml_node num_pr = child(ppr, "numPr");
  if (!num_pr) return std::nullopt;
  NumberingRef ref;
  ref.num_id = static_cast<int>(attr_int(child(num_pr, "numId"), "val", 0));
  ref.level = static_cast<int>(attr_int(child(num_pr, "ilvl"), "val", 0));
  return ref;
}

// "heading 3" -> 3; also matches style ids such as "Heading3".
std::optional<int> heading_number(const std::string& lower_name) {
  if (!lower_name.starts_with("heading")) return std::nullopt;
  std::string_view rest = std::string_view(lower_name).substr(7);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.empty() || rest.size() > 1 || rest.front() < '1' || rest.front() > '9') return std::nullopt;
  return rest.front() - '0';
}

std::string roman(int value, bool upper) {
  static const std::pair<int, const char*> kNumerals[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                                                          {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                                                          {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
                                                          {1, "i"}};
  std::string out;
  for (const auto& [n, s] : kNumerals)
    while (value >= n && out.size() < 32) {
      out += s;
      value -= n;
    }
  if (upper)
    for (char& c : out) c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// a..z, aa..zz, ... as Word counts letters.
std::string letters(int value, bool upper) {
  if (value < 1) return std::to_string(value);
  const char base = upper ? 'A' : 'a';
  const int repeat = (value - 1) / 26 + 1;
  return std::string(static_cast<size_t>(std::min(repeat, 8)), static_cast<char>(base + (value - 1) % 26));
}

}  // namespace

std::string format_counter(int value, const std::string& num_fmt) {
  if (num_fmt == "lowerLetter") return letters(value, false);
  if (num_fmt == "upperLetter") return letters(value, true);
  if (value > 0 && value < 4000) {
    if (num_fmt == "lowerRoman") return roman(value, false);
    if (num_fmt == "upperRoman") return roman(value, true);
  }
  return std::to_string(value);
}

DocxStyles::DocxStyles(const pugi::xml_node& styles_root) {
  for (const auto& node : children(styles_root, "style")) {
    const std::string_view type = attr(node, "type");
    if (!type.empty() && type != "paragraph") continue;
    Style style;
    style.name = text::ascii_lower(attr(child(node, "name"), "val"));
    style.based_on = attr(child(node, "basedOn"), "val");
    const pugi::xml_node ppr = child(node, "pPr");
    if (const pugi::xml_node outline = child(ppr, "outlineLvl")) {
      const long long lvl = attr_int(outline, "val", -1);
      if (lvl >= 0 && lvl <= kMaxOutlineLevel) style.outline_level = static_cast<int>(lvl);
    }
    style.numbering = numbering_of(ppr);
    styles_.emplace(std::string(attr(node, "styleId")), std::move(style));
  }
}

std::vector<const DocxStyles::Style*> DocxStyles::chain(const std::string& style_id) const {
  std::vector<const Style*> out;
  std::set<std::string> seen;
  std::string id = style_id;
  while (!id.empty() && out.size() < kMaxStyleChain && seen.insert(id).second) {
    const auto it = styles_.find(id);
    if (it == styles_.end()) break;
    out.push_back(&it->second);
    id = it->second.based_on;
  }
  return out;
}

std::optional<int> DocxStyles::heading_level(const std::string& style_id) const {
  const auto styles = chain(style_id);
  // A style unknown to styles.xml may still carry a telling id ("Heading2").
  const std::string lower_id = text::ascii_lower(style_id);
  if (styles.empty()) {
    if (lower_id == "title") return 0;
    return heading_number(lower_id);
  }
  for (const Style* s : styles) {
    if (s->name == "title") return 0;
    if (auto n = heading_number(s->name)) return n;
    if (s->outline_level) return *s->outline_level + 1;
  }
  return std::nullopt;
}

bool DocxStyles::is_caption(const std::string& style_id) const {
  for (const Style* s : chain(style_id))
    if (s->name == "caption") return true;
  return text::ascii_lower(style_id) == "caption";
}

std::optional<NumberingRef> DocxStyles::numbering(const std::string& style_id) const {
  for (const Style* s : chain(style_id))
    if (s->numbering) return s->numbering;
  return std::nullopt;
}

DocxNumbering::DocxNumbering(const pugi::xml_node& numbering_root) {
  auto read_level = [](const pugi::xml_node& lvl, Level& level) {
    if (const pugi::xml_node fmt = child(lvl, "numFmt")) level.format = attr(fmt, "val");
    if (const pugi::xml_node text = child(lvl, "lvlText")) level.text = attr(text, "val");
    if (const pugi::xml_node start = child(lvl, "start")) level.start = static_cast<int>(attr_int(start, "val", 1));
  };
  for (const auto& abstract : children(numbering_root, "abstractNum")) {
    std::vector<Level> levels(kLevels);
    for (const auto& lvl : children(abstract, "lvl")) {
      const long long i = attr_int(lvl, "ilvl", -1);
      if (i >= 0 && i < kLevels) read_level(lvl, levels[static_cast<size_t>(i)]);
    }
    abstract_[static_cast<int>(attr_int(abstract, "abstractNumId", -1))] = std::move(levels);
  }
  for (const auto& num : children(numbering_root, "num")) {
    const int abstract_id = static_cast<int>(attr_int(child(num, "abstractNumId"), "val", -1));
    const auto it = abstract_.find(abstract_id);
    if (it == abstract_.end()) continue;
    std::vector<Level> levels = it->second;
    for (const auto& override_node : children(num, "lvlOverride")) {
      const long long i = attr_int(override_node, "ilvl", -1);
      if (i < 0 || i >= kLevels) continue;
      Level& level = levels[static_cast<size_t>(i)];
      if (const pugi::xml_node lvl = child(override_node, "lvl")) read_level(lvl, level);
      if (const pugi::xml_node start = child(override_node, "startOverride"))
        level.start = static_cast<int>(attr_int(start, "val", level.start));
    }
    nums_[static_cast<int>(attr_int(num, "numId", -1))] = std::move(levels);
  }
}

const std::vector<DocxNumbering::Level>* DocxNumbering::levels_of(int num_id) const {
  const auto it = nums_.find(num_id);
  return it == nums_.end() ? nullptr : &it->second;
}

std::string DocxNumbering::next_marker(const NumberingRef& ref) {
  const auto* levels = levels_of(ref.num_id);
  const int level = std::clamp(ref.level, 0, kLevels - 1);
  if (levels == nullptr) return "-";
  auto& counters = counters_[ref.num_id];
  counters.resize(kLevels, 0);
  const auto& lvl = (*levels)[static_cast<size_t>(level)];
  counters[static_cast<size_t>(level)] =
      counters[static_cast<size_t>(level)] == 0 ? lvl.start : counters[static_cast<size_t>(level)] + 1;
  for (int deeper = level + 1; deeper < kLevels; ++deeper) counters[static_cast<size_t>(deeper)] = 0;
  if (lvl.format == "bullet" || lvl.format == "none" || lvl.text.empty()) return "-";

  // "%1.%2." -> "1.3."; a level that has not started yet counts as its start.
  std::string marker;
  for (size_t i = 0; i < lvl.text.size(); ++i) {
    const char c = lvl.text[i];
    if (c == '%' && i + 1 < lvl.text.size() && lvl.text[i + 1] >= '1' && lvl.text[i + 1] <= '9') {
      const size_t k = static_cast<size_t>(lvl.text[i + 1] - '1');
      const int value = counters[k] == 0 ? (*levels)[k].start : counters[k];
      marker += format_counter(value, (*levels)[k].format);
      ++i;
    } else {
      marker += c;
    }
  }
  marker = text::collapse_whitespace(marker);
  return marker.empty() ? "-" : marker;
}

}  // namespace lore::parse::office
