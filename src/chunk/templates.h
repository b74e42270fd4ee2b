// Internal to src/chunk: one entry point per template, dispatched by
// chunk_document (chunker.cpp) after the options have been validated
// (target_tokens > 0, overlap_tokens < target_tokens).
#pragma once

#include <vector>

#include "chunk/chunker.h"

namespace lore::chunk::detail {

std::vector<Chunk> general_template(const parse::Document& doc, const ChunkOptions& options);
std::vector<Chunk> one_template(const parse::Document& doc, const ChunkOptions& options);

}  // namespace lore::chunk::detail
