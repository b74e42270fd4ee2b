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

  // store: where the catalog lives. "sqlite": data_dir/lore.db (embedded);
  // "postgres": the database at store_url, which may hold a password (never
  // logged: pg/url.h masks it).
  std::string store_backend = "sqlite";
  std::string store_url;
  // Original files and figures; empty: data_dir/blobs. Nodes sharing a
  // PostgreSQL store must share this directory too (NFS or similar).
  std::filesystem::path blob_dir;
  std::filesystem::path blobs_path() const { return blob_dir.empty() ? data_dir / "blobs" : blob_dir; }

  // jobs: leases of the ingest queue (see store::Store::claim_job)
  double job_lease_seconds = 60;         // a worker that stops heartbeating loses its job after this
  int64_t job_max_attempts = 3;          // claims before a job is dead-lettered (failed)
  double job_retry_backoff_seconds = 5;  // transient failure: retry after this * 2^attempts

  // ingest
  int64_t max_file_mb = 200;       // files larger than this are refused
  int64_t index_batch_docs = 256;  // documents per text-index commit
  int64_t ingest_workers = 2;  // background ingest jobs run at once (lore serve; 0: none, an API-only node)
  int64_t max_queued_jobs = 10000;      // uploads beyond this many queued jobs get 429
  int64_t max_pages = 2000;             // documents with more pages/slides are refused
  int64_t parse_timeout_seconds = 600;  // per-file parse time limit

  // chunk
  std::string chunk_template = "general";
  int64_t chunk_tokens = 512;  // target chunk size
  int64_t chunk_overlap = 64;  // tokens repeated from the previous chunk

  // search (retrieve/retrieve.h; docs/retrieval.md has the measurements behind the defaults)
  int64_t top_k = 10;
  int64_t candidates = 100;  // BM25 / dense top-N per query before fusion and rerank
  bool rm3 = false;          // pseudo-relevance feedback
  int64_t rm3_docs = 10;
  int64_t rm3_terms = 10;
  double rm3_original_weight = 0.5;
  double title_boost = 0;  // query-time title-field weight (0: off)
  bool proximity = false;  // built-in proximity rerank (when no [rerank] provider)
  double proximity_weight = 0.1;
  bool lsa = true;          // built-in LSA dense retriever fused with BM25
  double lsa_weight = 0.2;  // LSA share in weighted fusion (LSA always fuses weighted)
  int64_t lsa_dims = 256;
  int64_t lsa_max_chunks = 200000;  // larger knowledge bases skip LSA
  std::string fusion = "rrf";       // rrf | weighted: BM25 + provider vectors (hybrid search)
  double vector_weight = 0.5;       // weighted fusion: share of the vector score
  int64_t rrf_k = 60;
  bool merge_neighbours = true;
  double min_score = 0;

  // Model servers. [embedding] provider/base_url/model/dimensions are the
  // defaults recorded in a knowledge base at `lore kb create`; the api_key and
  // the limits (batch, timeout, retries, concurrency) apply whenever it is used.
  struct ModelServer {
    std::string provider;  // embedding: openai|ollama; rerank: http|jina|cohere|tei; "" none
    std::string base_url;
    std::string model;
    std::string api_key;  // never logged or stored in lore.db
    int64_t dimensions = 0;
    int64_t batch_size = 32;
    double timeout_seconds = 60;
    int64_t max_retries = 3;
    int64_t concurrency = 2;
    int64_t top_n = 50;  // rerank: candidates sent to the reranker
  };
  ModelServer embedding;
  ModelServer rerank;

  // vector index
  int64_t vector_exact_threshold = 10000;  // brute-force search at or below this many vectors
  int64_t vector_ef_search = 128;

  // chat: the LLM that writes answers; provider "" (or "none") means
  // extractive answers (no LLM). A knowledge base may override provider,
  // base_url and model (settings.chat).
  std::string chat_provider;  // "" | "openai" | "ollama"
  std::string chat_base_url;  // "" = the provider's usual address
  std::string chat_model;
  std::string chat_api_key;    // env LORE_CHAT_API_KEY; never logged
  int64_t chat_timeout = 120;  // seconds without progress before a request fails
  int64_t chat_retries = 2;    // retries before the first token (connection errors, 429, 5xx)
  int64_t chat_max_tokens = 1024;
  double chat_temperature = 0.1;

  // raptor (docs/raptor.md): dimensionality reduction before the GMM, "pca" | "umap"
  std::string raptor_reduction = "pca";

  // ask
  int64_t ask_top_k = 5;              // chunks given to the answer as numbered sources
  int64_t ask_context_tokens = 3000;  // prompt budget: instructions + sources + history + question
  double ask_min_confidence = 0.5;    // extractive answers: "Not found" unless confidence is above this

  // server (lore serve)
  std::string server_host = "127.0.0.1";
  int64_t server_port = 8080;
  int64_t server_threads = 16;           // concurrent requests (SSE streams hold one each)
  int64_t max_body_kb = 1024;            // JSON request bodies; uploads are bounded by max_file_mb
  int64_t request_timeout_s = 60;        // socket read/write timeout
  int64_t rate_limit_per_minute = 600;   // per API key (per client address without keys); 0 = off
  int64_t rate_limit_burst = 60;         // token bucket size
  std::filesystem::path server_web_dir;  // built web UI; empty: web/ next to the binary
  int64_t page_cache_mb = 512;           // rendered page images kept (least recently used go first); 0 = none
  // ocr (image files and PDF pages without a text layer)
  std::string ocr_languages = "eng+chi_sim";  // tesseract codes joined with '+'
  int64_t ocr_page_timeout_seconds = 60;
  int64_t ocr_threads = 0;    // pages recognised at once; 0 = one per core
  bool ocr_pdf_pages = true;  // OCR PDF pages without a text layer

  int64_t max_file_bytes() const { return max_file_mb * 1024 * 1024; }
};

// Loads configuration. `config_file` empty means: use ./lore.toml if it
// exists. `overrides` are "key" -> "value" pairs from CLI flags (dotted keys,
// e.g. "chunk.tokens"). Throws Error{invalid_argument} naming the file and key
// on a bad value or unknown key.
Config load_config(const std::filesystem::path& config_file,
                   const std::map<std::string, std::string>& overrides = {});

}  // namespace lore
