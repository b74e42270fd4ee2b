// chunk_document: validates the options and dispatches to a template.
#include "chunk/chunker.h"

#include "chunk/templates.h"
#include "core/error.h"

namespace lore::chunk {

namespace {

using TemplateFn = std::vector<Chunk> (*)(const parse::Document&, const ChunkOptions&);

struct Template {
  std::string name;
  TemplateFn fn;
};

// The registry; template_names() lists it in this order.
const std::vector<Template>& templates() {
  static const std::vector<Template> kTemplates = {
      {"general", &detail::general_template},
      {"one", &detail::one_template},
  };
  return kTemplates;
}

std::string available() {
  std::string out;
  for (const auto& name : template_names()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

const std::vector<std::string>& template_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& t : templates()) names.push_back(t.name);
    return names;
  }();
  return kNames;
}

std::vector<Chunk> chunk_document(const parse::Document& doc, const ChunkOptions& options) {
  if (options.target_tokens == 0)
    throw Error(ErrorCode::invalid_argument, "chunk target_tokens must be greater than 0");
  if (options.overlap_tokens >= options.target_tokens)
    throw Error(ErrorCode::invalid_argument,
                "chunk overlap_tokens (" + std::to_string(options.overlap_tokens) +
                    ") must be smaller than target_tokens (" + std::to_string(options.target_tokens) + ")");
  for (const auto& t : templates())
    if (t.name == options.template_name) return t.fn(doc, options);
  throw Error(ErrorCode::invalid_argument,
              "unknown chunk template \"" + options.template_name + "\" (available: " + available() + ")");
}

nlohmann::json positions_to_json(const std::vector<Position>& positions) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : positions) {
    nlohmann::json bbox = nullptr;
    if (!p.bbox.empty()) bbox = parse::to_json(p.bbox);
    out.push_back({{"page", p.page}, {"bbox", bbox}});
  }
  return out;
}

}  // namespace lore::chunk
