#include "index/text_index.h"

#include "index/xapian/xapian_text_index.h"

namespace lore::index {

std::unique_ptr<TextIndex> open_text_index(const std::filesystem::path& dir, OpenMode mode) {
  return xapian::open_xapian_text_index(dir, mode);
}

}  // namespace lore::index
