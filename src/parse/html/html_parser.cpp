// HTML through gumbo (an HTML5-conformant parser, so broken markup is
// repaired the way browsers repair it).
//
// Page chrome and non-content (script, style, nav, body-level header, footer
// and aside, ...) is dropped; the rest is walked in document order. Inline
// text accumulates until a block-level element starts or ends, then becomes a
// text block; headings, lists, <pre> and tables become blocks of their kind.
#include <gumbo.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/text.h"
#include "parse/block_util.h"
#include "parse/formats.h"

namespace lore::parse::detail {

namespace {

// Deeper subtrees are skipped: recursion must not overflow the stack on
// adversarial nesting, and no real page nests content this deep.
constexpr int kMaxDepth = 256;
// Browsers clamp colspan to 1000 and rowspan to 65534; a smaller cap keeps a
// hostile span from exploding the dense grid in table_to_markdown.
constexpr int kMaxSpan = 1000;

using Output = std::unique_ptr<GumboOutput, void (*)(GumboOutput*)>;

// Gumbo records each parse error with a copy of the open-element stack, so
// unclosed nesting costs quadratic memory (20k nested <div> took 3 GB); we
// never read the errors, so none are recorded.
Output parse_gumbo(std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
  return Output(out, [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
}

bool is_element(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}
GumboTag tag_of(const GumboNode* n) { return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

const GumboVector& children(const GumboNode* n) {
  return n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
}

template <typename F>
void for_each_child(const GumboNode* n, F f) {
  const GumboVector& kids = children(n);
  for (unsigned i = 0; i < kids.length; ++i) f(static_cast<const GumboNode*>(kids.data[i]));
}

// Elements whose content is never document text.
bool is_dropped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

// <header>, <footer> and <aside> directly under <body> are site chrome
// (banner, copyright, sidebar); inside an <article> they are content.
bool is_chrome(const GumboNode* n) {
  const GumboTag tag = tag_of(n);
  if (tag != GUMBO_TAG_HEADER && tag != GUMBO_TAG_FOOTER && tag != GUMBO_TAG_ASIDE) return false;
  return n->parent && tag_of(n->parent) == GUMBO_TAG_BODY;
}

bool skip(const GumboNode* n) { return is_element(n) && (is_dropped(tag_of(n)) || is_chrome(n)); }

// Phrasing content: joins the surrounding text. Everything else (including
// unknown and custom elements, which are usually containers) breaks the flow.
bool is_inline(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_B:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_I:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_U:
    case GUMBO_TAG_VAR:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_TT:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_INS:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_NOBR:
    case GUMBO_TAG_RUBY:
    case GUMBO_TAG_RT:
    case GUMBO_TAG_RP:
    case GUMBO_TAG_ACRONYM:
    case GUMBO_TAG_OUTPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_UNKNOWN:
      return true;
    default:
      return false;
  }
}

// Gumbo's strings are not always UTF-8: an overflowing numeric character
// reference (&#xaaaa...;) comes out as a stray byte. Every string read from
// the tree goes through these two.
std::string attribute(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? text::to_valid_utf8(a->value) : std::string();
}
std::string node_text(const GumboNode* n) { return text::to_valid_utf8(n->v.text.text); }

int span_attribute(const GumboNode* n, const char* name) {
  const int v = std::atoi(attribute(n, name).c_str());
  return std::clamp(v, 1, kMaxSpan);
}

// Text of a subtree: <br> and block boundaries become '\n'. When `lists` is
// given, nested <ul>/<ol> are collected there instead of read as text.
void collect_text(const GumboNode* n, std::string& out, std::vector<const GumboNode*>* lists, int depth = 0) {
  if (depth > kMaxDepth) return;
  switch (n->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
      out += node_text(n);
      return;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      break;
    default:
      return;
  }
  if (skip(n)) return;
  const GumboTag tag = tag_of(n);
  if (tag == GUMBO_TAG_BR) {
    out += '\n';
    return;
  }
  if (lists && (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL)) {
    lists->push_back(n);
    return;
  }
  const bool block = !is_inline(tag);
  if (block) out += '\n';
  for_each_child(n, [&](const GumboNode* c) { collect_text(c, out, lists, depth + 1); });
  if (block) out += '\n';
}

std::string inline_text(const GumboNode* n) {
  std::string raw;
  collect_text(n, raw, nullptr);
  return collapse_text(raw);
}

// Appends the lines of a (possibly nested) list: "- item" or "1. item",
// indented two spaces per nesting level.
void list_lines(const GumboNode* list, int depth, std::vector<std::string>& lines) {
  const bool ordered = tag_of(list) == GUMBO_TAG_OL;
  int number = ordered && !attribute(list, "start").empty() ? std::atoi(attribute(list, "start").c_str()) : 1;
  for_each_child(list, [&](const GumboNode* item) {
    const GumboTag tag = tag_of(item);
    if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL) {  // invalid but common: a list directly in a list
      if (depth < kMaxDepth) list_lines(item, depth + 1, lines);
      return;
    }
    if (tag != GUMBO_TAG_LI || skip(item)) return;
    std::string raw;
    std::vector<const GumboNode*> nested;
    for_each_child(item, [&](const GumboNode* c) { collect_text(c, raw, &nested); });
    const std::string text = collapse_text(raw);
    const std::string marker = ordered ? std::to_string(number++) + ". " : "- ";
    if (!text.empty()) lines.push_back(std::string(2 * static_cast<size_t>(depth), ' ') + marker + text);
    for (const GumboNode* sub : nested)
      if (depth < kMaxDepth) list_lines(sub, depth + 1, lines);
  });
}

std::string preformatted_text(const GumboNode* n) {
  std::string raw;
  collect_text(n, raw, nullptr);
  // collect_text adds '\n' around the <pre> itself; trim blank edges only.
  const size_t first = raw.find_first_not_of('\n');
  if (first == std::string::npos) return "";
  raw.erase(0, first);
  while (!raw.empty() && (raw.back() == '\n' || raw.back() == ' ' || raw.back() == '\t')) raw.pop_back();
  return raw;
}

class Walker {
 public:
  explicit Walker(Document& doc) : doc_(doc) {}

  void walk(const GumboNode* n, int depth = 0) {
    if (depth > kMaxDepth) return;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
      pending_ += node_text(n);
      return;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE && n->type != GUMBO_NODE_DOCUMENT)
      return;
    if (skip(n)) return;
    const GumboTag tag = tag_of(n);
    switch (tag) {
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
        flush();
        add_block(doc_, BlockKind::title, inline_text(n), static_cast<int>(tag - GUMBO_TAG_H1) + 1);
        return;
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL: {
        flush();
        std::vector<std::string> lines;
        list_lines(n, 0, lines);
        std::string text;
        for (const auto& line : lines) text += (text.empty() ? "" : "\n") + line;
        add_block(doc_, BlockKind::list, std::move(text));
        return;
      }
      case GUMBO_TAG_PRE:
        flush();
        add_block(doc_, BlockKind::code, preformatted_text(n));
        return;
      case GUMBO_TAG_TABLE:
        flush();
        walk_table(n, depth);
        return;
      case GUMBO_TAG_BR:
        pending_ += '\n';
        return;
      default:
        break;
    }
    const bool block = n->type == GUMBO_NODE_DOCUMENT || !is_inline(tag);
    if (block) flush();
    for_each_child(n, [&](const GumboNode* c) { walk(c, depth + 1); });
    if (block) flush();
  }

  void flush() {
    add_block(doc_, BlockKind::text, collapse_lines(pending_));
    pending_.clear();
  }

 private:
  void walk_table(const GumboNode* table_node, int depth) {
    Table table;
    std::string caption;
    bool first_row_in_thead = false;
    std::vector<const GumboNode*> rows;
    for_each_child(table_node, [&](const GumboNode* c) {
      const GumboTag tag = tag_of(c);
      if (tag == GUMBO_TAG_CAPTION)
        caption = inline_text(c);
      else if (tag == GUMBO_TAG_TR)
        rows.push_back(c);
      else if (tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT)
        for_each_child(c, [&](const GumboNode* r) {
          if (tag_of(r) != GUMBO_TAG_TR) return;
          if (rows.empty() && tag == GUMBO_TAG_THEAD) first_row_in_thead = true;
          rows.push_back(r);
        });
    });
    bool first_row_all_th = false;
    const GumboNode* only_cell = nullptr;
    size_t cell_count = 0;
    for (const GumboNode* r : rows) {
      std::vector<TableCell> row;
      bool all_th = true;
      for_each_child(r, [&](const GumboNode* c) {
        const GumboTag tag = tag_of(c);
        if (tag != GUMBO_TAG_TD && tag != GUMBO_TAG_TH) return;
        all_th = all_th && tag == GUMBO_TAG_TH;
        row.push_back(TableCell{inline_text(c), span_attribute(c, "rowspan"), span_attribute(c, "colspan")});
        only_cell = c;
        ++cell_count;
      });
      if (row.empty()) continue;
      if (table.rows.empty()) first_row_all_th = all_th;
      table.rows.push_back(std::move(row));
    }
    // A one-cell table is layout, not data: read its content as flow.
    if (cell_count == 1) {
      add_block(doc_, BlockKind::caption, caption);
      for_each_child(only_cell, [&](const GumboNode* c) { walk(c, depth + 1); });
      flush();
      return;
    }
    table.has_header = !table.rows.empty() && (first_row_in_thead || first_row_all_th);
    add_block(doc_, BlockKind::caption, caption);
    add_table(doc_, std::move(table));
  }

  Document& doc_;
  std::string pending_;  // inline text not yet emitted
};

const GumboNode* find_element(const GumboNode* n, GumboTag tag, int depth = 0) {
  if (depth > kMaxDepth || (!is_element(n) && n->type != GUMBO_NODE_DOCUMENT)) return nullptr;
  if (is_element(n) && n->v.element.tag == tag && n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML)
    return n;
  const GumboVector& kids = children(n);
  for (unsigned i = 0; i < kids.length; ++i)
    if (auto* found = find_element(static_cast<const GumboNode*>(kids.data[i]), tag, depth + 1)) return found;
  return nullptr;
}

// <title> and <meta name="author|description|keywords"> from <head>.
void read_head(const GumboNode* root, Document& doc) {
  const GumboNode* head = find_element(root, GUMBO_TAG_HEAD);
  if (!head) return;
  for_each_child(head, [&](const GumboNode* c) {
    const GumboTag tag = tag_of(c);
    if (tag == GUMBO_TAG_TITLE && !doc.metadata.contains("title")) {
      std::string title;
      for_each_child(c, [&](const GumboNode* t) {
        if (t->type == GUMBO_NODE_TEXT) title += node_text(t);
      });
      title = collapse_text(title);
      if (!title.empty()) doc.metadata["title"] = title;
    } else if (tag == GUMBO_TAG_META) {
      const std::string name = text::ascii_lower(attribute(c, "name"));
      const std::string content = collapse_text(attribute(c, "content"));
      if ((name == "author" || name == "description" || name == "keywords") && !content.empty())
        doc.metadata[name] = content;
    }
  });
}

}  // namespace

void parse_html(std::string_view text, Document& doc) {
  const Output out = parse_gumbo(text);
  read_head(out->root, doc);
  const GumboNode* body = find_element(out->root, GUMBO_TAG_BODY);
  Walker walker(doc);
  walker.walk(body ? body : out->root);
  walker.flush();
}

std::string html_fragment_text(std::string_view html) {
  const Output out = parse_gumbo(html);
  const GumboNode* body = find_element(out->root, GUMBO_TAG_BODY);
  if (!body) return "";
  std::string raw;
  collect_text(body, raw, nullptr);
  return collapse_lines(raw);
}

}  // namespace lore::parse::detail
