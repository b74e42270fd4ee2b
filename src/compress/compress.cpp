#include "compress/compress.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "compress/budget.h"
#include "compress/prune.h"
#include "compress/ranking.h"
#include "compress/units.h"
#include "core/error.h"
#include "core/text.h"
#include "core/tokens.h"

namespace lore::compress {

namespace {

std::string join_parts(const std::vector<std::string_view>& parts) {
  std::string out;
  for (const auto p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

// The first pieces of `text` that fit `budget` tokens: the last resort when
// even the best unit's protected pieces exceed a tiny budget.
std::string cut_to(std::string_view text, size_t budget) {
  std::string out;
  size_t used = 0;
  for (const auto& p : split_pieces(text)) {
    const size_t t = count_tokens(p.text);
    if (used + t > budget) break;
    out += p.text;
    if (!p.space.empty()) out += ' ';
    used += t;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

Result compress(const Request& req) {
  const auto t0 = std::chrono::steady_clock::now();
  Result r;
  const std::string instruction(text::trim(req.instruction));
  const std::string question(text::trim(req.question));
  std::vector<std::string> passages;
  for (const auto& p : req.passages) passages.emplace_back(text::trim(p));
  std::vector<std::string_view> original_parts{instruction};
  for (const auto& p : passages) original_parts.push_back(p);
  original_parts.push_back(question);
  r.original_tokens = count_tokens(join_parts(original_parts));

  if (req.target.budget == 0 && !(req.target.rate > 0 && req.target.rate <= 1))
    throw Error(ErrorCode::invalid_argument, "compress: the rate must be in (0, 1] (got " +
                                                 std::to_string(req.target.rate) +
                                                 ") or a token budget given");
  r.budget = req.target.budget
                 ? req.target.budget
                 : static_cast<size_t>(std::floor(req.target.rate * static_cast<double>(r.original_tokens)));
  const size_t fixed = count_tokens(instruction) + count_tokens(question);
  if (fixed > r.budget)
    throw Error(ErrorCode::invalid_argument, "compress: a budget of " + std::to_string(r.budget) +
                                                 " tokens is smaller than the instruction and question (" +
                                                 std::to_string(fixed) + " tokens), which are kept verbatim");
  const size_t context_budget = r.budget - fixed;

  NgramModel own;
  const NgramModel* model = req.model;
  if (!model) {
    own.add(std::vector<std::string_view>(passages.begin(), passages.end()));
    model = &own;
  }
  if (!req.passage_priors.empty() && req.passage_priors.size() != passages.size())
    throw Error(ErrorCode::invalid_argument, "compress: " + std::to_string(req.passage_priors.size()) +
                                                 " passage priors for " + std::to_string(passages.size()) +
                                                 " passages");
  const Ranking ranking = rank_units(question.empty() ? instruction : question, passages, req.passage_priors);
  if (!req.passage_priors.empty()) r.ranking = "bm25+" + req.priors_name;
  Pruner pruner(question, *model);
  std::vector<Chosen> chosen = choose_units(ranking, context_budget, pruner);
  if (chosen.empty() && !ranking.units.empty() && context_budget > 0) {
    std::string cut = cut_to(ranking.units.front().text, context_budget);
    const size_t tokens = count_tokens(cut);
    if (tokens > 0) chosen.push_back({0, std::move(cut), tokens});
  }

  // Group by passage: units back in text order, passages by relevance
  // (best sentence), then placed best first, second best last, and so on
  // inwards, so the most relevant text sits at the edges of the context
  // where models attend best ("lost in the middle").
  std::map<size_t, std::vector<const Chosen*>> by_passage;
  for (const auto& c : chosen) by_passage[ranking.units[c.unit].passage].push_back(&c);
  std::vector<KeptPassage> ranked;
  for (auto& [p, list] : by_passage) {
    std::sort(list.begin(), list.end(), [&](const Chosen* a, const Chosen* b) {
      return ranking.units[a->unit].ordinal < ranking.units[b->unit].ordinal;
    });
    KeptPassage kp;
    kp.index = p;
    for (const auto* c : list) {
      append_fragment(kp.text, c->text);
      kp.score = std::max(kp.score, ranking.units[c->unit].score);
    }
    ranked.push_back(std::move(kp));
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const KeptPassage& a, const KeptPassage& b) { return a.score > b.score; });
  std::vector<KeptPassage> front, back;
  for (size_t i = 0; i < ranked.size(); ++i) (i % 2 == 0 ? front : back).push_back(std::move(ranked[i]));
  r.passages = std::move(front);
  r.passages.insert(r.passages.end(), std::make_move_iterator(back.rbegin()),
                    std::make_move_iterator(back.rend()));

  std::vector<std::string_view> context_parts;
  for (const auto& kp : r.passages) context_parts.push_back(kp.text);
  r.context = join_parts(context_parts);
  r.text = join_parts({instruction, r.context, question});
  r.compressed_tokens = count_tokens(r.text);
  // The controller's sums are exact (whitespace is free to the counter); a
  // breach here is a bug, not a rounding matter.
  if (r.compressed_tokens > r.budget)
    throw Error(ErrorCode::internal, "compress: output of " + std::to_string(r.compressed_tokens) +
                                         " tokens exceeds the budget of " + std::to_string(r.budget));
  r.rate = r.original_tokens
               ? static_cast<double>(r.compressed_tokens) / static_cast<double>(r.original_tokens)
               : 1;
  r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace lore::compress
