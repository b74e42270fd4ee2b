// The document model every parser produces (ARCHITECTURE.md, "The document model").
//
// Blocks come in reading order. Coordinates are PDF points with a top-left
// origin; formats without pages (text, HTML, ...) have one logical page 1 and
// no bbox (bbox.empty()). Table and figure blocks are atomic for chunkers.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lore::parse {

enum class BlockKind { title, text, list, table, figure, caption, header, footer, reference, equation, code };

std::string_view block_kind_name(BlockKind kind);
// Throws Error{invalid_argument} on an unknown name.
BlockKind block_kind_from_name(std::string_view name);

struct BBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
};

struct TableCell {
  std::string text;
  int row_span = 1;
  int col_span = 1;
};

// rows[0] is the header row when has_header is true.
struct Table {
  std::vector<std::vector<TableCell>> rows;
  bool has_header = false;
};

// A figure's pixels, cropped from the page (or the image file itself). The
// ingest pipeline stores `bytes` as a blob and keeps only its sha256.
struct Image {
  std::string format;  // "png" | "jpeg" | …
  std::string bytes;   // encoded image; may be empty once stored
  std::string blob_sha256;
  int width = 0, height = 0;  // pixels
  std::string caption;        // the caption block's text, when one was attached
  std::string ocr_text;       // text recognised inside the figure, if any
};

struct Page {
  int number = 1;
  double width = 0, height = 0;  // 0 for formats without a page geometry
};

struct Block {
  BlockKind kind = BlockKind::text;
  int page = 1;
  BBox bbox;
  std::string text;           // for tables: Markdown rendering of `table`
  int level = 0;              // heading level for titles (1 = top), else 0
  std::optional<Table> table;  // set for kind == table
  std::optional<Image> image;  // set for kind == figure when pixels are available
  double confidence = -1;      // OCR mean word confidence 0..100; -1 when not from OCR
};

struct Document {
  std::string source_name;  // the name it was ingested under
  std::string mime;
  std::vector<Page> pages;
  std::vector<Block> blocks;
  nlohmann::json metadata = nlohmann::json::object();  // title, author, encoding, ...
};

// Renders a table as GitHub-flavoured Markdown (header row, separator, rows;
// pipes and newlines in cells escaped). Spanned cells are repeated so that
// every row has the same number of columns.
std::string table_to_markdown(const Table& table);

// Renders the document as Markdown in reading order: titles as '#' x level,
// lists and text as paragraphs, tables as pipe tables, code fenced, captions
// and references as paragraphs; page headers and footers are left out.
std::string to_markdown(const Document& doc);

nlohmann::json to_json(const Document& doc);
nlohmann::json to_json(const Block& block);
nlohmann::json to_json(const BBox& bbox);  // [x0, y0, x1, y1]

}  // namespace lore::parse
