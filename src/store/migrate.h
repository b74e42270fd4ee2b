// Copying a whole store between backends: `lore migrate --to postgres|sqlite`.
//
// Every catalog table (tenants ... document_blobs) is copied row by row with
// its ids, inside one target transaction, and the id sequences are carried
// over (sqlite_sequence <-> PostgreSQL sequences), so ids stay unique and are
// never reused: citations, sessions and index entries keep pointing at the
// same chunks. The target must be empty (only the default tenant) unless
// `force`, which replaces its contents.
//
// Verification: for every table, the row count and a SHA-256 over the
// canonical dump of its rows in primary-key order (values as text: integers
// in decimal, JSON re-serialised with sorted keys, timestamps as ISO-8601
// UTC with milliseconds, booleans 0/1, reals %.17g, vectors as raw bytes),
// computed independently on the source (while reading) and on the target
// (reading it back after the commit). Equal on every table = verified.
//
// The derived indexes are not copied: queue_full_reindex() records an index
// op for every document in the target, and the caller syncs them through the
// ordinary outbox path (pipeline::Workspace), for either backend.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

namespace lore::store {

struct StoreLocation {
  std::string backend;             // "sqlite" | "postgres"
  std::filesystem::path data_dir;  // sqlite: the data directory holding lore.db
  std::string url;                 // postgres: connection URL
  std::string describe() const;    // for messages (password masked)
};

struct TableDigest {
  int64_t rows = 0;
  std::string checksum;  // sha256 hex of the canonical dump
  bool operator==(const TableDigest&) const = default;
};

using StoreDigest = std::map<std::string, TableDigest>;  // by table name

struct MigrateOptions {
  bool force = false;                                // replace a non-empty target
  std::function<void(const std::string&)> progress;  // human progress lines (may be empty)
};

struct MigrateResult {
  StoreDigest source, target;
  bool verified = false;  // source == target on every table
};

// Creates the target schema if needed, refuses a non-empty target
// (Error{already_exists}) unless options.force, copies, commits, verifies.
// Error{not_found} when an embedded source has no lore.db.
MigrateResult migrate_store(const StoreLocation& from, const StoreLocation& to,
                            const MigrateOptions& options);

// Counts and checksums of every migrated table, read in one snapshot.
StoreDigest digest_store(const StoreLocation& location);

// Records an index op for every document, so the next index sync rebuilds
// every knowledge base's text and vector index from the store. Returns the
// number of documents.
int64_t queue_full_reindex(const StoreLocation& location);

}  // namespace lore::store
