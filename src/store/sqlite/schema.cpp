#include "store/sqlite/schema.h"

namespace lore::store::sqlite {

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all = {
      // 1: catalog, chunks, index outbox, jobs.
      R"sql(
CREATE TABLE tenants (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO tenants (name) VALUES ('default');

CREATE TABLE knowledge_bases (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  chunk_template TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (tenant_id, name)
);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kb_id INTEGER NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  mime TEXT NOT NULL DEFAULT '',
  size INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('queued', 'parsing', 'indexing', 'done', 'failed')),
  error TEXT NOT NULL DEFAULT '',
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (kb_id, name)
);
CREATE INDEX documents_by_sha ON documents (sha256);
CREATE INDEX documents_by_status ON documents (status);

-- AUTOINCREMENT: chunk ids are never reused, so an index entry left behind by
-- a crash can never be mistaken for a newer chunk.
CREATE TABLE chunks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kb_id INTEGER NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  positions TEXT NOT NULL DEFAULT '[]',
  token_count INTEGER NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  UNIQUE (document_id, ordinal)
);
CREATE INDEX chunks_by_kb ON chunks (kb_id);

-- Transactional outbox: documents whose chunks changed since the indexes
-- last synced them. No foreign key to documents: deletions need syncing too.
CREATE TABLE index_ops (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kb_id INTEGER NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL
);
CREATE INDEX index_ops_by_kb ON index_ops (kb_id, id);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kb_id INTEGER REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  payload TEXT NOT NULL DEFAULT '{}',
  progress REAL NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
)sql",
      // 2: API keys, sessions and messages; chunk enable/disable; job stage,
      // attempts and tenant (background ingest in `lore serve`).
      R"sql(
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  prefix TEXT NOT NULL UNIQUE,      -- public part of the key, used to find the row
  salt TEXT NOT NULL,               -- random, hex
  hash TEXT NOT NULL,               -- hex SHA-256(salt || secret); the secret is never stored
  admin INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  revoked_at TEXT
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kb_id INTEGER NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX sessions_by_tenant ON sessions (tenant_id, id);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  content TEXT NOT NULL,
  citations TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX messages_by_session ON messages (session_id, id);

ALTER TABLE chunks ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE jobs ADD COLUMN stage TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX jobs_by_status ON jobs (status, id);
)sql",
      // 3: chunk embeddings and the embedding cache (vectors: float32 BLOBs,
      // host byte order — little-endian on every platform Lore builds for).
      R"sql(
CREATE TABLE chunk_embeddings (
  chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
  kb_id INTEGER NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL,
  model TEXT NOT NULL,
  vector BLOB NOT NULL
);
CREATE INDEX chunk_embeddings_by_kb ON chunk_embeddings (kb_id, model, chunk_id);
CREATE INDEX chunk_embeddings_by_document ON chunk_embeddings (document_id);

CREATE TABLE embedding_cache (
  model TEXT NOT NULL,
  text_sha256 TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (model, text_sha256)
) WITHOUT ROWID;
)sql",
      // 4: blobs a document references besides its original file (figure
      // pictures, metadata "figure_blobs"), so a blob is removed only when no
      // document references it. Backfilled from the metadata.
      R"sql(
CREATE TABLE document_blobs (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (document_id, sha256)
) WITHOUT ROWID;
CREATE INDEX document_blobs_by_sha ON document_blobs (sha256);
INSERT OR IGNORE INTO document_blobs (document_id, sha256)
  SELECT d.id, j.value FROM documents d, json_each(d.metadata, '$.figure_blobs') j
  WHERE json_valid(d.metadata) AND j.type = 'text';
)sql",
      // 5: job leases (issue 10): the worker holding a running job and until
      // when; a retry's earliest start. NULL: not leased / claimable now.
      R"sql(
ALTER TABLE jobs ADD COLUMN worker TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN lease_expires_at TEXT;
ALTER TABLE jobs ADD COLUMN next_attempt_at TEXT;
)sql",
  };
  return all;
}

}  // namespace lore::store::sqlite
