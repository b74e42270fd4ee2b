// Evidence recall at a context budget, for the RAPTOR bench section
// (bench/sections/45-raptor.sh): each judged query of a BEIR-format
// collection runs through the knowledge base's retrieval pipeline; hits are
// taken best first until the next would overflow `--budget` tokens (RAPTOR's
// collapsed-tree selection); recall = share of the query's relevant corpus
// documents covered by the selected hits, averaged over queries.
//   strict:  only leaf chunks cover documents (summaries spend budget only)
//   lenient: a summary node also covers the documents it summarises
// Run once before `lore raptor build` (flat chunks) and once after (collapsed
// tree). Prints JSON.
//   raptor_evidence --data-dir D --kb NAME --beir DIR [--budget 2000] [--max-queries N]
#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include "core/config.h"
#include "core/tokens.h"
#include "pipeline/beir.h"
#include "pipeline/search.h"

using namespace lore;

int main(int argc, char** argv) {
  std::string data_dir, kb_name, beir_dir;
  size_t budget = 2000, max_queries = 0, candidates = 100;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--data-dir")
      data_dir = v;
    else if (a == "--kb")
      kb_name = v;
    else if (a == "--beir")
      beir_dir = v;
    else if (a == "--budget")
      budget = std::stoul(v);
    else if (a == "--max-queries")
      max_queries = std::stoul(v);
    else if (a == "--candidates")
      candidates = std::stoul(v);
  }
  if (data_dir.empty() || kb_name.empty() || beir_dir.empty()) {
    std::cerr << "usage: raptor_evidence --data-dir D --kb NAME --beir DIR [--budget N] [--max-queries N]\n";
    return 2;
  }
  try {
    const Config config = load_config("", {{"data_dir", data_dir}});
    pipeline::Workspace ws(config, pipeline::Access::read);
    const auto kb = ws.require_kb(kb_name);
    std::map<store::Id, std::string> names;
    for (const auto& d : ws.store().list_documents(kb.id)) names[d.id] = d.name;
    const auto queries = pipeline::beir::load_queries(beir_dir);
    const auto qrels = pipeline::beir::load_qrels(beir_dir, "test");
    pipeline::KbSearcher searcher(ws, kb);
    double strict_sum = 0, lenient_sum = 0, summary_share = 0;
    size_t n = 0;
    for (const auto& q : queries) {
      const auto it = qrels.find(q.id);
      if (it == qrels.end()) continue;
      std::set<std::string> relevant;
      for (const auto& [doc, grade] : it->second)
        if (grade > 0) relevant.insert(doc);
      if (relevant.empty()) continue;
      if (max_queries && n >= max_queries) break;
      const auto result = searcher.retrieve({q.text, candidates, {}});
      std::set<std::string> strict, lenient;
      size_t used = 0, summary_tokens = 0;
      for (const auto& h : result.hits) {
        const size_t t = count_tokens(h.chunk.text);
        if (used + t > budget) break;
        used += t;
        if (h.chunk.kind == "summary") {
          summary_tokens += t;
          if (auto d = h.chunk.metadata.find("documents"); d != h.chunk.metadata.end() && d->is_array())
            for (const auto& id : *d) lenient.insert(names[id.get<store::Id>()]);
        } else {
          strict.insert(names[h.chunk.document_id]);
          lenient.insert(names[h.chunk.document_id]);
        }
      }
      auto recall = [&](const std::set<std::string>& got) {
        size_t hit = 0;
        for (const auto& r : relevant) hit += got.count(r);
        return static_cast<double>(hit) / static_cast<double>(relevant.size());
      };
      strict_sum += recall(strict);
      lenient_sum += recall(lenient);
      summary_share += used ? static_cast<double>(summary_tokens) / static_cast<double>(used) : 0;
      ++n;
    }
    const double d = n ? static_cast<double>(n) : 1;
    std::printf(
        "{\"queries\": %zu, \"budget\": %zu, \"recall_strict\": %.4f, \"recall_lenient\": %.4f, "
        "\"summary_token_share\": %.4f, \"chunks\": %lld}\n",
        n, budget, strict_sum / d, lenient_sum / d, summary_share / d,
        static_cast<long long>(ws.store().count_chunks(kb.id)));
  } catch (const std::exception& e) {
    std::cerr << "raptor_evidence: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
