#include "compress_baselines.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

#include "compress/units.h"
#include "core/text.h"
#include "core/tokens.h"

namespace bench {

namespace {

using lore::compress::Piece;
using lore::compress::PieceKind;
using lore::compress::split_pieces;
using lore::compress::split_units;

// Appends the first pieces of `s` while they fit `budget - used`.
void append_cut(std::string& out, std::string_view s, size_t budget, size_t& used) {
  std::string part;
  for (const auto& p : split_pieces(s)) {
    const size_t t = lore::count_tokens(p.text);
    if (used + t > budget) break;
    part += p.text;
    if (!p.space.empty()) part += ' ';
    used += t;
  }
  lore::compress::append_fragment(out, lore::text::trim(part));
}

std::string join(const std::vector<std::string>& passages) {
  std::string out;
  for (const auto& p : passages) out += (out.empty() ? "" : "\n\n") + p;
  return out;
}

// Question words: lower-cased alphanumeric words and single CJK characters.
std::set<std::string> words(std::string_view s) {
  std::set<std::string> out;
  for (const auto& p : split_pieces(s))
    if (!p.key.empty()) out.insert(p.key);
  return out;
}

}  // namespace

std::string baseline_cut(const std::vector<std::string>& passages, size_t budget) {
  std::string out;
  size_t used = 0;
  for (const auto& p : passages) {
    for (const auto u : split_units(p)) append_cut(out, u, budget, used);
    out += "\n\n";
  }
  return out;
}

std::string baseline_random(const std::vector<std::string>& passages, size_t budget, uint64_t seed) {
  std::vector<std::string_view> units;
  for (const auto& p : passages)
    for (const auto u : split_units(p)) units.push_back(u);
  std::vector<size_t> order(units.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<bool> keep(units.size(), false);
  size_t used = 0;
  for (const size_t i : order) {
    const size_t t = lore::count_tokens(units[i]);
    if (used + t > budget) continue;
    keep[i] = true;
    used += t;
  }
  std::string out;
  for (size_t i = 0; i < units.size(); ++i)
    if (keep[i]) lore::compress::append_fragment(out, units[i]);
  return out;
}

std::string baseline_selective(const std::vector<std::string>& passages, size_t budget,
                               const lore::compress::NgramModel& model) {
  const std::string all = join(passages);
  std::vector<Piece> pieces;
  std::vector<double> bits;
  for (const auto u : split_units(all)) {
    std::string prev;
    auto unit_pieces = split_pieces(u);
    if (!unit_pieces.empty()) unit_pieces.back().space = " ";  // units are trimmed
    for (auto& p : unit_pieces) {
      // Punctuation carries no information of its own: drop it first.
      bits.push_back(p.key.empty() ? 0.0 : model.self_information(prev, p.key));
      if (!p.key.empty()) prev = p.key;
      pieces.push_back(std::move(p));
    }
  }
  std::vector<size_t> order(pieces.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bits[a] > bits[b]; });
  std::vector<bool> keep(pieces.size(), false);
  size_t used = 0;
  for (const size_t i : order) {
    const size_t t = lore::count_tokens(pieces[i].text);
    if (used + t > budget) continue;
    keep[i] = true;
    used += t;
  }
  // Neighbours in the text keep their spacing ("Denver, Colorado"); a gap
  // becomes one space (none after CJK).
  std::string out;
  size_t last = pieces.size();
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (!keep[i]) continue;
    if (last + 1 == i)
      out += pieces[last].space.empty() ? "" : " ";
    else if (!out.empty() && !lore::compress::ends_with_cjk(out))
      out += ' ';
    out += pieces[i].text;
    last = i;
  }
  return out;
}

std::string baseline_overlap(const std::string& question, const std::vector<std::string>& passages,
                             size_t budget) {
  const auto q = words(question);
  std::vector<size_t> overlap(passages.size(), 0);
  for (size_t i = 0; i < passages.size(); ++i)
    for (const auto& w : words(passages[i])) overlap[i] += q.count(w);
  std::vector<size_t> order(passages.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return overlap[a] > overlap[b]; });
  std::string out;
  size_t used = 0;
  for (const size_t i : order) {
    if (used >= budget) break;
    std::string part;
    append_cut(part, passages[i], budget, used);
    if (!part.empty()) out += (out.empty() ? "" : "\n\n") + part;
  }
  return out;
}

}  // namespace bench
