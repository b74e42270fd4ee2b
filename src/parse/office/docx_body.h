// Turns WordprocessingML block content (w:body, text boxes, header/footer and
// note parts) into Document blocks.
//
// Reading order is document order. Paragraphs become title (heading styles
// and outline levels), caption, list (consecutive numbered paragraphs grouped
// into one block, one "- item" / "1. item" line each, indented two spaces per
// level) or text blocks; w:tbl becomes a table block; text boxes become the
// blocks of their own paragraphs, placed after the paragraph that anchors them;
// pictures with alt text become figure blocks. Comments, deleted text and
// field instructions are not content; mc:Fallback copies are skipped.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "parse/document.h"
#include "parse/office/docx_styles.h"

namespace lore::parse::office {

class DocxBody {
 public:
  DocxBody(Document& doc, const DocxStyles& styles, DocxNumbering& numbering)
      : doc_(doc), styles_(styles), numbering_(numbering) {}

  // Appends the blocks of `container`'s block-level children.
  void read(const pugi::xml_node& container, int depth = 0);

  // Emits a pending list block; call after the last read().
  void finish() { flush_list(); }

  // All text of `container` flattened to one whitespace-collapsed line:
  // paragraphs, nested tables and text boxes alike. Used for table cells,
  // headers, footers and notes.
  std::string flat_text(const pugi::xml_node& container, int depth = 0) const;

  // Indices into doc.blocks of headings from "heading N" styles (not the
  // Title style), and whether a Title-style paragraph was seen: parse_docx
  // shifts the headings one level down under a title.
  const std::vector<size_t>& heading_blocks() const { return heading_blocks_; }
  bool saw_title() const { return saw_title_; }

 private:
  void paragraph(const pugi::xml_node& p, int depth);
  void table(const pugi::xml_node& tbl, int depth);
  // Drawings and text boxes met inside a paragraph, emitted after it.
  void deferred(const std::vector<pugi::xml_node>& items, int depth);
  void flush_list();

  // Appends the inline text of `node` to `out`. With `defer` set, drawings
  // and text boxes are collected there; without it, text-box text is inlined.
  void inline_text(const pugi::xml_node& node, std::string& out, std::vector<pugi::xml_node>* defer,
                   int depth) const;

  Document& doc_;
  const DocxStyles& styles_;
  DocxNumbering& numbering_;
  std::string list_;  // lines of the list being grouped; empty when none
  std::vector<size_t> heading_blocks_;
  bool saw_title_ = false;
};

}  // namespace lore::parse::office
