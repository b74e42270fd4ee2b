// Bm25Baseline: the reference every retrieval figure is compared against —
// plain Xapian BM25 as in the BEIR/Pyserini baselines (k1 0.9, b 0.4,
// English stemming, title + text as one field, one entry per corpus
// document, no chunking, no query tricks). Used by `lore eval` to measure
// the raw library in the same run; not part of the product's search path.
//
// The index lives in a private temporary directory removed by the
// destructor. Errors: Error{io} naming the directory.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lore::index {

struct BaselineDocument {
  std::string id;
  std::string title;
  std::string text;
};

class Bm25Baseline {
 public:
  explicit Bm25Baseline(const std::vector<BaselineDocument>& documents);
  ~Bm25Baseline();
  Bm25Baseline(const Bm25Baseline&) = delete;
  Bm25Baseline& operator=(const Bm25Baseline&) = delete;

  // Document ids with their BM25 scores, best first.
  std::vector<std::pair<std::string, double>> search(const std::string& query, size_t k);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lore::index
