// Schema of the PostgreSQL Store: migrations applied in order, the number
// applied kept in lore_schema_version. Private to src/store/postgres.
#pragma once

#include <string_view>
#include <vector>

#include "store/postgres/pg_db.h"

namespace lore::store::postgres {

const std::vector<std::string_view>& migrations();

// Applies the missing migrations in one transaction holding an advisory lock,
// so several nodes starting at once apply each migration exactly once.
// Error{corrupt} when the database is newer than this binary.
void migrate(PgDb& db);

}  // namespace lore::store::postgres
