// Fusion: one ranked list out of the BM25 list and the vector list of hybrid
// search.
//
// - rrf (default): score = sum over lists of 1 / (k + rank), rank from 1;
//   scale-free, so BM25 and cosine need no calibration (Cormack et al. 2009,
//   k = 60).
// - weighted: each list's scores are min-max normalised to [0, 1] (a list of
//   one, or of equal scores, normalises to 1), a chunk absent from a list
//   counts 0 there; score = (1 - w) * text + w * vector, w = vector_weight
//   (RAGFlow's vector_similarity_weight).
//
// Contract: inputs are ranked best first, chunk ids unique within a list;
// the output holds every chunk of either list once, best first, ties broken
// by chunk id so results are deterministic.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace lore::retrieve {

struct RankedCandidate {
  int64_t chunk_id = 0;
  int64_t document_id = 0;
  double score = 0;
};

enum class FusionMethod { rrf, weighted };

struct FusionOptions {
  FusionMethod method = FusionMethod::rrf;
  double rrf_k = 60;
  double vector_weight = 0.5;  // weighted only, in [0, 1]
};

struct FusedHit {
  int64_t chunk_id = 0;
  int64_t document_id = 0;
  double score = 0;
  int text_rank = 0;    // 1-based rank in the BM25 list, 0 when absent
  int vector_rank = 0;  // 1-based rank in the vector list, 0 when absent
};

std::vector<FusedHit> fuse(const std::vector<RankedCandidate>& text,
                           const std::vector<RankedCandidate>& vector, const FusionOptions& options);

// "rrf" | "weighted"; anything else throws Error{invalid_argument}.
FusionMethod parse_fusion_method(std::string_view name);

}  // namespace lore::retrieve
