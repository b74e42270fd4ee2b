// The baselines `compress_quality` measures Lore's compressor against, each
// given the same context and the same token budget for the context:
//   cut        no compression: the context as retrieved, cut at the budget
//   random     random sentences, kept in text order until the budget is spent
//   selective  question-agnostic self-information pruning (Selective
//              Context): the pieces with the least self-information under a
//              bigram model of the corpus are dropped until the budget fits
//   overlap    passages ranked by question-word overlap, kept whole, the
//              last one cut at the budget
// Every baseline returns the context text it would put in the prompt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "compress/ngram_model.h"

namespace bench {

std::string baseline_cut(const std::vector<std::string>& passages, size_t budget);
std::string baseline_random(const std::vector<std::string>& passages, size_t budget, uint64_t seed);
std::string baseline_selective(const std::vector<std::string>& passages, size_t budget,
                               const lore::compress::NgramModel& model);
std::string baseline_overlap(const std::string& question, const std::vector<std::string>& passages,
                             size_t budget);

}  // namespace bench
