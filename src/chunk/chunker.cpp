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

std::vector<Chunk> general(const parse::Document& doc, const ChunkOptions& options) {
  return detail::general_template(doc, options);
}

constexpr const char* kAuto = "auto";

// The registry; template_names() lists it in this order, then "auto".
const std::vector<Template>& templates() {
  static const std::vector<Template> kTemplates = {
      {"general", &general},
      {"qa", &detail::qa_template},
      {"table", &detail::table_template},
      {"paper", &detail::paper_template},
      {"book", &detail::book_template},
      {"law", &detail::law_template},
      {"manual", &detail::manual_template},
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
    names.push_back(kAuto);
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
  const std::string name = resolve_template(doc, options.template_name);
  for (const auto& t : templates())
    if (t.name == name) return t.fn(doc, options);
  throw Error(ErrorCode::internal, "template " + name + " is not registered");
}

std::string resolve_template(const parse::Document& doc, const std::string& name) {
  if (name == kAuto) return detail::auto_template(doc);
  for (const auto& t : templates())
    if (t.name == name) return name;
  throw Error(ErrorCode::invalid_argument,
              "unknown chunk template \"" + name + "\" (available: " + available() + ")");
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
