// Schema migrations of the embedded store. Migration i (0-based) moves the
// schema from version i to i+1; each runs in its own transaction together
// with the update of schema_version. Never edit a released migration: append.
#pragma once

#include <string_view>
#include <vector>

namespace lore::store::sqlite {

const std::vector<std::string_view>& migrations();

}  // namespace lore::store::sqlite
