#include "pipeline/raptor.h"

#include <sys/resource.h>

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "core/error.h"
#include "core/log.h"
#include "pipeline/embeddings.h"
#include "pipeline/query.h"
#include "retrieve/lsa.h"

namespace lore::pipeline {

namespace {

using nlohmann::json;

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

struct Leaf {
  store::ChunkRecord chunk;
  std::string document;
};

// Texts -> vectors with the knowledge base's model, or LSA offline.
class KbEmbedder {
 public:
  KbEmbedder(Workspace& ws, store::KnowledgeBase& kb) : ws_(ws), kb_(kb) {
    model_ = open_embedding_model(ws.config(), kb);
    if (model_) {
      id_ = model_->id();
      return;
    }
    retrieve::LsaOptions o;
    o.dims = static_cast<size_t>(ws.config().lsa_dims);
    lsa_ = std::make_unique<retrieve::LsaRetriever>(ws.text_index(kb.id), ws.kb_dir(kb.id) / "lsa", o);
    id_ = "builtin:lsa";
  }
  std::vector<std::vector<float>> operator()(const std::vector<std::string>& texts) {
    if (model_) return embed_texts(ws_.store(), kb_, *model_, texts);
    std::vector<std::vector<float>> out;
    out.reserve(texts.size());
    for (const auto& t : texts) out.push_back(lsa_->embed(t));
    return out;
  }
  bool stores_vectors() const { return model_ != nullptr; }
  const std::string& id() const { return id_; }

 private:
  Workspace& ws_;
  store::KnowledgeBase& kb_;
  std::unique_ptr<models::EmbeddingModel> model_;
  std::unique_ptr<retrieve::LsaRetriever> lsa_;
  std::string id_;
};

std::unique_ptr<raptor::Summariser> make_summariser(const Config& config, const store::KnowledgeBase& kb,
                                                    const RaptorOptions& o) {
  if (o.use_chat) {
    auto chat = chat_config_for(config, kb);
    if (!chat.provider.empty() && chat.provider != "none")
      return std::make_unique<raptor::ChatSummariser>(chat, o.chat_concurrency, chat.max_retries);
  }
  return std::make_unique<raptor::ExtractiveSummariser>();
}

struct TreeStats {
  int64_t parents = 0, children = 0;
  double ratio_sum = 0;
};

// The summary nodes of `tree` (leaves = `leaves`, in order) as chunks.
std::vector<store::NewChunk> summary_chunks(const raptor::Tree& tree, const std::vector<Leaf>& leaves,
                                            bool with_vectors, TreeStats& stats) {
  const size_t n_leaves = leaves.size();
  std::vector<std::set<std::tuple<int64_t, int, std::string>>> sources(tree.nodes.size());
  for (size_t i = 0; i < n_leaves; ++i) {
    const auto& c = leaves[i].chunk;
    int page = 0;
    if (c.positions.is_array() && !c.positions.empty() && c.positions[0].is_object())
      page = c.positions[0].value("page", 0);
    sources[i].insert({c.document_id, page, leaves[i].document});
  }
  std::vector<store::NewChunk> out;
  for (size_t i = n_leaves; i < tree.nodes.size(); ++i) {
    const auto& node = tree.nodes[i];
    json children = json::array(), child_nodes = json::array();
    size_t child_tokens = 0;
    for (size_t c : node.children) {
      sources[i].insert(sources[c].begin(), sources[c].end());
      child_tokens += tree.nodes[c].tokens;
      if (c < n_leaves)
        children.push_back(leaves[c].chunk.id);
      else
        child_nodes.push_back(c - n_leaves);  // ordinal offset among this build's summaries
    }
    json src = json::array();
    std::set<int64_t> docs;
    for (const auto& [doc, page, name] : sources[i]) {
      docs.insert(doc);
      if (src.size() < 64) src.push_back({{"document_id", doc}, {"document", name}, {"page", page}});
    }
    stats.parents += 1;
    stats.children += static_cast<int64_t>(node.children.size());
    if (child_tokens > 0)
      stats.ratio_sum += static_cast<double>(node.tokens) / static_cast<double>(child_tokens);
    store::NewChunk chunk;
    chunk.kind = "summary";
    chunk.text = node.text;
    chunk.token_count = static_cast<int64_t>(node.tokens);
    chunk.metadata = {{"raptor", true},         {"layer", node.layer},
                      {"children", children},   {"child_nodes", child_nodes},
                      {"sources", src},         {"sources_total", sources[i].size()},
                      {"documents", json(docs)}};
    if (with_vectors) chunk.embedding = node.vector;
    out.push_back(std::move(chunk));
  }
  return out;
}

}  // namespace

RaptorReport build_raptor(Workspace& ws, const store::KnowledgeBase& kb_in, const RaptorOptions& o,
                          const RaptorProgress& progress) {
  if (o.scope != "kb" && o.scope != "document")
    throw Error(ErrorCode::invalid_argument, "raptor scope must be kb or document, not \"" + o.scope + "\"");
  if (!o.reduction.empty() && !raptor::is_reduction(o.reduction))
    throw Error(ErrorCode::invalid_argument,
                "raptor reduction must be pca or umap, not \"" + o.reduction + "\"");
  if (ws.access() != Access::write) throw Error(ErrorCode::internal, "raptor build needs write access");
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_seconds();
  store::KnowledgeBase kb = kb_in;
  auto& st = ws.store();
  ws.sync_index(kb.id);  // the LSA model and the leaves see every committed chunk

  // The leaves: every enabled non-summary chunk of every finished document.
  std::vector<std::vector<Leaf>> groups;
  std::vector<store::Id> group_doc;
  std::optional<store::DocumentRecord> tree_doc;
  for (const auto& d : st.list_documents(kb.id)) {
    if (d.name == store::kRaptorDocument) {
      tree_doc = d;
      continue;
    }
    if (d.status != store::DocStatus::done) continue;
    std::vector<Leaf> leaves;
    bool has_summaries = false;
    for (auto& c : st.chunks_of_document(d.id)) {
      if (c.kind == "summary")
        has_summaries = true;
      else if (c.enabled && !c.text.empty())
        leaves.push_back({std::move(c), d.name});
    }
    if (leaves.empty()) continue;
    if (o.scope == "kb") {
      if (groups.empty()) groups.emplace_back(), group_doc.push_back(0);
      for (auto& l : leaves) groups[0].push_back(std::move(l));
    } else if (!has_summaries || o.rebuild) {
      groups.push_back(std::move(leaves));
      group_doc.push_back(d.id);
    }
  }
  const size_t leaf_total = [&] {
    size_t n = 0;
    for (const auto& g : groups) n += g.size();
    return n;
  }();
  if (o.scope == "kb" && leaf_total == 0)
    throw Error(ErrorCode::invalid_argument,
                "knowledge base " + kb.name + " has no chunks to build a tree from");

  const auto t_lsa = std::chrono::steady_clock::now();
  KbEmbedder embed(ws, kb);
  spdlog::info("raptor: embedder {} ready in {:.2f} s", embed.id(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t_lsa).count());
  auto summariser = make_summariser(ws.config(), kb, o);
  raptor::TreeOptions tree_options = o.tree;
  tree_options.reduction = o.reduction.empty() ? ws.config().raptor_reduction : o.reduction;
  RaptorReport report;
  report.reduction = tree_options.reduction;
  report.summariser = summariser->id();
  report.embedder = embed.id();
  TreeStats stats;
  const std::string model_id = embed.stores_vectors() ? embedding_model_id(kb) : "";

  for (size_t g = 0; g < groups.size(); ++g) {
    auto& leaves = groups[g];
    std::vector<std::string> texts;
    texts.reserve(leaves.size());
    for (const auto& l : leaves) texts.push_back(l.chunk.text);
    if (progress) progress("embed", 0, texts.size());
    const auto t0 = std::chrono::steady_clock::now();
    auto vectors = embed(texts);
    spdlog::info("raptor: {} leaves embedded with {} in {:.2f} s", texts.size(), embed.id(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    std::vector<raptor::TreeNode> nodes(leaves.size());
    for (size_t i = 0; i < leaves.size(); ++i) {
      nodes[i].text = leaves[i].chunk.text;
      nodes[i].tokens = static_cast<size_t>(std::max<int64_t>(1, leaves[i].chunk.token_count));
      nodes[i].vector = std::move(vectors[i]);
    }
    auto tree = raptor::build_tree(
        std::move(nodes), [&](const std::vector<std::string>& t) { return embed(t); }, *summariser,
        tree_options,
        [&](int layer, size_t done, size_t total) {
          if (progress) progress("layer " + std::to_string(layer), done, total);
        });
    auto chunks = summary_chunks(tree, leaves, embed.stores_vectors(), stats);
    for (size_t l = 0; l < tree.nodes_per_layer.size(); ++l) {
      if (report.nodes_per_layer.size() <= l) report.nodes_per_layer.push_back(0);
      report.nodes_per_layer[l] += static_cast<int64_t>(tree.nodes_per_layer[l]);
    }
    report.nodes += static_cast<int64_t>(chunks.size());
    if (progress) progress("store", g, groups.size());
    store::Id target = group_doc[g];
    if (o.scope == "kb") {
      if (!tree_doc) {
        store::NewDocument d{
            kb.id, store::kRaptorDocument, "application/x-lore-raptor", 0, "", json::object(), ""};
        target = st.commit_document(d, {});
      } else {
        target = tree_doc->id;
      }
    }
    st.replace_summary_chunks(target, chunks, model_id);
    ++report.documents;
  }
  if (o.scope == "kb" && groups.empty() && tree_doc) st.delete_document(tree_doc->id);
  if (progress) progress("index", 0, 1);
  const auto t_index = std::chrono::steady_clock::now();
  ws.sync_index(kb.id);
  spdlog::info("raptor: index sync {:.2f} s",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t_index).count());

  report.layers = static_cast<int>(report.nodes_per_layer.size());
  if (stats.parents > 0) {
    report.children_per_parent = static_cast<double>(stats.children) / static_cast<double>(stats.parents);
    report.summary_ratio = stats.ratio_sum / static_cast<double>(stats.parents);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.cpu_seconds = cpu_seconds() - cpu_start;
  report.peak_rss_mb = peak_rss_mb();
  return report;
}

json raptor_report_json(const RaptorReport& r) {
  return {{"layers", r.layers},
          {"nodes", r.nodes},
          {"nodes_per_layer", r.nodes_per_layer},
          {"documents", r.documents},
          {"seconds", r.seconds},
          {"cpu_seconds", r.cpu_seconds},
          {"peak_rss_mb", r.peak_rss_mb},
          {"children_per_parent", r.children_per_parent},
          {"summary_ratio", r.summary_ratio},
          {"summariser", r.summariser},
          {"embedder", r.embedder},
          {"reduction", r.reduction}};
}

}  // namespace lore::pipeline
