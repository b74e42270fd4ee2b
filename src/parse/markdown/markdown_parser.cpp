// Markdown (GitHub dialect) through md4c's SAX-style callbacks.
//
// Invariant: at any time text goes to exactly one sink — the open table cell,
// else the open list item, else the open code block, else the open leaf block
// (heading / paragraph / HTML block). A top-level list or a table becomes one
// block when it closes, so list items and rows stay together.
#include <md4c.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "parse/block_util.h"
#include "parse/formats.h"
#include "parse/markdown/markdown_util.h"

namespace lore::parse::detail {

namespace {

struct ListFrame {
  bool ordered = false;
  unsigned next_number = 1;
};

struct MarkdownState {
  Document* doc = nullptr;
  std::string leaf;  // heading / paragraph / HTML block text
  int heading_level = 0;
  bool in_code = false;
  bool in_html_block = false;
  size_t html_start = 0;  // where the open HTML block's raw text starts in its sink
  std::string code;
  int quote_depth = 0;
  int image_depth = 0;  // alt text of images is not document text

  std::vector<ListFrame> lists;    // open lists, outermost first
  std::vector<std::string> items;  // lines of the current top-level list
  bool item_has_text = false;      // the current item line has text already

  std::optional<Table> table;
  std::vector<TableCell> row;
  std::string cell;
  bool in_cell = false;
  bool has_title = false;
};

// `keep_lines`: HTML blocks keep one line per element; paragraphs are
// reflowed (soft breaks in Markdown carry no meaning).
void flush_leaf(MarkdownState& s, bool keep_lines = false) {
  if (s.heading_level > 0) {
    std::string title = collapse_text(s.leaf);
    if (s.heading_level == 1 && !s.has_title && !title.empty()) {
      if (!s.doc->metadata.contains("title")) s.doc->metadata["title"] = title;
      s.has_title = true;
    }
    add_block(*s.doc, BlockKind::title, std::move(title), s.heading_level);
  } else {
    add_block(*s.doc, BlockKind::text, keep_lines ? collapse_lines(s.leaf) : collapse_text(s.leaf));
  }
  s.leaf.clear();
  s.heading_level = 0;
}

// Where inline text goes right now (see the file comment).
std::string& sink(MarkdownState& s) {
  if (s.in_cell) return s.cell;
  if (!s.lists.empty() && !s.items.empty()) return s.items.back();
  if (s.in_code) return s.code;
  return s.leaf;
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* userdata) {
  auto& s = *static_cast<MarkdownState*>(userdata);
  switch (type) {
    case MD_BLOCK_H:
      s.heading_level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
      break;
    case MD_BLOCK_CODE:
      s.in_code = true;
      s.code.clear();
      if (!s.lists.empty() && !s.items.empty()) s.items.back() += '\n';
      break;
    case MD_BLOCK_HTML:
      s.in_html_block = true;
      s.html_start = sink(s).size();
      break;
    case MD_BLOCK_QUOTE:
      ++s.quote_depth;
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL: {
      ListFrame frame;
      if (type == MD_BLOCK_OL) {
        frame.ordered = true;
        frame.next_number = static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start;
      }
      s.lists.push_back(frame);
      break;
    }
    case MD_BLOCK_LI: {
      auto& frame = s.lists.back();
      std::string line(2 * (s.lists.size() - 1), ' ');
      line += frame.ordered ? std::to_string(frame.next_number++) + ". " : "- ";
      const auto* li = static_cast<MD_BLOCK_LI_DETAIL*>(detail);
      if (li->is_task) line += (li->task_mark == ' ' ? "[ ] " : "[x] ");
      s.items.push_back(std::move(line));
      s.item_has_text = false;
      break;
    }
    case MD_BLOCK_P:
      // A second paragraph in a loose list item continues the same line.
      if (!s.lists.empty() && s.item_has_text) s.items.back() += ' ';
      break;
    case MD_BLOCK_TABLE:
      s.table.emplace();
      s.table->has_header = true;  // GFM tables always have a header row
      break;
    case MD_BLOCK_TR:
      s.row.clear();
      break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      s.in_cell = true;
      s.cell.clear();
      break;
    default:
      break;
  }
  return 0;
}

int leave_block(MD_BLOCKTYPE type, void* /*detail*/, void* userdata) {
  auto& s = *static_cast<MarkdownState*>(userdata);
  switch (type) {
    case MD_BLOCK_H:
    case MD_BLOCK_P:
      if (s.lists.empty() && !s.in_cell) flush_leaf(s);
      break;
    case MD_BLOCK_HTML:
      s.in_html_block = false;
      if (s.lists.empty()) {
        s.leaf = html_fragment_text(s.leaf);
        flush_leaf(s, /*keep_lines=*/true);
      } else {  // raw HTML inside a list item: keep only its text, in the item
        std::string& item = sink(s);
        const std::string raw = item.substr(std::min(s.html_start, item.size()));
        item.resize(std::min(s.html_start, item.size()));
        item += collapse_text(html_fragment_text(raw));
      }
      break;
    case MD_BLOCK_CODE: {
      s.in_code = false;
      std::string code = std::move(s.code);
      s.code.clear();
      while (!code.empty() && code.back() == '\n') code.pop_back();
      if (!s.lists.empty() && !s.items.empty()) {
        s.items.back() += code;  // a code block inside a list item stays in the item
      } else {
        add_block(*s.doc, BlockKind::code, std::move(code));
      }
      break;
    }
    case MD_BLOCK_QUOTE:
      --s.quote_depth;
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      s.lists.pop_back();
      if (s.lists.empty()) {
        std::string text;
        for (const auto& item : s.items) {
          // Keep the item's indentation and marker; collapse the rest.
          const size_t indent = item.find_first_not_of(' ');
          const std::string body = collapse_lines(item);
          if (body.empty()) continue;
          if (!text.empty()) text += '\n';
          text += std::string(indent == std::string::npos ? 0 : indent, ' ') + body;
        }
        s.items.clear();
        add_block(*s.doc, BlockKind::list, std::move(text));
      }
      break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      s.in_cell = false;
      s.row.push_back(TableCell{collapse_text(s.cell), 1, 1});
      break;
    case MD_BLOCK_TR:
      if (s.table) s.table->rows.push_back(std::move(s.row));
      s.row.clear();
      break;
    case MD_BLOCK_TABLE:
      if (s.table) add_table(*s.doc, std::move(*s.table));
      s.table.reset();
      break;
    default:
      break;
  }
  return 0;
}

int enter_span(MD_SPANTYPE type, void* /*detail*/, void* userdata) {
  auto& s = *static_cast<MarkdownState*>(userdata);
  if (type == MD_SPAN_IMG) ++s.image_depth;
  return 0;
}

int leave_span(MD_SPANTYPE type, void* /*detail*/, void* userdata) {
  auto& s = *static_cast<MarkdownState*>(userdata);
  if (type == MD_SPAN_IMG) --s.image_depth;
  return 0;
}

int on_text(MD_TEXTTYPE type, const MD_CHAR* data, MD_SIZE size, void* userdata) {
  auto& s = *static_cast<MarkdownState*>(userdata);
  const std::string_view t(data, size);
  if (s.image_depth > 0) return 0;
  std::string& out = sink(s);
  switch (type) {
    case MD_TEXT_BR:
      out += '\n';
      break;
    case MD_TEXT_SOFTBR:
      out += '\n';  // collapse_text turns it into a space (or nothing between CJK)
      break;
    case MD_TEXT_NULLCHAR:
      out += "\xEF\xBF\xBD";
      break;
    case MD_TEXT_ENTITY:
      out += decode_entity(t);
      break;
    case MD_TEXT_HTML:
      // Raw HTML: kept for HTML blocks (stripped at the end), dropped inline.
      if (s.in_html_block) out += t;
      break;
    default:
      out += t;
      break;
  }
  if (!s.lists.empty() && !s.in_code && !text::trim(t).empty()) s.item_has_text = true;
  return 0;
}

}  // namespace

void parse_markdown(std::string_view text, Document& doc) {
  const FrontMatter front = split_front_matter(text);
  for (const auto& [key, value] : front.fields.items())
    if (key != "encoding") doc.metadata[key] = value;

  MarkdownState state;
  state.doc = &doc;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_DIALECT_GITHUB;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = on_text;
  const std::string_view body = front.body;
  if (md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, &state) != 0)
    throw Error(ErrorCode::bad_input, doc.source_name + ": Markdown parser failed");
}

}  // namespace lore::parse::detail
