// Candidate: one chunk on its way through the retrieval pipeline.
#pragma once

#include <cstdint>
#include <vector>

namespace lore::retrieve {

struct Candidate {
  int64_t chunk_id = 0;
  int64_t document_id = 0;
  double score = 0;     // higher is better; comparable within one list only
  int text_rank = 0;    // 1-based rank in the BM25 list, 0 when absent (set by the pipeline / fusion)
  int vector_rank = 0;  // 1-based rank in the dense list, 0 when absent
};

using Ranking = std::vector<Candidate>;  // best first

}  // namespace lore::retrieve
