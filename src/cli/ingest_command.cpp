// lore ingest PATH... --kb NAME [--template T] [--tag T]... [--meta K=V]... [--json]
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "cli/filter_flags.h"
#include "pipeline/ingest.h"
#include "pipeline/raptor.h"

namespace lore::cli {

namespace {

// A one-line progress bar redrawn on stderr (only when stderr is a terminal).
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

  void draw(const pipeline::IngestProgress& p) {
    if (!enabled_ || p.files_total == 0) return;
    constexpr int kWidth = 30;
    const double frac = p.bytes_total > 0
                            ? static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total)
                            : static_cast<double>(p.files_done) / static_cast<double>(p.files_total);
    const int filled = static_cast<int>(frac * kWidth);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double mbps = secs > 0 ? static_cast<double>(p.bytes_done) / (1024.0 * 1024.0) / secs : 0;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu files  %s  %.1f MB/s ", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, ' ').c_str(), p.files_done, p.files_total,
                 human_bytes(p.bytes_done).c_str(), mbps);
    if (p.chunks_embedded > 0)
      std::fprintf(stderr, " %lld chunks embedded ", static_cast<long long>(p.chunks_embedded));
    std::fflush(stderr);
    drawn_ = true;
  }

  // Clears the bar so a normal line can be printed.
  void clear() {
    if (!drawn_) return;
    std::fprintf(stderr, "\r\033[K");
    drawn_ = false;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

nlohmann::json result_to_json(const pipeline::IngestFileResult& r) {
  nlohmann::json j = {{"path", r.path},     {"name", r.name},
                      {"status", r.status}, {"document_id", r.document_id},
                      {"chunks", r.chunks}, {"bytes", r.bytes}};
  if (!r.error.empty()) j["error"] = r.error;
  return j;
}

void print_result_line(const pipeline::IngestFileResult& r) {
  if (r.status == "failed") {
    std::cerr << "failed     " << r.error << '\n';
  } else if (r.status == "skipped") {
    std::cout << "skipped    " << r.error << '\n';
  } else {
    std::cout << std::string(r.status).append(11 - std::min<size_t>(10, r.status.size()), ' ') << r.name;
    if (r.status != "unchanged") std::cout << " (" << r.chunks << " chunks)";
    std::cout << '\n';
  }
}

}  // namespace

void add_ingest_command(CLI::App& app, Context& ctx) {
  struct Opts {
    std::vector<std::string> paths;
    std::string kb;
    std::string tmpl;
    std::string raptor;
    bool json = false;
    UserMetadataFlags user;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd =
      app.add_subcommand("ingest",
                         "Add files to a knowledge base (files, directories recursively, glob patterns)\n"
                         "  example: lore ingest docs/ notes/*.md --kb handbook\n"
                         "  example: lore ingest faq.xlsx --kb support --template qa\n"
                         "  example: lore ingest contracts/ --kb legal --tag contract --meta year=2024");
  cmd->add_option("PATH", opts->paths, "Files, directories or glob patterns")->required();
  cmd->add_option("--kb", opts->kb, "Knowledge base to ingest into")->required();
  cmd->add_option("--template", opts->tmpl,
                  "Chunking template for these files, overriding the knowledge base's: general, qa, table, "
                  "paper, book, law, manual, one, auto");
  cmd->add_flag("--json", opts->json, "Print one JSON object with per-file results and a summary");
  opts->user.add_to(cmd);
  cmd->add_option(
         "--raptor", opts->raptor,
         "Then build the RAPTOR summary tree (docs/raptor.md): kb (whole knowledge base) or document "
         "(trees for new or changed documents only)")
      ->check(CLI::IsMember({"kb", "document"}));
  cmd->callback([&ctx, opts] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::write);
    const auto kb = ws.require_kb(opts->kb);
    pipeline::IngestOptions ingest_options;
    ingest_options.chunk_template = opts->tmpl;
    ingest_options.user = opts->user.user_metadata();
    const auto inputs = pipeline::expand_inputs(opts->paths);

    ProgressBar bar(stderr_is_tty());
    nlohmann::json files = nlohmann::json::array();
    pipeline::IngestCallbacks callbacks;
    callbacks.on_file = [&](const pipeline::IngestFileResult& r) {
      bar.clear();
      if (opts->json)
        files.push_back(result_to_json(r));
      else
        print_result_line(r);
    };
    callbacks.on_progress = [&](const pipeline::IngestProgress& p) { bar.draw(p); };
    const auto s = pipeline::ingest(ws, kb, inputs, callbacks, ingest_options);
    bar.clear();
    nlohmann::json raptor = nullptr;
    // document scope is incremental by itself; a kb tree is rebuilt when
    // anything changed or it does not exist.
    if (!opts->raptor.empty() && (opts->raptor == "document" || s.added + s.replaced > 0 ||
                                  !ws.store().find_document(kb.id, store::kRaptorDocument))) {
      pipeline::RaptorOptions ro;
      ro.scope = opts->raptor;
      const auto report = pipeline::build_raptor(ws, ws.require_kb(opts->kb), ro);
      raptor = pipeline::raptor_report_json(report);
      if (!opts->json)
        std::fprintf(stderr, "raptor: %d layers, %lld summary nodes in %.1f s\n", report.layers,
                     static_cast<long long>(report.nodes), report.seconds);
    }

    const double mbps = s.seconds > 0 ? static_cast<double>(s.bytes) / (1024.0 * 1024.0) / s.seconds : 0;
    if (opts->json) {
      nlohmann::json out = {{"kb", kb.name},
                            {"files", files},
                            {"summary",
                             {{"added", s.added},
                              {"replaced", s.replaced},
                              {"unchanged", s.unchanged},
                              {"failed", s.failed},
                              {"skipped", s.skipped},
                              {"chunks", s.chunks},
                              {"bytes", s.bytes},
                              {"seconds", s.seconds}}}};
      if (!raptor.is_null()) out["raptor"] = raptor;
      print_json(out);
    } else {
      std::printf(
          "%zu files into %s: %zu added, %zu replaced, %zu unchanged, %zu failed, %zu skipped; "
          "%lld chunks, %s in %.1f s (%.1f MB/s)\n",
          inputs.size(), kb.name.c_str(), s.added, s.replaced, s.unchanged, s.failed, s.skipped,
          static_cast<long long>(s.chunks), human_bytes(s.bytes).c_str(), s.seconds, mbps);
    }
    if (s.failed > 0) ctx.exit_code = kExitPartial;
  });
}

}  // namespace lore::cli
