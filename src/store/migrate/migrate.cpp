#include "store/migrate.h"

#include "core/error.h"
#include "pg/url.h"
#include "store/migrate/tables.h"

namespace lore::store {

namespace {

constexpr size_t kPage = 1000;  // rows per read and per insert statement

std::unique_ptr<migrate::Side> open_side(const StoreLocation& at, bool is_source) {
  if (at.backend == "sqlite") return migrate::open_sqlite_side(at.data_dir, is_source);
  if (at.backend == "postgres") {
    if (at.url.empty())
      throw Error(ErrorCode::invalid_argument,
                  "migrate: a PostgreSQL URL is required (--url postgresql://...)");
    return migrate::open_pg_side(at.url);
  }
  throw Error(ErrorCode::invalid_argument,
              "migrate: unknown backend \"" + at.backend + "\" (expected sqlite or postgres)");
}

void say(const MigrateOptions& o, const std::string& line) {
  if (o.progress) o.progress(line);
}

StoreDigest digest(migrate::Side& side) {
  StoreDigest out;
  side.begin_read();
  for (const auto& t : migrate::tables()) {
    migrate::Digester d;
    std::optional<migrate::Row> after;
    for (auto rows = side.read_page(t, after, kPage); !rows.empty(); rows = side.read_page(t, after, kPage)) {
      for (const auto& r : rows) d.add(r);
      after = rows.back();
    }
    out[t.name] = d.finish();
  }
  side.end_read();
  return out;
}

}  // namespace

std::string StoreLocation::describe() const {
  return backend == "postgres" ? "PostgreSQL at " + pg::mask_url_password(url)
                               : "the embedded store in " + data_dir.string();
}

StoreDigest digest_store(const StoreLocation& location) {
  auto side = open_side(location, true);
  return digest(*side);
}

int64_t queue_full_reindex(const StoreLocation& location) {
  return open_side(location, false)->queue_full_reindex();
}

MigrateResult migrate_store(const StoreLocation& from, const StoreLocation& to,
                            const MigrateOptions& options) {
  if (from.backend == to.backend && from.url == to.url && from.data_dir == to.data_dir)
    throw Error(ErrorCode::invalid_argument,
                "migrate: source and target are the same store (" + from.describe() + ")");
  auto src = open_side(from, true);
  auto dst = open_side(to, false);
  if (!dst->empty() && !options.force)
    throw Error(ErrorCode::already_exists, "migrate: " + to.describe() +
                                               " already holds data; migrate into an empty store, or pass "
                                               "--force to replace its contents");
  MigrateResult result;
  say(options, "copying " + from.describe() + " -> " + to.describe());
  dst->begin_write();
  dst->clear();
  src->begin_read();
  for (const auto& t : migrate::tables()) {
    migrate::Digester d;
    std::optional<migrate::Row> after;
    int64_t max_id = 0;
    for (auto rows = src->read_page(t, after, kPage); !rows.empty(); rows = src->read_page(t, after, kPage)) {
      for (const auto& r : rows) d.add(r);
      dst->insert(t, rows);
      after = rows.back();
      if (t.autoincrement) max_id = std::stoll(*rows.back()[0]);
      if (d.rows() % (kPage * 20) == 0)
        say(options, "  " + t.name + ": " + std::to_string(d.rows()) + " rows...");
    }
    result.source[t.name] = d.finish();
    // Ids are never reused: the target's sequence continues after the
    // source's (which may be past the largest id still present).
    dst->set_sequence(t, std::max(max_id, src->sequence(t)));
    say(options, "  " + t.name + ": " + std::to_string(result.source[t.name].rows) + " rows");
  }
  src->end_read();
  dst->commit();
  say(options, "verifying " + to.describe());
  result.target = digest(*dst);
  result.verified = result.source == result.target;
  return result;
}

}  // namespace lore::store
