#include "pipeline/citations.h"

#include <algorithm>

#include "core/text.h"
#include "models/builtin/lexical.h"
#include "models/builtin/units.h"

namespace lore::pipeline {

namespace {

// The answer sentences that carry the marker [n], joined. A marker that
// opens a sentence ("… 64 tokens. [2] Next …") belongs to the one before.
std::string citing_text(std::string_view answer, int n) {
  const std::string marker = "[" + std::to_string(n) + "]";
  const auto sentences = text::split_sentences(answer);
  std::string out;
  for (size_t i = 0; i < sentences.size(); ++i) {
    const auto s = sentences[i];
    const size_t at = s.find(marker);
    if (at == std::string_view::npos) continue;
    const auto before = text::trim(s.substr(0, at));
    const bool leading = before.empty() || before.find_first_not_of("[]0123456789") == std::string_view::npos;
    if (leading && i > 0) out += std::string(sentences[i - 1]) + " ";
    out += std::string(s) + " ";
  }
  return out;
}

void set_position(Citation& c, const nlohmann::json& positions) {
  c.bbox = nullptr;
  if (!positions.is_array() || positions.empty() || !positions[0].is_object()) return;
  c.page = positions[0].value("page", 0);
  std::vector<double> box;
  for (const auto& p : positions) {
    if (!p.is_object() || p.value("page", 0) != c.page) continue;
    const auto b = p.find("bbox");
    if (b == p.end() || !b->is_array() || b->size() != 4) continue;
    const std::vector<double> v = b->get<std::vector<double>>();
    if (box.empty()) {
      box = v;
    } else {
      box[0] = std::min(box[0], v[0]), box[1] = std::min(box[1], v[1]);
      box[2] = std::max(box[2], v[2]), box[3] = std::max(box[3], v[3]);
    }
  }
  if (!box.empty()) c.bbox = box;
}

}  // namespace

std::vector<Citation> map_citations(std::string_view answer, const std::vector<int>& cited,
                                    const std::vector<SearchHit>& sources, std::string_view question) {
  std::vector<Citation> out;
  for (int n : cited) {
    if (n < 1 || static_cast<size_t>(n) > sources.size()) continue;
    const auto& hit = sources[static_cast<size_t>(n) - 1];
    Citation c;
    c.n = n;
    c.document = hit.document_name;
    c.document_id = hit.chunk.document_id;
    c.chunk_id = hit.chunk.id;
    set_position(c, hit.chunk.positions);
    const auto& m = hit.chunk.metadata;
    if (hit.chunk.kind == "summary" && m.is_object() && m.contains("sources") && m["sources"].is_array() &&
        !m["sources"].empty() && m["sources"][0].is_object()) {
      // A summary lives in no page of its own: cite the pages it summarises.
      const auto& first = m["sources"][0];
      c.sources = m["sources"];
      c.document = first.value("document", c.document);
      c.document_id = first.value("document_id", c.document_id);
      c.page = first.value("page", 0);
      c.bbox = nullptr;
    }
    std::string reference = citing_text(answer, n);
    // A marker-only reference ("[1]") carries no words: fall back to the question.
    if (models::builtin::extract_terms(reference).size() <= 1) reference += " " + std::string(question);
    c.quote = models::builtin::best_sentence(hit.chunk.text, reference, chunk_headings(hit.chunk));
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> chunk_headings(const store::ChunkRecord& chunk) {
  std::vector<std::string> out;
  if (auto it = chunk.metadata.find("headings"); it != chunk.metadata.end() && it->is_array())
    for (const auto& h : *it)
      if (h.is_string()) out.push_back(h.get<std::string>());
  return out;
}

nlohmann::json citation_to_json(const Citation& c) {
  nlohmann::json j = {{"n", c.n},
                      {"document", c.document},
                      {"chunk_id", c.chunk_id},
                      {"page", c.page > 0 ? nlohmann::json(c.page) : nlohmann::json(nullptr)},
                      {"bbox", c.bbox},
                      {"quote", c.quote}};
  if (!c.sources.is_null()) j["sources"] = c.sources;
  return j;
}

}  // namespace lore::pipeline
