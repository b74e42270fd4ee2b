// Template "general": sections by headings, sentences packed to target_tokens
// with sentence overlap, tables and figures atomic (see chunker.h).
#include <algorithm>
#include <optional>

#include "chunk/chunk_util.h"
#include "chunk/split.h"
#include "chunk/table_chunks.h"
#include "chunk/templates.h"
#include "core/text.h"
#include "core/tokens.h"

namespace lore::chunk::detail {

namespace {

using parse::BlockKind;

constexpr size_t kNone = static_cast<size_t>(-1);

// A piece of flowing text: a sentence, a code line, or a fragment of an
// over-long one. Segments of one block are contiguous and verbatim.
struct Segment {
  std::string_view text;  // points into doc.blocks[block].text
  size_t block;
  size_t tokens;
  bool code;
  bool whole;    // a whole sentence/line, so it may be repeated as overlap
  bool carried;  // repeated from the previous chunk as overlap
};

// Code splits by lines; a blank line stays with the line before it so that the
// segments still concatenate to the block text.
std::vector<std::string_view> code_lines(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    end = end == std::string_view::npos ? s.size() : end + 1;
    const std::string_view line = s.substr(start, end - start);
    if (!out.empty() && text::trim(line).empty()) {
      out.back() = s.substr(out.back().data() - s.data(), end - (out.back().data() - s.data()));
    } else {
      out.push_back(line);
    }
    start = end;
  }
  return out;
}

bool is_flow(BlockKind k) {
  return k == BlockKind::text || k == BlockKind::list || k == BlockKind::code || k == BlockKind::caption ||
         k == BlockKind::reference || k == BlockKind::equation;
}

class GeneralChunker {
 public:
  GeneralChunker(const parse::Document& doc, const ChunkOptions& options, const GeneralSettings& settings)
      : doc_(doc), target_(options.target_tokens), overlap_(options.overlap_tokens), settings_(settings) {}

  std::vector<Chunk> run() {
    assign_captions();
    for (size_t i = 0; i < doc_.blocks.size(); ++i) {
      const auto& b = doc_.blocks[i];
      if (is_chrome(b) || caption_owner_[i] != kNone) continue;
      if (b.kind == BlockKind::title)
        on_title(i);
      else if (b.kind == BlockKind::table || b.kind == BlockKind::figure)
        on_atomic(i);
      else if (is_flow(b.kind))
        on_flow(i);
    }
    flush(false);
    // Headings with no content after them: the document ends, so they are
    // their own chunk rather than being lost.
    if (!heads_.empty()) {
      Chunk c;
      c.kind = "text";
      c.text = trim_text(prefix(), false);
      for (size_t h : heads_) add_position(c.positions, doc_.blocks[h]);
      c.metadata["headings"] = path_json();
      emit(out_, std::move(c));
      heads_.clear();
    }
    return std::move(out_);
  }

 private:
  // A caption directly before an atomic block (chrome in between ignored)
  // belongs to it; failing that, one directly after it. Owned captions are
  // emitted with their table/figure, never as text.
  void assign_captions() {
    const auto& bs = doc_.blocks;
    caption_owner_.assign(bs.size(), kNone);
    auto neighbour = [&](size_t i, int step) -> std::optional<size_t> {
      for (auto j = static_cast<long>(i) + step; j >= 0 && j < static_cast<long>(bs.size()); j += step)
        if (!is_chrome(bs[static_cast<size_t>(j)])) return static_cast<size_t>(j);
      return std::nullopt;
    };
    for (size_t i = 0; i < bs.size(); ++i) {
      if (bs[i].kind != BlockKind::table && bs[i].kind != BlockKind::figure) continue;
      for (int step : {-1, 1}) {
        const auto j = neighbour(i, step);
        if (j && bs[*j].kind == BlockKind::caption && caption_owner_[*j] == kNone) {
          caption_owner_[*j] = i;
          break;
        }
      }
    }
  }

  // Titles close the current chunk (no overlap across a heading) and update
  // the heading path; their text waits to become the next chunk's first lines.
  void on_title(size_t i) {
    std::string name = text::collapse_whitespace(doc_.blocks[i].text);
    if (name.empty()) return;
    flush(false);
    const int level = std::max(1, doc_.blocks[i].level);  // level 0 (unknown) counts as top level
    while (!path_.empty() && path_.back().first >= level) path_.pop_back();
    path_.emplace_back(level, std::move(name));
    heads_.push_back(i);
    recount();
  }

  void on_flow(size_t i) {
    const auto& b = doc_.blocks[i];
    const bool code = b.kind == BlockKind::code;
    for (std::string_view s : code ? code_lines(b.text) : text::split_sentences(b.text))
      if (!text::trim(s).empty()) add_sentence(s, i, code);
  }

  void add_sentence(std::string_view s, size_t block, bool code) {
    const size_t tokens = count_tokens(s);
    if (tokens <= target_) {
      if (used_ + tokens > target_ && has_fresh()) flush(true);
      // Overlap is best effort: it gives way to a sentence that would not fit.
      if (used_ + tokens > target_) drop_carried();
      // May exceed the target only when pending heading lines + this sentence
      // do: a sentence under the target is never split.
      append({s, block, tokens, code, true, false});
      return;
    }
    // Over the target alone: target-sized pieces, the first one sharing its
    // chunk with the pending heading lines; the last stays open for packing.
    if (has_fresh()) flush(true);
    drop_carried();
    const size_t room = used_ < target_ ? target_ - used_ : 0;
    const auto pieces = split_to_budget(s, room, target_);
    for (size_t k = 0; k < pieces.size(); ++k) {
      append({pieces[k], block, count_tokens(pieces[k]), code, false, false});
      if (k + 1 < pieces.size()) flush(false);
    }
  }

  void on_atomic(size_t i) {
    flush(false);
    const auto& b = doc_.blocks[i];
    std::string before, after;
    std::vector<size_t> sources(heads_.begin(), heads_.end());
    sources.push_back(i);
    for (size_t j = 0; j < doc_.blocks.size(); ++j) {
      if (caption_owner_[j] != i) continue;
      (j < i ? before : after) = std::string(text::trim(doc_.blocks[j].text));
      sources.push_back(j);
    }
    std::sort(sources.begin(), sources.end());
    std::vector<Position> positions;
    for (size_t j : sources) add_position(positions, doc_.blocks[j]);

    std::vector<Chunk> chunks;
    if (b.kind == BlockKind::table) {
      TableInput in{&b, prefix(), before, after, positions, path_json(), settings_.max_table_rows};
      chunks = table_chunks(in, target_);
    } else {
      std::string body(text::trim(b.text));
      if (!before.empty()) body = before + (body.empty() ? "" : "\n\n" + body);
      if (!after.empty()) body += (body.empty() ? "" : "\n\n") + after;
      Chunk c;
      c.kind = "figure";
      c.text = body.empty() ? "" : trim_text(prefix() + body, false);
      c.positions = std::move(positions);
      c.metadata["headings"] = path_json();
      // The figure's picture, stored as a blob by the ingest pipeline.
      if (b.image && !b.image->blob_sha256.empty())
        c.metadata["image"] = {{"blob", b.image->blob_sha256},
                               {"format", b.image->format},
                               {"width", b.image->width},
                               {"height", b.image->height}};
      emit(chunks, std::move(c));
    }
    // An empty table/figure leaves the headings for the next chunk.
    if (chunks.empty()) return;
    heads_.clear();
    recount();
    for (auto& c : chunks) out_.push_back(std::move(c));
  }

  void append(const Segment& seg) {
    segs_.push_back(seg);
    used_ += seg.tokens;
  }

  bool has_fresh() const {
    return std::any_of(segs_.begin(), segs_.end(), [](const Segment& s) { return !s.carried; });
  }

  void drop_carried() {
    std::erase_if(segs_, [](const Segment& s) { return s.carried; });
    recount();
  }

  void recount() {
    used_ = heads_.empty() ? 0 : count_tokens(prefix());
    for (const auto& s : segs_) used_ += s.tokens;
  }

  // Emits the open chunk if it has content of its own. With carry, the next
  // chunk starts with the trailing whole sentences totalling <= overlap.
  void flush(bool carry) {
    if (!has_fresh()) {
      segs_.clear();  // only overlap: nothing new to say; headings stay pending
      recount();
      return;
    }
    Chunk c;
    std::string body;
    size_t prev = kNone;
    bool all_code = true;
    for (size_t h : heads_) add_position(c.positions, doc_.blocks[h]);
    for (const auto& s : segs_) {
      if (s.block != prev && !body.empty()) {
        rtrim(body);
        body += "\n\n";
      }
      body += s.text;
      prev = s.block;
      all_code = all_code && s.code;
      add_position(c.positions, doc_.blocks[s.block]);
    }
    c.kind = all_code ? "code" : "text";
    c.text = trim_text(prefix() + body, heads_.empty() && segs_.front().code);
    c.metadata["headings"] = path_json();
    emit(out_, std::move(c));
    heads_.clear();

    std::vector<Segment> next;
    if (carry && overlap_ > 0) {
      size_t total = 0, first = segs_.size();
      while (first > 0 && segs_[first - 1].whole && total + segs_[first - 1].tokens <= overlap_)
        total += segs_[--first].tokens;
      for (size_t k = first; k < segs_.size(); ++k) {
        next.push_back(segs_[k]);
        next.back().carried = true;
      }
    }
    segs_ = std::move(next);
    recount();
  }

  std::string prefix() const {
    std::string p;
    for (size_t h : heads_) p += text::collapse_whitespace(doc_.blocks[h].text) + "\n";
    return p;
  }

  nlohmann::json path_json() const {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& [level, name] : path_) j.push_back(name);
    return j;
  }

  const parse::Document& doc_;
  const size_t target_;
  const size_t overlap_;
  const GeneralSettings settings_;
  std::vector<size_t> caption_owner_;              // per block: owning table/figure, or kNone
  std::vector<std::pair<int, std::string>> path_;  // (level, heading), outermost first
  std::vector<size_t> heads_;                      // title blocks waiting for the next chunk
  std::vector<Segment> segs_;                      // the open chunk's body
  size_t used_ = 0;                                // tokens of heading lines + segments
  std::vector<Chunk> out_;
};

}  // namespace

std::vector<Chunk> general_template(const parse::Document& doc, const ChunkOptions& options,
                                    const GeneralSettings& settings) {
  return GeneralChunker(doc, options, settings).run();
}

}  // namespace lore::chunk::detail
