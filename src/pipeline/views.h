// JSON forms of the catalog objects, shared by the CLI (--json) and the HTTP
// API so both speak the same shapes.
#pragma once

#include <nlohmann/json.hpp>

#include "pipeline/search.h"
#include "store/store.h"

namespace lore::pipeline {

nlohmann::json kb_json(const store::KnowledgeBase& kb);
nlohmann::json document_json(const store::DocumentRecord& doc);
nlohmann::json chunk_json(const store::ChunkRecord& chunk);
// One search result, as in `lore search --json`'s "results" array.
nlohmann::json hit_json(const SearchHit& hit);
nlohmann::json job_json(const store::Job& job);
nlohmann::json session_json(const store::Session& session);
nlohmann::json message_json(const store::Message& message);

}  // namespace lore::pipeline
