// Summarisers: the texts of one cluster -> one summary node's text.
//
// ExtractiveSummariser (offline, no model): centroid sentence selection with
// a redundancy penalty (Radev et al. 2004's centroid method with MMR). Every
// sentence of the cluster is a vector of term weights (tf · idf over the
// cluster's sentences, models/builtin/lexical terms, so CJK works too); the
// centroid is their sum; sentences are picked greedily by
// cos(sentence, centroid) − 0.5 · max cos(sentence, picked) while they fit
// the token budget, then written in their original order. Deterministic.
// Numbers and wording are the source's, so nothing is invented.
//
// ChatSummariser: the RAPTOR prompt ("write a summary … including as many key
// details as possible", plus Lore's rules: no invented facts, numbers kept
// verbatim) against a ChatModel, retried `retries` times on an error; a
// model that fails every attempt is an error naming the model.
#pragma once

#include <string>
#include <vector>

#include "models/chat.h"

namespace lore::raptor {

class Summariser {
 public:
  virtual ~Summariser() = default;
  // `max_tokens` bounds the summary (count_tokens). Must be callable from
  // several threads at once when concurrency() > 1.
  virtual std::string summarise(const std::vector<std::string>& texts, size_t max_tokens) = 0;
  virtual size_t concurrency() const { return 1; }
  virtual std::string id() const = 0;
};

class ExtractiveSummariser final : public Summariser {
 public:
  std::string summarise(const std::vector<std::string>& texts, size_t max_tokens) override;
  size_t concurrency() const override { return 2; }
  std::string id() const override { return "builtin:extractive"; }
};

// Creates its own model per call through `factory` (a ChatModel is not
// shared across threads).
class ChatSummariser final : public Summariser {
 public:
  ChatSummariser(models::ChatConfig config, size_t concurrency = 4, int retries = 2);
  std::string summarise(const std::vector<std::string>& texts, size_t max_tokens) override;
  size_t concurrency() const override { return concurrency_; }
  std::string id() const override { return config_.provider + ":" + config_.model; }

 private:
  models::ChatConfig config_;
  size_t concurrency_;
  int retries_;
};

// The RAPTOR summarisation prompt for `texts` (exposed for tests).
std::vector<models::ChatMessage> summary_prompt(const std::vector<std::string>& texts, size_t max_tokens);

}  // namespace lore::raptor
