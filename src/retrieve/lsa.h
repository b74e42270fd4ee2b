// LSA: a dense retriever trained on the knowledge base itself, needing no
// model server (latent semantic analysis, Deerwester et al. 1990).
//
// Training: the TF-IDF matrix of every chunk's content terms (the text
// index's own analysis; (1 + ln tf) · ln(N / df), rows L2-normalised, terms
// in at least two chunks, the `max_terms` most frequent kept) is factorised
// by a randomized truncated SVD (Halko, Martinsson & Tropp 2011: Gaussian
// sketch, `power_iterations` subspace iterations, then the small problem
// solved exactly) to `dims` dimensions. A chunk is its row projected on the
// right singular vectors; a query is folded in the same way; similarity is
// the cosine.
//
// Persistence: DIR/model.bin, written atomically, recording the text index's
// revision and size it was trained on; LsaRetriever retrains when they differ
// (stale) or the file is missing or unreadable. A model is immutable once
// built, so retrievers of the same DIR in one process (the server's readers)
// share one copy in memory while it is current.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "index/text_index.h"
#include "retrieve/dense.h"

namespace lore::retrieve {

struct LsaOptions {
  size_t dims = 256;
  size_t max_terms = 50000;
  size_t oversample = 10;
  int power_iterations = 2;
};

struct LsaModelData;  // lsa.cpp

class LsaRetriever final : public DenseRetriever {
 public:
  // Loads DIR/model.bin, or trains and saves a model when it is missing or
  // stale. `text` must outlive the retriever.
  LsaRetriever(index::TextIndex& text, std::filesystem::path dir, LsaOptions options);
  ~LsaRetriever() override;

  std::vector<DenseHit> search(const std::string& query, size_t k,
                               const std::vector<int64_t>& document_ids) override;
  std::string id() const override { return "builtin:lsa"; }

  bool trained_now() const { return trained_now_; }  // false when loaded from disk
  size_t dims() const;
  // Any text folded into the model's space exactly as a query is (TF-IDF
  // over the model's vocabulary, projected, L2-normalised): for vectors of
  // texts that are not chunks yet (RAPTOR summaries). All zeros when the
  // text shares no term with the vocabulary.
  std::vector<float> embed(const std::string& text) const;

 private:
  void save(const std::filesystem::path& dir, const std::filesystem::path& path);

  index::TextIndex& text_;
  std::shared_ptr<const LsaModelData> model_;  // immutable, shared by retrievers in this process
  bool trained_now_ = false;
};

}  // namespace lore::retrieve
