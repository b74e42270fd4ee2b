#include "pipeline/views.h"

#include "pipeline/user_metadata.h"

namespace lore::pipeline {

using nlohmann::json;

json kb_json(const store::KnowledgeBase& kb) {
  return {{"id", kb.id},
          {"name", kb.name},
          {"template", kb.chunk_template},
          {"documents", kb.document_count},
          {"chunks", kb.chunk_count},
          {"created_at", kb.created_at},
          {"settings", kb.settings}};
}

json document_json(const store::DocumentRecord& d) {
  json j = {{"id", d.id},
            {"kb_id", d.kb_id},
            {"name", d.name},
            {"mime", d.mime},
            {"size", d.size},
            {"sha256", d.sha256},
            {"status", store::doc_status_name(d.status)},
            {"chunks", d.chunk_count},
            {"created_at", d.created_at},
            {"updated_at", d.updated_at},
            {"metadata", d.metadata}};
  // The user's tags (settable by PATCH) and the file's own, if any (user_metadata.h).
  j["tags"] = user_metadata_of(d.metadata).tags;
  if (d.metadata.is_object() && d.metadata.contains("source_tags"))
    j["source_tags"] = d.metadata["source_tags"];
  if (!d.error.empty()) j["error"] = d.error;
  return j;
}

json chunk_json(const store::ChunkRecord& c) {
  return {{"chunk_id", c.id},
          {"document_id", c.document_id},
          {"ordinal", c.ordinal},
          {"kind", c.kind},
          {"text", c.text},
          {"positions", c.positions},
          {"token_count", c.token_count},
          {"metadata", c.metadata},
          {"enabled", c.enabled}};
}

json hit_json(const SearchHit& h) {
  json j = {{"chunk_id", h.chunk.id},         {"document_id", h.chunk.document_id},
            {"document", h.document_name},    {"score", h.score},
            {"text", h.chunk.text},           {"kind", h.chunk.kind},
            {"positions", h.chunk.positions}, {"text_rank", h.text_rank},
            {"vector_rank", h.vector_rank},   {"chunk_ids", h.chunk_ids}};
  // RAPTOR: leaves are layer 0; a summary node names the pages it covers.
  const auto& m = h.chunk.metadata;
  j["layer"] =
      m.is_object() && m.contains("layer") && m["layer"].is_number_integer() ? m["layer"].get<int>() : 0;
  if (h.chunk.kind == "summary" && m.is_object() && m.contains("sources")) j["sources"] = m["sources"];
  return j;
}

json job_json(const store::Job& j) {
  json out = {{"id", j.id},
              {"kb_id", j.kb_id},
              {"kind", j.kind},
              {"status", j.status},
              {"progress", j.progress},
              {"stage", j.stage},
              {"attempts", j.attempts},
              {"created_at", j.created_at},
              {"updated_at", j.updated_at}};
  if (j.payload.contains("document_id")) out["document_id"] = j.payload["document_id"];
  if (j.payload.contains("name")) out["name"] = j.payload["name"];
  if (j.payload.contains("result")) out["result"] = j.payload["result"];
  if (!j.error.empty()) out["error"] = j.error;
  return out;
}

json session_json(const store::Session& s) {
  return {{"id", s.id},
          {"kb", s.kb_name},
          {"kb_id", s.kb_id},
          {"title", s.title},
          {"messages", s.message_count},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at}};
}

json message_json(const store::Message& m) {
  return {{"id", m.id},           {"session_id", m.session_id}, {"role", m.role},
          {"content", m.content}, {"citations", m.citations},   {"created_at", m.created_at}};
}

}  // namespace lore::pipeline
