#include "index/postgres/query_compiler.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "index/xapian/bm25_params.h"

namespace lore::index::postgres {
namespace {

using xapian::kBm25K1;
using xapian::kBm25K3;

// Xapian 1.4 exposes neither a leaf's wqf nor a SCALE_WEIGHT factor nor a
// PHRASE/NEAR window through its API; all three appear in get_description()
// ("Query(Zcell#2@3)", "Query(0.5 * ...)", "Query((a@1 PHRASE 2 b@2))").
Xapian::termcount leaf_wqf(const Xapian::Query& q, const std::string& term) {
  const std::string desc = q.get_description();
  const std::string head = "Query(" + term;
  if (desc.compare(0, head.size(), head) != 0 || desc.size() <= head.size() || desc[head.size()] != '#')
    return 1;
  return static_cast<Xapian::termcount>(std::strtoul(desc.c_str() + head.size() + 1, nullptr, 10));
}

double scale_factor(const Xapian::Query& q) {
  const std::string desc = q.get_description();
  return desc.size() > 6 ? std::strtod(desc.c_str() + 6, nullptr) : 1.0;
}

uint32_t window_of(const Xapian::Query& q, const char* op, size_t terms) {
  const std::string desc = q.get_description();
  const std::string needle = std::string(" ") + op + " ";
  const auto at = desc.find(needle);
  const unsigned long w =
      at == std::string::npos ? 0 : std::strtoul(desc.c_str() + at + needle.size(), nullptr, 10);
  return static_cast<uint32_t>(w == 0 ? terms : w);
}

std::string join(const std::vector<std::string>& parts, const char* sep, const char* empty) {
  if (parts.empty()) return empty;
  std::string out = "(" + parts[0];
  for (size_t i = 1; i < parts.size(); ++i) out += sep + parts[i];
  return out + ")";
}

}  // namespace

std::vector<std::string> CompiledQuery::unique_terms() const {
  std::set<std::string> s(leaf_terms.begin(), leaf_terms.end());
  return {s.begin(), s.end()};
}

void QueryCompiler::add(const Xapian::Query& query, double factor) {
  if (query.empty()) return;
  parts_.push_back(compile(query, factor, true));
}

CompiledQuery QueryCompiler::finish() {
  bool plain = true;
  std::vector<std::string> scores, matches;
  for (const auto& p : parts_) {
    plain = plain && p.plain;
    scores.push_back(p.score);
    matches.push_back(p.match);
  }
  if (plain) {
    out_.score_sql = "sum(c)";
    out_.match_sql = "true";
  } else {
    // Unconditional leaves contributed "0"/"false" to the parts; they are
    // summed here in one aggregate.
    out_.score_sql = "coalesce(sum(c) FILTER (WHERE u), 0) + " + join(scores, " + ", "0");
    out_.match_sql = "coalesce(bool_or(u), false) OR " + join(matches, " OR ", "false");
  }
  return std::move(out_);
}

QueryCompiler::Node QueryCompiler::compile(const Xapian::Query& q, double factor, bool top) {
  const auto type = q.get_type();
  const size_t n = q.get_num_subqueries();
  switch (type) {
    case Xapian::Query::LEAF_TERM: {
      const std::string term = *q.get_terms_begin();
      const double wqf = leaf_wqf(q, term);
      const size_t i = out_.leaf_terms.size();
      out_.leaf_terms.push_back(term);
      out_.leaf_k.push_back(factor * (kBm25K3 + 1) * wqf / (kBm25K3 + wqf) * (kBm25K1 + 1));
      out_.leaf_unconditional.push_back(top);
      if (top) return {"0", "false", true};  // summed in finish()
      const std::string id = std::to_string(i);
      return {"coalesce(sum(c) FILTER (WHERE leaf = " + id + "), 0)",
              "coalesce(bool_or(leaf = " + id + "), false)", true};
    }
    case Xapian::Query::OP_SCALE_WEIGHT:
      return n == 1 ? compile(q.get_subquery(0), factor * scale_factor(q), top) : Node{"0", "false", true};
    case Xapian::Query::OP_AND:
      return all_of(q, factor, n, true);
    case Xapian::Query::OP_FILTER:
      return all_of(q, factor, 1, true);
    case Xapian::Query::OP_AND_NOT: {
      if (n == 0) return {"0", "false", true};
      Node left = compile(q.get_subquery(0), factor);
      std::vector<std::string> excluded;
      for (size_t i = 1; i < n; ++i) excluded.push_back(compile(q.get_subquery(i), 0).match);
      const std::string match = "(" + left.match + " AND NOT " + join(excluded, " OR ", "false") + ")";
      return {"(CASE WHEN " + match + " THEN " + left.score + " ELSE 0 END)", match, false};
    }
    case Xapian::Query::OP_AND_MAYBE: {
      if (n == 0) return {"0", "false", true};
      Node left = compile(q.get_subquery(0), factor);
      std::vector<std::string> scores{left.score};
      for (size_t i = 1; i < n; ++i) scores.push_back(compile(q.get_subquery(i), factor).score);
      return {"(CASE WHEN " + left.match + " THEN " + join(scores, " + ", "0") + " ELSE 0 END)", left.match,
              false};
    }
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR: {
      PositionalNode node;
      node.ordered = type == Xapian::Query::OP_PHRASE;
      for (size_t i = 0; i < n; ++i) {
        const auto sub = q.get_subquery(i);
        if (sub.get_type() != Xapian::Query::LEAF_TERM) return all_of(q, factor, n, true);  // degrade to AND
        node.terms.push_back(*sub.get_terms_begin());
      }
      node.window = window_of(q, node.ordered ? "PHRASE" : "NEAR", n);
      Node all = all_of(q, factor, n, true);
      const std::string match =
          "(" + all.match + " AND chunk_id = ANY(@POS" + std::to_string(out_.positional.size()) + "@))";
      out_.positional.push_back(std::move(node));
      return {"(CASE WHEN " + match + " THEN " + all.score + " ELSE 0 END)", match, false};
    }
    case Xapian::Query::LEAF_MATCH_NOTHING:
      return {"0", "false", true};
    default:
      break;
  }
  if (n == 0) return {"0", "false", true};  // match-all, value ranges, posting sources: not supported
  // OR and the operators read as OR.
  Node out{"", "", true};
  std::vector<std::string> scores, matches;
  for (size_t i = 0; i < n; ++i) {
    Node c = compile(q.get_subquery(i), factor, top);
    out.plain = out.plain && c.plain;
    scores.push_back(c.score);
    matches.push_back(c.match);
  }
  out.score = join(scores, " + ", "0");
  out.match = join(matches, " OR ", "false");
  return out;
}

// Every subquery must match; those from `first_boolean` on add no weight.
QueryCompiler::Node QueryCompiler::all_of(const Xapian::Query& q, double factor, size_t first_boolean, bool) {
  const size_t n = q.get_num_subqueries();
  if (n == 0) return {"0", "false", true};
  std::vector<std::string> scores, matches;
  for (size_t i = 0; i < n; ++i) {
    Node c = compile(q.get_subquery(i), i < first_boolean ? factor : 0);
    if (i < first_boolean) scores.push_back(c.score);
    matches.push_back(c.match);
  }
  const std::string match = join(matches, " AND ", "false");
  return {"(CASE WHEN " + match + " THEN " + join(scores, " + ", "0") + " ELSE 0 END)", match, false};
}

bool positions_match(const PositionalNode& node, const std::vector<const std::vector<int32_t>*>& lists) {
  const size_t n = node.terms.size();
  if (n == 0 || lists.size() != n) return false;
  for (const auto* l : lists)
    if (!l || l->empty()) return false;
  const int64_t window = std::max<int64_t>(node.window, static_cast<int64_t>(n));
  if (node.ordered) {
    // Greedy: from each start, the earliest later position of each next term
    // gives the tightest span.
    for (int32_t start : *lists[0]) {
      int32_t prev = start;
      bool ok = true;
      for (size_t i = 1; i < n && ok; ++i) {
        auto it = std::upper_bound(lists[i]->begin(), lists[i]->end(), prev);
        if (it == lists[i]->end() || *it - start >= window)
          ok = false;
        else
          prev = *it;
      }
      if (ok) return true;
    }
    return false;
  }
  // NEAR: some window [s, s + window) holds, for every distinct term, as many
  // positions as the term occurs in the query.
  std::map<const std::vector<int32_t>*, size_t> need;
  for (const auto* l : lists) ++need[l];
  for (const auto* l : lists) {
    for (int32_t s : *l) {
      bool ok = true;
      for (const auto& [list, count] : need) {
        const auto lo = std::lower_bound(list->begin(), list->end(), s);
        const auto hi = std::lower_bound(list->begin(), list->end(), s + window);
        if (static_cast<size_t>(hi - lo) < count) {
          ok = false;
          break;
        }
      }
      if (ok) return true;
    }
  }
  return false;
}

}  // namespace lore::index::postgres
