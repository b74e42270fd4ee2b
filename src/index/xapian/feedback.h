// Internal to index/xapian: RM3 pseudo-relevance feedback (Lavrenko & Croft's
// relevance model, interpolated with the original query as in Anserini's
// BM25+RM3).
#pragma once

#include <xapian.h>

#include "index/text_index.h"

namespace lore::index::xapian {

// Builds the expanded query from the first-pass results `top` of `query`:
//   P(t|R) ∝ Σ_d P(t|d) · score(d),  P(t|d) = wdf / content length,
// keeping the feedback.terms most likely content terms that occur in at most
// max_df_ratio of the collection, then
//   original_weight · query  OR  (1 − original_weight) · Σ P(t|R) · t,
// the expansion scaled by the query's term count so both halves carry
// comparable mass. Returns `query` unchanged when nothing can be added.
Xapian::Query rm3_expand(const Xapian::Database& db, const Xapian::Query& query, const Xapian::MSet& top,
                         const Feedback& feedback);

}  // namespace lore::index::xapian
