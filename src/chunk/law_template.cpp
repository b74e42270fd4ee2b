// Template "law": statutes, regulations, contracts. One article per chunk
// ("Article 12", "Art. 3", "Section 3.", "§ 4", "第十二条"), with the division
// path in force (Part/编 > Chapter/章 > 第X节) as metadata.headings and the
// article label as metadata.article. Articles are found inside blocks too,
// because plain-text statutes often run several articles into one paragraph;
// a block split at an article start keeps its page and bbox in both pieces.
// An article over the target is cut by the general chunker, every part keeping
// the article label. Text outside any article (preamble) is chunked as general.
#include <algorithm>

#include "chunk/chunk_util.h"
#include "chunk/patterns.h"
#include "chunk/templates.h"
#include "chunk/units.h"
#include "core/text.h"

namespace lore::chunk::detail {

namespace {

using parse::BlockKind;

// Division levels sit below a document title (level 1).
constexpr int kDivisionLevelOffset = 1;

struct Cut {
  size_t pos;
  bool article;
  Marker marker;
};

class LawChunker {
 public:
  LawChunker(const parse::Document& doc, const ChunkOptions& options) : doc_(doc), options_(options) {}

  std::vector<Chunk> run() {
    for (const auto& b : doc_.blocks) {
      if (is_chrome(b)) continue;
      if (b.kind == BlockKind::table || b.kind == BlockKind::figure || b.kind == BlockKind::code)
        current_.blocks.push_back(b);
      else
        split_block(b);
    }
    close();
    return std::move(out_);
  }

 private:
  void split_block(const parse::Block& b) {
    const std::string_view t = b.text;
    std::vector<Cut> cuts;
    for (auto& m : find_articles(t)) cuts.push_back({m.pos, true, m});
    for (auto& m : find_divisions(t)) cuts.push_back({m.pos, false, m});
    std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& c) { return a.pos < c.pos; });
    if (cuts.empty()) {
      if (b.kind == BlockKind::title)
        on_title(std::max(1, b.level), b.text);
      else
        current_.blocks.push_back(b);
      return;
    }
    if (cuts.front().pos > 0) {
      const auto head = text::trim(t.substr(0, cuts.front().pos));
      if (!head.empty())
        current_.blocks.push_back(
            piece_of(b, std::string(head), b.kind == BlockKind::title ? BlockKind::text : b.kind));
    }
    for (size_t k = 0; k < cuts.size(); ++k) {
      const size_t end = k + 1 < cuts.size() ? cuts[k + 1].pos : t.size();
      const std::string part(text::trim(t.substr(cuts[k].pos, end - cuts[k].pos)));
      if (part.empty()) continue;
      if (cuts[k].article) {
        close();
        current_.headings = path_json(path_);
        current_.metadata["article"] = cuts[k].marker.label;
        current_.blocks.push_back(piece_of(b, part, BlockKind::text));
      } else if (heading_like(part, 30)) {
        on_title(cuts[k].marker.level + kDivisionLevelOffset, part);
      } else {
        current_.blocks.push_back(piece_of(b, part, BlockKind::text));
      }
    }
  }

  void on_title(int level, const std::string& text) {
    close();
    while (!path_.empty() && path_.back().first >= level) path_.pop_back();
    path_.emplace_back(level, text::collapse_whitespace(text));
    current_.headings = path_json(path_);
  }

  void close() {
    if (!current_.blocks.empty()) emit_unit(current_, options_, options_.target_tokens, out_);
    current_ = Unit{};
    current_.headings = path_json(path_);
  }

  const parse::Document& doc_;
  const ChunkOptions& options_;
  std::vector<std::pair<int, std::string>> path_;
  Unit current_;
  std::vector<Chunk> out_;
};

}  // namespace

std::vector<Chunk> law_template(const parse::Document& doc, const ChunkOptions& options) {
  return LawChunker(doc, options).run();
}

}  // namespace lore::chunk::detail
