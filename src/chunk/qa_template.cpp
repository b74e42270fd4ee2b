// Template "qa": FAQs and question banks. One chunk (kind "qa") per
// question/answer pair, with metadata.question and metadata.answer, from
//   - tables (spreadsheets, CSV): the question and answer columns are found
//     by their header (question/q/问题/…, answer/a/答案/…), else the first two
//     columns; other columns are appended as "name: value" lines;
//   - text with markers: "Q:"/"Question:"/"问：" … "A:"/"Answer:"/"答：", also
//     several pairs run into one paragraph;
//   - failing both, headings as questions: a title and the content up to the
//     next title form a pair (titles directly followed by a title are the
//     context, kept in metadata.headings).
// Text that belongs to no pair is chunked as in general. A pair over the
// target is cut in the answer, each part repeating the question.
#include <algorithm>

#include "chunk/chunk_util.h"
#include "chunk/patterns.h"
#include "chunk/split.h"
#include "chunk/templates.h"
#include "chunk/units.h"
#include "core/text.h"
#include "core/tokens.h"

namespace lore::chunk::detail {

namespace {

using parse::Block;
using parse::BlockKind;

// A question never gets less than this much room for its answer parts.
constexpr size_t kMinAnswerBudget = 32;

std::string normalise_header(std::string_view s) {
  std::string out = text::ascii_lower(text::collapse_whitespace(s));
  while (!out.empty() && (out.back() == ':' || out.back() == '?')) out.pop_back();
  return out;
}

bool is_question_header(std::string_view h) {
  const std::string n = normalise_header(h);
  for (std::string_view w :
       {"question", "questions", "q", "query", "prompt", "问题", "问", "提问", "题目", "question text"})
    if (n == w) return true;
  return false;
}

bool is_answer_header(std::string_view h) {
  const std::string n = normalise_header(h);
  for (std::string_view w :
       {"answer", "answers", "a", "response", "reply", "答案", "答", "回答", "解答", "answer text"})
    if (n == w) return true;
  return false;
}

class QaChunker {
 public:
  QaChunker(const parse::Document& doc, const ChunkOptions& options) : doc_(doc), options_(options) {}

  std::vector<Chunk> run() {
    bool markers = false;
    for (const auto& b : doc_.blocks)
      if (!is_chrome(b) && b.kind != BlockKind::table)
        for (const auto& m : find_qa_markers(b.text)) markers = markers || m.question;
    const bool headings = !markers && !has_qa_table();
    for (const auto& b : doc_.blocks) {
      if (is_chrome(b)) continue;
      if (b.kind == BlockKind::title)
        on_title(b, headings);
      else if (b.kind == BlockKind::table && table_pairs(b))
        continue;
      else if (markers && b.kind != BlockKind::table && b.kind != BlockKind::figure)
        scan(b);
      else if (headings && open_ && b.kind != BlockKind::title)
        add_answer(b, b.text);
      else
        to_rest(b);
    }
    close_pair();
    flush_rest();
    return std::move(out_);
  }

 private:
  // --- tables ---
  // Spreadsheets are question banks by choice of template: without Q/A
  // headers their first two columns are taken. A table inside a text document
  // only holds pairs when its header says so; otherwise it stays a table.
  bool table_usable(const Block& b) const {
    if (!b.table || b.table->rows.empty() || b.table->rows[0].size() < 2) return false;
    if (spreadsheet()) return true;
    if (!b.table->has_header) return false;
    const auto& h = b.table->rows[0];
    return std::any_of(h.begin(), h.end(), [](const auto& c) { return is_question_header(c.text); }) &&
           std::any_of(h.begin(), h.end(), [](const auto& c) { return is_answer_header(c.text); });
  }

  bool spreadsheet() const {
    return doc_.mime == "text/csv" || doc_.mime == "text/tab-separated-values" ||
           doc_.mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }

  bool has_qa_table() const {
    for (const auto& b : doc_.blocks)
      if (b.kind == BlockKind::table && table_usable(b)) return true;
    return false;
  }

  bool table_pairs(const Block& b) {
    if (!table_usable(b)) return false;
    const auto& rows = b.table->rows;
    size_t q = 0, a = 1;
    const bool header = b.table->has_header;
    if (header) {
      for (size_t c = 0; c < rows[0].size(); ++c) {
        if (is_question_header(rows[0][c].text))
          q = c;
        else if (is_answer_header(rows[0][c].text))
          a = c;
      }
      if (q == a) a = q == 0 ? 1 : 0;
    }
    size_t emitted = 0;
    for (size_t r = header ? 1 : 0; r < rows.size(); ++r) {
      const auto& row = rows[r];
      if (std::max(q, a) >= row.size()) continue;
      const std::string question = text::collapse_whitespace(row[q].text);
      const std::string answer(text::trim(row[a].text));
      if (question.empty() || answer.empty()) continue;
      std::string extra;
      for (size_t c = 0; c < row.size(); ++c) {
        if (c == q || c == a || text::trim(row[c].text).empty()) continue;
        const std::string name =
            header && c < rows[0].size() ? text::collapse_whitespace(rows[0][c].text) : "";
        extra += "\n" + (name.empty() ? "" : name + ": ") + std::string(text::trim(row[c].text));
      }
      flush_rest();
      std::vector<Position> positions;
      add_position(positions, b);
      nlohmann::json meta = {{"row", r + 1}};
      emit_pair("Q: " + question, question, "A: " + answer + extra, answer, positions, meta);
      ++emitted;
    }
    return emitted > 0;
  }

  // --- markers ---
  void scan(const Block& b) {
    const std::string_view t = b.text;
    const auto markers = find_qa_markers(t);
    const std::string_view before = text::trim(t.substr(0, markers.empty() ? t.size() : markers[0].pos));
    if (!before.empty()) continue_segment(b, before);
    for (size_t k = 0; k < markers.size(); ++k) {
      const auto& m = markers[k];
      const size_t next = k + 1 < markers.size() ? markers[k + 1].pos : t.size();
      const std::string_view body = t.substr(m.pos, next - m.pos);
      if (m.question) {
        close_pair();
        open_ = true;
        in_answer_ = false;
        q_full_ = std::string(text::trim(body));
        q_ = std::string(text::trim(body.substr(m.length)));
        add_position(positions_, b);
      } else if (open_ && !in_answer_) {
        in_answer_ = true;
        add_answer(b, text::trim(body), text::trim(body.substr(m.length)));
      } else {
        continue_segment(b, text::trim(body));
      }
    }
  }

  void continue_segment(const Block& b, std::string_view seg) {
    if (!open_) {
      to_rest(piece_of(b, std::string(seg), b.kind));
    } else if (in_answer_) {
      add_answer(b, seg);
    } else {
      q_full_ += " " + std::string(seg);
      q_ += " " + std::string(seg);
      add_position(positions_, b);
    }
  }

  // --- headings as questions ---
  void on_title(const Block& b, bool headings_mode) {
    close_pair();
    const std::string name = text::collapse_whitespace(b.text);
    if (name.empty()) return;
    const int level = std::max(1, b.level);
    // A pending question that got no answer was a section heading after all.
    while (!path_.empty() && path_.back().first >= level) path_.pop_back();
    if (headings_mode) {
      open_ = true;
      in_answer_ = true;
      q_full_ = q_ = name;
      q_level_ = level;
      add_position(positions_, b);
    } else {
      pending_titles_.push_back(b);
      path_.emplace_back(level, name);
    }
  }

  void add_answer(const Block& b, std::string_view full, std::string_view bare) {
    if (!a_full_.empty()) a_full_ += "\n\n";
    if (!a_.empty()) a_ += "\n\n";
    a_full_ += std::string(b.kind == BlockKind::table ? table_markdown(b) : std::string(full));
    a_ += std::string(b.kind == BlockKind::table ? table_markdown(b) : std::string(bare));
    add_position(positions_, b);
  }
  void add_answer(const Block& b, std::string_view text) {
    add_answer(b, text::trim(text), text::trim(text));
  }

  void close_pair() {
    if (!open_) return;
    open_ = false;
    in_answer_ = false;
    if (text::trim(a_).empty()) {
      // A question without an answer: in headings mode a parent heading.
      if (q_level_ > 0)
        path_.emplace_back(q_level_, q_);
      else if (!q_full_.empty())
        to_rest_text(q_full_);
    } else {
      flush_rest();
      emit_pair(q_full_, text::collapse_whitespace(q_), a_full_, std::string(text::trim(a_)), positions_, {});
    }
    q_.clear(), q_full_.clear(), a_.clear(), a_full_.clear();
    positions_.clear();
    q_level_ = 0;
  }

  void emit_pair(const std::string& q_full, const std::string& question, const std::string& a_full,
                 const std::string& answer, const std::vector<Position>& positions,
                 const nlohmann::json& extra) {
    auto make = [&](std::string body) {
      Chunk c;
      c.kind = "qa";
      c.text = trim_text(q_full + "\n" + body, false);
      c.positions = positions;
      c.metadata["headings"] = path_json(path_);
      c.metadata["question"] = question;
      c.metadata["answer"] = answer;
      for (const auto& [k, v] : extra.items()) c.metadata[k] = v;
      return c;
    };
    if (count_tokens(q_full) + count_tokens(a_full) <= options_.target_tokens) {
      emit(out_, make(a_full));
      return;
    }
    const size_t q_tokens = count_tokens(q_full);
    const size_t budget =
        std::max(kMinAnswerBudget, options_.target_tokens > q_tokens ? options_.target_tokens - q_tokens : 0);
    const auto parts = split_to_budget(a_full, budget, budget);
    for (size_t i = 0; i < parts.size(); ++i) {
      Chunk c = make(std::string(text::trim(parts[i])));
      c.metadata["qa_part"] = {{"index", i + 1}, {"of", parts.size()}};
      emit(out_, std::move(c));
    }
  }

  // --- everything else ---
  void to_rest(const Block& b) {
    for (auto& t : pending_titles_) rest_.push_back(std::move(t));
    pending_titles_.clear();
    rest_.push_back(b);
  }
  void to_rest_text(const std::string& s) {
    Block b;
    b.text = s;
    if (!positions_.empty()) {
      b.page = positions_.front().page;
      b.bbox = positions_.front().bbox;
    }
    to_rest(b);
  }

  void flush_rest() {
    pending_titles_.clear();
    if (rest_.empty()) return;
    Unit unit;
    unit.blocks = std::move(rest_);
    rest_.clear();
    // The heading path of leftover text is whatever its own titles say.
    emit_unit(unit, options_, 0, out_);
  }

  const parse::Document& doc_;
  const ChunkOptions& options_;
  std::vector<std::pair<int, std::string>> path_;
  std::vector<Block> pending_titles_;  // titles waiting to see whether text follows them
  std::vector<Block> rest_;            // blocks in no pair, chunked as general
  bool open_ = false, in_answer_ = false;
  int q_level_ = 0;  // headings mode: the question title's level
  std::string q_full_, q_, a_full_, a_;
  std::vector<Position> positions_;
  std::vector<Chunk> out_;
};

}  // namespace

std::vector<Chunk> qa_template(const parse::Document& doc, const ChunkOptions& options) {
  return QaChunker(doc, options).run();
}

}  // namespace lore::chunk::detail
