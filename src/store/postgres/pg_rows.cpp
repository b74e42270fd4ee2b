// Column lists and row readers of the PostgreSQL Store.
#include <cstring>

#include "core/error.h"
#include "store/postgres/pg_parts.h"

namespace lore::store::postgres {

using nlohmann::json;

json json_field(const pqxx::field& f, const json& fallback) {
  if (f.is_null()) return fallback;
  auto j = json::parse(f.c_str(), nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? fallback : j;
}

std::vector<float> vector_field(const pqxx::field& f) {
  const pqxx::binarystring bytes(f);
  std::vector<float> v(bytes.size() / sizeof(float));
  if (!v.empty()) std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
  return v;
}

std::string vector_hex(const std::vector<float>& v) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* bytes = reinterpret_cast<const unsigned char*>(v.data());
  const size_t n = v.size() * sizeof(float);
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 0xF];
  }
  return out;
}

std::string id_list(const std::vector<Id>& ids) { return json(ids).dump(); }

const std::string kKbColumns =
    "k.id, k.tenant_id, k.name, k.chunk_template, k.settings, lore_iso(k.created_at), "
    "(SELECT COUNT(*) FROM documents d WHERE d.kb_id = k.id), "
    "(SELECT COUNT(*) FROM chunks c WHERE c.kb_id = k.id)";

KnowledgeBase read_kb(const pqxx::row& r) {
  KnowledgeBase kb;
  kb.id = r[0].as<int64_t>();
  kb.tenant_id = r[1].as<int64_t>();
  kb.name = r[2].c_str();
  kb.chunk_template = r[3].c_str();
  kb.settings = json_field(r[4]);
  kb.created_at = r[5].c_str();
  kb.document_count = r[6].as<int64_t>();
  kb.chunk_count = r[7].as<int64_t>();
  return kb;
}

const std::string kDocColumns =
    "d.id, d.kb_id, d.name, d.mime, d.size, d.sha256, d.status, d.error, d.metadata, lore_iso(d.created_at), "
    "lore_iso(d.updated_at), (SELECT COUNT(*) FROM chunks c WHERE c.document_id = d.id)";

DocumentRecord read_document(const pqxx::row& r) {
  DocumentRecord d;
  d.id = r[0].as<int64_t>();
  d.kb_id = r[1].as<int64_t>();
  d.name = r[2].c_str();
  d.mime = r[3].c_str();
  d.size = r[4].as<int64_t>();
  d.sha256 = r[5].c_str();
  d.status = doc_status_from_name(r[6].c_str());
  d.error = r[7].c_str();
  d.metadata = json_field(r[8]);
  d.created_at = r[9].c_str();
  d.updated_at = r[10].c_str();
  d.chunk_count = r[11].as<int64_t>();
  return d;
}

const std::string kChunkColumns =
    "id, document_id, kb_id, ordinal, kind, text, positions, token_count, metadata, enabled";

ChunkRecord read_chunk(const pqxx::row& r) {
  ChunkRecord c;
  c.id = r[0].as<int64_t>();
  c.document_id = r[1].as<int64_t>();
  c.kb_id = r[2].as<int64_t>();
  c.ordinal = r[3].as<int64_t>();
  c.kind = r[4].c_str();
  c.text = std::string(r[5].c_str(), r[5].size());
  c.positions = json_field(r[6], json::array());
  c.token_count = r[7].as<int64_t>();
  c.metadata = json_field(r[8]);
  c.enabled = r[9].as<bool>();
  return c;
}

const std::string kJobColumns =
    "j.id, j.kb_id, j.kind, j.status, j.payload, j.progress, j.stage, j.attempts, j.error, "
    "lore_iso(j.created_at), lore_iso(j.updated_at)";

Job read_job(const pqxx::row& r) {
  Job j;
  j.id = r[0].as<int64_t>();
  j.kb_id = r[1].is_null() ? 0 : r[1].as<int64_t>();
  j.kind = r[2].c_str();
  j.status = r[3].c_str();
  j.payload = json_field(r[4]);
  j.progress = r[5].as<double>();
  j.stage = r[6].c_str();
  j.attempts = r[7].as<int64_t>();
  j.error = r[8].c_str();
  j.created_at = r[9].c_str();
  j.updated_at = r[10].c_str();
  return j;
}

}  // namespace lore::store::postgres
