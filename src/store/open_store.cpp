// open_store(Config): the one place that picks the Store backend.
#include <spdlog/spdlog.h>

#include "core/config.h"
#include "core/error.h"
#include "pg/url.h"
#include "store/postgres/pg_store.h"
#include "store/store.h"

namespace lore::store {

std::unique_ptr<Store> open_store(const Config& config) {
  if (config.store_backend == "sqlite") return open_store(config.data_dir);
  if (config.store_backend == "postgres") {
    if (config.store_url.empty())
      throw Error(
          ErrorCode::invalid_argument,
          "store.url: required with store.backend = \"postgres\" (e.g. postgresql://lore@localhost/lore; "
          "env LORE_STORE_URL)");
    spdlog::debug("store: postgres at {}", pg::mask_url_password(config.store_url));
    return open_pg_store(config.store_url);
  }
  throw Error(ErrorCode::invalid_argument,
              "store.backend: expected \"sqlite\" or \"postgres\", got \"" + config.store_backend + "\"");
}

}  // namespace lore::store
