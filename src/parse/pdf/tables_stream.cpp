// Stream tables: tables without ruling lines, found from the alignment of
// text alone (the idea of pdfplumber's "text" strategy and Camelot's stream).
//
// Lines (lines.cpp already ends a line at any gap wider than ~0.8 em, so a
// line is a text run: a cell, or a line of a prose column) are grouped into
// rows by their vertical centre. A run of close rows that each hold at least
// three runs is a candidate; its columns are the x-ranges covered by those
// runs, separated by gutters no run crosses. Wrong tables cost more than
// missed ones (prose cut into cells is unreadable), so a candidate must also
// look like data: short cells, at least three columns and three rows, no
// prose line crossing a gutter, no monospace (aligned code).
#include <algorithm>
#include <cctype>
#include <numeric>

#include "core/text.h"
#include "parse/pdf/pdf_regions.h"

namespace lore::parse::pdf {

namespace {

// Lines whose centres are closer than this share of the smaller height are
// on one row.
constexpr double kSameRowShare = 0.5;
// Rows further apart than this many line heights (baseline to baseline,
// in units of the taller row) end a table.
constexpr double kMaxRowPitch = 2.2;
// A row is tabular with at least this many runs; a table needs this many columns.
constexpr size_t kMinColumns = 3;
// A table needs this many tabular rows.
constexpr size_t kMinTabularRows = 3;
// Rows inside a table with fewer runs (wrapped cells, row labels set
// between the rows they label) may follow each other at most this often.
constexpr size_t kMaxLooseRows = 2;
// Cells of data are short: the median non-empty cell has at most this many
// words (a line of a prose column has 6-12).
constexpr double kMaxMedianCellWords = 4;
// Columns whose runs have this many words on average read as prose (a
// text column beside the table): they are not part of it.
constexpr double kProseColumnWords = 6;
// Share of a table's rows (after the header rows) whose runs may cross a
// gutter: more is prose or a diagram label, not a table.
constexpr double kMaxCrossingShare = 0.1;
// At least one column's median cell has at most this many words.
constexpr double kShortColumnWords = 2;
// Share of cells that may read as running text (>= 3 words, lower case first).
constexpr double kMaxRunningShare = 0.25;
// Body rows must fill this share of their cells (an equation laid out in
// runs leaves most empty), and math fonts may hold this share of the text.
constexpr double kMinFilledShare = 0.5;
constexpr double kMaxMathShare = 0.3;
// Header rows (at the top) may hold runs spanning several columns; header
// cells are short.
constexpr size_t kMaxHeaderRows = 3;
// A row whose centre is closer than this share of the taller row's height
// to a neighbouring row's centre is not a row of its own: it holds the
// other lines of a cell that wraps while the neighbour's cells are set once,
// vertically centred (fold_wrapped_lines). Rows of a table are at least a
// line pitch (about 1.2 heights) apart.
constexpr double kWrappedRowShare = 0.8;
constexpr size_t kMaxHeaderCellWords = 6;
// An edge column is a column of the page when a line of at least this many
// words confined to it stands within kNeighbourRows rows (and
// kNeighbourReach row heights) above or below the table.
constexpr size_t kPageColumnWords = 4;
constexpr size_t kNeighbourRows = 3;
constexpr double kNeighbourReach = 6;

struct Row {
  double y0 = 0, y1 = 0;
  std::vector<int> lines;  // indices into the page's lines, left to right
};

size_t word_count(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\n';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

bool usable(const Line& l) {
  return l.role == LineRole::body && l.region < 0 && l.rotation == 0 && l.chars > 0 &&
         2 * l.mono_chars <= l.chars && !text::trim(l.text).empty();
}

std::vector<Row> build_rows(const std::vector<Line>& lines, const std::vector<Region>& taken) {
  std::vector<int> order;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (!usable(l)) continue;
    const double cx = (l.box.x0 + l.box.x1) / 2, cy = l.box.center_y();
    const bool inside_region = std::any_of(taken.begin(), taken.end(), [&](const Region& r) {
      return cx >= r.box.x0 && cx <= r.box.x1 && cy >= r.box.y0 && cy <= r.box.y1;
    });
    if (!inside_region) order.push_back(static_cast<int>(i));
  }
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return lines[a].box.center_y() < lines[b].box.center_y(); });
  std::vector<Row> rows;
  for (size_t start = 0; start < order.size();) {
    const Line& first = lines[order[start]];
    size_t end = start + 1;
    while (end < order.size()) {
      const Line& l = lines[order[end]];
      if (l.box.center_y() - first.box.center_y() >=
          kSameRowShare * std::min(first.box.height(), l.box.height()))
        break;
      ++end;
    }
    Row row;
    row.lines.assign(order.begin() + static_cast<long>(start), order.begin() + static_cast<long>(end));
    std::sort(row.lines.begin(), row.lines.end(),
              [&](int a, int b) { return lines[a].box.x0 < lines[b].box.x0; });
    row.y0 = lines[row.lines[0]].box.y0;
    row.y1 = lines[row.lines[0]].box.y1;
    for (int i : row.lines) {
      row.y0 = std::min(row.y0, lines[i].box.y0);
      row.y1 = std::max(row.y1, lines[i].box.y1);
    }
    rows.push_back(std::move(row));
    start = end;
  }
  return rows;
}

struct Column {
  double x0, x1;
};

// X-ranges covered by the runs of `rows` (union of intervals), left to right.
std::vector<Column> columns_of(const std::vector<Line>& lines, const std::vector<const Row*>& rows) {
  std::vector<Column> spans;
  for (const Row* r : rows)
    for (int i : r->lines) spans.push_back({lines[i].box.x0, lines[i].box.x1});
  std::sort(spans.begin(), spans.end(), [](const Column& a, const Column& b) { return a.x0 < b.x0; });
  std::vector<Column> out;
  for (const Column& s : spans) {
    if (!out.empty() && s.x0 <= out.back().x1)
      out.back().x1 = std::max(out.back().x1, s.x1);
    else
      out.push_back(s);
  }
  return out;
}

// The columns a run covers: [first, last], or first > last when it lies
// outside them all (in a gutter or beyond the table).
std::pair<size_t, size_t> columns_covered(const Line& l, const std::vector<Column>& cols) {
  size_t first = cols.size(), last = 0;
  for (size_t c = 0; c < cols.size(); ++c) {
    if (l.box.x1 <= cols[c].x0 || l.box.x0 >= cols[c].x1) continue;
    first = std::min(first, c);
    last = std::max(last, c);
  }
  return {first, last};
}

size_t nearest_column(double x, const std::vector<Column>& cols) {
  size_t best = 0;
  double best_d = 1e18;
  for (size_t c = 0; c < cols.size(); ++c) {
    const double d = x < cols[c].x0 ? cols[c].x0 - x : (x > cols[c].x1 ? x - cols[c].x1 : 0);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Is the edge column (left when `left_edge`) a column of the page rather
// than of the table? Then prose confined to it goes on right above or
// below the table (the text of a two-column page), where a table's own
// columns meet a caption or paragraph running across them all.
bool page_column(const std::vector<Line>& lines, const std::vector<Row>& rows, size_t begin, size_t end,
                 const std::vector<Column>& cols, bool left_edge) {
  const Column& edge = left_edge ? cols.front() : cols.back();
  const Column& next = left_edge ? cols[1] : cols[cols.size() - 2];
  auto confined = [&](const Line& l) {
    const bool in_band = left_edge ? (l.box.x1 > edge.x0 && l.box.x0 < edge.x1 && l.box.x1 < next.x0)
                                   : (l.box.x0 < edge.x1 && l.box.x1 > edge.x0 && l.box.x0 > next.x1);
    return in_band && word_count(l.text) >= kPageColumnWords;
  };
  const double height = rows[begin].y1 - rows[begin].y0;
  for (size_t k = 1; k <= kNeighbourRows; ++k) {
    if (begin >= k && rows[begin].y0 - rows[begin - k].y1 < kNeighbourReach * height)
      for (int i : rows[begin - k].lines)
        if (confined(lines[i])) return true;
    if (end - 1 + k < rows.size() && rows[end - 1 + k].y0 - rows[end - 1].y1 < kNeighbourReach * height)
      for (int i : rows[end - 1 + k].lines)
        if (confined(lines[i])) return true;
  }
  return false;
}

// Can `row` (right above `below`) be a header row of a table on columns
// `cols`: close, its text inside the table's width in short runs, none of
// them running across every column (a caption or a paragraph)?
bool header_row(const std::vector<Line>& lines, const Row& row, const Row& below,
                const std::vector<Column>& cols) {
  const double left = cols.front().x0, right = cols.back().x1;
  if (below.y0 - row.y0 > kMaxRowPitch * std::max(row.y1 - row.y0, below.y1 - below.y0)) return false;
  const double tol = 0.5 * (row.y1 - row.y0);
  size_t inside = 0;
  for (int i : row.lines) {
    const Line& l = lines[i];
    if (l.box.x1 <= left || l.box.x0 >= right) continue;  // beside the table
    if (l.box.x0 < left - tol || l.box.x1 > right + tol) return false;
    if (word_count(l.text) > kMaxHeaderCellWords) return false;
    const auto [first, last] = columns_covered(l, cols);
    if (first == 0 && last + 1 == cols.size()) return false;
    ++inside;
  }
  return inside > 0;
}

// One row's runs placed in columns: text per column, and for each column
// the last column its run covers (spans).
struct PlacedRow {
  std::vector<std::string> texts;
  std::vector<size_t> span_end;
  bool crossing = false;          // a run crosses a gutter or sits in one
  double centre = 0, height = 0;  // of the page row it was placed from
};

PlacedRow place(const std::vector<Line>& lines, const Row& row, const std::vector<Column>& cols) {
  const double left = cols.front().x0, right = cols.back().x1;
  PlacedRow p;
  p.texts.resize(cols.size());
  p.span_end.resize(cols.size());
  for (size_t c = 0; c < cols.size(); ++c) p.span_end[c] = c;
  for (int i : row.lines) {
    const Line& l = lines[i];
    const double cx = (l.box.x0 + l.box.x1) / 2;
    if (cx < left || cx > right) continue;  // beside the table (a prose column)
    auto [first, last] = columns_covered(l, cols);
    if (first > last) {  // in a gutter: the nearest column, but it does not align
      first = last = nearest_column(cx, cols);
      p.crossing = true;
    }
    if (last > first) {
      p.crossing = true;
      p.span_end[first] = std::max(p.span_end[first], last);
    }
    if (!p.texts[first].empty()) p.texts[first] += ' ';
    p.texts[first] += text::trim(l.text);
  }
  return p;
}

std::vector<TableCell> cells_of(PlacedRow p) {
  std::vector<TableCell> cells;
  for (size_t c = 0; c < p.texts.size();) {
    TableCell cell;
    cell.text = std::move(p.texts[c]);
    size_t last = p.span_end[c];
    for (size_t k = c + 1; k <= last; ++k) {  // columns covered by one run: one cell
      if (!p.texts[k].empty()) cell.text += (cell.text.empty() ? "" : " ") + p.texts[k];
      last = std::max(last, p.span_end[k]);
    }
    cell.col_span = static_cast<int>(last - c + 1);
    cells.push_back(std::move(cell));
    c = last + 1;
  }
  return cells;
}

// Folds into their row the lines of cells that wrap around it: a row set
// half a line above or below a fuller row, whose filled columns are all
// empty in that row ("Chlorine and inorganic compounds" / "10 000 | - | -" /
// "(as HCl)"), joins it, its text before (above) or after (below) the row's.
// Rows before `from` (the header) are left alone.
void fold_wrapped_lines(std::vector<PlacedRow>& placed, size_t from) {
  std::vector<std::vector<bool>> own(placed.size());  // columns a row filled before any folding
  for (size_t r = 0; r < placed.size(); ++r)
    for (const auto& t : placed[r].texts) own[r].push_back(!t.empty());
  auto count = [](const std::vector<bool>& v) { return std::count(v.begin(), v.end(), true); };
  auto foldable = [&](size_t line, size_t row) {
    if (row < from || row >= placed.size() || placed[line].crossing) return false;
    if (std::abs(placed[line].centre - placed[row].centre) >=
        kWrappedRowShare * std::max(placed[line].height, placed[row].height))
      return false;
    if (count(own[line]) == 0 || count(own[line]) >= count(own[row])) return false;
    for (size_t c = 0; c < own[line].size(); ++c)
      if (own[line][c] && own[row][c]) return false;
    return true;
  };
  for (size_t r = from; r < placed.size();) {
    const bool up = r > 0 && foldable(r, r - 1), down = foldable(r, r + 1);
    if (!up && !down) {
      ++r;
      continue;
    }
    auto gap = [&](size_t other) { return std::abs(placed[r].centre - placed[other].centre); };
    const size_t into = up && (!down || gap(r - 1) <= gap(r + 1)) ? r - 1 : r + 1;
    for (size_t c = 0; c < placed[r].texts.size(); ++c) {
      const std::string& t = placed[r].texts[c];
      if (t.empty()) continue;
      std::string& to = placed[into].texts[c];
      to = to.empty() ? t : (into > r ? t + " " + to : to + " " + t);
    }
    placed.erase(placed.begin() + static_cast<long>(r));
    own.erase(own.begin() + static_cast<long>(r));
    if (into < r) --r;  // the row folded into may take the next line too
  }
}

// A table from rows[begin, end) of the page (plus header rows above), or nothing.
std::optional<Region> build_table(const std::vector<Line>& lines, const std::vector<Row>& rows, size_t begin,
                                  size_t end) {
  std::vector<const Row*> tabular;
  for (size_t r = begin; r < end; ++r)
    if (rows[r].lines.size() >= kMinColumns) tabular.push_back(&rows[r]);
  if (tabular.size() < kMinTabularRows) return std::nullopt;
  std::vector<Column> cols = columns_of(lines, tabular);
  // A prose column beside the table (two-column pages) joins every row:
  // its long runs, or its text going on above or below, mark it.
  auto prose = [&](const Column& c) {
    std::vector<double> words;
    for (const Row* r : tabular)
      for (int i : r->lines)
        if (lines[i].box.x0 >= c.x0 && lines[i].box.x1 <= c.x1)
          words.push_back(static_cast<double>(word_count(lines[i].text)));
    return !words.empty() &&
           std::accumulate(words.begin(), words.end(), 0.0) / static_cast<double>(words.size()) >=
               kProseColumnWords;
  };
  while (cols.size() >= kMinColumns &&
         (prose(cols.front()) || page_column(lines, rows, begin, end, cols, true)))
    cols.erase(cols.begin());
  while (cols.size() >= kMinColumns &&
         (prose(cols.back()) || page_column(lines, rows, begin, end, cols, false)))
    cols.pop_back();
  if (cols.size() < kMinColumns) return std::nullopt;

  // Header lines above the first tabular row, and the sparser rows that
  // open the table ("State funded | CSOs" over "legal aid"), are merged
  // column by column into one header row.
  size_t top = begin;
  while (top > 0 && begin - top < kMaxHeaderRows && header_row(lines, rows[top - 1], rows[top], cols)) --top;
  std::vector<PlacedRow> placed;
  std::vector<double> fills;  // parallel to placed until the header is found
  for (size_t r = top; r < end; ++r) {
    placed.push_back(place(lines, rows[r], cols));
    placed.back().centre = (rows[r].y0 + rows[r].y1) / 2;
    placed.back().height = rows[r].y1 - rows[r].y0;
    fills.push_back(static_cast<double>(std::count_if(placed.back().texts.begin(), placed.back().texts.end(),
                                                      [](const std::string& t) { return !t.empty(); })));
  }
  // Rows holding nothing inside the table (a line of a prose column beside
  // it, set at another pitch) are not rows of it.
  for (size_t k = placed.size(); k-- > 0;)
    if (fills[k] == 0 && k >= begin - top) {
      placed.erase(placed.begin() + static_cast<long>(k));
      fills.erase(fills.begin() + static_cast<long>(k));
    }
  const double typical_fill = median(fills);
  size_t head = begin - top;
  while (head < kMaxHeaderRows && head + kMinTabularRows <= placed.size() && fills[head] < typical_fill &&
         std::all_of(placed[head].texts.begin(), placed[head].texts.end(),
                     [](const std::string& t) { return word_count(t) <= kMaxHeaderCellWords; }))
    ++head;
  // Group headings (runs spanning columns) stay rows of their own: merged,
  // their span would swallow the column headings below. The header rows
  // under the last group heading are column headings set on several lines
  // ("to air" over "kg/year"): they are merged column by column.
  size_t first_plain = 0;  // the first header row after the last spanning one
  for (size_t r = 0; r < head; ++r)
    if (placed[r].crossing) first_plain = r + 1;
  for (size_t r = first_plain + 1; r < head; ++r) {
    for (size_t c = 0; c < cols.size(); ++c) {
      std::string& to = placed[first_plain].texts[c];
      if (!placed[r].texts[c].empty()) to += (to.empty() ? "" : " ") + placed[r].texts[c];
      placed[first_plain].span_end[c] = std::max(placed[first_plain].span_end[c], placed[r].span_end[c]);
    }
  }
  if (head > first_plain + 1) {
    const auto from = static_cast<long>(first_plain + 1), to = static_cast<long>(head);
    placed.erase(placed.begin() + from, placed.begin() + to);
  }
  // The body starts after the (merged) column headings, or after the last
  // group heading when none follow it; the first row is a header in any case.
  const size_t body_from = first_plain < head ? first_plain + 1 : std::max<size_t>(head, 1);
  fold_wrapped_lines(placed, body_from);

  Table table;
  std::vector<double> cell_words;
  size_t crossing_rows = 0, body_rows = 0;
  for (size_t r = 0; r < placed.size(); ++r) {
    if (r >= body_from) {  // spanning runs are normal in the header (group headings)
      ++body_rows;
      crossing_rows += placed[r].crossing ? 1 : 0;
    }
    for (const auto& t : placed[r].texts)
      if (!t.empty()) cell_words.push_back(static_cast<double>(word_count(t)));
    table.rows.push_back(cells_of(std::move(placed[r])));
  }
  // Rows of data fill most of their cells, and enough rows do: a displayed
  // equation (a fraction over a sum, a number at the margin) does not.
  size_t full_rows = 0, filled = 0, cells = 0;
  for (size_t r = body_from; r < table.rows.size(); ++r) {
    size_t n = 0;
    for (const auto& c : table.rows[r]) n += c.text.empty() ? 0 : 1;
    full_rows += n >= kMinColumns ? 1 : 0;
    filled += n;
    cells += cols.size();
  }
  if (full_rows < kMinTabularRows ||
      static_cast<double>(filled) < kMinFilledShare * static_cast<double>(cells))
    return std::nullopt;
  int chars = 0, math = 0;
  for (size_t r = top; r < end; ++r)
    for (int i : rows[r].lines) {
      chars += lines[i].chars;
      math += lines[i].math_chars;
    }
  if (math > kMaxMathShare * chars) return std::nullopt;
  if (static_cast<double>(crossing_rows) >
      kMaxCrossingShare * static_cast<double>(std::max<size_t>(body_rows, 1)))
    return std::nullopt;
  if (median(cell_words) > kMaxMedianCellWords) return std::nullopt;
  // Data has a column of numbers, codes or marks; a grid of multi-word runs
  // in every column is more likely narrow prose columns set side by side.
  bool short_column = false;
  for (size_t c = 0; c < cols.size() && !short_column; ++c) {
    std::vector<double> words;
    for (size_t r = body_from; r < table.rows.size(); ++r)
      if (c < table.rows[r].size() && !table.rows[r][c].text.empty())
        words.push_back(static_cast<double>(word_count(table.rows[r][c].text)));
    short_column = !words.empty() && median(words) <= kShortColumnWords;
  }
  if (!short_column) return std::nullopt;
  // Narrow prose columns have short lines too, but they read as running
  // text: several words starting in lower case (a sentence going on).
  size_t running = 0, texts = 0;
  for (size_t r = body_from; r < table.rows.size(); ++r)
    for (const auto& c : table.rows[r]) {
      if (c.text.empty()) continue;
      ++texts;
      const unsigned char first = static_cast<unsigned char>(c.text[0]);
      running += word_count(c.text) >= 3 && std::islower(first) ? 1 : 0;
    }
  if (static_cast<double>(running) > kMaxRunningShare * static_cast<double>(texts)) return std::nullopt;
  table.has_header = true;
  Region region;
  region.kind = BlockKind::table;
  region.box = Rect{cols.front().x0, rows[top].y0, cols.back().x1, rows[end - 1].y1};
  region.table = std::move(table);
  return region;
}

}  // namespace

std::vector<Region> find_stream_tables(const std::vector<Line>& lines, const std::vector<Region>& taken) {
  const std::vector<Row> rows = build_rows(lines, taken);
  std::vector<Region> out;
  for (size_t r = 0; r < rows.size();) {
    if (rows[r].lines.size() < kMinColumns) {
      ++r;
      continue;
    }
    // Extend while rows stay close: tabular rows, and at most kMaxLooseRows
    // looser rows in a row (wrapped cells, labels set between the rows they
    // label), kept only when a tabular row follows.
    size_t end = r + 1, last_tabular = r, loose = 0;
    while (end < rows.size()) {
      const Row& prev = rows[end - 1];
      const Row& next = rows[end];
      if (next.y0 - prev.y0 > kMaxRowPitch * std::max(prev.y1 - prev.y0, next.y1 - next.y0)) break;
      if (next.lines.size() >= kMinColumns) {
        last_tabular = end;
        loose = 0;
      } else if (++loose > kMaxLooseRows) {
        break;
      }
      ++end;
    }
    end = last_tabular + 1;
    if (std::optional<Region> table = build_table(lines, rows, r, end)) out.push_back(std::move(*table));
    r = end;
  }
  return out;
}

}  // namespace lore::parse::pdf
