#include "models/ollama/ollama_embedding.h"

namespace lore::models {

std::vector<std::vector<float>> OllamaEmbedding::embed_batch(const std::vector<std::string>& texts) {
  const auto reply = client_.post_json(path_, {{"model", config_.model}, {"input", texts}});
  const auto embs = reply.find("embeddings");
  if (!reply.is_object() || embs == reply.end() || !embs->is_array())
    fail("reply has no \"embeddings\" array");
  std::vector<std::vector<float>> out;
  out.reserve(embs->size());
  for (const auto& e : *embs) {
    if (!e.is_array()) fail("an embedding is not an array");
    auto& v = out.emplace_back();
    v.reserve(e.size());
    for (const auto& x : e) {
      if (!x.is_number()) fail("an embedding has a non-numeric value");
      v.push_back(x.get<float>());
    }
  }
  return out;
}

}  // namespace lore::models
