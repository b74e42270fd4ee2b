#include "retrieve/proximity.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

namespace lore::retrieve {

double proximity_score(const std::vector<std::string>& query_terms,
                       const std::vector<std::string>& passage_terms, size_t window) {
  std::vector<std::string> unique;
  for (const auto& t : query_terms)
    if (std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(t);
  if (unique.size() < 2) return 0;
  std::unordered_map<std::string, size_t> slot;
  for (size_t i = 0; i < unique.size(); ++i) slot[unique[i]] = i;
  std::vector<std::vector<long>> positions(unique.size());
  for (size_t p = 0; p < passage_terms.size(); ++p)
    if (auto it = slot.find(passage_terms[p]); it != slot.end())
      positions[it->second].push_back(static_cast<long>(p));
  double total = 0;
  const size_t pairs = unique.size() * (unique.size() - 1) / 2;
  for (size_t a = 0; a < unique.size(); ++a) {
    for (size_t b = a + 1; b < unique.size(); ++b) {
      double acc = 0;
      // Both lists ascending: walk b's window around each of a's positions.
      size_t lo = 0;
      for (long pa : positions[a]) {
        while (lo < positions[b].size() && positions[b][lo] < pa - static_cast<long>(window)) ++lo;
        for (size_t j = lo; j < positions[b].size() && positions[b][j] <= pa + static_cast<long>(window);
             ++j) {
          const long d = std::labs(positions[b][j] - pa);
          if (d > 0) acc += 1.0 / static_cast<double>(d * d);
        }
      }
      total += acc / (1 + acc);
    }
  }
  return total / static_cast<double>(pairs);
}

}  // namespace lore::retrieve
