#include "pipeline/query.h"

#include <chrono>
#include <cmath>
#include <set>

#include "core/error.h"
#include "core/log.h"
#include "core/text.h"
#include "models/builtin/extractive.h"
#include "models/builtin/lexical.h"
#include "models/chat_factory.h"
#include "pipeline/prompt.h"
#include "pipeline/rewrite.h"
#include "pipeline/search.h"
#include "pipeline/stream_filter.h"

namespace lore::pipeline {

namespace {

// search returns this many candidates per source wanted, so that merge can
// drop duplicates and still leave top_k.
constexpr size_t kCandidateFactor = 2;

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::string join_headings(const std::vector<std::string>& headings) {
  std::string out;
  for (const auto& h : headings) out += (out.empty() ? "" : " > ") + h;
  return out;
}

int first_page(const store::ChunkRecord& chunk) {
  if (!chunk.positions.is_array() || chunk.positions.empty() || !chunk.positions[0].is_object()) return 0;
  return chunk.positions[0].value("page", 0);
}

// Feeds model output through the stream_filter stage and on to the caller.
class AnswerStream {
 public:
  AnswerStream(int sources, const AnswerDeltaHandler& on_delta) : cite_(sources), on_delta_(on_delta) {}

  bool feed(std::string_view piece) {
    if (cancelled_) return false;
    const auto t0 = std::chrono::steady_clock::now();
    std::string out = cite_.feed(think_.feed(piece));
    filter_ms_ += ms_since(t0);
    return deliver(out);
  }
  void finish() {
    const auto t0 = std::chrono::steady_clock::now();
    std::string out = cite_.feed(think_.finish());
    out += cite_.finish();
    filter_ms_ += ms_since(t0);
    deliver(out);
  }
  const std::string& visible() const { return visible_; }
  const std::string& reasoning() const { return think_.reasoning(); }
  const std::vector<int>& cited() const { return cite_.cited(); }
  double filter_ms() const { return filter_ms_; }
  bool cancelled() const { return cancelled_; }

 private:
  bool deliver(const std::string& out) {
    if (out.empty() || cancelled_) return !cancelled_;
    visible_ += out;
    if (on_delta_ && !on_delta_(out)) cancelled_ = true;
    return !cancelled_;
  }

  ThinkFilter think_;
  CitationFilter cite_;
  const AnswerDeltaHandler& on_delta_;
  std::string visible_;
  double filter_ms_ = 0;
  bool cancelled_ = false;
};

}  // namespace

models::ChatConfig chat_config_for(const Config& config, const store::KnowledgeBase& kb) {
  models::ChatConfig c;
  c.provider = config.chat_provider;
  c.base_url = config.chat_base_url;
  c.model = config.chat_model;
  c.api_key = config.chat_api_key;
  c.timeout_seconds = static_cast<double>(config.chat_timeout);
  c.max_retries = static_cast<int>(config.chat_retries);
  c.temperature = config.chat_temperature;
  c.max_tokens = static_cast<int>(config.chat_max_tokens);
  if (auto it = kb.settings.find("chat"); it != kb.settings.end() && it->is_object()) {
    auto pick = [&](const char* key, std::string& field) {
      if (auto v = it->find(key); v != it->end() && v->is_string() && !v->get<std::string>().empty())
        field = v->get<std::string>();
    };
    pick("provider", c.provider);
    pick("base_url", c.base_url);
    pick("model", c.model);
    if (c.provider == "none") c.provider.clear();
  }
  return c;
}

AskResult ask(Workspace& ws, const AskRequest& req, models::ChatModel* chat) {
  AskResult r;
  r.request_id = req.request_id.empty() ? new_request_id() : req.request_id;
  if (text::trim(req.question).empty()) throw Error(ErrorCode::invalid_argument, "empty question");
  if (req.kb.id == 0 || req.kb.tenant_id == 0)
    throw Error(ErrorCode::internal, "ask: the knowledge base was not resolved within a tenant");
  const store::KnowledgeBase& kb = req.kb;
  const Config& config = ws.config();
  std::unique_ptr<models::ChatModel> owned;
  if (!chat) {
    owned = models::make_chat_model(chat_config_for(config, kb));
    chat = owned.get();
  }
  r.model = chat ? chat->id() : "extractive";
  const std::string tmpl =
      kb.settings.contains("prompt_template") && kb.settings["prompt_template"].is_string()
          ? kb.settings["prompt_template"].get<std::string>()
          : std::string();
  if (!tmpl.empty()) validate_prompt_template(tmpl);
  const size_t top_k = req.top_k ? req.top_k : static_cast<size_t>(config.ask_top_k);
  StageClock clock(r.request_id);

  {
    auto stage = clock.start("rewrite_query");
    const auto rw = rewrite_query(req.question, req.history, chat);
    r.standalone_question = rw.question;
    stage.done("method=" + rw.method + " turns=" + std::to_string(req.history.size()));
  }
  std::string query;
  {
    auto stage = clock.start("preprocess");
    query = text::collapse_whitespace(r.standalone_question);
    const size_t terms = models::builtin::extract_terms(query).size();
    stage.done(std::string("lang=") + (text::contains_cjk(query) ? "zh" : "en") +
               " terms=" + std::to_string(terms));
  }
  std::vector<SearchHit> hits;
  {
    auto stage = clock.start("search");
    SearchRequest sr;
    sr.query = query;
    sr.top_k = top_k * kCandidateFactor;
    sr.filter = req.filter;
    hits = search(ws, kb, sr, req.searcher);
    stage.done("candidates=" + std::to_string(hits.size()));
  }
  {
    auto stage = clock.start("merge");
    std::set<std::string> seen;
    std::vector<SearchHit> kept;
    for (auto& h : hits)
      if (seen.insert(text::collapse_whitespace(h.chunk.text)).second) kept.push_back(std::move(h));
    const size_t dropped = hits.size() - kept.size();
    hits = std::move(kept);
    stage.done("duplicates=" + std::to_string(dropped));
  }
  {
    auto stage = clock.start("filter_top_k");
    if (hits.size() > top_k) hits.resize(top_k);
    stage.done("sources=" + std::to_string(hits.size()));
  }

  // What the model reads of each source: its text, unless compressed.
  std::vector<std::string> texts;
  for (const auto& h : hits) texts.push_back(h.chunk.text);
  if (const auto setting = effective_compress_setting(req.compress, kb); setting.enabled() && !hits.empty()) {
    auto stage = clock.start("compress");
    std::vector<double> scores;
    for (const auto& h : hits) scores.push_back(h.score);
    const auto model = kb_ngram_model(ws, kb.id);
    const auto c = compress_sources(r.standalone_question, texts, setting, scores, model.get());
    std::vector<SearchHit> kept;
    for (const size_t i : c.order) kept.push_back(std::move(hits[i]));
    hits = std::move(kept);
    texts = c.texts;
    stage.done("tokens=" + std::to_string(c.original_tokens) + "->" + std::to_string(c.compressed_tokens) +
               " sources=" + std::to_string(hits.size()));
  }

  std::vector<SearchHit> sources;
  if (hits.empty()) {
    // Nothing retrieved: no model call can be grounded, whatever the model.
    auto stage = clock.start("generate");
    r.found = false;
    AnswerStream none(0, req.on_delta);
    none.feed(models::builtin::kNotFound);
    none.finish();
    r.answer = none.visible();
    r.cancelled = none.cancelled();
    stage.done("no_sources");
  } else if (chat) {
    Prompt prompt;
    {
      auto stage = clock.start("build_prompt");
      std::vector<PromptSource> ps;
      for (size_t i = 0; i < hits.size(); ++i)
        ps.push_back({hits[i].document_name, join_headings(chunk_headings(hits[i].chunk)),
                      first_page(hits[i].chunk), texts[i]});
      prompt = build_prompt(r.standalone_question, req.history, ps, tmpl,
                            static_cast<size_t>(config.ask_context_tokens));
      sources.assign(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(prompt.sources_used));
      stage.done("tokens=" + std::to_string(prompt.tokens) + " sources=" +
                 std::to_string(prompt.sources_used) + " history=" + std::to_string(prompt.history_used));
    }
    AnswerStream live(static_cast<int>(sources.size()), req.on_delta);
    {
      auto stage = clock.start("generate");
      chat->complete(prompt.messages, [&](std::string_view piece) { return live.feed(piece); });
      live.finish();
      stage.done("model=" + r.model + " chars=" + std::to_string(live.visible().size()));
    }
    r.answer = std::string(text::trim(live.visible()));
    r.cancelled = live.cancelled();
    if (req.want_reasoning) r.reasoning = std::string(text::trim(live.reasoning()));
    const auto t0 = std::chrono::steady_clock::now();
    r.citations = map_citations(r.answer, live.cited(), sources, r.standalone_question);
    clock.record("stream_filter", live.filter_ms() + ms_since(t0),
                 "citations=" + std::to_string(r.citations.size()));
  } else {
    sources = hits;
    AnswerStream live(static_cast<int>(sources.size()), req.on_delta);
    {
      auto stage = clock.start("generate");
      std::vector<models::builtin::Passage> passages;
      for (size_t i = 0; i < sources.size(); ++i)
        passages.push_back({static_cast<int>(i + 1), texts[i], chunk_headings(sources[i].chunk)});
      models::builtin::ExtractiveOptions options;
      options.min_confidence = config.ask_min_confidence;
      const auto answer = models::builtin::extractive_answer(r.standalone_question, passages, options);
      r.found = answer.found;
      // Sentence by sentence, as a model would stream it.
      if (!answer.found) live.feed(answer.text);
      for (size_t i = 0; i < answer.sentences.size() && !live.cancelled(); ++i) {
        const auto& s = answer.sentences[i];
        live.feed((i ? " " : "") + models::builtin::cite_sentence(s.text, s.n));
      }
      live.finish();
      stage.done(fmt::format("model=extractive confidence={:.3f}", answer.confidence));
    }
    r.answer = std::string(text::trim(live.visible()));
    r.cancelled = live.cancelled();
    const auto t0 = std::chrono::steady_clock::now();
    r.citations = map_citations(r.answer, live.cited(), sources, r.standalone_question);
    clock.record("stream_filter", live.filter_ms() + ms_since(t0),
                 "citations=" + std::to_string(r.citations.size()));
  }
  if (req.want_timings) r.timings = clock.timings();
  double total = 0;
  for (const auto& t : clock.timings()) total += t.ms;
  spdlog::info("request={} ask kb={} model={} sources={} citations={} found={} cancelled={} ms={:.3f}",
               r.request_id, kb.name, r.model, sources.size(), r.citations.size(), r.found, r.cancelled,
               total);
  return r;
}

nlohmann::json ask_result_to_json(const AskResult& r, bool with_timings, bool with_reasoning) {
  nlohmann::json j = {{"answer", r.answer}, {"citations", nlohmann::json::array()}};
  for (const auto& c : r.citations) j["citations"].push_back(citation_to_json(c));
  if (with_timings) {
    j["timings"] = nlohmann::json::object();
    for (const auto& t : r.timings) j["timings"][t.stage] = std::round(t.ms * 1000) / 1000;
  }
  if (with_reasoning) j["reasoning"] = r.reasoning;
  return j;
}

}  // namespace lore::pipeline
