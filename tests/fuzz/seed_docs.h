// The content of the fuzz seeds (see make_seeds.cpp): small documents we
// write ourselves, each touching many features of its format.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace lore::fuzz::seeds {

using Files = std::vector<std::pair<std::string, std::string>>;  // name -> bytes
using Parts =
    std::vector<std::pair<std::string, std::string>>;  // package part -> XML; first is the main part

// Seeds of the text-like targets: txt md html csv json jsonl eml encoding.
std::vector<std::pair<std::string, Files>> text_seeds();

// OOXML packages as part lists (the main part first).
Parts docx_parts();
Parts xlsx_parts();
Parts pptx_parts();

}  // namespace lore::fuzz::seeds
