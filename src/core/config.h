// Runtime configuration.
//
// Precedence: CLI flags > LORE_* environment > lore.toml > built-in defaults.
// Every key is listed in kConfigKeys (config.cpp) and documented in
// lore.example.toml; a key in lore.toml that Lore does not know is an error
// (a typo should not silently fall back to a default).
//
// Environment names: top-level keys map to LORE_<KEY> (data_dir ->
// LORE_DATA_DIR); keys in a section map to LORE_<SECTION>_<KEY>
// (ingest.max_file_mb -> LORE_INGEST_MAX_FILE_MB).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace lore {

struct Config {
  std::filesystem::path data_dir = "lore-data";
  std::string log_level = "warn";  // trace|debug|info|warn|error|off

  // ingest
  int64_t max_file_mb = 200;       // files larger than this are refused
  int64_t index_batch_docs = 256;  // documents per text-index commit

  // chunk
  std::string chunk_template = "general";
  int64_t chunk_tokens = 512;  // target chunk size
  int64_t chunk_overlap = 64;  // tokens repeated from the previous chunk

  // search (retrieve/retrieve.h; docs/retrieval.md has the measurements behind the defaults)
  int64_t top_k = 10;
  int64_t search_candidates = 100;  // BM25 / dense top-N before fusion and rerank
  bool rm3 = false;                 // pseudo-relevance feedback
  int64_t rm3_docs = 10;
  int64_t rm3_terms = 10;
  double rm3_original_weight = 0.5;
  double title_boost = 0;  // query-time title-field weight (0: off)
  bool proximity = false;  // built-in proximity rerank
  double proximity_weight = 0.1;
  bool lsa = true;          // built-in LSA dense retriever fused with BM25
  double lsa_weight = 0.2;  // LSA share in weighted fusion (LSA always fuses weighted)
  int64_t lsa_dims = 256;
  int64_t lsa_max_chunks = 200000;  // larger knowledge bases skip LSA
  std::string fusion = "rrf";       // rrf | weighted
  double dense_weight = 0.5;        // weighted fusion only
  int64_t rrf_k = 60;
  bool merge_neighbours = true;
  double min_score = 0;

  int64_t max_file_bytes() const { return max_file_mb * 1024 * 1024; }
};

// Loads configuration. `config_file` empty means: use ./lore.toml if it
// exists. `overrides` are "key" -> "value" pairs from CLI flags (dotted keys,
// e.g. "chunk.tokens"). Throws Error{invalid_argument} naming the file and key
// on a bad value or unknown key.
Config load_config(const std::filesystem::path& config_file,
                   const std::map<std::string, std::string>& overrides = {});

}  // namespace lore
