// Fusion: one ranked list out of the BM25 (sparse) list and a dense list
// (provider vectors or the built-in LSA model) of one query.
//
//   rrf       score = Σ over lists 1 / (rrf_k + rank), rank from 1 (Cormack
//             et al. 2009, k = 60); only ranks matter, so BM25 and cosine
//             fuse without calibration.
//   weighted  each list's scores min-max normalised to [0, 1] (a list of one,
//             or of equal scores, normalises to 1; a non-finite score counts
//             as the worst, 0), a chunk absent from a list counts 0 there;
//             score = (1 − dense_weight) · sparse + dense_weight · dense,
//             like RAGFlow's vector_similarity_weight.
//
// Contract: inputs are ranked best first; a chunk id repeated within one list
// counts once, at its first (best) rank. The output holds every chunk of
// either list once, best first, with its 1-based rank in each list
// (text_rank for `sparse`, vector_rank for `dense`, 0 when absent); ties are
// broken by first appearance (the sparse list's order, then the dense
// list's), so results are deterministic.
#pragma once

#include <string_view>

#include "retrieve/candidate.h"

namespace lore::retrieve {

enum class FusionMethod { rrf, weighted };

struct FusionOptions {
  FusionMethod method = FusionMethod::rrf;
  double rrf_k = 60;
  double dense_weight = 0.5;  // weighted only, in [0, 1]
};

// Error{invalid_argument} for a dense_weight outside [0, 1] or a negative rrf_k.
Ranking fuse(const Ranking& sparse, const Ranking& dense, const FusionOptions& options);

// "rrf" | "weighted"; anything else throws Error{invalid_argument} naming the known ones.
FusionMethod parse_fusion_method(std::string_view name);

}  // namespace lore::retrieve
