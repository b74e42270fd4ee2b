// Internal to src/chunk: one entry point per template, dispatched by
// chunk_document (chunker.cpp) after the options have been validated
// (target_tokens > 0, overlap_tokens < target_tokens).
#pragma once

#include <string>
#include <vector>

#include "chunk/chunker.h"

namespace lore::chunk::detail {

// Knobs of the general chunker that other templates reuse it with.
struct GeneralSettings {
  // Table chunks hold at most this many body rows (0 = as many as the token
  // budget allows). The table template sets it so that rows stay findable.
  size_t max_table_rows = 0;
};

std::vector<Chunk> general_template(const parse::Document& doc, const ChunkOptions& options,
                                    const GeneralSettings& settings = {});
std::vector<Chunk> one_template(const parse::Document& doc, const ChunkOptions& options);
std::vector<Chunk> qa_template(const parse::Document& doc, const ChunkOptions& options);
std::vector<Chunk> table_template(const parse::Document& doc, const ChunkOptions& options);
std::vector<Chunk> paper_template(const parse::Document& doc, const ChunkOptions& options);
std::vector<Chunk> book_template(const parse::Document& doc, const ChunkOptions& options);
std::vector<Chunk> law_template(const parse::Document& doc, const ChunkOptions& options);
std::vector<Chunk> manual_template(const parse::Document& doc, const ChunkOptions& options);

// The template `auto` stands for, for this document (see chunker.h).
std::string auto_template(const parse::Document& doc);

}  // namespace lore::chunk::detail
