// Prompt compression quality without an LLM: answer retention — the share of
// questions whose gold answer string survives compression — at 2x, 4x, 10x
// and 20x, for Lore's compressor and the baselines (compress_baselines.h) on
// the same contexts and budgets in the same run; plus Lore's latency per
// 10k tokens.
//
// Contexts are built as retrieval would: for each question, its gold
// paragraph at a rotating position 1..20 among the 19 other paragraphs of the
// file most similar to the question (TF-IDF cosine) as hard distractors.
// The context budget at rate R is floor(context tokens / R); the question is
// given to Lore verbatim on top of it, and only the compressed context is
// searched for the answer (whitespace collapsed on both sides).
//
// Usage: compress_quality [--limit N] [--latency-only] FILE.json...   (SQuAD v1.1/v2.0 format)
// Prints JSON: {"datasets": [{"file", "questions", "rates": {"2": {method: retention, ...}}, ...}],
//               "latency": {...}, "failed": [{"file", "error"}]}; exits 1 when a file failed.
// Files are labelled DIR/NAME (their folder and name: qa/xquad/xquad.en.json -> xquad/xquad.en.json).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compress/compress.h"
#include "compress/ngram_model.h"
#include "compress_baselines.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/text.h"
#include "core/tokens.h"
#include "models/builtin/lexical.h"

namespace {

using nlohmann::json;

struct Question {
  size_t paragraph = 0;
  std::string question;
  std::vector<std::string> answers;  // any of them surviving counts (SQuAD's max over golds)
};

struct Dataset {
  std::vector<std::string> paragraphs;
  std::vector<Question> questions;
};

// One SQuAD paragraph: {"context", "qas": [{"question", "answers": [{"text"}], "is_impossible"?}]}.
void add_paragraph(const json& para, Dataset& d) {
  d.paragraphs.push_back(para.at("context").get<std::string>());
  for (const auto& qa : para.at("qas")) {
    if (qa.value("is_impossible", false)) continue;  // SQuAD 2.0: no answer to keep
    Question q{d.paragraphs.size() - 1, qa.at("question").get<std::string>(), {}};
    for (const auto& a : qa.value("answers", json::array())) {
      auto text = lore::text::collapse_whitespace(a.at("text").get<std::string>());
      if (!text.empty() && std::find(q.answers.begin(), q.answers.end(), text) == q.answers.end())
        q.answers.push_back(std::move(text));
    }
    if (!q.answers.empty()) d.questions.push_back(std::move(q));
  }
}

// SQuAD v1.1/v2.0 layout {"data": [{"paragraphs": [...]}]} (XQuAD, CMRC 2018,
// DRCD...); "data" may also list the paragraphs themselves.
Dataset load(const std::string& path) {
  Dataset d;
  try {
    const json j = json::parse(lore::fs::read_file(path));
    for (const auto& item : j.at("data")) {
      if (item.contains("context")) {
        add_paragraph(item, d);
      } else {
        for (const auto& para : item.at("paragraphs")) add_paragraph(para, d);
      }
    }
  } catch (const json::exception& e) {
    throw lore::Error(lore::ErrorCode::invalid_argument,
                      path + ": not SQuAD format (data[].paragraphs[].context/qas): " + e.what());
  }
  if (d.paragraphs.size() < 2 || d.questions.empty())
    throw lore::Error(lore::ErrorCode::invalid_argument,
                      path + ": needs at least 2 paragraphs and 1 answerable question");
  return d;
}

// TF-IDF vectors (log tf, idf) over the lexical terms, L2-normalised.
class Tfidf {
 public:
  explicit Tfidf(const std::vector<std::string>& docs) {
    for (const auto& d : docs) {
      docs_.push_back(lore::models::builtin::term_counts(d));
      for (const auto& [t, n] : docs_.back()) ++df_[t];
    }
    for (auto& d : docs_) vectors_.push_back(vectorise(d));
  }
  std::vector<size_t> nearest(const std::string& query, size_t k, size_t exclude) const {
    const auto q = vectorise(lore::models::builtin::term_counts(query));
    std::vector<std::pair<double, size_t>> scored;
    for (size_t i = 0; i < vectors_.size(); ++i) {
      if (i == exclude) continue;
      double dot = 0;
      for (const auto& [t, w] : q)
        if (auto it = vectors_[i].find(t); it != vectors_[i].end()) dot += w * it->second;
      scored.push_back({dot, i});
    }
    std::stable_sort(scored.begin(), scored.end(), [](auto& a, auto& b) { return a.first > b.first; });
    std::vector<size_t> out;
    for (size_t i = 0; i < std::min(k, scored.size()); ++i) out.push_back(scored[i].second);
    return out;
  }

 private:
  std::map<std::string, double> vectorise(const std::map<std::string, int>& counts) const {
    std::map<std::string, double> v;
    double norm = 0;
    const double n = static_cast<double>(docs_.size());
    for (const auto& [t, c] : counts) {
      const auto it = df_.find(t);
      const double df = it == df_.end() ? 0 : it->second;
      const double w = (1 + std::log(static_cast<double>(c))) * std::log((n + 1) / (df + 1));
      v[t] = w;
      norm += w * w;
    }
    norm = std::sqrt(norm);
    if (norm > 0)
      for (auto& [t, w] : v) w /= norm;
    return v;
  }
  std::vector<std::map<std::string, int>> docs_;
  std::map<std::string, int> df_;
  std::vector<std::map<std::string, double>> vectors_;
};

// Answers are stored whitespace-collapsed (load()).
bool retained(const std::string& context, const std::vector<std::string>& answers) {
  const std::string text = lore::text::collapse_whitespace(context);
  return std::any_of(answers.begin(), answers.end(),
                     [&](const std::string& a) { return text.find(a) != std::string::npos; });
}

const std::vector<int> kRates = {2, 4, 10, 20};
const std::vector<std::string> kMethods = {"lore", "overlap", "selective", "random", "cut"};

std::string label(const std::string& path) {
  const std::filesystem::path p(path);
  return (p.parent_path().filename() / p.filename()).string();
}

json run_dataset(const std::string& path, size_t limit) {
  const Dataset d = load(path);
  const Tfidf tfidf(d.paragraphs);
  const lore::compress::NgramModel model(
      std::vector<std::string_view>(d.paragraphs.begin(), d.paragraphs.end()));
  std::map<int, std::map<std::string, size_t>> kept;
  std::map<int, std::map<std::string, double>> achieved;  // sum of original/compressed context tokens
  std::map<int, double> lore_ms;
  size_t n = 0;
  for (size_t qi = 0; qi < d.questions.size() && (limit == 0 || n < limit); ++qi, ++n) {
    const auto& q = d.questions[qi];
    auto others = tfidf.nearest(q.question, 19, q.paragraph);
    std::vector<std::string> passages;
    for (const size_t i : others) passages.push_back(d.paragraphs[i]);
    const size_t gold_at = qi % (passages.size() + 1);
    passages.insert(passages.begin() + static_cast<std::ptrdiff_t>(gold_at), d.paragraphs[q.paragraph]);
    std::string full;
    for (const auto& p : passages) full += (full.empty() ? "" : "\n\n") + p;
    const size_t tokens = lore::count_tokens(full);
    for (const int rate : kRates) {
      const size_t budget = tokens / static_cast<size_t>(rate);
      std::map<std::string, std::string> out;
      lore::compress::Request req;
      req.question = q.question;
      req.passages = passages;
      req.model = &model;
      req.target.budget = budget + lore::count_tokens(q.question);
      const auto res = lore::compress::compress(req);
      lore_ms[rate] += res.ms;
      out["lore"] = res.context;
      out["overlap"] = bench::baseline_overlap(q.question, passages, budget);
      out["selective"] = bench::baseline_selective(passages, budget, model);
      out["random"] = bench::baseline_random(passages, budget, 1000003 * qi + static_cast<uint64_t>(rate));
      out["cut"] = bench::baseline_cut(passages, budget);
      for (const auto& [method, text] : out) {
        const size_t t = lore::count_tokens(text);
        if (t > budget)
          throw lore::Error(lore::ErrorCode::internal, method + " exceeded the budget (" + std::to_string(t) +
                                                           " > " + std::to_string(budget) + ")");
        kept[rate][method] += retained(text, q.answers);
        achieved[rate][method] += static_cast<double>(tokens) / static_cast<double>(std::max<size_t>(t, 1));
      }
    }
  }
  json rates = json::object();
  for (const int rate : kRates) {
    json r = json::object();
    for (const auto& m : kMethods) {
      r[m] = {{"retention", static_cast<double>(kept[rate][m]) / static_cast<double>(n)},
              {"rate", achieved[rate][m] / static_cast<double>(n)}};
    }
    r["lore_ms_mean"] = lore_ms[rate] / static_cast<double>(n);
    rates[std::to_string(rate)] = r;
  }
  return {{"file", label(path)}, {"questions", n}, {"rates", rates}};
}

// Median ms to compress 10k tokens of the file's paragraphs (the model
// trained on the input itself, as `lore compress` does), at 10x.
json latency(const std::string& path) {
  const Dataset d = load(path);
  std::vector<std::string> passages;
  size_t tokens = 0;
  for (size_t i = 0; i < d.paragraphs.size() && tokens < 10000; ++i) {
    passages.push_back(d.paragraphs[i]);
    tokens += lore::count_tokens(d.paragraphs[i]);
  }
  // Wall time is what a caller waits; CPU time of the thread is reported
  // too, as it does not depend on what else the machine is running.
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  };
  json out = json::object();
  for (const double rate : {0.5, 0.1}) {
    std::vector<double> ms, cpu;
    for (size_t run = 0; run < 31; ++run) {
      lore::compress::Request req;
      req.question = d.questions[run * 7 % d.questions.size()].question;
      req.passages = passages;
      req.target.rate = rate;
      const double c0 = cpu_now();
      const auto t0 = std::chrono::steady_clock::now();
      (void)lore::compress::compress(req);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      cpu.push_back(cpu_now() - c0);
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    const double per10k = 10000.0 / static_cast<double>(tokens);
    out[rate == 0.5 ? "2x" : "10x"] = {{"wall_ms", ms[ms.size() / 2] * per10k},
                                       {"cpu_ms", cpu[cpu.size() / 2] * per10k}};
  }
  out["input_tokens"] = tokens;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  size_t limit = 0;
  bool latency_only = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--limit" && i + 1 < argc)
      limit = std::stoul(argv[++i]);
    else if (a == "--latency-only")
      latency_only = true;
    else
      files.push_back(a);
  }
  if (files.empty()) {
    std::cerr
        << "usage: compress_quality [--limit N] [--latency-only] FILE.json...  (SQuAD v1.1/v2.0 format)\n";
    return 2;
  }
  json out = {{"datasets", json::array()}, {"latency", json::object()}, {"failed", json::array()}};
  for (const auto& f : files) {
    // A file that cannot be read or is not SQuAD format is named and
    // skipped; the others are still measured.
    try {
      if (!latency_only) out["datasets"].push_back(run_dataset(f, limit));
      out["latency"][label(f)] = latency(f);
    } catch (const std::exception& e) {
      std::cerr << "compress_quality: " << e.what() << "\n";
      out["failed"].push_back({{"file", f}, {"error", e.what()}});
    }
  }
  std::cout << out.dump(2) << "\n";
  if (!out["failed"].empty()) return 1;
  return 0;
}
