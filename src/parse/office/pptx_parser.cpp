// parse_pptx: PresentationML package -> Document.
//
// Slides in presentation order (p:sldIdLst), hidden slides included. Slide N
// is page N with the presentation's slide size (EMU -> points); every block of
// a slide, its speaker notes included ("Notes: ..." text block last), carries
// page N.
#include "parse/block_util.h"
#include "parse/formats.h"
#include "parse/limits.h"
#include "parse/office/ooxml_util.h"
#include "parse/office/pptx_slide.h"
#include "parse/office/zip_reader.h"

namespace lore::parse::detail {

namespace {

constexpr double kEmuPerPoint = 12700.0;
// PowerPoint's default 4:3 slide, for files without p:sldSz.
constexpr double kDefaultWidthEmu = 9144000.0;
constexpr double kDefaultHeightEmu = 6858000.0;

}  // namespace

void parse_pptx(std::string_view bytes, Document& doc) {
  office::ZipArchive zip(bytes, doc.source_name, "PPTX");
  const std::string presentation_part = office::main_part(zip, "ppt/presentation.xml");
  pugi::xml_document presentation;
  office::load_part(zip, presentation_part, presentation);
  const pugi::xml_node root = presentation.document_element();
  const auto rels = office::read_relationships(zip, presentation_part);

  const pugi::xml_node size = office::child(root, "sldSz");
  const auto emu = [&](std::string_view name, double fallback) {
    const long long v = office::attr_int(size, name, 0);
    return v > 0 ? static_cast<double>(v) : fallback;
  };
  const double width = emu("cx", kDefaultWidthEmu) / kEmuPerPoint;
  const double height = emu("cy", kDefaultHeightEmu) / kEmuPerPoint;

  office::read_core_properties(zip, doc);
  int number = 0;
  const auto slide_ids = office::children(office::child(root, "sldIdLst"), "sldId");
  check_page_count(doc.source_name, static_cast<long long>(slide_ids.size()), "slides");
  for (const auto& id : slide_ids) {
    check_deadline(doc.source_name, "slide " + std::to_string(number + 1));
    const auto it = rels.find(std::string(office::relationship_id(id)));
    if (it == rels.end() || it->second.external) continue;
    pugi::xml_document slide;
    if (!office::load_part(zip, it->second.target, slide)) continue;
    ++number;
    doc.pages.push_back(Page{number, width, height});
    const size_t first_block = doc.blocks.size();
    office::read_slide(slide.document_element(), doc);

    const auto slide_rels = office::read_relationships(zip, it->second.target);
    for (const auto& notes_part : office::targets_of_type(slide_rels, "notesSlide")) {
      pugi::xml_document notes;
      if (!office::load_part(zip, notes_part, notes)) continue;
      const std::string text = office::notes_text(notes.document_element());
      if (!text.empty()) add_block(doc, BlockKind::text, "Notes: " + text);
    }
    for (size_t i = first_block; i < doc.blocks.size(); ++i) doc.blocks[i].page = number;
  }
  // A presentation without slides still has a geometry; keep one empty page.
  if (doc.pages.empty()) doc.pages.push_back(Page{1, width, height});
}

}  // namespace lore::parse::detail
