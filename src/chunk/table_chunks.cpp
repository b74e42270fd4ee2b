#include "chunk/table_chunks.h"

#include "chunk/chunk_util.h"
#include "core/text.h"
#include "core/tokens.h"

namespace lore::chunk::detail {

namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t nl = s.find('\n', start);
    const size_t end = nl == std::string_view::npos ? s.size() : nl;
    lines.push_back(s.substr(start, end - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

// "| --- | :-: |": the Markdown header separator.
bool is_separator(std::string_view line) {
  line = text::trim(line);
  if (line.find('-') == std::string_view::npos) return false;
  for (char c : line)
    if (c != '|' && c != '-' && c != ':' && c != ' ') return false;
  return true;
}

nlohmann::json cell_texts(const std::vector<parse::TableCell>& row) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& cell : row) cells.push_back(cell.text);
  return cells;
}

std::string join_lines(const std::vector<std::string_view>& lines, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (!out.empty()) out += '\n';
    out += lines[i];
  }
  return out;
}

std::string wrap(const TableInput& in, bool first, const std::string& markdown) {
  std::string body;
  if (!in.caption_before.empty()) body += in.caption_before + "\n\n";
  body += markdown;
  if (!in.caption_after.empty()) body += "\n\n" + in.caption_after;
  return trim_text((first ? in.prefix : std::string()) + body, false);
}

}  // namespace

std::vector<Chunk> table_chunks(const TableInput& in, size_t target) {
  const parse::Block& block = *in.table;
  const std::string markdown = table_markdown(block);
  const auto lines = split_lines(markdown);
  // table_to_markdown always writes a header line and a separator (an empty
  // header when the table has none); other Markdown may lack them.
  const size_t header_lines = lines.size() >= 2 && is_separator(lines[1]) ? 2 : 0;
  const size_t body_rows = lines.size() - header_lines;

  // Markdown body line k is table row first_row + k when the shapes agree
  // (no header: every row is a body row). Otherwise parts list all rows.
  const parse::Table* table = block.table ? &*block.table : nullptr;
  const size_t first_row = table && table->has_header ? 1 : 0;
  const bool rows_map =
      table && table->rows.size() >= first_row && table->rows.size() - first_row == body_rows;
  auto table_meta = [&](size_t body_begin, size_t body_end) {
    nlohmann::json rows = nlohmann::json::array();
    if (first_row == 1 && !table->rows.empty()) rows.push_back(cell_texts(table->rows[0]));
    const size_t from = rows_map ? first_row + body_begin : first_row;
    const size_t to = rows_map ? first_row + body_end : table->rows.size();
    for (size_t r = from; r < to; ++r) rows.push_back(cell_texts(table->rows[r]));
    return nlohmann::json{{"rows", rows}, {"has_header", table->has_header}};
  };
  auto make = [&](std::string text, size_t body_begin, size_t body_end) {
    Chunk c;
    c.kind = "table";
    c.text = std::move(text);
    c.positions = in.positions;
    c.metadata["headings"] = in.headings;
    if (table) c.metadata["table"] = table_meta(body_begin, body_end);
    return c;
  };

  std::vector<Chunk> out;
  std::string whole = wrap(in, true, markdown);
  const bool too_many_rows = in.max_rows > 0 && body_rows > in.max_rows;
  if ((count_tokens(whole) <= target && !too_many_rows) || body_rows <= 1) {
    emit(out, make(std::move(whole), 0, body_rows));
    return out;
  }

  // Greedy row groups. Lines are joined with '\n', which is free, so a part's
  // count is the sum of its lines' counts plus the fixed overhead.
  const std::string header = join_lines(lines, 0, header_lines);
  const size_t overhead = count_tokens(wrap(in, false, header));
  const size_t first_extra = count_tokens(in.prefix);
  std::vector<std::pair<size_t, size_t>> groups;  // body line ranges
  size_t begin = 0, used = 0;
  for (size_t k = 0; k < body_rows; ++k) {
    const size_t row = count_tokens(lines[header_lines + k]);
    const size_t budget_used = overhead + (groups.empty() ? first_extra : 0) + used;
    const bool full = in.max_rows > 0 && k - begin >= in.max_rows;
    if (k > begin && (budget_used + row > target || full)) {
      groups.emplace_back(begin, k);
      begin = k;
      used = 0;
    }
    used += row;
  }
  groups.emplace_back(begin, body_rows);

  for (size_t g = 0; g < groups.size(); ++g) {
    const auto [b, e] = groups[g];
    std::string md = header;
    const std::string rows = join_lines(lines, header_lines + b, header_lines + e);
    md += (md.empty() ? "" : "\n") + rows;
    Chunk c = make(wrap(in, g == 0, md), b, e);
    c.metadata["table_part"] = {{"index", g + 1}, {"of", groups.size()}, {"rows", {b + 1, e}}};
    emit(out, std::move(c));
  }
  return out;
}

}  // namespace lore::chunk::detail
