// Ingest: files -> blobs, documents, chunks, index.
//
// For each input file (directories are walked recursively; hidden entries
// skipped): read -> hash -> unchanged? -> parse -> chunk -> store blob ->
// commit document + chunks (one store transaction) -> index sync (batched).
// Re-ingesting identical bytes under the same name with the same chunk
// template is a no-op ("unchanged"); another template re-chunks the file;
// new bytes under an existing name replace the old version atomically (the
// store swap is one transaction; the index follows through the outbox).
// With an embedding model, each document's chunks are embedded (cache
// first, then the model in batches) before the commit, and the vectors are
// committed in the same transaction as the chunks: a model failure fails that
// document alone, with the provider's error, and leaves no half state.
// A file that fails gets status "failed" with a reason naming the file; the
// rest of the batch goes on and nothing already stored is touched.
//
// Thread-safety: parsing and chunking run on a worker pool; store and index
// writes happen on the calling thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "parse/document.h"
#include "parse/parser.h"
#include "pipeline/user_metadata.h"
#include "pipeline/workspace.h"

namespace lore::pipeline {

struct IngestFileResult {
  std::string path;    // as found on disk
  std::string name;    // the name the document is stored under
  std::string status;  // added | replaced | unchanged | failed | skipped
  store::Id document_id = 0;
  int64_t chunks = 0;
  int64_t bytes = 0;
  std::string error;  // reason, for failed and skipped
};

struct IngestProgress {
  size_t files_done = 0;
  size_t files_total = 0;
  int64_t bytes_done = 0;
  int64_t bytes_total = 0;
  int64_t chunks_embedded = 0;  // knowledge bases with an embedding model: vectors so far
};

struct IngestCallbacks {
  std::function<void(const IngestFileResult&)> on_file;    // after each file, in input order
  std::function<void(const IngestProgress&)> on_progress;  // after each file and embedding batch
};

struct IngestSummary {
  size_t added = 0, replaced = 0, unchanged = 0, failed = 0, skipped = 0;
  int64_t chunks = 0;
  int64_t bytes = 0;
  double seconds = 0;
};

struct IngestOptions {
  // Chunk template for this upload ("auto" included); empty = the knowledge
  // base's. The template actually used is recorded in the document's
  // metadata as chunk_template (and the requested one as
  // chunk_template_requested). Unknown names throw Error{invalid_argument}
  // before any file is touched.
  std::string chunk_template;
  // Tags and user metadata for every file (user_metadata.h): added to what a
  // document already has (tags appended, keys overlaid), also for files that
  // are otherwise unchanged. A re-ingest always keeps the user's tags and keys.
  UserMetadata user;
};

// One input as found by expand_inputs: where to read it and what to call it.
struct InputFile {
  std::string path;
  std::string name;
  std::string error;  // set when the input itself is bad (missing, not a regular file)
  bool from_directory = false;
  // In-memory input (no file on disk; `path` is only used in messages): the
  // original bytes, stored as the document's blob, and optionally the
  // Document already built from them, which is chunked as is (no parsing).
  std::shared_ptr<const std::string> content = nullptr;
  std::shared_ptr<const parse::Document> document = nullptr;
};

// Expands files, directories (recursively) and glob patterns. A document's
// name is its path relative to the parent of the argument it came from
// ("docs/guide/a.md" for `lore ingest some/where/docs`; "a.md" for
// `lore ingest some/where/a.md`), so names do not depend on the cwd.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& args);

// One file parsed and chunked the way a knowledge base chunks (its template,
// chunk size and overlap). Touches no store or index, so it runs on any
// thread. A file that cannot be parsed, or yields no text, comes back with
// `error` set (naming the file) instead of throwing.
struct ParsedFile {
  std::string mime;
  nlohmann::json metadata = nlohmann::json::object();
  std::vector<store::NewChunk> chunks;
  std::string error;
  // Figure pictures by sha256, already stored as blobs by the parse. Kept
  // until the document commits, which stores them again (a no-op unless a
  // concurrent delete removed a shared one in between).
  std::map<std::string, std::string> figures;
};
// `figure_blobs`: where figure pictures are stored (their sha256 lands in
// the figure chunks' metadata "image" and the document's "figure_blobs");
// nullptr drops the pictures.
// Before the commit that references them: stores the figure pictures again
// (no-op when present). After a failure: removes those no document references.
void keep_figures(Workspace& ws, const ParsedFile& parsed);
void drop_figures(Workspace& ws, const ParsedFile& parsed);
ParsedFile parse_for_kb(const Config& config, const store::KnowledgeBase& kb, const std::string& name,
                        const std::string& bytes, blob::BlobStore* figure_blobs = nullptr);

// Per-file limits come from the configuration: ingest.max_file_mb,
// ingest.max_pages, ingest.parse_timeout_seconds (counted from the moment a
// worker starts parsing the file). A file over a limit fails with the reason;
// the batch goes on.
IngestSummary ingest(Workspace& workspace, const store::KnowledgeBase& kb,
                     const std::vector<InputFile>& inputs, const IngestCallbacks& callbacks = {},
                     const IngestOptions& options = {});

// The [ocr] settings of `config` as parser options (ingest and `lore parse`).
parse::OcrOptions ocr_options_for(const Config& config);

}  // namespace lore::pipeline
