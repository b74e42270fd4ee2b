#include "parse/office/pptx_slide.h"

#include <algorithm>
#include <vector>

#include "parse/block_util.h"
#include "parse/office/docx_styles.h"
#include "parse/office/ooxml_util.h"

namespace lore::parse::office {

namespace {

constexpr std::string_view kListIndent = "  ";
constexpr int kMaxListLevel = 8;
// Largest span accepted from a:gridSpan / rowSpan; beyond it the file is broken.
constexpr long long kMaxSpan = 1000;

// The placeholder type of a shape ("title", "body", ...), "obj" for a
// placeholder without a type (the schema default), "" for a free shape.
std::string placeholder_type(const pugi::xml_node& shape) {
  for (pugi::xml_node c = shape.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    if (name != "nvSpPr" && name != "nvPicPr" && name != "nvGraphicFramePr") continue;
    const pugi::xml_node ph = child(child(c, "nvPr"), "ph");
    if (!ph) return "";
    const std::string_view type = attr(ph, "type");
    return type.empty() ? "obj" : std::string(type);
  }
  return "";
}

bool is_title_shape(const pugi::xml_node& shape) {
  if (!is(shape, "sp")) return false;
  const std::string type = placeholder_type(shape);
  return type == "title" || type == "ctrTitle";
}

void run_text(const pugi::xml_node& node, std::string& out, int depth) {
  if (depth > kMaxXmlDepth) return;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    if (name == "t") out += c.text().get();
    else if (name == "br") out += '\n';
    else if (name == "r" || name == "fld") run_text(c, out, depth + 1);
    else if (name == "AlternateContent") run_text(alternate_choice(c), out, depth + 1);
  }
}

std::string paragraph_text(const pugi::xml_node& p) {
  std::string raw;
  run_text(p, raw, 0);
  return detail::collapse_text(raw);
}

// All paragraphs of a text body on one line.
std::string flat_text(const pugi::xml_node& tx_body) {
  std::string out;
  for (const auto& p : children(tx_body, "p")) {
    const std::string text = paragraph_text(p);
    if (text.empty()) continue;
    if (!out.empty()) out += ' ';
    out += text;
  }
  return out;
}

// "arabicPeriod" -> "3.", "alphaLcParenR" -> "c)", "romanUcParenBoth" -> "(III)".
std::string auto_number(const std::string& scheme, int value) {
  std::string fmt = "decimal";
  if (scheme.starts_with("alphaLc")) fmt = "lowerLetter";
  else if (scheme.starts_with("alphaUc")) fmt = "upperLetter";
  else if (scheme.starts_with("romanLc")) fmt = "lowerRoman";
  else if (scheme.starts_with("romanUc")) fmt = "upperRoman";
  const std::string n = format_counter(value, fmt);
  if (scheme.ends_with("ParenBoth")) return "(" + n + ")";
  if (scheme.ends_with("ParenR")) return n + ")";
  return n + ".";
}

// The paragraphs of one text frame: list runs grouped into list blocks.
void read_text_body(const pugi::xml_node& tx_body, const std::string& ph_type, Document& doc) {
  const auto paragraphs = children(tx_body, "p");
  // Body placeholders take bullets from the slide master; a lone paragraph in
  // one reads as a sentence, not a one-item list.
  size_t non_empty = 0;
  for (const auto& p : paragraphs) non_empty += paragraph_text(p).empty() ? 0 : 1;
  const bool inherits_bullets = (ph_type == "body" || ph_type == "obj") && non_empty > 1;

  std::string list;
  std::vector<int> counters(kMaxListLevel + 1, 0);
  auto flush = [&] {
    if (list.empty()) return;
    detail::add_block(doc, BlockKind::list, std::move(list));
    list.clear();
  };
  for (const auto& p : paragraphs) {
    const std::string text = paragraph_text(p);
    if (text.empty()) continue;
    const pugi::xml_node ppr = child(p, "pPr");
    const int level = static_cast<int>(std::clamp(attr_int(ppr, "lvl", 0), 0LL, static_cast<long long>(kMaxListLevel)));
    const pugi::xml_node auto_num = child(ppr, "buAutoNum");
    const bool bullet = !child(ppr, "buNone") && (auto_num || child(ppr, "buChar") || child(ppr, "buBlip") || inherits_bullets);
    if (!bullet) {
      flush();
      std::fill(counters.begin(), counters.end(), 0);
      detail::add_block(doc, BlockKind::text, text);
      continue;
    }
    std::string marker = "-";
    auto& counter = counters[static_cast<size_t>(level)];
    if (auto_num) {
      counter = counter == 0 ? static_cast<int>(attr_int(auto_num, "startAt", 1)) : counter + 1;
      marker = auto_number(std::string(attr(auto_num, "type")), counter);
    } else {
      counter = 0;
    }
    std::fill(counters.begin() + level + 1, counters.end(), 0);
    if (!list.empty()) list += '\n';
    for (int i = 0; i < level; ++i) list += kListIndent;
    list += marker + " " + text;
  }
  flush();
}

// a:tbl -> table block. a:tc with gridSpan/rowSpan starts a span; cells with
// hMerge/vMerge are covered by it and are not listed (see document.h).
void read_table(const pugi::xml_node& tbl, Document& doc) {
  Table table;
  for (const auto& tr : children(tbl, "tr")) {
    std::vector<TableCell> row;
    for (const auto& tc : children(tr, "tc")) {
      const auto flag = [&](std::string_view name) {
        const std::string_view v = attr(tc, name);
        return v == "1" || v == "true";
      };
      if (flag("hMerge") || flag("vMerge")) continue;
      TableCell cell;
      cell.text = flat_text(child(tc, "txBody"));
      cell.col_span = static_cast<int>(std::clamp(attr_int(tc, "gridSpan", 1), 1LL, kMaxSpan));
      cell.row_span = static_cast<int>(std::clamp(attr_int(tc, "rowSpan", 1), 1LL, kMaxSpan));
      row.push_back(std::move(cell));
    }
    table.rows.push_back(std::move(row));
  }
  const std::string_view first_row = attr(child(tbl, "tblPr"), "firstRow");
  // As for Word tables: the first row labels the columns unless the table is one row.
  table.has_header = first_row == "1" || first_row == "true" || table.rows.size() >= 2;
  detail::add_table(doc, std::move(table));
}

std::string alt_text(const pugi::xml_node& shape) {
  const pugi::xml_node pr = descendant(shape, "cNvPr");
  std::string alt = detail::collapse_text(attr(pr, "descr"));
  if (alt.empty()) alt = detail::collapse_text(attr(pr, "title"));
  return alt;
}

void read_shapes(const pugi::xml_node& tree, Document& doc, int depth) {
  if (depth > kMaxXmlDepth) return;
  for (pugi::xml_node shape = tree.first_child(); shape; shape = shape.next_sibling()) {
    const std::string_view name = local_name(shape);
    if (name == "sp") {
      if (is_title_shape(shape)) continue;  // emitted first by read_slide
      const std::string type = placeholder_type(shape);
      // Slide numbers and dates are furniture; footers are kept as such.
      if (type == "sldNum" || type == "dt") continue;
      if (type == "ftr" || type == "hdr") {
        detail::add_block(doc, type == "ftr" ? BlockKind::footer : BlockKind::header,
                          flat_text(child(shape, "txBody")));
        continue;
      }
      read_text_body(child(shape, "txBody"), type, doc);
    } else if (name == "grpSp") {
      read_shapes(shape, doc, depth + 1);
    } else if (name == "AlternateContent") {
      read_shapes(alternate_choice(shape), doc, depth + 1);
    } else if (name == "graphicFrame") {
      if (const pugi::xml_node tbl = descendant(shape, "tbl")) read_table(tbl, doc);
      else detail::add_block(doc, BlockKind::figure, alt_text(shape));  // chart, diagram
    } else if (name == "pic") {
      detail::add_block(doc, BlockKind::figure, alt_text(shape));
    }
  }
}

// Title shapes anywhere in the tree (groups included), in document order.
void find_titles(const pugi::xml_node& tree, std::vector<pugi::xml_node>& out, int depth) {
  if (depth > kMaxXmlDepth) return;
  for (pugi::xml_node shape = tree.first_child(); shape; shape = shape.next_sibling()) {
    if (is_title_shape(shape)) out.push_back(shape);
    else if (is(shape, "grpSp")) find_titles(shape, out, depth + 1);
    else if (is(shape, "AlternateContent")) find_titles(alternate_choice(shape), out, depth + 1);
  }
}

}  // namespace

void read_slide(const pugi::xml_node& root, Document& doc) {
  const pugi::xml_node tree = child(child(root, "cSld"), "spTree");
  std::vector<pugi::xml_node> titles;
  find_titles(tree, titles, 0);
  for (const auto& t : titles) detail::add_block(doc, BlockKind::title, flat_text(child(t, "txBody")), 1);
  read_shapes(tree, doc, 0);
}

std::string notes_text(const pugi::xml_node& notes_root) {
  std::string out;
  const pugi::xml_node tree = child(child(notes_root, "cSld"), "spTree");
  std::vector<pugi::xml_node> shapes = children(tree, "sp");
  for (const auto& shape : shapes) {
    const std::string type = placeholder_type(shape);
    if (type != "body" && type != "obj" && !type.empty()) continue;
    const std::string text = flat_text(child(shape, "txBody"));
    if (text.empty()) continue;
    if (!out.empty()) out += ' ';
    out += text;
  }
  return out;
}

}  // namespace lore::parse::office
