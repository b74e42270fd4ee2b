// Internal to src/index: the Xapian implementation of TextIndex. Callers use
// open_text_index (text_index.h) and never name this backend.
#pragma once

#include <filesystem>
#include <memory>

#include "index/text_index.h"

namespace lore::index::xapian {

// Same contract as open_text_index.
std::unique_ptr<TextIndex> open_xapian_text_index(const std::filesystem::path& dir, OpenMode mode);

}  // namespace lore::index::xapian
