// BEIR-format collections (Thakur et al. 2021), as used by `lore eval`:
//   DIR/corpus.jsonl (or corpus.jsonl.gz)  {"_id", "title", "text", ...}
//   DIR/queries.jsonl (or .gz)              {"_id", "text", ...}
//   DIR/qrels/<split>.tsv                   "query-id<TAB>corpus-id<TAB>score", header line optional
//                                           (.tsv.gz too, as the corpus)
// Errors: Error{not_found} for a missing file, Error{invalid_argument} for a
// malformed line — both name the file and the line number.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace lore::pipeline::beir {

struct CorpusEntry {
  std::string id;
  std::string title;
  std::string text;
  std::string raw;  // the JSON line as read (kept as the document's original bytes)
};

struct Query {
  std::string id;
  std::string text;
};

// query id -> corpus id -> graded relevance (0 = judged not relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

// Reads a file that may be gzip-compressed (by content, not by name).
std::string read_maybe_gzip(const std::filesystem::path& path);

// corpus.jsonl, else corpus.jsonl.gz, in `dir`.
std::filesystem::path find_file(const std::filesystem::path& dir, const std::string& stem);

std::vector<CorpusEntry> load_corpus(const std::filesystem::path& dir);
std::vector<Query> load_queries(const std::filesystem::path& dir);
// The split to evaluate when none is named: "test" when DIR/qrels/test.tsv
// exists, else the only split there is (a collection shipped with just
// train.tsv or dev.tsv); Error{not_found} naming the splits otherwise.
std::string default_split(const std::filesystem::path& dir);

Qrels load_qrels(const std::filesystem::path& dir, const std::string& split);

}  // namespace lore::pipeline::beir
