// Candidate: one chunk on its way through the retrieval pipeline.
#pragma once

#include <cstdint>
#include <vector>

namespace lore::retrieve {

struct Candidate {
  int64_t chunk_id = 0;
  int64_t document_id = 0;
  double score = 0;  // higher is better; comparable within one list only
};

using Ranking = std::vector<Candidate>;  // best first

}  // namespace lore::retrieve
