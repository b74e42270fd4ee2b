// Template "paper": research papers. The front matter — title, authors,
// affiliations and the abstract — is one chunk kept whole (up to
// kFrontMatterFactor x the target); each top-level section is a unit, whole
// when it fits the target and otherwise cut by the general chunker at its
// subsections and sentences; the reference list is split off into chunks of
// kind "reference" holding whole entries ("[12] ..." / "12. ..."), so that a
// bibliography never dilutes the text chunks. Appendices after the references
// are sections again.
#include <algorithm>
#include <climits>

#include "chunk/chunk_util.h"
#include "chunk/patterns.h"
#include "chunk/templates.h"
#include "chunk/units.h"
#include "core/text.h"
#include "core/tokens.h"

namespace lore::chunk::detail {

namespace {

using parse::Block;
using parse::BlockKind;

constexpr size_t kFrontMatterFactor = 4;
// The abstract is looked for among the first blocks only: a later "Abstract"
// heading is not the paper's.
constexpr size_t kAbstractSearchBlocks = 60;

bool flow(const Block& b) { return b.kind != BlockKind::title && !is_chrome(b); }

// One past the last block of the front matter, or 0 when there is none.
size_t front_matter_end(const std::vector<Block>& bs) {
  const size_t limit = std::min(bs.size(), kAbstractSearchBlocks);
  for (size_t i = 0; i < limit; ++i) {
    const bool heading = bs[i].kind == BlockKind::title && is_abstract_heading(bs[i].text);
    const bool inline_abstract = flow(bs[i]) && starts_with_abstract(bs[i].text);
    if (!heading && !inline_abstract) continue;
    size_t end = i + 1;
    while (end < bs.size() && bs[end].kind != BlockKind::title && bs[end].kind != BlockKind::table &&
           bs[end].kind != BlockKind::figure)
      ++end;
    return end;
  }
  // No abstract: the title and what precedes the first section heading.
  if (!bs.empty() && bs[0].kind == BlockKind::title) {
    size_t end = 1;
    while (end < bs.size() && bs[end].kind != BlockKind::title) ++end;
    return end;
  }
  return 0;
}

void emit_references(const std::vector<const Block*>& blocks, const std::string& heading, size_t target,
                     std::vector<Chunk>& out) {
  Chunk c;
  size_t used = 0, entries = 0;
  auto flush = [&] {
    if (entries == 0) return;
    c.kind = "reference";
    c.metadata["headings"] = nlohmann::json::array({heading});
    c.metadata["references"] = entries;
    emit(out, std::move(c));
    c = Chunk{};
    used = entries = 0;
  };
  for (const Block* b : blocks) {
    for (std::string_view entry : split_reference_entries(b->text)) {
      const std::string e = text::collapse_whitespace(entry);
      const size_t tokens = count_tokens(e);
      if (entries > 0 && used + tokens > target) flush();
      c.text += (c.text.empty() ? "" : "\n") + e;
      used += tokens;
      ++entries;
      add_position(c.positions, *b);
    }
  }
  flush();
}

}  // namespace

std::vector<Chunk> paper_template(const parse::Document& doc, const ChunkOptions& options) {
  std::vector<Block> bs;
  for (const auto& b : doc.blocks)
    if (!is_chrome(b)) bs.push_back(b);
  std::vector<Chunk> out;

  const size_t front_end = front_matter_end(bs);
  if (front_end > 0) {
    Unit front;
    front.blocks.assign(bs.begin(), bs.begin() + static_cast<long>(front_end));
    front.metadata["section"] = "front matter";
    emit_unit(front, options, options.target_tokens * kFrontMatterFactor, out);
  }

  // The reference list: after the last "References" heading, up to the next
  // heading at the same or a higher level (an appendix); failing a heading,
  // the blocks the parser marked as references.
  size_t refs_begin = bs.size(), refs_end = bs.size();
  std::string refs_heading = "References";
  for (size_t i = bs.size(); i-- > front_end;) {
    if (bs[i].kind == BlockKind::title && is_references_heading(bs[i].text)) {
      refs_begin = i;
      refs_heading = text::collapse_whitespace(bs[i].text);
      const int level = std::max(1, bs[i].level);
      refs_end = i + 1;
      while (refs_end < bs.size() &&
             !(bs[refs_end].kind == BlockKind::title && std::max(1, bs[refs_end].level) <= level))
        ++refs_end;
      break;
    }
  }
  std::vector<const Block*> refs;
  std::vector<Block> body;
  for (size_t i = front_end; i < bs.size(); ++i) {
    const bool in_refs = i >= refs_begin && i < refs_end;
    if (in_refs && i == refs_begin) continue;  // the heading itself
    if ((in_refs && flow(bs[i]) && bs[i].kind != BlockKind::caption) ||
        (refs_begin == bs.size() && bs[i].kind == BlockKind::reference))
      refs.push_back(&bs[i]);
    else
      body.push_back(bs[i]);
  }

  int top = INT_MAX;
  for (const auto& b : body)
    if (b.kind == BlockKind::title) top = std::min(top, std::max(1, b.level));
  for (auto& unit : group_sections(body, top == INT_MAX ? 1 : top))
    emit_unit(unit, options, options.target_tokens, out);
  emit_references(refs, refs_heading, options.target_tokens, out);
  return out;
}

}  // namespace lore::chunk::detail
