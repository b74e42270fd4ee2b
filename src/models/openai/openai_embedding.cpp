#include "models/openai/openai_embedding.h"

namespace lore::models {

std::vector<std::vector<float>> OpenAiEmbedding::embed_batch(const std::vector<std::string>& texts) {
  nlohmann::json body = {{"model", config_.model}, {"input", texts}, {"encoding_format", "float"}};
  if (config_.dimensions > 0) body["dimensions"] = config_.dimensions;
  const auto reply = client_.post_json(path_, body);
  const auto data = reply.find("data");
  if (!reply.is_object() || data == reply.end() || !data->is_array()) fail("reply has no \"data\" array");
  std::vector<std::vector<float>> out(texts.size());
  std::vector<bool> seen(texts.size(), false);
  size_t position = 0;
  for (const auto& item : *data) {
    size_t index = position++;
    if (item.contains("index")) {
      if (!item["index"].is_number_unsigned()) fail("\"index\" is not a non-negative integer");
      index = item["index"].get<size_t>();
    }
    if (index >= texts.size() || seen[index]) fail("bad or repeated index " + std::to_string(index));
    seen[index] = true;
    const auto emb = item.find("embedding");
    if (emb == item.end() || !emb->is_array())
      fail("item " + std::to_string(index) + " has no \"embedding\" array");
    auto& v = out[index];
    v.reserve(emb->size());
    for (const auto& x : *emb) {
      if (!x.is_number()) fail("item " + std::to_string(index) + " has a non-numeric value");
      v.push_back(x.get<float>());
    }
  }
  if (position != texts.size())
    fail("expected " + std::to_string(texts.size()) + " vectors, the reply has " + std::to_string(position));
  return out;
}

}  // namespace lore::models
