#include "pipeline/compression.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>

#include "core/error.h"
#include "core/log.h"
#include "core/tokens.h"
#include "models/reranker.h"
#include "pipeline/embeddings.h"

namespace lore::pipeline {

CompressSetting compress_setting_from_json(const nlohmann::json& j, const std::string& where) {
  CompressSetting s;
  if (j.is_null()) return s;
  if (!j.is_object())
    throw Error(ErrorCode::invalid_argument, where + ": expected an object {\"rate\": R} or {\"budget\": N}");
  for (const auto& [key, value] : j.items()) {
    if (key == "rate") {
      if (!value.is_number() || !(value.get<double>() > 0 && value.get<double>() <= 1))
        throw Error(ErrorCode::invalid_argument, where + ".rate: must be a number in (0, 1]");
      s.rate = value.get<double>();
    } else if (key == "budget") {
      if (!value.is_number_integer() || value.get<int64_t>() <= 0)
        throw Error(ErrorCode::invalid_argument, where + ".budget: must be a positive number of tokens");
      s.budget = static_cast<size_t>(value.get<int64_t>());
    } else {
      throw Error(ErrorCode::invalid_argument, where + ": unknown key \"" + key + "\" (rate, budget)");
    }
  }
  return s;
}

CompressSetting effective_compress_setting(const CompressSetting& request, const store::KnowledgeBase& kb) {
  if (request.enabled()) return request;
  const auto it = kb.settings.find("compress");
  if (it == kb.settings.end()) return {};
  return compress_setting_from_json(*it, "knowledge base " + kb.name + " settings.compress");
}

CompressedSources compress_sources(const std::string& question, const std::vector<std::string>& sources,
                                   const CompressSetting& setting, const std::vector<double>& scores,
                                   const compress::NgramModel* model) {
  CompressedSources out;
  for (const auto& s : sources) out.original_tokens += count_tokens(s);
  size_t budget = setting.budget;
  if (budget == 0)
    budget = static_cast<size_t>(std::floor(setting.rate * static_cast<double>(out.original_tokens)));
  compress::Request req;
  req.question = question;
  req.passages = sources;
  req.passage_priors = scores;
  req.model = model;
  // The compressor's budget covers the question it keeps verbatim; only the
  // sources' share is ours to spend.
  req.target.budget = std::max<size_t>(budget, 1) + count_tokens(req.question);
  const auto r = compress::compress(req);
  for (const auto& p : r.passages) {
    out.order.push_back(p.index);
    out.texts.push_back(p.text);
    out.compressed_tokens += count_tokens(p.text);
  }
  return out;
}

std::shared_ptr<const compress::NgramModel> kb_ngram_model(Workspace& ws, store::Id kb_id,
                                                           size_t max_chunks) {
  struct Cached {
    uint64_t revision = 0;
    int64_t size = -1;
    std::shared_ptr<const compress::NgramModel> model;
  };
  static std::mutex mutex;
  static std::map<std::filesystem::path, Cached> cache;
  const auto where = std::filesystem::absolute(ws.kb_dir(kb_id));  // as LSA keys its model
  auto& text = ws.text_index(kb_id);
  const uint64_t revision = text.revision();
  const int64_t size = text.size();
  std::lock_guard lock(mutex);  // one build at a time; later callers reuse it
  Cached& c = cache[where];
  if (c.model && c.revision == revision && c.size == size) return c.model;
  const auto ids = ws.store().chunk_ids(kb_id);
  std::vector<store::Id> sample;
  const size_t n = std::min(ids.size(), std::max<size_t>(max_chunks, 1));
  for (size_t i = 0; i < n; ++i) sample.push_back(ids[i * ids.size() / n]);
  auto model = std::make_shared<compress::NgramModel>();
  for (const auto& chunk : ws.store().get_chunks(sample)) model->add(chunk.text);
  c = {revision, size, std::move(model)};
  return c.model;
}

compress::Result compress_passages(compress::Request request, const Config& config) {
  const auto reranker = open_reranker(config);
  if (reranker && !request.passages.empty()) {
    try {
      request.passage_priors = reranker->score(request.question, request.passages);
      request.priors_name = "rerank " + reranker->id();
    } catch (const std::exception& e) {
      spdlog::warn("compress: reranker {} failed ({}); ranking with BM25 alone", reranker->id(), e.what());
      request.passage_priors.clear();
    }
  }
  return compress::compress(request);
}

}  // namespace lore::pipeline
