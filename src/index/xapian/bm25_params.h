// Internal to src/index: the BM25 parameters of the product's text search,
// shared by the Xapian index (BM25Weight) and the PostgreSQL index (which
// computes Xapian's BM25Weight formula in SQL with the same values).
#pragma once

namespace lore::index::xapian {

// BM25 parameters of the Pyserini/Anserini BM25 baselines that BEIR results
// are reported against, so our nDCG figures compare like with like.
inline constexpr double kBm25K1 = 0.9;
inline constexpr double kBm25B = 0.4;
// Xapian's defaults for the parameters Lucene's BM25 has no counterpart for.
inline constexpr double kBm25K2 = 0;
inline constexpr double kBm25K3 = 1;
inline constexpr double kBm25MinNormLen = 0.5;

}  // namespace lore::index::xapian
