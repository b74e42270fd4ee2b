// Fusion: combines the BM25 and the dense ranking of one query into one.
//
//   rrf       Σ over lists 1 / (rrf_k + rank), rank from 1 (Cormack et al.
//             2009); only ranks matter, so incomparable scores fuse safely.
//   weighted  each list's scores min-max normalised to [0, 1] (a chunk absent
//             from a list scores 0 there), then
//             (1 − dense_weight) · sparse + dense_weight · dense,
//             like RAGFlow's vector_similarity_weight.
// Output: every chunk of either list once, best first; ties broken by the
// sparse list's order, then the dense list's.
#pragma once

#include <string>

#include "retrieve/candidate.h"

namespace lore::retrieve {

enum class FusionMethod { rrf, weighted };

struct FusionOptions {
  FusionMethod method = FusionMethod::rrf;
  double rrf_k = 60;
  double dense_weight = 0.5;  // weighted only, in [0, 1]
};

// Throws Error{invalid_argument} for an unknown name (lists the known ones).
FusionMethod fusion_method_from_name(const std::string& name);

Ranking fuse(const Ranking& sparse, const Ranking& dense, const FusionOptions& options);

}  // namespace lore::retrieve
