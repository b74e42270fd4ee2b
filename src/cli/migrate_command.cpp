// lore migrate --to postgres|sqlite --url URL [--blob-dir DIR] [--force] [--json]
#include <filesystem>
#include <iostream>
#include <set>

#include "blob/blob_store.h"
#include "cli/cli.h"
#include "core/error.h"
#include "core/fs.h"
#include "index/postgres/pg_indexes.h"
#include "pipeline/workspace.h"
#include "store/migrate.h"

namespace lore::cli {

namespace {

struct MigrateOpts {
  std::string to, url, blob_dir;
  bool force = false, json = false;
};

// Rebuilds every knowledge base's text and vector index in the target from
// its store, through the outbox: one index op per document, then a sync.
nlohmann::json reindex(const Config& target, const store::StoreLocation& at, bool progress) {
  const int64_t queued = store::queue_full_reindex(at);
  if (progress) std::cerr << "re-indexing " << queued << " document(s) from the store\n";
  pipeline::Workspace ws(target, pipeline::Access::write);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& kb : ws.store().all_kbs()) {
    const auto stats = ws.sync_index(kb.id);
    auto* vectors = ws.vector_index(kb.id);
    const int64_t indexed = ws.text_index(kb.id).size();
    out[kb.name] = {{"chunks", indexed}, {"vectors", vectors ? static_cast<int64_t>(vectors->size()) : 0}};
    if (progress)
      std::cerr << "  " << kb.name << ": " << indexed << " chunk(s) in the text index"
                << (vectors ? ", " + std::to_string(vectors->size()) + " vector(s)" : std::string()) << " ("
                << stats.documents << " document(s) synced)\n";
  }
  return out;
}

// Original files between the data directory's blobs and the shared blob
// directory of the PostgreSQL nodes, in the direction of the migration.
nlohmann::json copy_blobs(const Config& config, const MigrateOpts& o, bool to_pg, bool progress) {
  const std::filesystem::path embedded = config.data_dir / "blobs", shared = o.blob_dir;
  const blob::BlobStore from(to_pg ? embedded : shared);
  blob::BlobStore to(to_pg ? shared : embedded);
  if (progress)
    std::cerr << "copying original files " << from.root().string() << " -> " << to.root().string() << "\n";
  const auto report = blob::copy_all(from, to);
  if (progress)
    std::cerr << "  " << report.copied << " copied (" << report.bytes / (1024 * 1024) << " MB), "
              << report.present << " already there\n";
  return {{"from", from.root().string()}, {"to", to.root().string()}, {"copied", report.copied},
          {"present", report.present},    {"bytes", report.bytes},    {"errors", report.errors}};
}

void run_migrate(const Context& ctx, const MigrateOpts& o) {
  Config config = ctx.config();
  const std::string url = o.url.empty() ? config.store_url : o.url;
  if (url.empty())
    throw Error(ErrorCode::invalid_argument, "migrate: --url postgresql://... is required (or [store] url)");
  store::StoreLocation embedded{"sqlite", config.data_dir, ""};
  store::StoreLocation shared{"postgres", {}, url};
  const bool to_pg = o.to == "postgres";
  if (!to_pg && !o.blob_dir.empty() && !std::filesystem::is_directory(o.blob_dir))
    throw Error(ErrorCode::not_found, "migrate: --blob-dir " + o.blob_dir + " is not a directory");
  const auto& from = to_pg ? embedded : shared;
  const auto& to = to_pg ? shared : embedded;

  store::MigrateOptions options;
  options.force = o.force;
  const bool progress = !o.json || stderr_is_tty();
  if (progress) options.progress = [](const std::string& line) { std::cerr << line << '\n'; };

  store::MigrateResult result;
  std::set<int64_t> pg_kbs;  // knowledge bases whose PostgreSQL index data must go
  {
    // No other lore process may write the data directory while it is copied
    // from (or into).
    std::filesystem::create_directories(config.data_dir);
    fs::FileLock lock(config.data_dir / ".lock");
    if (to_pg && o.force) {
      Config old = config;
      old.store_backend = "postgres";
      old.store_url = url;
      for (const auto& kb : store::open_store(old)->all_kbs()) pg_kbs.insert(kb.id);
    }
    result = store::migrate_store(from, to, options);
  }
  if (!result.verified) {
    nlohmann::json bad = nlohmann::json::array();
    for (const auto& [name, d] : result.source)
      if (!(result.target[name] == d)) bad.push_back(name);
    throw Error(ErrorCode::corrupt, "migrate: verification failed, the target differs from the source in: " +
                                        bad.dump() + " (the copy was committed; rerun with --force)");
  }

  Config target = config;
  target.store_backend = to.backend;
  target.store_url = to_pg ? url : "";
  if (to_pg) {
    for (const auto& kb : store::open_store(target)->all_kbs()) pg_kbs.insert(kb.id);
    for (int64_t id : pg_kbs) index::drop_pg_indexes(url, id);
  } else {
    // Index directories of whatever the data directory held before: the
    // store is new, so none of them is valid.
    std::error_code ec;
    std::filesystem::remove_all(config.data_dir / "kb", ec);
  }
  const auto indexes = reindex(target, to, progress);
  const nlohmann::json blobs = o.blob_dir.empty() ? nlohmann::json() : copy_blobs(config, o, to_pg, progress);
  if (!blobs.is_null() && !blobs["errors"].empty())
    throw Error(ErrorCode::corrupt,
                "migrate: the store was copied and verified, but " + std::to_string(blobs["errors"].size()) +
                    " original file(s) were not: " + blobs["errors"][0].get<std::string>() +
                    (blobs["errors"].size() > 1 ? " (and more)" : ""));

  nlohmann::json tables = nlohmann::json::object();
  for (const auto& [name, d] : result.target) tables[name] = {{"rows", d.rows}, {"checksum", d.checksum}};
  if (o.json) {
    print_json({{"from", from.describe()},
                {"to", to.describe()},
                {"tables", tables},
                {"verified", result.verified},
                {"indexes", indexes},
                {"blobs", blobs}});
    return;
  }
  for (const auto& [name, d] : result.target)
    std::printf("%-17s %10lld  %s\n", name.c_str(), static_cast<long long>(d.rows), d.checksum.c_str());
  std::cout << "verified: row counts and checksums of " << result.target.size()
            << " tables equal on both sides\n";
  if (!blobs.is_null())
    std::cout << "original files: " << blobs["copied"] << " copied, " << blobs["present"] << " already in "
              << blobs["to"].get<std::string>() << "\n";
  if (to_pg)
    std::cout << "next: set [store] backend = \"postgres\" and url (or LORE_STORE_BACKEND / LORE_STORE_URL)"
              << (o.blob_dir.empty() ? "; original files stay in " + (config.data_dir / "blobs").string() +
                                           " (share it as [store] blob_dir, or rerun with --blob-dir DIR)"
                                     : " and blob_dir = " + o.blob_dir)
              << "\n";
}

}  // namespace

void add_migrate_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<MigrateOpts>();
  auto* cmd = app.add_subcommand(
      "migrate",
      "Copy the whole store between the embedded data directory and PostgreSQL (ids kept, verified by\n"
      "row counts and checksums, indexes rebuilt in the target)\n"
      "  example: lore migrate --to postgres --url postgresql://lore@db/lore\n"
      "  example: lore --data-dir ./restored migrate --to sqlite --url postgresql://lore@db/lore");
  cmd->add_option("--to", o->to, "Target backend: postgres (from --data-dir) or sqlite (into --data-dir)")
      ->required()
      ->check(CLI::IsMember({"postgres", "sqlite"}));
  cmd->add_option("--url", o->url, "PostgreSQL URL (default: [store] url / env LORE_STORE_URL)");
  cmd->add_option("--blob-dir", o->blob_dir,
                  "Also copy the original files between the data directory's blobs/ and DIR, the nodes'\n"
                  "shared [store] blob_dir (into DIR with --to postgres, out of it with --to sqlite);\n"
                  "each file is re-hashed, existing ones are kept");
  cmd->add_flag("--force", o->force, "Replace the target's contents when it is not empty");
  cmd->add_flag("--json", o->json, "Print JSON: {tables: {name: {rows, checksum}}, verified}");
  cmd->callback([&ctx, o] { run_migrate(ctx, *o); });
}

}  // namespace lore::cli
