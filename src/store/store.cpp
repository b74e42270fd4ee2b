#include "store/store.h"

#include <array>

#include "core/error.h"

namespace lore::store {

namespace {
constexpr std::array<std::string_view, 5> kStatusNames = {"queued", "parsing", "indexing", "done", "failed"};
}

std::string_view doc_status_name(DocStatus s) { return kStatusNames[static_cast<size_t>(s)]; }

DocStatus doc_status_from_name(std::string_view name) {
  for (size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == name) return static_cast<DocStatus>(i);
  throw Error(ErrorCode::corrupt, "unknown document status \"" + std::string(name) + "\"");
}

}  // namespace lore::store
