// parse_docx: WordprocessingML package -> Document.
//
// Block order: header parts (kind header), the body, footnotes then endnotes
// (kind reference), footer parts (kind footer). Headers and footers are kept
// so the chunker can exclude them knowingly; identical ones (first/even/
// default pages usually repeat) appear once.
//
// Heading levels: the "Title" style is level 1 and "heading N" is N, except
// that when the document uses a Title paragraph the headings sit under it
// (heading N -> N+1, at most 9): Word's "Heading 1" is then a section of the
// titled document, not a peer of the title.
#include <algorithm>
#include <set>

#include "parse/formats.h"
#include "parse/office/docx_body.h"
#include "parse/office/docx_styles.h"
#include "parse/office/ooxml_util.h"
#include "parse/office/zip_reader.h"

namespace lore::parse::detail {

namespace {

constexpr int kMaxHeadingLevel = 9;

void read_header_footer_parts(office::ZipArchive& zip, const std::vector<std::string>& parts, BlockKind kind,
                              office::DocxBody& body, Document& doc) {
  std::set<std::string> seen;
  for (const auto& part : parts) {
    pugi::xml_document xml;
    if (!office::load_part(zip, part, xml)) continue;
    std::string text = body.flat_text(xml.document_element());
    if (seen.insert(text).second) office::append_block(doc, kind, std::move(text));
  }
}

// Footnotes or endnotes: every note except the separator pseudo-notes Word
// stores with a w:type, one reference block each.
void read_notes(office::ZipArchive& zip, const std::string& part, std::string_view element, office::DocxBody& body,
                Document& doc) {
  pugi::xml_document xml;
  if (!office::load_part(zip, part, xml)) return;
  for (const auto& note : office::children(xml.document_element(), element)) {
    const std::string_view type = office::attr(note, "type");
    if (!type.empty() && type != "normal") continue;
    office::append_block(doc, BlockKind::reference, body.flat_text(note));
  }
}

std::string part_or(const std::vector<std::string>& targets, const std::string& fallback) {
  return targets.empty() ? fallback : targets.front();
}

}  // namespace

void parse_docx(std::string_view bytes, Document& doc) {
  office::ZipArchive zip(bytes, doc.source_name, "DOCX");
  const std::string main = office::main_part(zip, "word/document.xml");
  pugi::xml_document document;
  office::load_part(zip, main, document);
  const pugi::xml_node body_node = office::child(document.document_element(), "body");
  const auto rels = office::read_relationships(zip, main);

  pugi::xml_document styles_xml;
  office::load_part(zip, part_or(office::targets_of_type(rels, "styles"), "word/styles.xml"), styles_xml);
  const office::DocxStyles styles(styles_xml.document_element());
  pugi::xml_document numbering_xml;
  office::load_part(zip, part_or(office::targets_of_type(rels, "numbering"), "word/numbering.xml"), numbering_xml);
  office::DocxNumbering numbering(numbering_xml.document_element());

  doc.pages = {Page{1, 0, 0}};
  office::read_core_properties(zip, doc);
  office::DocxBody body(doc, styles, numbering);

  read_header_footer_parts(zip, office::targets_of_type(rels, "header"), BlockKind::header, body, doc);
  body.read(body_node);
  body.finish();
  if (body.saw_title())
    for (size_t i : body.heading_blocks())
      doc.blocks[i].level = std::min(doc.blocks[i].level + 1, kMaxHeadingLevel);
  read_notes(zip, part_or(office::targets_of_type(rels, "footnotes"), "word/footnotes.xml"), "footnote", body, doc);
  read_notes(zip, part_or(office::targets_of_type(rels, "endnotes"), "word/endnotes.xml"), "endnote", body, doc);
  read_header_footer_parts(zip, office::targets_of_type(rels, "footer"), BlockKind::footer, body, doc);
}

}  // namespace lore::parse::detail
