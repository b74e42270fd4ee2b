// `lore compress` input and output shapes (compress.h).
#include <cmath>

#include "compress/compress.h"
#include "core/error.h"
#include "core/text.h"

namespace lore::compress {

std::vector<std::string> parse_passages(std::string_view input, const std::string& name) {
  if (const size_t bad = text::find_invalid_utf8(input); bad != std::string_view::npos)
    throw Error(ErrorCode::bad_input,
                name + ": not UTF-8 text (invalid byte at offset " + std::to_string(bad) + ")");
  const std::string_view trimmed = text::trim(input);
  std::vector<std::string> out;
  if (!trimmed.empty() && trimmed.front() == '[') {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(trimmed);
    } catch (const nlohmann::json::exception& e) {
      throw Error(ErrorCode::bad_input, name + ": starts with '[' but is not valid JSON: " + e.what());
    }
    for (size_t i = 0; i < j.size(); ++i) {
      const auto& item = j[i];
      if (item.is_string())
        out.push_back(item.get<std::string>());
      else if (item.is_object() && item.contains("text") && item["text"].is_string())
        out.push_back(item["text"].get<std::string>());
      else
        throw Error(ErrorCode::bad_input, name + ": passage " + std::to_string(i) +
                                              " is neither a string nor an object with a \"text\" string");
    }
    return out;
  }
  return split_paragraphs(input);
}

std::vector<std::string> split_paragraphs(std::string_view input) {
  std::vector<std::string> out;
  // Plain text: paragraphs (separated by blank or whitespace-only lines) are the passages.
  std::string para;
  auto flush = [&] {
    const auto t = text::trim(para);
    if (!t.empty()) out.emplace_back(t);
    para.clear();
  };
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    const auto line = input.substr(start, end - start);
    if (text::trim(line).empty())
      flush();
    else
      para.append(line).push_back('\n');
    start = end + 1;
  }
  flush();
  return out;
}

nlohmann::json result_to_json(const Result& r) {
  nlohmann::json passages = nlohmann::json::array();
  for (const auto& p : r.passages) passages.push_back(p.text);
  return {{"text", r.text},
          {"passages", passages},
          {"original_tokens", r.original_tokens},
          {"compressed_tokens", r.compressed_tokens},
          {"rate", std::round(r.rate * 10000) / 10000},
          {"ms", std::round(r.ms * 1000) / 1000},
          {"ranking", r.ranking}};
}

}  // namespace lore::compress
