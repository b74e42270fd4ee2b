// lore kb create|list|show|delete
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/text.h"
#include "pipeline/compression.h"
#include "pipeline/embeddings.h"
#include "pipeline/prompt.h"
#include "pipeline/user_metadata.h"
#include "pipeline/workspace.h"

namespace lore::cli {

namespace {

void print_kb_table(const std::vector<store::KnowledgeBase>& kbs) {
  if (kbs.empty()) {
    std::cout << "no knowledge bases yet; create one with `lore kb create NAME`\n";
    return;
  }
  std::printf("%-24s %-10s %10s %10s  %s\n", "NAME", "TEMPLATE", "DOCUMENTS", "CHUNKS", "CREATED");
  for (const auto& kb : kbs)
    std::printf("%-24s %-10s %10lld %10lld  %s\n", kb.name.c_str(), kb.chunk_template.c_str(),
                static_cast<long long>(kb.document_count), static_cast<long long>(kb.chunk_count),
                kb.created_at.c_str());
}

void show_kb(pipeline::Workspace& ws, const std::string& name, bool json) {
  const auto kb = ws.require_kb(name);
  const auto docs = ws.store().list_documents(kb.id);
  if (json) {
    auto j = kb_to_json(kb);
    j["document_list"] = nlohmann::json::array();
    for (const auto& d : docs) j["document_list"].push_back(document_to_json(d));
    print_json(j);
    return;
  }
  std::printf("knowledge base %s (id %lld, template %s, created %s)\n%lld documents, %lld chunks\n",
              kb.name.c_str(), static_cast<long long>(kb.id), kb.chunk_template.c_str(),
              kb.created_at.c_str(), static_cast<long long>(kb.document_count),
              static_cast<long long>(kb.chunk_count));
  const auto model = pipeline::embedding_model_id(kb);
  if (model.empty())
    std::printf("embedding: none (BM25 only)\n\n");
  else
    std::printf("embedding: %s at %s, %d dimensions\n\n", model.c_str(),
                kb.settings["embedding"].value("base_url", "").c_str(), pipeline::recorded_dimension(kb));
  if (docs.empty()) return;
  std::printf("%8s  %-9s %7s %10s  %s\n", "ID", "STATUS", "CHUNKS", "SIZE", "NAME");
  for (const auto& d : docs) {
    std::printf("%8lld  %-9s %7lld %10s  %s\n", static_cast<long long>(d.id),
                std::string(store::doc_status_name(d.status)).c_str(), static_cast<long long>(d.chunk_count),
                human_bytes(d.size).c_str(), d.name.c_str());
    if (const auto tags = pipeline::all_tags(d.metadata); !tags.empty()) {
      std::string line;
      for (const auto& t : tags) line += (line.empty() ? "" : ", ") + t;
      std::printf("%8s  tags: %s\n", "", line.c_str());
    }
    if (!d.error.empty()) std::printf("%8s  error: %s\n", "", d.error.c_str());
  }
}

// --embedding-* flags of `kb create` and `kb reembed`; they override [embedding].
struct EmbeddingFlags {
  std::string provider, model, url;
  int64_t dimensions = -1;
  void apply(Config::ModelServer& s) const {
    if (!provider.empty()) s.provider = provider;
    if (!model.empty()) s.model = model;
    if (!url.empty()) s.base_url = url;
    if (dimensions >= 0) s.dimensions = dimensions;
  }
};

void add_embedding_flags(CLI::App& cmd, EmbeddingFlags& f) {
  cmd.add_option("--embedding-provider", f.provider,
                 "Embedding provider: openai | ollama (default [embedding].provider)");
  cmd.add_option("--embedding-model", f.model,
                 "Embedding model name, e.g. bge-m3 (default [embedding].model)");
  cmd.add_option(
      "--embedding-url", f.url,
      "Embedding server base URL, e.g. http://127.0.0.1:8000/v1 (openai) or http://127.0.0.1:11434 (ollama)");
  cmd.add_option("--embedding-dimensions", f.dimensions,
                 "Requested vector size (openai \"dimensions\"; 0 = model's own)")
      ->check(CLI::NonNegativeNumber);
}

// Per-knowledge-base answer settings: "chat" overrides and "prompt_template".
nlohmann::json answer_settings(const std::string& provider, const std::string& base_url,
                               const std::string& model, const std::string& prompt_file) {
  nlohmann::json settings = nlohmann::json::object();
  if (!provider.empty()) settings["chat"]["provider"] = provider;
  if (!base_url.empty()) settings["chat"]["base_url"] = base_url;
  if (!model.empty()) settings["chat"]["model"] = model;
  if (prompt_file.empty()) return settings;
  const std::string tmpl = fs::read_file(prompt_file);
  if (text::find_invalid_utf8(tmpl) != std::string::npos)
    throw Error(ErrorCode::bad_input, prompt_file + ": prompt template is not UTF-8 text");
  try {
    pipeline::validate_prompt_template(tmpl);
  } catch (const Error& e) {
    throw Error(ErrorCode::invalid_argument, prompt_file + ": " + e.what());
  }
  settings["prompt_template"] = tmpl;
  return settings;
}

bool confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace

void add_kb_commands(CLI::App& app, Context& ctx) {
  auto* kb = app.add_subcommand("kb", "Manage knowledge bases")->require_subcommand(1);

  struct CreateOpts {
    std::string name, tmpl;
    int64_t chunk_tokens = 0, chunk_overlap = -1;
    std::string chat_provider, chat_base_url, chat_model, prompt_file;
    double compress_rate = 0;
    size_t compress_budget = 0;
    bool json = false;
    EmbeddingFlags embedding;
  };
  auto create = std::make_shared<CreateOpts>();
  auto* c = kb->add_subcommand(
      "create", "Create a knowledge base\n  example: lore kb create handbook --template general");
  c->add_option("NAME", create->name, "Name: letters, digits, '_', '-', '.'")->required();
  c->add_option(
      "--template", create->tmpl,
      "Chunking template: general, qa, table, paper, book, law, manual, one, auto (default chunk.template)");
  c->add_option("--chunk-tokens", create->chunk_tokens,
                "Target chunk size in tokens (default chunk.tokens, 512)")
      ->check(CLI::PositiveNumber);
  c->add_option("--chunk-overlap", create->chunk_overlap, "Overlap in tokens (default chunk.overlap, 64)")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--chat-provider", create->chat_provider,
                "LLM answering in this knowledge base: openai|ollama|none (default [chat] provider)")
      ->check(CLI::IsMember({"openai", "ollama", "none"}));
  c->add_option("--chat-base-url", create->chat_base_url,
                "Base URL of that LLM server (default [chat] base_url)");
  c->add_option("--chat-model", create->chat_model, "Model name (default [chat] model)");
  c->add_option("--prompt-file", create->prompt_file,
                "System prompt template for answers; must contain {sources} (default: built-in)")
      ->check(CLI::ExistingFile);
  auto* compress_rate = c->add_option("--compress-rate", create->compress_rate,
                                      "Compress answer sources to this share of their tokens, in (0, 1] "
                                      "(the `compress` stage; default off)")
                            ->check(CLI::Range(0.0, 1.0));
  c->add_option("--compress-budget", create->compress_budget, "Compress answer sources to at most N tokens")
      ->check(CLI::PositiveNumber)
      ->excludes(compress_rate);
  c->add_flag("--json", create->json, "Print the knowledge base as JSON");
  add_embedding_flags(*c, create->embedding);
  c->callback([&ctx, create] {
    Config config = ctx.config();
    create->embedding.apply(config.embedding);
    nlohmann::json settings = answer_settings(create->chat_provider, create->chat_base_url,
                                              create->chat_model, create->prompt_file);
    if (create->compress_budget > 0)
      settings["compress"] = {{"budget", create->compress_budget}};
    else if (create->compress_rate > 0)
      settings["compress"] = {{"rate", create->compress_rate}};
    if (settings.contains("compress"))
      pipeline::compress_setting_from_json(settings["compress"], "--compress-*");
    if (create->chunk_tokens > 0) config.chunk_tokens = create->chunk_tokens;
    if (create->chunk_overlap >= 0) config.chunk_overlap = create->chunk_overlap;
    pipeline::Workspace ws(config, pipeline::Access::read);
    const auto created = ws.create_kb(
        create->name, create->tmpl.empty() ? ws.config().chunk_template : create->tmpl, settings);
    if (create->json)
      print_json(kb_to_json(created));
    else
      std::cout << "created knowledge base " << created.name << " (template " << created.chunk_template
                << ", " << created.settings.value("chunk_tokens", 0) << "-token chunks, "
                << created.settings.value("chunk_overlap", 0) << " overlap, embedding "
                << (pipeline::embedding_model_id(created).empty() ? "none (BM25 only)"
                                                                  : pipeline::embedding_model_id(created))
                << ")\n";
  });

  struct ReembedOpts {
    std::string kb;
    bool json = false;
    EmbeddingFlags embedding;
  };
  auto re = std::make_shared<ReembedOpts>();
  auto* r =
      kb->add_subcommand("reembed",
                         "Recompute every vector of a knowledge base (cached vectors are reused) and rebuild "
                         "its vector index;\nwith --embedding-* flags, switch it to another model\n"
                         "  example: lore kb reembed --kb handbook\n"
                         "  example: lore kb reembed --kb handbook --embedding-provider ollama "
                         "--embedding-model bge-m3 --embedding-url http://127.0.0.1:11434");
  r->add_option("--kb", re->kb, "Knowledge base")->required();
  r->add_flag("--json", re->json, "Print JSON");
  add_embedding_flags(*r, re->embedding);
  r->callback([&ctx, re] {
    Config config = ctx.config();
    Config::ModelServer server;
    const bool switching = !re->embedding.provider.empty();
    if (switching) {
      server = config.embedding;
      re->embedding.apply(server);
      config.embedding.provider.clear();  // the knowledge base's old model is not a conflict here
      config.embedding.model.clear();
    }
    pipeline::Workspace ws(config, pipeline::Access::write);
    const bool tty = stderr_is_tty();
    const auto stats =
        pipeline::reembed(ws, re->kb, switching ? &server : nullptr, [&](int64_t done, int64_t total) {
          if (tty)
            std::fprintf(stderr, "\rembedding %lld/%lld chunks ", static_cast<long long>(done),
                         static_cast<long long>(total));
        });
    if (tty) std::fprintf(stderr, "\r\033[K");
    if (re->json)
      print_json({{"kb", re->kb},
                  {"model", stats.model},
                  {"dimension", stats.dimension},
                  {"documents", stats.documents},
                  {"chunks", stats.chunks},
                  {"from_cache", stats.from_cache}});
    else
      std::printf(
          "re-embedded %lld chunks of %lld documents in %s with %s (%d dimensions; %lld from cache)\n",
          static_cast<long long>(stats.chunks), static_cast<long long>(stats.documents), re->kb.c_str(),
          stats.model.c_str(), stats.dimension, static_cast<long long>(stats.from_cache));
  });

  auto list_json = std::make_shared<bool>(false);
  auto* l = kb->add_subcommand("list", "List knowledge bases\n  example: lore kb list --json");
  l->add_flag("--json", *list_json, "Print JSON");
  l->callback([&ctx, list_json] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::read);
    const auto kbs = ws.store().list_kbs(ws.tenant_id());
    if (*list_json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& k : kbs) arr.push_back(kb_to_json(k));
      print_json({{"knowledge_bases", arr}});
    } else {
      print_kb_table(kbs);
    }
  });

  struct ShowOpts {
    std::string name;
    bool json = false;
  };
  auto show = std::make_shared<ShowOpts>();
  auto* s =
      kb->add_subcommand("show", "Show a knowledge base and its documents\n  example: lore kb show handbook");
  s->add_option("NAME", show->name)->required();
  s->add_flag("--json", show->json, "Print JSON");
  s->callback([&ctx, show] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::read);
    show_kb(ws, show->name, show->json);
  });

  struct DeleteOpts {
    std::string name;
    bool yes = false;
  };
  auto del = std::make_shared<DeleteOpts>();
  auto* d = kb->add_subcommand(
      "delete", "Delete a knowledge base and everything in it\n  example: lore kb delete handbook --yes");
  d->add_option("NAME", del->name)->required();
  d->add_flag("-y,--yes", del->yes, "Do not ask for confirmation (asked only on a terminal)");
  d->callback([&ctx, del] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::write);
    const auto target = ws.require_kb(del->name);
    if (!del->yes && ::isatty(STDIN_FILENO) &&
        !confirm("delete knowledge base " + target.name + " with " + std::to_string(target.document_count) +
                 " documents?")) {
      std::cerr << "not deleted\n";
      ctx.exit_code = kExitError;
      return;
    }
    ws.delete_kb(del->name);
    std::cout << "deleted knowledge base " << del->name << '\n';
  });
}

}  // namespace lore::cli
