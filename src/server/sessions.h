// Session lookup shared by the session and ask routes.
#pragma once

#include "server/http.h"

namespace lore::server {

// The caller's session `id`; Error{not_found} for another tenant's.
store::Session require_session(Ctx& c, store::Id id);

}  // namespace lore::server
