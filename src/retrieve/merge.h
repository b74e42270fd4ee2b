// Neighbour merge: the hits of one query that are adjacent chunks of the same
// document (ordinals n, n+1, …) become one hit whose text is theirs in
// document order (the overlap a chunk repeats from its predecessor written
// once), scored by its best member, at the rank of its best member. Hits
// whose text duplicates a better hit's are dropped.
#pragma once

#include <cstdint>
#include <vector>

#include "store/store.h"

namespace lore::retrieve {

struct Hit {
  store::ChunkRecord chunk;  // the best member's record; text is the merged text
  double score = 0;
  std::vector<int64_t> chunk_ids;  // members in document order (one when unmerged)
  int text_rank = 0;               // the best member's ranks (candidate.h)
  int vector_rank = 0;
};

// `hits` best first; returns hits best first.
std::vector<Hit> merge_neighbours(std::vector<Hit> hits);
// Only removes hits whose text duplicates a better hit's.
std::vector<Hit> remove_duplicates(std::vector<Hit> hits);

// `a` followed by `b`, where b may start with a repeat of a's last sentences
// (chunk overlap): the repeat is written once.
std::string join_overlapping(const std::string& a, const std::string& b);

}  // namespace lore::retrieve
