// The PostgreSQL Store: the same catalog as the embedded SQLite store, in a
// database that several `lore serve` nodes share (issue 10, Scale-out).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace lore::store {

// Connects to `url` (postgresql://user:password@host:port/db?...) and applies
// missing schema migrations. Error{io} naming the URL, password masked, when
// it is malformed or the server is unreachable.
std::unique_ptr<Store> open_pg_store(const std::string& url);

}  // namespace lore::store
