// Corpus benchmark: Lore against raw Xapian on the same generated text, in
// the same run, on the same machine.
//
//   A. ingest throughput (MB/s) of .txt/.md files: `lore ingest` end to end
//      (read, hash, blob, parse, chunk, SQLite, Xapian) vs raw Xapian
//      indexing the same files split into pieces of about the same size.
//   B. BM25 query latency (p50/p95) at about 1M chunks: Lore's search
//      (Xapian + chunk rows from SQLite), as configured by default and with
//      as many candidates as results, vs raw Xapian Enquire + document data.
//
// Usage: corpus_bench --workdir DIR [--ingest-mb 64] [--chunks 1000000]
//                     [--queries 1000] --out results.json
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/fs.h"
#include "core/log.h"
#include "core/tokens.h"
#include "pipeline/ingest.h"
#include "pipeline/search.h"

namespace {

namespace stdfs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Deterministic pseudo-English: a Zipf-distributed vocabulary of made-up words.
class TextGenerator {
 public:
  explicit TextGenerator(uint64_t seed) : rng_(seed) {
    static const char* kSyllables[] = {"ka", "lo", "re", "mi", "tan", "sor", "vel", "qui", "dra", "ne",
                                       "pho", "st", "ex", "ul", "ion", "ar", "is", "ment", "or", "en"};
    std::uniform_int_distribution<int> syll(0, 19), len(1, 4);
    for (int i = 0; i < kVocabulary; ++i) {
      std::string w;
      for (int k = len(rng_); k > 0; --k) w += kSyllables[syll(rng_)];
      words_.push_back(w + std::to_string(i % 7 == 0 ? i : 0).substr(0, i % 7 == 0 ? 6 : 0));
      weights_.push_back(1.0 / (i + 1));
    }
    zipf_ = std::discrete_distribution<int>(weights_.begin(), weights_.end());
  }

  std::string word() { return words_[static_cast<size_t>(zipf_(rng_))]; }

  std::string sentence(int min_words, int max_words) {
    std::uniform_int_distribution<int> n(min_words, max_words);
    std::string s;
    for (int i = n(rng_); i > 0; --i) s += (s.empty() ? "" : " ") + word();
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s + ".";
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  static constexpr int kVocabulary = 30000;
  std::mt19937_64 rng_;
  std::vector<std::string> words_;
  std::vector<double> weights_;
  std::discrete_distribution<int> zipf_;
};

// Writes .txt and .md files totalling about `bytes`; returns the byte count.
int64_t write_prose_corpus(const stdfs::path& dir, int64_t bytes, TextGenerator& gen) {
  stdfs::create_directories(dir);
  int64_t total = 0;
  for (int file = 0; total < bytes; ++file) {
    const bool md = file % 2 == 1;
    std::string text;
    for (int section = 0; section < 6; ++section) {
      if (md) text += "## " + gen.sentence(2, 5) + "\n\n";
      for (int p = 0; p < 5; ++p) {
        for (int s = 0; s < 5; ++s) text += gen.sentence(8, 20) + " ";
        text += "\n\n";
      }
    }
    std::ofstream(dir / ("doc" + std::to_string(file) + (md ? ".md" : ".txt"))) << text;
    total += static_cast<int64_t>(text.size());
  }
  return total;
}

Xapian::TermGenerator make_term_generator() {
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  return tg;
}

// Raw Xapian: every file split at blank lines into pieces of about
// `piece_bytes`, one Xapian document per piece with its text as data.
double raw_xapian_index(const stdfs::path& corpus, const stdfs::path& db_dir, size_t piece_bytes,
                        int64_t* documents) {
  stdfs::remove_all(db_dir);
  const auto start = Clock::now();
  Xapian::WritableDatabase db(db_dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
  auto tg = make_term_generator();
  std::vector<stdfs::path> files;
  for (const auto& e : stdfs::recursive_directory_iterator(corpus))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  auto add = [&](const std::string& piece) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(piece);
    doc.set_data(piece);
    db.add_document(doc);
    ++*documents;
  };
  for (const auto& f : files) {
    const std::string text = lore::fs::read_file(f);
    std::string piece;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find("\n\n", pos);
      if (end == std::string::npos) end = text.size();
      piece.append(text, pos, end - pos).append("\n\n");
      pos = end + 2;
      if (piece.size() >= piece_bytes) {
        add(piece);
        piece.clear();
      }
    }
    if (!piece.empty()) add(piece);
  }
  db.commit();
  return seconds_since(start);
}

struct Latency {
  double p50_ms = 0, p95_ms = 0, mean_ms = 0;
};

Latency summarise(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  Latency l;
  l.p50_ms = ms[ms.size() / 2];
  l.p95_ms = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
  for (double m : ms) l.mean_ms += m / static_cast<double>(ms.size());
  return l;
}

lore::Config bench_config(const stdfs::path& data_dir, int64_t chunk_tokens, int64_t overlap) {
  lore::Config c;
  c.data_dir = data_dir;
  c.chunk_tokens = chunk_tokens;
  c.chunk_overlap = overlap;
  c.index_batch_docs = 2000;
  return c;
}

nlohmann::json bench_ingest(const stdfs::path& work, int64_t mb) {
  TextGenerator gen(42);
  const auto corpus = work / "ingest-corpus";
  stdfs::remove_all(corpus);
  const int64_t bytes = write_prose_corpus(corpus, mb * 1024 * 1024, gen);
  const double mbytes = static_cast<double>(bytes) / (1024.0 * 1024.0);

  stdfs::remove_all(work / "lore-ingest");
  lore::pipeline::Workspace ws(bench_config(work / "lore-ingest", 512, 64), lore::pipeline::Access::write);
  const auto kb = ws.create_kb("bench", "general");
  const auto start = Clock::now();
  const auto summary = lore::pipeline::ingest(ws, kb, lore::pipeline::expand_inputs({corpus.string()}));
  const double lore_s = seconds_since(start);

  int64_t raw_docs = 0;
  // ~512 tokens of this prose is about 2.5 KB.
  const double raw_s = raw_xapian_index(corpus, work / "raw-ingest", 2500, &raw_docs);
  std::cerr << "ingest: lore " << lore_s << " s, raw xapian " << raw_s << " s for " << mbytes << " MB\n";
  return {{"megabytes", mbytes},
          {"files", summary.added},
          {"lore_chunks", summary.chunks},
          {"raw_documents", raw_docs},
          {"lore_seconds", lore_s},
          {"raw_seconds", raw_s},
          {"lore_mb_per_s", mbytes / lore_s},
          {"raw_mb_per_s", mbytes / raw_s},
          {"ratio", raw_s / lore_s}};
}

constexpr int64_t kChunkTokens = 40;

nlohmann::json bench_query(const stdfs::path& work, int64_t target_chunks, int queries) {
  TextGenerator gen(7);
  const auto corpus = work / "query-corpus";
  stdfs::remove_all(corpus);
  stdfs::create_directories(corpus);
  // One paragraph per chunk: every paragraph is one sentence of 25..38 tokens
  // and chunks target 40 tokens without overlap, so a paragraph always fits
  // and two never do.
  constexpr int kParagraphsPerFile = 2000;
  constexpr size_t kMinTokens = 25, kMaxTokens = 38;
  std::vector<std::string> samples;
  int64_t paragraphs = 0;
  for (int file = 0; paragraphs < target_chunks; ++file) {
    std::string text;
    for (int p = 0; p < kParagraphsPerFile && paragraphs < target_chunks; ++p, ++paragraphs) {
      std::string s = gen.sentence(8, 16);
      for (size_t t = lore::count_tokens(s); t < kMinTokens || t > kMaxTokens; t = lore::count_tokens(s))
        s = gen.sentence(8, 16);
      if (samples.size() < static_cast<size_t>(queries) && paragraphs % 997 == 0) samples.push_back(s);
      text += s + "\n\n";
    }
    std::ofstream(corpus / ("part" + std::to_string(file) + ".txt")) << text;
  }
  // Queries: 3 words drawn from a sampled paragraph, so each has a relevant chunk.
  std::vector<std::string> qs;
  for (size_t i = 0; qs.size() < static_cast<size_t>(queries); ++i) {
    const std::string& s = samples[i % samples.size()];
    std::vector<std::string> words;
    std::string w;
    for (char c : s) {
      if (std::isalnum(static_cast<unsigned char>(c))) w += c;
      else if (!w.empty()) { words.push_back(w); w.clear(); }
    }
    std::shuffle(words.begin(), words.end(), gen.rng());
    qs.push_back(words[0] + " " + words[1] + " " + words[2]);
  }

  stdfs::remove_all(work / "lore-query");
  lore::pipeline::Workspace ws(bench_config(work / "lore-query", kChunkTokens, 0), lore::pipeline::Access::write);
  const auto kb = ws.create_kb("bench", "general");
  const auto t0 = Clock::now();
  const auto summary = lore::pipeline::ingest(ws, kb, lore::pipeline::expand_inputs({corpus.string()}));
  const double lore_index_s = seconds_since(t0);
  std::cerr << "query corpus: lore indexed " << summary.chunks << " chunks in " << lore_index_s << " s\n";

  int64_t raw_docs = 0;
  const double raw_index_s = raw_xapian_index(corpus, work / "raw-query", 1, &raw_docs);
  std::cerr << "query corpus: raw xapian indexed " << raw_docs << " documents in " << raw_index_s << " s\n";

  // Lore as configured by default (search.candidates BM25 candidates for
  // fusion, proximity and neighbour merging, their rows fetched), and with
  // candidates = top-k, the same work as the raw query.
  auto time_lore = [&](int64_t candidates) {
    auto config = bench_config(work / "lore-query", kChunkTokens, 0);
    config.candidates = candidates;
    lore::pipeline::Workspace reader(config, lore::pipeline::Access::read);
    // One searcher for all queries, as `lore serve` keeps one per reader.
    lore::pipeline::KbSearcher searcher(reader, kb);
    for (const auto& q : qs) lore::pipeline::search(reader, kb, {q, 10}, &searcher);  // warm-up pass
    std::vector<double> ms;
    for (const auto& q : qs) {
      const auto t = Clock::now();
      const auto hits = lore::pipeline::search(reader, kb, {q, 10}, &searcher);
      ms.push_back(seconds_since(t) * 1000);
    }
    return ms;
  };
  const int64_t default_candidates = lore::Config{}.candidates;
  const std::vector<double> lore_ms = time_lore(default_candidates), lore_top_ms = time_lore(10);
  Xapian::Database raw((work / "raw-query").string());
  Xapian::QueryParser qp;
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_database(raw);
  qp.set_default_op(Xapian::Query::OP_OR);
  Xapian::Enquire enquire(raw);
  enquire.set_weighting_scheme(Xapian::BM25Weight(0.9, 0, 1, 0.4, 0.5));
  // The top `depth` hits with their document data, after a warm-up pass.
  auto time_raw = [&](Xapian::doccount depth) {
    std::vector<double> ms;
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& q : qs) {
        const auto t = Clock::now();
        enquire.set_query(qp.parse_query(q));
        const auto mset = enquire.get_mset(0, depth);
        size_t bytes = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it) bytes += it.get_document().get_data().size();
        if (pass == 1) ms.push_back(seconds_since(t) * 1000);
        if (bytes == 0 && mset.size() > 0) std::cerr << "empty document data\n";
      }
    }
    return ms;
  };
  const std::vector<double> raw_ms = time_raw(10),
                            raw_deep_ms = time_raw(static_cast<Xapian::doccount>(default_candidates));
  const auto lore_l = summarise(lore_ms), lore_top_l = summarise(lore_top_ms), raw_l = summarise(raw_ms),
             raw_deep_l = summarise(raw_deep_ms);
  return {{"chunks", summary.chunks},
          {"raw_documents", raw_docs},
          {"queries", qs.size()},
          {"lore_index_seconds", lore_index_s},
          {"raw_index_seconds", raw_index_s},
          {"lore_p50_ms", lore_l.p50_ms},
          {"lore_p95_ms", lore_l.p95_ms},
          {"lore_candidates", default_candidates},
          {"lore_top_k_candidates_p50_ms", lore_top_l.p50_ms},
          {"lore_top_k_candidates_p95_ms", lore_top_l.p95_ms},
          {"raw_p50_ms", raw_l.p50_ms},
          {"raw_p95_ms", raw_l.p95_ms},
          {"raw_candidates_p50_ms", raw_deep_l.p50_ms},
          {"raw_candidates_p95_ms", raw_deep_l.p95_ms},
          {"p50_ratio", lore_l.p50_ms / raw_l.p50_ms},
          {"p95_ratio", lore_l.p95_ms / raw_l.p95_ms}};
}

}  // namespace

int main(int argc, char** argv) {
  stdfs::path work = "bench-work", out = "bench-results.json";
  int64_t ingest_mb = 64, chunks = 1000000;
  int queries = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--workdir") work = v;
    else if (k == "--out") out = v;
    else if (k == "--ingest-mb") ingest_mb = std::stoll(v);
    else if (k == "--chunks") chunks = std::stoll(v);
    else if (k == "--queries") queries = std::stoi(v);
    else { std::cerr << "unknown option " << k << '\n'; return 2; }
  }
  lore::init_logging("warn");
  stdfs::create_directories(work);
  nlohmann::json results;
  results["ingest"] = bench_ingest(work, ingest_mb);
  results["query"] = bench_query(work, chunks, queries);
  std::ofstream(out) << results.dump(2) << '\n';
  std::cout << results.dump(2) << '\n';
  return 0;
}
