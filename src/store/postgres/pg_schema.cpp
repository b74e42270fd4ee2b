#include "store/postgres/pg_schema.h"

#include <string>

namespace lore::store::postgres {

namespace {
// pg_advisory_xact_lock key of schema migrations ("lore" in ASCII).
constexpr int64_t kMigrationLock = 0x6c6f7265;

// The schema version, 0 when no migration ever ran. Reads without locking.
int64_t schema_version(pqxx::work& tx) {
  if (tx.exec("SELECT to_regclass('lore_schema_version') IS NULL")[0][0].as<bool>()) return 0;
  const auto r = tx.exec("SELECT version FROM lore_schema_version");
  return r.empty() ? 0 : r[0][0].as<int64_t>();
}
}  // namespace

const std::vector<std::string_view>& migrations() {
  // Same tables and meaning as the SQLite store (store/sqlite/schema.cpp);
  // timestamps are TIMESTAMPTZ and read back through lore_iso() as ISO-8601
  // UTC text; BIGSERIAL ids are never reused (a sequence never goes back).
  static const std::vector<std::string_view> all = {
      // 1: everything the SQLite store had at its migration 4.
      R"sql(
CREATE FUNCTION lore_iso(t timestamptz) RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE TABLE tenants (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO tenants (name) VALUES ('default');

CREATE TABLE knowledge_bases (
  id BIGSERIAL PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  chunk_template TEXT NOT NULL,
  settings JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE documents (
  id BIGSERIAL PRIMARY KEY,
  kb_id BIGINT NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  mime TEXT NOT NULL DEFAULT '',
  size BIGINT NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('queued', 'parsing', 'indexing', 'done', 'failed')),
  error TEXT NOT NULL DEFAULT '',
  metadata JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (kb_id, name)
);
CREATE INDEX documents_by_sha ON documents (sha256);
CREATE INDEX documents_by_status ON documents (status);

CREATE TABLE chunks (
  id BIGSERIAL PRIMARY KEY,
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kb_id BIGINT NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  ordinal BIGINT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  positions JSONB NOT NULL DEFAULT '[]',
  token_count BIGINT NOT NULL,
  metadata JSONB NOT NULL DEFAULT '{}',
  enabled BOOLEAN NOT NULL DEFAULT true,
  UNIQUE (document_id, ordinal)
);
CREATE INDEX chunks_by_kb ON chunks (kb_id, id);

-- Transactional outbox; no foreign key to documents: deletions need syncing too.
CREATE TABLE index_ops (
  id BIGSERIAL PRIMARY KEY,
  kb_id BIGINT NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  document_id BIGINT NOT NULL
);
CREATE INDEX index_ops_by_kb ON index_ops (kb_id, id);
CREATE INDEX index_ops_by_document ON index_ops (document_id);

CREATE TABLE jobs (
  id BIGSERIAL PRIMARY KEY,
  kb_id BIGINT REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  payload JSONB NOT NULL DEFAULT '{}',
  progress DOUBLE PRECISION NOT NULL DEFAULT 0,
  stage TEXT NOT NULL DEFAULT '',
  attempts BIGINT NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX jobs_by_status ON jobs (status, kind, id);
CREATE INDEX jobs_by_kb ON jobs (kb_id, id);

CREATE TABLE api_keys (
  id BIGSERIAL PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  prefix TEXT NOT NULL UNIQUE,      -- public part of the key, used to find the row
  salt TEXT NOT NULL,               -- random, hex
  hash TEXT NOT NULL,               -- hex SHA-256(salt || secret); the secret is never stored
  admin BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked_at TIMESTAMPTZ
);

CREATE TABLE sessions (
  id BIGSERIAL PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kb_id BIGINT NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sessions_by_tenant ON sessions (tenant_id, id);

CREATE TABLE messages (
  id BIGSERIAL PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  content TEXT NOT NULL,
  citations JSONB NOT NULL DEFAULT '[]',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX messages_by_session ON messages (session_id, id);

-- Vectors: float32, little-endian, as BYTEA; the source of truth for every
-- vector index (which may live in pgvector columns elsewhere).
CREATE TABLE chunk_embeddings (
  chunk_id BIGINT PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
  kb_id BIGINT NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  document_id BIGINT NOT NULL,
  model TEXT NOT NULL,
  vector BYTEA NOT NULL
);
CREATE INDEX chunk_embeddings_by_kb ON chunk_embeddings (kb_id, model, chunk_id);
CREATE INDEX chunk_embeddings_by_document ON chunk_embeddings (document_id);

CREATE TABLE embedding_cache (
  model TEXT NOT NULL,
  text_sha256 TEXT NOT NULL,
  vector BYTEA NOT NULL,
  PRIMARY KEY (model, text_sha256)
);

CREATE TABLE document_blobs (
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (document_id, sha256)
);
CREATE INDEX document_blobs_by_sha ON document_blobs (sha256);
)sql",
      // 2: job leases: the worker holding a running job and until when; a
      // retry's earliest start. NULL: not leased / claimable now.
      R"sql(
ALTER TABLE jobs ADD COLUMN worker TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN lease_expires_at TIMESTAMPTZ;
ALTER TABLE jobs ADD COLUMN next_attempt_at TIMESTAMPTZ;
)sql",
  };
  return all;
}

void migrate(PgDb& db) {
  // Fast path without the advisory lock: a node starting next to a busy (or
  // stopped) cluster must not queue behind anyone when there is nothing to do.
  const auto latest = static_cast<int64_t>(migrations().size());
  if (db.run("schema version", [](pqxx::work& tx) { return schema_version(tx); }) == latest) return;
  db.run("schema migration", [&](pqxx::work& tx) {
    // Serializes concurrent starts: the second node waits here, then sees
    // the version the first one committed.
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    tx.exec("CREATE TABLE IF NOT EXISTS lore_schema_version (version BIGINT NOT NULL)");
    const int64_t version = schema_version(tx);
    const auto& all = migrations();
    if (version > static_cast<int64_t>(all.size()))
      throw Error(ErrorCode::corrupt, db.masked_url() + ": schema version " + std::to_string(version) +
                                          " is newer than this lore binary understands (" +
                                          std::to_string(all.size()) + "); upgrade lore");
    if (version == static_cast<int64_t>(all.size())) return;
    for (auto v = static_cast<size_t>(version); v < all.size(); ++v) tx.exec(std::string(all[v]));
    tx.exec("DELETE FROM lore_schema_version");
    tx.exec_params("INSERT INTO lore_schema_version (version) VALUES ($1)", static_cast<int64_t>(all.size()));
  });
}

}  // namespace lore::store::postgres
