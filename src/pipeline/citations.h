// Citations: the [n] markers of an answer mapped to where the text is.
//
// Contract: one Citation per valid marker number (1..sources.size()), in order
// of first appearance in the answer. `quote` is the sentence of the chunk
// that best matches the answer sentences citing it (the question when no
// sentence can be isolated), whitespace collapsed; `page` and `bbox` come
// from the chunk's first position (bbox: the union of the chunk's boxes on
// that page, null when the format has no geometry; page 0 means none).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/search.h"

namespace lore::pipeline {

struct Citation {
  int n = 0;
  std::string document;
  int64_t document_id = 0;
  int64_t chunk_id = 0;
  int page = 0;
  nlohmann::json bbox;  // [x0, y0, x1, y1] in PDF points, or null
  std::string quote;
  // A RAPTOR summary cites the pages it summarises: [{"document_id",
  // "document", "page"}]; document/page above are the first of them.
  nlohmann::json sources = nullptr;
};

std::vector<Citation> map_citations(std::string_view answer, const std::vector<int>& cited,
                                    const std::vector<SearchHit>& sources, std::string_view question);

// {"n", "document", "chunk_id", "page" (null when none), "bbox", "quote"}
// (+ "sources" for a summary node)
nlohmann::json citation_to_json(const Citation& c);

// The heading path recorded in a chunk's metadata ("headings": [...]).
std::vector<std::string> chunk_headings(const store::ChunkRecord& chunk);

}  // namespace lore::pipeline
