#include "index/postgres/pg_text_search.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "index/postgres/pg_util.h"
#include "index/postgres/query_compiler.h"
#include "index/xapian/bm25_params.h"

namespace lore::index::postgres {
namespace {

using namespace xapian;  // kBm25*, is_content_term

struct Collection {
  double n = 0;           // chunks in the knowledge base
  double inv_avglen = 0;  // 1 / average chunk length (0 when empty)
};

std::vector<int32_t> parse_positions(const std::string& text) {
  std::vector<int32_t> out;
  const char* p = text.c_str();
  while (*p) {
    if (*p >= '0' && *p <= '9') {
      char* end = nullptr;
      out.push_back(static_cast<int32_t>(std::strtol(p, &end, 10)));
      p = end;
    } else {
      ++p;
    }
  }
  return out;  // stored in increasing order (Xapian's position list)
}

std::string doc_filter(pqxx::transaction_base& tx, const std::vector<int64_t>& ids, const char* column) {
  if (ids.empty()) return "true";
  return std::string(column) + " = ANY(" + tx.quote(int_array(ids)) + "::bigint[])";
}

// Chunk ids (in the knowledge base, within the document filter) where the
// node's terms occur as the node requires.
std::vector<int64_t> positional_matches(pqxx::transaction_base& tx, int64_t kb, const PositionalNode& node,
                                        const std::vector<int64_t>& doc_ids) {
  const std::set<std::string> distinct(node.terms.begin(), node.terms.end());
  const std::string kbs = std::to_string(kb);
  const std::string terms = tx.quote(text_array({distinct.begin(), distinct.end()})) + "::text[]";
  const auto rows = tx.exec(
      "SELECT chunk_id, term, positions FROM lore_text_postings WHERE kb_id = " + kbs + " AND term = ANY(" +
      terms + ") AND chunk_id IN (SELECT chunk_id FROM lore_text_postings WHERE kb_id = " + kbs +
      " AND term = ANY(" + terms + ") AND " + doc_filter(tx, doc_ids, "document_id") +
      " GROUP BY chunk_id HAVING count(*) = " + std::to_string(distinct.size()) + ") ORDER BY chunk_id");
  std::vector<int64_t> out;
  std::map<std::string, std::vector<int32_t>> lists;
  auto flush = [&](int64_t chunk) {
    std::vector<const std::vector<int32_t>*> ptrs;
    for (const auto& t : node.terms) ptrs.push_back(&lists[t]);
    if (positions_match(node, ptrs)) out.push_back(chunk);
    lists.clear();
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    const int64_t chunk = rows[i][0].as<int64_t>();
    lists[rows[i][1].as<std::string>()] = parse_positions(rows[i][2].as<std::string>());
    if (i + 1 == rows.size() || rows[i + 1][0].as<int64_t>() != chunk) flush(chunk);
  }
  return out;
}

std::string bool_array(const std::vector<bool>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) out += std::string(i ? "," : "") + (values[i] ? "t" : "f");
  return out + "}";
}

std::vector<TextHit> run(pqxx::transaction_base& tx, int64_t kb, const Collection& coll,
                         const CompiledQuery& q, const std::vector<int64_t>& doc_ids, size_t top_k) {
  if (q.empty()) return {};
  std::string score = q.score_sql, match = q.match_sql;
  for (size_t j = 0; j < q.positional.size(); ++j) {
    const std::string token = "@POS" + std::to_string(j) + "@";
    const std::string ids =
        tx.quote(int_array(positional_matches(tx, kb, q.positional[j], doc_ids))) + "::bigint[]";
    for (std::string* s : {&score, &match})
      for (size_t at = s->find(token); at != std::string::npos; at = s->find(token, at + ids.size()))
        s->replace(at, token.size(), ids);
  }
  std::vector<int64_t> leaf_ids;
  for (size_t i = 0; i < q.leaf_terms.size(); ++i) leaf_ids.push_back(static_cast<int64_t>(i));
  auto num = [](double x) {
    std::string s = float_array({x});
    return s.substr(1, s.size() - 2) + "::float8";
  };
  // df counts every posting of the knowledge base (not just the filtered
  // documents), as Xapian's termfreq does.
  const std::string sql =
      "WITH l(leaf, term, k, u) AS (SELECT * FROM unnest(" + tx.quote(int_array(leaf_ids)) + "::int[], " +
      tx.quote(text_array(q.leaf_terms)) + "::text[], " + tx.quote(float_array(q.leaf_k)) + "::float8[], " +
      tx.quote(bool_array(q.leaf_unconditional)) +
      "::bool[])), "
      "p AS MATERIALIZED (SELECT term, chunk_id, document_id, tf, doclen FROM lore_text_postings WHERE kb_id "
      "= " +
      std::to_string(kb) + " AND term = ANY(" + tx.quote(text_array(q.unique_terms())) +
      "::text[])), "
      "df AS (SELECT term, count(*)::float8 AS n FROM p GROUP BY term), "
      "w AS (SELECT l.leaf, l.u, l.term, l.k * ln(CASE WHEN x.t < 2 THEN x.t * 0.5 + 1 ELSE x.t END) AS tw "
      "FROM l JOIN df USING (term) CROSS JOIN LATERAL (SELECT (" +
      num(coll.n) +
      " - df.n + 0.5) / (df.n + 0.5) AS t) x), "
      "s AS (SELECT p.chunk_id, p.document_id, w.leaf, w.u, w.tw * p.tf / (" +
      num(kBm25K1) + " * (greatest(p.doclen * " + num(coll.inv_avglen) + ", " + num(kBm25MinNormLen) +
      ") * " + num(kBm25B) + " + " + num(1 - kBm25B) + ") + p.tf) AS c FROM p JOIN w USING (term) WHERE " +
      doc_filter(tx, doc_ids, "p.document_id") +
      "), "
      "g AS (SELECT chunk_id, document_id, " +
      score + " AS score, " + match +
      " AS ok FROM s GROUP BY chunk_id, document_id) "
      "SELECT chunk_id, document_id, score FROM g WHERE ok ORDER BY score DESC, chunk_id LIMIT " +
      std::to_string(top_k);
  std::vector<TextHit> hits;
  for (const auto& row : tx.exec(sql))
    hits.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), row[2].as<double>()});
  return hits;
}

// RM3 over the first-pass hits, as index/xapian/feedback.cpp does it.
std::vector<std::pair<std::string, double>> rm3_terms(pqxx::transaction_base& tx, int64_t kb,
                                                      const Collection& coll, const std::vector<TextHit>& top,
                                                      const Feedback& feedback) {
  double score_sum = 0;
  for (const auto& h : top) score_sum += h.score;
  if (top.empty() || feedback.terms == 0 || score_sum <= 0) return {};
  std::vector<int64_t> ids;
  std::map<int64_t, double> weight;
  for (const auto& h : top) {
    ids.push_back(h.chunk_id);
    weight[h.chunk_id] = h.score / score_sum;
  }
  std::map<int64_t, std::vector<std::pair<std::string, double>>> chunk_terms;
  for (const auto& row :
       tx.exec("SELECT chunk_id, term, tf FROM lore_text_postings WHERE kb_id = " + std::to_string(kb) +
               " AND chunk_id = ANY(" + tx.quote(int_array(ids)) + "::bigint[])")) {
    std::string term = row[1].as<std::string>();
    if (is_content_term(term))
      chunk_terms[row[0].as<int64_t>()].emplace_back(std::move(term), row[2].as<double>());
  }
  std::map<std::string, double> model;
  for (const auto& [chunk, terms] : chunk_terms) {
    double length = 0;
    for (const auto& t : terms) length += t.second;
    if (length <= 0) continue;
    for (const auto& [term, wdf] : terms) model[term] += weight[chunk] * wdf / length;
  }
  std::vector<std::string> candidates;
  for (const auto& kv : model) candidates.push_back(kv.first);
  std::map<std::string, double> df;
  for (const auto& row :
       tx.exec("SELECT term, count(*) FROM lore_text_postings WHERE kb_id = " + std::to_string(kb) +
               " AND term = ANY(" + tx.quote(text_array(candidates)) + "::text[]) GROUP BY term"))
    df[row[0].as<std::string>()] = row[1].as<double>();
  const double max_df = feedback.max_df_ratio * coll.n;
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [term, p] : model)
    if (df[term] <= max_df) ranked.emplace_back(p, term);
  const size_t keep = std::min(feedback.terms, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(keep), ranked.end(),
                    [](const auto& a, const auto& b) {
                      return a.first > b.first || (a.first == b.first && a.second < b.second);
                    });
  std::vector<std::pair<std::string, double>> out;
  for (size_t i = 0; i < keep; ++i) out.emplace_back(ranked[i].second, ranked[i].first);
  return out;
}

}  // namespace

std::vector<TextHit> search_bm25(pqxx::transaction_base& tx, int64_t kb_id, const TextQuery& query,
                                 const xapian::QueryBuilder& builder) {
  const Xapian::Query body = builder.build(query.text);
  if (body.empty()) return {};
  const Xapian::Query title = query.title_boost > 0 ? builder.build_title(query.text) : Xapian::Query();
  const auto state =
      tx.exec("SELECT chunk_count, total_length FROM lore_text_state WHERE kb_id = " + std::to_string(kb_id));
  if (state.empty()) return {};
  Collection coll;
  coll.n = state[0][0].as<double>();
  const double total = state[0][1].as<double>();
  if (coll.n <= 0) return {};
  coll.inv_avglen = total > 0 ? coll.n / total : 0;

  auto compile = [&](double scale) {
    QueryCompiler c;
    c.add(body, scale);
    if (!title.empty()) c.add(title, scale * query.title_boost);
    return c;
  };
  if (query.feedback.docs == 0)
    return run(tx, kb_id, coll, compile(1).finish(), query.document_ids, query.top_k);

  const CompiledQuery first = compile(1).finish();
  const auto top = run(tx, kb_id, coll, first, query.document_ids, query.feedback.docs);
  const auto expansion = rm3_terms(tx, kb_id, coll, top, query.feedback);
  if (expansion.empty()) return run(tx, kb_id, coll, first, query.document_ids, query.top_k);
  double mass = 0;
  for (const auto& e : expansion) mass += e.second;
  const double scale = (1 - query.feedback.original_weight) *
                       static_cast<double>(std::max<size_t>(1, first.unique_terms().size()));
  QueryCompiler expanded = compile(query.feedback.original_weight);
  for (const auto& [term, p] : expansion) expanded.add(Xapian::Query(term), scale * p / mass);
  return run(tx, kb_id, coll, expanded.finish(), query.document_ids, query.top_k);
}

}  // namespace lore::index::postgres
