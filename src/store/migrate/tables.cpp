#include "store/migrate/tables.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace lore::store::migrate {

const std::vector<Table>& tables() {
  using T = Type;
  // Columns both schemas share (store/sqlite/schema.cpp, store/postgres/pg_schema.cpp).
  static const std::vector<Table> all = {
      {"tenants", {{"id", T::integer}, {"name", T::text}, {"created_at", T::timestamp}}},
      {"knowledge_bases",
       {{"id", T::integer},
        {"tenant_id", T::integer},
        {"name", T::text},
        {"chunk_template", T::text},
        {"settings", T::json},
        {"created_at", T::timestamp}}},
      {"documents",
       {{"id", T::integer},
        {"kb_id", T::integer},
        {"name", T::text},
        {"mime", T::text},
        {"size", T::integer},
        {"sha256", T::text},
        {"status", T::text},
        {"error", T::text},
        {"metadata", T::json},
        {"created_at", T::timestamp},
        {"updated_at", T::timestamp}}},
      {"chunks",
       {{"id", T::integer},
        {"document_id", T::integer},
        {"kb_id", T::integer},
        {"ordinal", T::integer},
        {"kind", T::text},
        {"text", T::text},
        {"positions", T::json},
        {"token_count", T::integer},
        {"metadata", T::json},
        {"enabled", T::boolean}}},
      {"index_ops", {{"id", T::integer}, {"kb_id", T::integer}, {"document_id", T::integer}}},
      {"jobs",
       {{"id", T::integer},
        {"kb_id", T::integer},
        {"kind", T::text},
        {"status", T::text},
        {"payload", T::json},
        {"progress", T::real},
        {"stage", T::text},
        {"attempts", T::integer},
        {"error", T::text},
        {"created_at", T::timestamp},
        {"updated_at", T::timestamp}}},
      {"api_keys",
       {{"id", T::integer},
        {"tenant_id", T::integer},
        {"name", T::text},
        {"prefix", T::text},
        {"salt", T::text},
        {"hash", T::text},
        {"admin", T::boolean},
        {"created_at", T::timestamp},
        {"revoked_at", T::timestamp}}},
      {"sessions",
       {{"id", T::integer},
        {"tenant_id", T::integer},
        {"kb_id", T::integer},
        {"title", T::text},
        {"created_at", T::timestamp},
        {"updated_at", T::timestamp}}},
      {"messages",
       {{"id", T::integer},
        {"session_id", T::integer},
        {"role", T::text},
        {"content", T::text},
        {"citations", T::json},
        {"created_at", T::timestamp}}},
      {"chunk_embeddings",
       {{"chunk_id", T::integer},
        {"kb_id", T::integer},
        {"document_id", T::integer},
        {"model", T::text},
        {"vector", T::blob}},
       1,
       false},
      {"embedding_cache", {{"model", T::text}, {"text_sha256", T::text}, {"vector", T::blob}}, 2, false},
      {"document_blobs", {{"document_id", T::integer}, {"sha256", T::text}}, 2, false},
  };
  return all;
}

Value canonical(Type type, Value v) {
  if (!v) return v;
  switch (type) {
    case Type::json: {
      // Key order and whitespace differ (JSONB normalises); the value does not.
      auto j = nlohmann::json::parse(*v, nullptr, /*allow_exceptions=*/false);
      if (!j.is_discarded()) return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return v;
    }
    case Type::real: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", std::strtod(v->c_str(), nullptr));
      return std::string(buf);
    }
    case Type::boolean:
      return std::string(*v == "0" || *v == "f" || *v == "false" ? "0" : "1");
    default:
      return v;
  }
}

void Digester::add(const Row& row) {
  // Length-prefixed values: no separator can be confused with data.
  for (const auto& v : row) {
    if (!v) {
      sha_.update("N;");
      continue;
    }
    sha_.update(std::to_string(v->size()));
    sha_.update(":");
    sha_.update(*v);
  }
  sha_.update("\n");
  ++rows_;
}

TableDigest Digester::finish() { return {rows_, sha_.hex_digest()}; }

}  // namespace lore::store::migrate
