// One PresentationML slide (or notes slide) -> Document blocks.
//
// A slide yields its title placeholder(s) first (title block, level 1), then
// every shape of the shape tree in document order (z-order, which is also the
// order PowerPoint reads to screen readers): text frames as text blocks, runs
// of bulleted paragraphs as one list block ("- item", "1. item", two spaces
// of indentation per a:pPr lvl), tables (a:tbl) as table blocks, pictures with
// alt text as figure blocks. Groups are entered; mc:Fallback copies skipped.
#pragma once

#include <pugixml.hpp>

#include <string>

#include "parse/document.h"

namespace lore::parse::office {

// Appends the blocks of the slide whose p:sld (or p:notes) root is `root`.
// The caller sets the page numbers.
void read_slide(const pugi::xml_node& root, Document& doc);

// The text of a notes slide's body placeholder(s), whitespace-collapsed; the
// slide image, number and header/footer placeholders are skipped.
std::string notes_text(const pugi::xml_node& notes_root);

}  // namespace lore::parse::office
