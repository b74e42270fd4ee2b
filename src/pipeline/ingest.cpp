#include "pipeline/ingest.h"

#include <glob.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <future>
#include <set>
#include <thread>

#include "chunk/chunker.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/log.h"
#include "parse/parser.h"
#include "pipeline/blob_refs.h"
#include "pipeline/embeddings.h"

namespace lore::pipeline {

namespace {

namespace stdfs = std::filesystem;

bool is_hidden(const stdfs::path& p) {
  const auto name = p.filename().string();
  return name.size() > 1 && name[0] == '.';
}

bool has_glob_chars(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

// The name of a directory argument itself, with "." and ".." resolved, so
// `lore ingest .` names files "<cwd name>/...".
std::string directory_name(const stdfs::path& dir) {
  std::error_code ec;
  auto abs = stdfs::weakly_canonical(stdfs::absolute(dir), ec);
  if (ec) abs = stdfs::absolute(dir).lexically_normal();
  if (!abs.has_filename()) abs = abs.parent_path();
  return abs.filename().string();
}

void expand_directory(const stdfs::path& dir, std::vector<InputFile>& out) {
  const std::string prefix = directory_name(dir);
  std::vector<InputFile> found;
  std::error_code ec;
  stdfs::recursive_directory_iterator it(dir, stdfs::directory_options::none, ec), end;
  if (ec) {
    out.push_back(
        {dir.string(), dir.filename().string(), dir.string() + ": cannot read directory: " + ec.message()});
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const auto& p = it->path();
    if (is_hidden(p)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    std::error_code sec;
    const auto st = it->symlink_status(sec);
    if (stdfs::is_directory(st)) continue;
    InputFile f{p.string(), prefix + "/" + p.lexically_relative(dir).generic_string(), "", true};
    const auto target = it->status(sec);
    if (sec || !stdfs::exists(target))
      f.error = p.string() + ": cannot read: broken link or missing file";
    else if (!stdfs::is_regular_file(target))
      f.error = p.string() + ": not a regular file";
    found.push_back(std::move(f));
  }
  if (ec)
    out.push_back(
        {dir.string(), dir.filename().string(), dir.string() + ": directory walk failed: " + ec.message()});
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  out.insert(out.end(), found.begin(), found.end());
}

void expand_one(const std::string& arg, std::vector<InputFile>& out) {
  const stdfs::path p(arg);
  std::error_code ec;
  const auto st = stdfs::status(p, ec);
  if (stdfs::is_directory(st)) {
    expand_directory(p, out);
  } else if (stdfs::exists(st)) {
    InputFile f{arg, p.filename().string(), "", false};
    if (!stdfs::is_regular_file(st)) f.error = arg + ": not a regular file";
    out.push_back(std::move(f));
  } else {
    out.push_back({arg, p.filename().string(), arg + ": no such file or directory", false});
  }
}

}  // namespace

std::vector<InputFile> expand_inputs(const std::vector<std::string>& args) {
  std::vector<InputFile> out;
  for (const auto& arg : args) {
    if (has_glob_chars(arg) && !stdfs::exists(arg)) {
      glob_t g{};
      if (::glob(arg.c_str(), 0, nullptr, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; ++i) expand_one(g.gl_pathv[i], out);
      } else {
        out.push_back({arg, arg, arg + ": no file matches this pattern", false});
      }
      globfree(&g);
      continue;
    }
    expand_one(arg, out);
  }
  return out;
}

namespace {

using Parsed = ParsedFile;

// Runs on a worker: parse (unless `given` is the Document already built),
// chunk, and, when `blobs` is set, store the blob (its fsyncs are the slow
// part of small inputs, so workers pay them in parallel). The blob is only
// written for input that parsed; the store row referencing it comes later.
Parsed parse_and_chunk(const std::string& name, const std::string& bytes, const parse::Document* given,
                       const parse::ParseOptions& parse_options, const chunk::ChunkOptions& chunk_options,
                       int timeout_seconds, blob::BlobStore* blobs, const std::string& sha,
                       blob::BlobStore* figure_blobs) {
  Parsed out;
  try {
    // The time limit runs from here, not from when the file was queued.
    auto doc = given ? *given : parse::parse_bytes(name, bytes, parse_options.with_timeout(timeout_seconds));
    // Figure pictures become blobs of their own (content-addressed, shared
    // between documents like any blob); chunks and metadata keep the sha256.
    nlohmann::json figures = nlohmann::json::array();
    for (auto& b : doc.blocks) {
      if (!b.image || b.image->bytes.empty()) continue;
      if (figure_blobs) {
        b.image->blob_sha256 = figure_blobs->put(b.image->bytes);
        if (!out.figures.count(b.image->blob_sha256)) figures.push_back(b.image->blob_sha256);
        out.figures[b.image->blob_sha256] = std::move(b.image->bytes);
      }
      b.image->bytes.clear();
    }
    out.mime = doc.mime;
    out.metadata = doc.metadata;
    if (!figures.empty()) out.metadata["figure_blobs"] = figures;
    chunk::ChunkOptions co = chunk_options;
    co.template_name = chunk::resolve_template(doc, chunk_options.template_name);
    out.metadata["chunk_template"] = co.template_name;
    out.metadata["chunk_template_requested"] = chunk_options.template_name;
    for (auto& c : chunk::chunk_document(doc, co)) {
      store::NewChunk nc;
      nc.kind = std::move(c.kind);
      nc.text = std::move(c.text);
      nc.positions = chunk::positions_to_json(c.positions);
      nc.token_count = static_cast<int64_t>(c.token_count);
      nc.metadata = std::move(c.metadata);
      out.chunks.push_back(std::move(nc));
    }
    if (out.chunks.empty()) out.error = name + ": no text found in the file";
    if (out.error.empty() && blobs) blobs->put(sha, bytes);
  } catch (const Error& e) {
    out.error = e.what();
    if (e.code() == ErrorCode::timeout)
      out.error += " (ingest.parse_timeout_seconds)";
    else if (e.code() == ErrorCode::too_large && out.error.find("too many") != std::string::npos)
      out.error += " (ingest.max_pages)";
  } catch (const std::exception& e) {
    out.error = name + ": " + e.what();
  }
  return out;
}

// One file on its way through ingest; results are emitted in input order.
struct Pending {
  IngestFileResult result;
  std::string sha;
  // Shared with the parse worker: Pending moves, the bytes must not.
  std::shared_ptr<const std::string> bytes;
  std::optional<store::DocumentRecord> existing;
  std::future<Parsed> parsed;
  bool done = false;  // result final without parsing
};

parse::ParseOptions parse_options_for(const Config& config) {
  parse::ParseOptions o;
  o.max_bytes = static_cast<size_t>(config.max_file_bytes());
  o.max_pages = static_cast<int>(config.max_pages);
  o.ocr = ocr_options_for(config);
  return o;
}

// `template_override` (an upload's --template) wins over the KB's template.
chunk::ChunkOptions chunk_options_for(const Config& config, const store::KnowledgeBase& kb,
                                      const std::string& template_override) {
  chunk::ChunkOptions o;
  o.template_name = template_override.empty() ? kb.chunk_template : template_override;
  o.target_tokens = static_cast<size_t>(kb.settings.value("chunk_tokens", config.chunk_tokens));
  o.overlap_tokens = static_cast<size_t>(kb.settings.value("chunk_overlap", config.chunk_overlap));
  return o;
}

class Ingestor {
 public:
  Ingestor(Workspace& ws, const store::KnowledgeBase& kb, const IngestCallbacks& callbacks,
           const IngestOptions& options)
      : ws_(ws),
        kb_(kb),
        callbacks_(callbacks),
        parse_options_(parse_options_for(ws.config())),
        chunk_options_(chunk_options_for(ws.config(), kb, options.chunk_template)),
        timeout_seconds_(static_cast<int>(ws.config().parse_timeout_seconds)),
        user_(options.user),
        embedder_(open_embedding_model(ws.config(), kb)) {}

  IngestSummary run(const std::vector<InputFile>& inputs) {
    const auto start = std::chrono::steady_clock::now();
    progress_.files_total = inputs.size();
    for (const auto& in : inputs) {
      std::error_code ec;
      if (in.content)
        progress_.bytes_total += static_cast<int64_t>(in.content->size());
      else if (in.error.empty())
        progress_.bytes_total += static_cast<int64_t>(stdfs::file_size(in.path, ec));
    }
    // Keep a bounded window of files in flight: parsing overlaps store writes
    // and memory stays bounded by window * max_file_mb.
    // In-memory inputs are small documents whose cost is the blob fsync, so
    // more of them overlap.
    const bool in_memory = !inputs.empty() && inputs.front().content;
    const size_t window = std::max(2u, std::thread::hardware_concurrency()) * (in_memory ? 16 : 2);
    std::deque<Pending> in_flight;
    for (const auto& in : inputs) {
      in_flight.push_back(prepare(in));
      if (in_flight.size() >= window) {
        finish(in_flight.front());
        in_flight.pop_front();
      }
    }
    while (!in_flight.empty()) {
      finish(in_flight.front());
      in_flight.pop_front();
    }
    ws_.sync_index(kb_.id, /*save_vectors=*/true);
    summary_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary_;
  }

 private:
  Pending prepare(const InputFile& in) {
    Pending p;
    p.result.path = in.path;
    p.result.name = in.name;
    if (!in.error.empty()) return fail_early(std::move(p), in.error);
    if (in.from_directory && !parse::is_supported(in.name)) {
      p.result.status = "skipped";
      p.result.error = in.path + ": unsupported file type, skipped";
      p.done = true;
      return p;
    }
    std::error_code ec;
    const auto size = in.content ? in.content->size() : stdfs::file_size(in.path, ec);
    if (ec) return fail_early(std::move(p), in.path + ": cannot read: " + ec.message());
    p.result.bytes = static_cast<int64_t>(size);
    if (static_cast<int64_t>(size) > ws_.config().max_file_bytes())
      return fail_early(std::move(p), in.path + ": file is " + std::to_string(size / (1024 * 1024)) +
                                          " MB, over the limit of " +
                                          std::to_string(ws_.config().max_file_mb) +
                                          " MB (ingest.max_file_mb)");
    try {
      p.bytes = in.content ? in.content : std::make_shared<const std::string>(fs::read_file(in.path));
    } catch (const Error& e) {
      return fail_early(std::move(p), e.what());
    }
    p.sha = sha256_hex(*p.bytes);
    p.existing = ws_.store().find_document(kb_.id, in.name);
    // Documents from before templates were recorded count as chunked with the KB's.
    const std::string previous_template =
        p.existing ? p.existing->metadata.value("chunk_template_requested", kb_.chunk_template) : "";
    if (p.existing && p.existing->sha256 == p.sha && previous_template == chunk_options_.template_name &&
        (p.existing->status == store::DocStatus::done || p.existing->status == store::DocStatus::indexing)) {
      p.result.status = "unchanged";
      p.result.document_id = p.existing->id;
      p.result.chunks = p.existing->chunk_count;
      p.done = true;
      // New tags or keys still apply to an unchanged file.
      if (!user_.empty()) {
        try {
          const auto patch =
              user_metadata_patch(p.existing->metadata, {std::nullopt, user_.tags, {}, user_.fields});
          ws_.store().update_document_metadata(p.existing->id, patch);
        } catch (const Error& e) {
          return fail_early(std::move(p), in.path + ": " + e.what());
        }
      }
      return p;
    }
    if (!p.existing) {
      store::NewDocument placeholder{
          kb_.id, in.name, "", p.result.bytes, p.sha, with_user_metadata(nlohmann::json::object(), user_)};
      p.result.document_id = ws_.store().begin_document(placeholder);
    }
    p.parsed = std::async(std::launch::async,
                          [name = in.name, bytes = p.bytes, doc = in.document, po = parse_options_,
                           co = chunk_options_, t = timeout_seconds_, blobs = &ws_.blobs(), sha = p.sha] {
                            return parse_and_chunk(name, *bytes, doc.get(), po, co, t, blobs, sha, blobs);
                          });
    return p;
  }

  Pending fail_early(Pending p, const std::string& error) {
    p.result.status = "failed";
    p.result.error = error;
    p.done = true;
    return p;
  }

  void finish(Pending& p) {
    if (!p.done) commit(p);
    if (p.result.status == "failed") record_failure(p);
    tally(p.result);
    progress_.files_done++;
    progress_.bytes_done += p.result.bytes;
    if (callbacks_.on_file) callbacks_.on_file(p.result);
    if (callbacks_.on_progress) callbacks_.on_progress(progress_);
  }

  void commit(Pending& p) {
    Parsed parsed = p.parsed.get();
    if (!parsed.error.empty()) {
      p.result.status = "failed";
      p.result.error = parsed.error;
      drop_figures(ws_, parsed);
      return;
    }
    store::NewDocument doc{kb_.id, p.result.name, parsed.mime, p.result.bytes, p.sha, parsed.metadata};
    try {
      // The user's tags and keys survive a new version and win over the parser's.
      const auto kept = p.existing ? user_metadata_of(p.existing->metadata) : UserMetadata{};
      doc.metadata = with_user_metadata(std::move(doc.metadata), merge_user_metadata(kept, user_));
    } catch (const Error& e) {
      p.result.status = "failed";
      p.result.error = p.result.path + ": " + e.what();
      drop_figures(ws_, parsed);
      return;
    }
    if (embedder_ && !embed(p, parsed, doc)) {
      drop_figures(ws_, parsed);
      return;
    }
    try {
      ws_.blobs().put(p.sha, *p.bytes);  // normally already there (worker)
      keep_figures(ws_, parsed);
      p.result.document_id = ws_.store().commit_document(doc, parsed.chunks);
      p.result.chunks = static_cast<int64_t>(parsed.chunks.size());
      p.result.status = p.existing ? "replaced" : "added";
      // The previous version's original and figures, unless still referenced
      // (by the new version or another document).
      if (p.existing) remove_unreferenced_blobs(ws_.store(), ws_.blobs(), document_blobs(*p.existing));
      if (++commits_since_sync_ >= static_cast<size_t>(ws_.config().index_batch_docs)) {
        ws_.sync_index(kb_.id, /*save_vectors=*/false);
        commits_since_sync_ = 0;
      }
    } catch (const Error& e) {
      p.result.status = "failed";
      p.result.error = p.result.path + ": " + e.what();
      drop_figures(ws_, parsed);
    }
    p.bytes.reset();
  }

  // Attaches a vector to every chunk; false (result failed) when the model fails.
  bool embed(Pending& p, Parsed& parsed, store::NewDocument& doc) {
    std::vector<std::string> texts;
    texts.reserve(parsed.chunks.size());
    for (const auto& c : parsed.chunks) texts.push_back(c.text);
    const int64_t before = progress_.chunks_embedded;
    try {
      auto vectors = embed_texts(ws_.store(), kb_, *embedder_, texts, [&](size_t done) {
        progress_.chunks_embedded = before + static_cast<int64_t>(done);
        if (callbacks_.on_progress) callbacks_.on_progress(progress_);
      });
      for (size_t i = 0; i < vectors.size(); ++i) parsed.chunks[i].embedding = std::move(vectors[i]);
      doc.embedding_model = embedder_->id();
      return true;
    } catch (const Error& e) {
      progress_.chunks_embedded = before;
      p.result.status = "failed";
      p.result.error = p.result.path + ": embedding failed: " + e.what();
      p.bytes.reset();
      return false;
    }
  }

  // A failed new file keeps a `failed` row (visible in `lore kb show`); a
  // failed new version of an existing document leaves the old version intact.
  void record_failure(Pending& p) {
    try {
      if (p.result.document_id != 0 && !p.existing) {
        ws_.store().set_document_status(p.result.document_id, store::DocStatus::failed, p.result.error);
      } else if (p.existing && p.existing->status != store::DocStatus::done &&
                 p.existing->status != store::DocStatus::indexing) {
        ws_.store().set_document_status(p.existing->id, store::DocStatus::failed, p.result.error);
      } else if (p.existing) {
        p.result.error += " (the previously ingested version is kept)";
      }
    } catch (const Error& e) {
      spdlog::error("{}: could not record failure: {}", p.result.name, e.what());
    }
  }

  void tally(const IngestFileResult& r) {
    if (r.status == "added")
      ++summary_.added;
    else if (r.status == "replaced")
      ++summary_.replaced;
    else if (r.status == "unchanged")
      ++summary_.unchanged;
    else if (r.status == "skipped")
      ++summary_.skipped;
    else
      ++summary_.failed;
    if (r.status == "added" || r.status == "replaced") summary_.chunks += r.chunks;
    summary_.bytes += r.bytes;
  }

  Workspace& ws_;
  store::KnowledgeBase kb_;
  const IngestCallbacks& callbacks_;
  parse::ParseOptions parse_options_;
  chunk::ChunkOptions chunk_options_;
  int timeout_seconds_ = 0;
  UserMetadata user_;
  IngestProgress progress_;
  IngestSummary summary_;
  size_t commits_since_sync_ = 0;
  std::unique_ptr<models::EmbeddingModel> embedder_;
};

}  // namespace

void keep_figures(Workspace& ws, const ParsedFile& parsed) {
  for (const auto& [sha, png] : parsed.figures) ws.blobs().put(sha, png);
}

void drop_figures(Workspace& ws, const ParsedFile& parsed) {
  std::set<std::string> shas;
  for (const auto& f : parsed.figures) shas.insert(f.first);
  remove_unreferenced_blobs(ws.store(), ws.blobs(), shas);
}

ParsedFile parse_for_kb(const Config& config, const store::KnowledgeBase& kb, const std::string& name,
                        const std::string& bytes, blob::BlobStore* figure_blobs) {
  return parse_and_chunk(name, bytes, nullptr, parse_options_for(config), chunk_options_for(config, kb, ""),
                         static_cast<int>(config.parse_timeout_seconds), nullptr, "", figure_blobs);
}

IngestSummary ingest(Workspace& workspace, const store::KnowledgeBase& kb,
                     const std::vector<InputFile>& inputs, const IngestCallbacks& callbacks,
                     const IngestOptions& options) {
  if (workspace.access() != Access::write) throw Error(ErrorCode::internal, "ingest needs write access");
  if (!options.chunk_template.empty()) {
    const auto& names = chunk::template_names();
    if (std::find(names.begin(), names.end(), options.chunk_template) == names.end()) {
      std::string available;
      for (const auto& t : names) available += (available.empty() ? "" : ", ") + t;
      throw Error(ErrorCode::invalid_argument,
                  "unknown chunk template \"" + options.chunk_template + "\" (available: " + available + ")");
    }
  }
  merge_user_metadata({}, options.user);  // validates tags and keys before any file is touched
  return Ingestor(workspace, kb, callbacks, options).run(inputs);
}

parse::OcrOptions ocr_options_for(const Config& config) {
  return {config.ocr_languages, static_cast<int>(config.ocr_page_timeout_seconds),
          static_cast<int>(config.ocr_threads), config.ocr_pdf_pages};
}

}  // namespace lore::pipeline
