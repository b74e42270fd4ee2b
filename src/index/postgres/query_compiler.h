// Internal to index/postgres: turns the Xapian::Query that QueryBuilder
// makes (the same parse as the embedded index) into SQL over postings, so
// that a chunk's score is exactly what Xapian's BM25Weight would give it.
//
// Xapian scores a matching document as the sum of the weights of the
// matching leaf terms that are not in a boolean context (FILTER, the right
// side of AND_NOT); a leaf's weight is
//   factor · (k3+1)·wqf/(k3+wqf) · (k1+1) · log(idf') · tf / (k1·(normlen·b + 1−b) + tf)
// with idf = (N − df + 0.5)/(df + 0.5), idf' = idf < 2 ? idf/2 + 1 : idf and
// normlen = max(doclen / avglen, min_normlen). The compiler computes the
// per-leaf constant k = factor · (k3+1)·wqf/(k3+wqf) · (k1+1); the SQL
// multiplies in log(idf') (df from the postings) and the tf part.
//
// The match condition mirrors the operator tree: AND, AND_NOT, AND_MAYBE,
// FILTER, OR (SYNONYM, MAX, ELITE_SET and XOR are read as OR), SCALE_WEIGHT;
// PHRASE and NEAR of plain terms are AND plus a positional check done in C++
// (positions_match) whose matching chunk ids the SQL receives. Leaves that
// cannot be expressed (match-all, value ranges, wildcards: the query builder
// never makes them) match nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

namespace lore::index::postgres {

struct PositionalNode {
  std::vector<std::string> terms;  // in query order (may repeat)
  bool ordered = true;             // PHRASE: in order; NEAR: any order
  uint32_t window = 0;             // all terms within this many positions
};

struct CompiledQuery {
  std::vector<std::string> leaf_terms;  // leaf i's term
  std::vector<double> leaf_k;           // leaf i's constant factor (0: boolean context)
  // Leaf i adds its weight whenever it occurs (reached from the root through
  // OR and SCALE_WEIGHT only): such leaves share one aggregate, column `u`.
  std::vector<bool> leaf_unconditional;
  std::vector<PositionalNode> positional;
  // Aggregate SQL expressions over the rows (leaf, c) of one chunk, c being
  // a leaf's BM25 contribution. "@POS<j>@" stands for the array literal of
  // chunk ids that satisfy positional[j]. Without positional nodes or
  // boolean structure: score "sum(c)", match "true".
  // Rows carry `u` (leaf_unconditional of their leaf).
  std::string score_sql;
  std::string match_sql;
  bool empty() const { return leaf_terms.empty(); }
  std::vector<std::string> unique_terms() const;
};

class QueryCompiler {
 public:
  // Parts are combined with OR, each scaled by its factor.
  void add(const Xapian::Query& query, double factor);
  CompiledQuery finish();

 private:
  struct Node {
    std::string score, match;
    bool plain = true;  // an OR of leaves: score is the plain sum of its rows
  };
  // `top`: reached from the root through OR and SCALE_WEIGHT only.
  Node compile(const Xapian::Query& q, double factor, bool top = false);
  Node all_of(const Xapian::Query& q, double factor, size_t first_boolean, bool required_rest);

  CompiledQuery out_;
  std::vector<Node> parts_;
};

// True when some choice of one position per term (distinct positions)
// satisfies the node: increasing in query order for PHRASE, any order for
// NEAR, all within `window` consecutive positions. lists[i] are the sorted
// positions of terms[i] in one chunk.
bool positions_match(const PositionalNode& node, const std::vector<const std::vector<int32_t>*>& lists);

}  // namespace lore::index::postgres
