#include "retrieve/merge.h"

#include <algorithm>
#include <map>
#include <unordered_set>

namespace lore::retrieve {

namespace {

// Overlap is at most a few sentences; longer candidates are not checked.
constexpr size_t kMaxOverlapBytes = 4096;

struct Group {
  int64_t document_id = 0;
  int64_t first = 0, last = 0;        // ordinal range, contiguous
  std::map<int64_t, size_t> members;  // ordinal -> index into hits
  size_t best = 0;                    // index into hits of the best member
  bool alive = true;
};

}  // namespace

std::string join_overlapping(const std::string& a, const std::string& b) {
  const size_t max = std::min({a.size(), b.size(), kMaxOverlapBytes});
  for (size_t k = max; k > 0; --k) {
    if (a.compare(a.size() - k, k, b, 0, k) == 0) return a + b.substr(k);
  }
  return a + "\n\n" + b;
}

std::vector<Hit> merge_neighbours(std::vector<Hit> hits) {
  std::vector<Group> groups;
  std::map<std::pair<int64_t, int64_t>, size_t> group_of;  // (document, ordinal) -> group
  for (size_t i = 0; i < hits.size(); ++i) {
    const int64_t doc = hits[i].chunk.document_id, ord = hits[i].chunk.ordinal;
    if (group_of.count({doc, ord})) continue;  // the same chunk twice: keep the better
    if (hits[i].chunk.kind == "summary") {
      // A RAPTOR summary stands alone: its ordinal neighbours are other
      // summaries or leaves it summarises, not the text that follows it.
      groups.push_back({doc, ord, ord, {{ord, i}}, i, true});
      continue;
    }
    auto before = group_of.find({doc, ord - 1});
    auto after = group_of.find({doc, ord + 1});
    size_t g;
    if (before != group_of.end()) {
      g = before->second;
      groups[g].last = ord;
    } else if (after != group_of.end()) {
      g = after->second;
      groups[g].first = ord;
    } else {
      g = groups.size();
      groups.push_back({doc, ord, ord, {}, i, true});
    }
    groups[g].members[ord] = i;
    group_of[{doc, ord}] = g;
    // A chunk that fills the gap between two groups joins them.
    if (before != group_of.end() && after != group_of.end() && after->second != g) {
      Group& other = groups[after->second];
      for (const auto& [o, idx] : other.members) {
        groups[g].members[o] = idx;
        group_of[{doc, o}] = g;
      }
      groups[g].last = other.last;
      groups[g].best = std::min(groups[g].best, other.best);
      other.alive = false;
    }
  }
  std::vector<const Group*> order;
  for (const auto& g : groups)
    if (g.alive) order.push_back(&g);
  std::sort(order.begin(), order.end(), [](const Group* a, const Group* b) { return a->best < b->best; });
  std::vector<Hit> out;
  out.reserve(order.size());
  for (const Group* g : order) {
    Hit h = hits[g->best];
    if (g->members.size() > 1) {
      std::string text;
      h.chunk_ids.clear();
      for (const auto& [o, idx] : g->members) {
        text = text.empty() ? hits[idx].chunk.text : join_overlapping(text, hits[idx].chunk.text);
        h.chunk_ids.push_back(hits[idx].chunk.id);
      }
      h.chunk.text = std::move(text);
    }
    out.push_back(std::move(h));
  }
  return remove_duplicates(std::move(out));
}

std::vector<Hit> remove_duplicates(std::vector<Hit> hits) {
  std::unordered_set<std::string> seen;
  std::vector<Hit> out;
  out.reserve(hits.size());
  for (auto& h : hits)
    if (seen.insert(h.chunk.text).second) out.push_back(std::move(h));
  return out;
}

}  // namespace lore::retrieve
