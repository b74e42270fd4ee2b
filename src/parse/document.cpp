#include "parse/document.h"

#include <algorithm>

#include "core/error.h"

namespace lore::parse {

namespace {
constexpr std::array<std::string_view, 11> kKindNames = {
    "title", "text", "list", "table", "figure", "caption", "header", "footer", "reference", "equation", "code"};
}

std::string_view block_kind_name(BlockKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

BlockKind block_kind_from_name(std::string_view name) {
  for (size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == name) return static_cast<BlockKind>(i);
  throw Error(ErrorCode::invalid_argument, "unknown block kind \"" + std::string(name) + "\"");
}

namespace {

std::string escape_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

// Expands row/col spans into a dense grid of cell texts.
std::vector<std::vector<std::string>> dense_grid(const Table& table) {
  std::vector<std::vector<std::string>> grid(table.rows.size());
  std::vector<std::vector<bool>> taken(table.rows.size());
  for (size_t r = 0; r < table.rows.size(); ++r) {
    size_t c = 0;
    for (const auto& cell : table.rows[r]) {
      while (c < taken[r].size() && taken[r][c]) ++c;
      for (int dr = 0; dr < std::max(1, cell.row_span); ++dr) {
        const size_t rr = r + static_cast<size_t>(dr);
        if (rr >= grid.size()) break;
        for (int dc = 0; dc < std::max(1, cell.col_span); ++dc) {
          const size_t cc = c + static_cast<size_t>(dc);
          if (grid[rr].size() <= cc) { grid[rr].resize(cc + 1); taken[rr].resize(cc + 1, false); }
          grid[rr][cc] = cell.text;
          taken[rr][cc] = true;
        }
      }
      c += static_cast<size_t>(std::max(1, cell.col_span));
    }
  }
  return grid;
}

}  // namespace

std::string table_to_markdown(const Table& table) {
  auto grid = dense_grid(table);
  size_t cols = 0;
  for (const auto& row : grid) cols = std::max(cols, row.size());
  if (cols == 0) return "";
  std::string out;
  auto emit_row = [&](const std::vector<std::string>& row) {
    out += '|';
    for (size_t c = 0; c < cols; ++c) {
      out += ' ';
      if (c < row.size()) out += escape_cell(row[c]);
      out += " |";
    }
    out += '\n';
  };
  size_t first_body = 0;
  if (table.has_header && !grid.empty()) {
    emit_row(grid[0]);
    first_body = 1;
  } else {
    emit_row(std::vector<std::string>(cols));
  }
  out += '|';
  for (size_t c = 0; c < cols; ++c) out += " --- |";
  out += '\n';
  for (size_t r = first_body; r < grid.size(); ++r) emit_row(grid[r]);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

nlohmann::json to_json(const BBox& b) { return nlohmann::json::array({b.x0, b.y0, b.x1, b.y1}); }

nlohmann::json to_json(const Block& block) {
  nlohmann::json j = {{"kind", block_kind_name(block.kind)}, {"page", block.page}, {"text", block.text}};
  if (!block.bbox.empty()) j["bbox"] = to_json(block.bbox);
  if (block.level > 0) j["level"] = block.level;
  if (block.table) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : block.table->rows) {
      nlohmann::json cells = nlohmann::json::array();
      for (const auto& cell : row) {
        nlohmann::json c = {{"text", cell.text}};
        if (cell.row_span > 1) c["row_span"] = cell.row_span;
        if (cell.col_span > 1) c["col_span"] = cell.col_span;
        cells.push_back(c);
      }
      rows.push_back(cells);
    }
    j["table"] = {{"rows", rows}, {"has_header", block.table->has_header}};
  }
  if (block.image) {
    const Image& im = *block.image;
    nlohmann::json image = {{"format", im.format}, {"width", im.width}, {"height", im.height}};
    if (!im.blob_sha256.empty()) image["blob"] = im.blob_sha256;
    if (!im.caption.empty()) image["caption"] = im.caption;
    if (!im.ocr_text.empty()) image["ocr_text"] = im.ocr_text;
    j["image"] = image;
  }
  if (block.confidence >= 0) j["confidence"] = block.confidence;
  return j;
}

nlohmann::json to_json(const Document& doc) {
  nlohmann::json pages = nlohmann::json::array();
  for (const auto& p : doc.pages) pages.push_back({{"number", p.number}, {"width", p.width}, {"height", p.height}});
  nlohmann::json blocks = nlohmann::json::array();
  for (const auto& b : doc.blocks) blocks.push_back(to_json(b));
  return {{"source_name", doc.source_name}, {"mime", doc.mime}, {"pages", pages},
          {"blocks", blocks}, {"metadata", doc.metadata}};
}

}  // namespace lore::parse
