#include "parse/office/docx_body.h"

#include <algorithm>
#include <string_view>

#include "parse/block_util.h"
#include "parse/limits.h"
#include "parse/office/ooxml_util.h"

namespace lore::parse::office {

namespace {

// Two spaces per list level: the Markdown indentation of a nested item.
constexpr std::string_view kListIndent = "  ";
constexpr int kMaxListLevel = 8;

// Inline elements that carry no document text: revision history, field
// instructions (the field's result is in w:t), comment and note anchors,
// properties.
bool is_non_content(std::string_view local) {
  static constexpr std::string_view kSkip[] = {
      "delText", "instrText", "del", "moveFrom", "commentReference", "footnoteReference", "endnoteReference",
      "rPr",     "pPr",       "fldData", "sectPr", "annotationRef", "commentRangeStart", "commentRangeEnd",
      "bookmarkStart", "bookmarkEnd", "proofErr", "lastRenderedPageBreak"};
  for (auto s : kSkip)
    if (local == s) return true;
  return false;
}

// Outermost w:txbxContent elements under `node` (a text box may hold
// paragraphs that anchor further text boxes; those are reached when the
// outer one is read).
void outer_text_boxes(const pugi::xml_node& node, std::vector<pugi::xml_node>& out, int depth) {
  if (depth > kMaxXmlDepth) return;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (is(c, "txbxContent")) {
      out.push_back(c);
    } else if (is(c, "AlternateContent")) {
      outer_text_boxes(alternate_choice(c), out, depth + 1);
    } else if (!is(c, "Fallback")) {
      outer_text_boxes(c, out, depth + 1);
    }
  }
}

// Alt text of a picture (wp:docPr descr, else its title), or "" when none.
std::string alt_text(const pugi::xml_node& drawing) {
  for (const char* element : {"docPr", "cNvPr"}) {
    const pugi::xml_node pr = descendant(drawing, element);
    if (!pr) continue;
    std::string alt = detail::collapse_text(attr(pr, "descr"));
    if (alt.empty()) alt = detail::collapse_text(attr(pr, "title"));
    if (!alt.empty()) return alt;
  }
  return "";
}

pugi::xml_node style_node(const pugi::xml_node& p) { return child(child(p, "pPr"), "pStyle"); }

}  // namespace

void DocxBody::read(const pugi::xml_node& container, int depth) {
  if (depth > kMaxXmlDepth) return;
  for (pugi::xml_node c = container.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = local_name(c);
    if (depth == 0)
      parse::detail::check_deadline(doc_.source_name, "paragraph " + std::to_string(doc_.blocks.size() + 1));
    if (name == "p") {
      paragraph(c, depth + 1);
    } else if (name == "tbl") {
      table(c, depth + 1);
    } else if (name == "sdt") {
      read(child(c, "sdtContent"), depth + 1);
    } else if (name == "customXml" || name == "ins" || name == "moveTo" || name == "smartTag") {
      read(c, depth + 1);
    } else if (name == "AlternateContent") {
      read(alternate_choice(c), depth + 1);
    }
  }
}

void DocxBody::inline_text(const pugi::xml_node& node, std::string& out, std::vector<pugi::xml_node>* defer,
                           int depth) const {
  if (depth > kMaxXmlDepth) return;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = local_name(c);
    if (name == "t") {
      out += c.text().get();
    } else if (name == "tab" || name == "ptab") {
      out += '\t';
    } else if (name == "br" || name == "cr") {
      out += '\n';
    } else if (name == "noBreakHyphen") {
      out += '-';
    } else if (name == "drawing" || name == "pict" || name == "object") {
      if (defer != nullptr) {
        defer->push_back(c);
      } else {
        std::vector<pugi::xml_node> boxes;
        outer_text_boxes(c, boxes, depth + 1);
        for (const auto& box : boxes) out += ' ' + flat_text(box, depth + 1) + ' ';
      }
    } else if (name == "AlternateContent") {
      inline_text(alternate_choice(c), out, defer, depth + 1);
    } else if (!is_non_content(name)) {
      // Runs, hyperlinks, smart tags, content controls, insertions, simple
      // fields, math (m:t is "t" too).
      inline_text(c, out, defer, depth + 1);
    }
  }
}

std::string DocxBody::flat_text(const pugi::xml_node& container, int depth) const {
  if (depth > kMaxXmlDepth) return "";
  std::string out;
  for (pugi::xml_node c = container.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = local_name(c);
    std::string piece;
    if (name == "p") {
      inline_text(c, piece, nullptr, depth + 1);
    } else if (name == "tbl" || name == "tr" || name == "tc" || name == "customXml" || name == "ins" ||
               name == "footnote" || name == "endnote") {
      piece = flat_text(c, depth + 1);
    } else if (name == "sdt") {
      piece = flat_text(child(c, "sdtContent"), depth + 1);
    } else if (name == "AlternateContent") {
      piece = flat_text(alternate_choice(c), depth + 1);
    }
    piece = detail::collapse_text(piece);
    if (piece.empty()) continue;
    if (!out.empty()) out += ' ';
    out += piece;
  }
  return out;
}

void DocxBody::paragraph(const pugi::xml_node& p, int depth) {
  std::string raw;
  std::vector<pugi::xml_node> defer;
  inline_text(p, raw, &defer, depth);
  std::string text = detail::collapse_text(raw);

  const std::string style_id(attr(style_node(p), "val"));
  const pugi::xml_node ppr = child(p, "pPr");
  std::optional<int> heading = styles_.heading_level(style_id);
  // A direct outline level on the paragraph wins over its style.
  if (const pugi::xml_node outline = child(ppr, "outlineLvl")) {
    const long long lvl = attr_int(outline, "val", 9);
    if (lvl >= 0 && lvl <= 8) heading = static_cast<int>(lvl) + 1;
  }
  std::optional<NumberingRef> numbering;
  if (const pugi::xml_node num_pr = child(ppr, "numPr")) {
    numbering = NumberingRef{static_cast<int>(attr_int(child(num_pr, "numId"), "val", 0)),
                             static_cast<int>(attr_int(child(num_pr, "ilvl"), "val", 0))};
    // A paragraph may name only its level and take the list from its style.
    if (!child(num_pr, "numId"))
      if (auto from_style = styles_.numbering(style_id)) numbering->num_id = from_style->num_id;
  } else {
    numbering = styles_.numbering(style_id);
  }

  if (!text.empty()) {
    if (heading) {
      flush_list();
      // Title style -> level 1; "heading N" -> N (shifted later under a title).
      if (append_block(doc_, BlockKind::title, text, std::max(1, *heading))) {
        if (*heading == 0) saw_title_ = true;
        else heading_blocks_.push_back(doc_.blocks.size() - 1);
      }
    } else if (numbering && numbering->num_id != 0) {
      const int level = std::clamp(numbering->level, 0, kMaxListLevel);
      if (!list_.empty()) list_ += '\n';
      for (int i = 0; i < level; ++i) list_ += kListIndent;
      list_ += numbering_.next_marker(*numbering) + " " + text;
    } else {
      flush_list();
      append_block(doc_, styles_.is_caption(style_id) ? BlockKind::caption : BlockKind::text, text);
    }
  }
  if (!defer.empty()) deferred(defer, depth);
}

void DocxBody::deferred(const std::vector<pugi::xml_node>& items, int depth) {
  for (const auto& item : items) {
    std::vector<pugi::xml_node> boxes;
    outer_text_boxes(item, boxes, depth + 1);
    if (!boxes.empty()) {
      flush_list();
      for (const auto& box : boxes) read(box, depth + 1);
      continue;
    }
    std::string alt = alt_text(item);
    if (alt.empty()) continue;
    flush_list();
    append_block(doc_, BlockKind::figure, std::move(alt));
  }
}

void DocxBody::flush_list() {
  if (list_.empty()) return;
  append_block(doc_, BlockKind::list, std::move(list_));
  list_.clear();
}

}  // namespace lore::parse::office
