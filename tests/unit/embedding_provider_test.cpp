// Embedding and rerank providers against the loopback test double speaking
// the real OpenAI, Ollama, Jina/Cohere and TEI JSON.
#include <gtest/gtest.h>

#include "../support/model_server_double.h"
#include "core/error.h"
#include "models/http_embedding.h"
#include "models/http_reranker.h"

using lore::Error;
using lore::ErrorCode;
using namespace lore::models;
using lore::testing::double_embedding;
using lore::testing::ModelServerDouble;

namespace {

EmbeddingConfig config(const std::string& provider, const std::string& url) {
  EmbeddingConfig c;
  c.provider = provider;
  c.base_url = url;
  c.model = "test-model";
  c.batch_size = 3;
  c.concurrency = 2;
  c.max_retries = 0;
  return c;
}

std::vector<std::string> texts(size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back("text number " + std::to_string(i) + " about cars");
  return out;
}

}  // namespace

TEST(EmbeddingProviders, OpenAiBatchesAndKeepsInputOrder) {
  ModelServerDouble server(16);
  auto model = make_embedding_model(config("openai", server.url("/v1")));
  auto in = texts(10);
  auto out = model->embed(in);
  ASSERT_EQ(out.size(), 10u);
  for (size_t i = 0; i < in.size(); ++i) EXPECT_EQ(out[i], double_embedding(in[i], 16)) << i;
  EXPECT_EQ(model->dimensions(), 16);
  EXPECT_EQ(model->id(), "openai:test-model");
  EXPECT_EQ(server.max_batch(), 3u);
  EXPECT_EQ(server.requests.load(), 4);
}

TEST(EmbeddingProviders, OpenAiSendsRequestedDimensions) {
  ModelServerDouble server(16);
  auto c = config("openai", server.url("/v1"));
  c.dimensions = 8;
  auto out = make_embedding_model(c)->embed({"hello"});
  EXPECT_EQ(out[0].size(), 8u);
}

TEST(EmbeddingProviders, OllamaEmbeds) {
  ModelServerDouble server(12);
  auto model = make_embedding_model(config("ollama", server.url()));
  auto out = model->embed(texts(5));
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[4], double_embedding(texts(5)[4], 12));
  EXPECT_EQ(model->id(), "ollama:test-model");
}

TEST(EmbeddingProviders, WrongDimensionIsAClearError) {
  ModelServerDouble server(16);
  auto c = config("openai", server.url("/v1"));
  auto model = make_embedding_model(c);
  model->embed({"first"});  // learns 16
  server.wrong_dims = 10;
  try {
    model->embed({"second"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::model_error);
    std::string msg = e.what();
    EXPECT_NE(msg.find("wrong dimension"), std::string::npos) << msg;
    EXPECT_NE(msg.find("10"), std::string::npos) << msg;
    EXPECT_NE(msg.find("16"), std::string::npos) << msg;
    EXPECT_NE(msg.find(server.url("/v1/embeddings")), std::string::npos) << msg;
  }
}

TEST(EmbeddingProviders, ServerErrorStopsTheWholeCall) {
  ModelServerDouble server(16);
  server.poison_word = "poison";
  auto model = make_embedding_model(config("ollama", server.url()));
  auto in = texts(9);
  in[7] = "poison pill";
  EXPECT_THROW(model->embed(in), Error);
}

TEST(EmbeddingProviders, UnknownProviderAndMissingUrl) {
  EXPECT_THROW(make_embedding_model(config("nope", "http://127.0.0.1:1")), Error);
  EXPECT_THROW(make_embedding_model(config("openai", "")), Error);
  auto c = config("openai", "http://127.0.0.1:1");
  c.model = "";
  EXPECT_THROW(make_embedding_model(c), Error);
}

TEST(Rerank, JinaCohereShapeScoresInInputOrder) {
  ModelServerDouble server;
  RerankConfig c{"http", server.url(), "rr", "", 10, 0};
  auto rr = make_reranker(c);
  auto s = rr->score("red car", {"a blue sky", "the red automobile", "red paint"});
  ASSERT_EQ(s.size(), 3u);
  EXPECT_GT(s[1], s[2]);
  EXPECT_GT(s[2], s[0]);
}

TEST(Rerank, TeiShape) {
  ModelServerDouble server;
  RerankConfig c{"tei", server.url(), "", "", 10, 0};
  auto s = make_reranker(c)->score("cat", {"dog", "feline friend"});
  EXPECT_GT(s[1], s[0]);
  EXPECT_EQ(make_reranker(RerankConfig{}), nullptr);
}
