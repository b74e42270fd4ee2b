#include "index/xapian/feedback.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "index/xapian/query_builder.h"

namespace lore::index::xapian {

Xapian::Query rm3_expand(const Xapian::Database& db, const Xapian::Query& query, const Xapian::MSet& top,
                         const Feedback& feedback) {
  if (top.empty() || feedback.terms == 0) return query;
  std::set<std::string> original;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it)
    original.insert(*it);
  double score_sum = 0;
  for (auto it = top.begin(); it != top.end(); ++it) score_sum += it.get_weight();
  if (score_sum <= 0) return query;

  std::map<std::string, double> model;
  for (auto it = top.begin(); it != top.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    std::vector<std::pair<std::string, double>> terms;
    double length = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (!is_content_term(term)) continue;
      terms.emplace_back(term, t.get_wdf());
      length += t.get_wdf();
    }
    if (length <= 0) continue;
    const double doc_weight = it.get_weight() / score_sum;
    for (const auto& [term, wdf] : terms) model[term] += doc_weight * wdf / length;
  }

  const double max_df = feedback.max_df_ratio * static_cast<double>(db.get_doccount());
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [term, p] : model) {
    // Very common terms say nothing about the topic (Anserini drops them the same way).
    if (static_cast<double>(db.get_termfreq(term)) > max_df) continue;
    ranked.emplace_back(p, term);
  }
  const size_t keep = std::min(feedback.terms, ranked.size());
  if (keep == 0) return query;
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(keep), ranked.end(),
                    [](const auto& a, const auto& b) {
                      return a.first > b.first || (a.first == b.first && a.second < b.second);
                    });
  double mass = 0;
  for (size_t i = 0; i < keep; ++i) mass += ranked[i].first;
  const double scale =
      (1 - feedback.original_weight) * static_cast<double>(std::max<size_t>(1, original.size()));
  std::vector<Xapian::Query> parts;
  parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, query, feedback.original_weight);
  for (size_t i = 0; i < keep; ++i)
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(ranked[i].second),
                       scale * ranked[i].first / mass);
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace lore::index::xapian
