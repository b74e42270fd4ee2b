#include "raptor/tree.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/error.h"
#include "core/log.h"
#include "core/tokens.h"
#include "raptor/reduce.h"

namespace lore::raptor {

namespace {

Eigen::MatrixXf rows_of(const Eigen::MatrixXf& m, const std::vector<size_t>& idx) {
  Eigen::MatrixXf out(static_cast<long>(idx.size()), m.cols());
  for (size_t i = 0; i < idx.size(); ++i) out.row(static_cast<long>(i)) = m.row(static_cast<long>(idx[i]));
  return out;
}

// Runs fn(i) for i in [0, n) on up to `threads` threads; the first
// exception is rethrown after all have stopped.
template <typename Fn>
void parallel_for(size_t n, size_t threads, Fn fn) {
  std::atomic<size_t> cursor{0};
  std::exception_ptr failure;
  std::mutex mu;
  auto work = [&] {
    for (size_t i; (i = cursor.fetch_add(1)) < n;) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard lock(mu);
        if (!failure) failure = std::current_exception();
        cursor = n;
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < std::min(threads, n); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

bool is_reduction(std::string_view name) { return name == "pca" || name == "umap"; }

namespace {

size_t cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// The configured reduction; `global` picks the reference's neighbourhood
// size for UMAP (√N over a whole layer, umap.n_neighbors inside a cluster).
Eigen::MatrixXd reduce(const Eigen::MatrixXf& points, const TreeOptions& o, bool global) {
  if (!is_reduction(o.reduction))
    throw Error(ErrorCode::invalid_argument,
                "RAPTOR reduction must be pca or umap, not \"" + o.reduction + "\"");
  if (o.reduction == "pca") return reduce_dimensions(points, o.reduction_dims);
  UmapOptions u = o.umap;
  u.dims = o.reduction_dims;
  if (global) u.n_neighbors = umap_global_neighbors(points.rows());
  return umap_reduce(points, u);
}

// GMM clusters of the points `idx` after reducing them; as lists of `idx` values.
std::vector<std::vector<size_t>> gmm_clusters(const Eigen::MatrixXf& vectors, const std::vector<size_t>& idx,
                                              const TreeOptions& o, bool global) {
  const Eigen::MatrixXd reduced = reduce(rows_of(vectors, idx), o, global);
  const int max_k = static_cast<int>(std::min<size_t>(static_cast<size_t>(o.max_k), idx.size() - 1));
  const Gmm g = choose_gmm(reduced, std::max(1, max_k), o.gmm);
  const auto members = soft_members(gmm_posteriors(g, reduced), o.threshold);
  std::vector<std::vector<size_t>> out(static_cast<size_t>(g.k()));
  for (size_t i = 0; i < members.size(); ++i)
    for (int c : members[i]) out[static_cast<size_t>(c)].push_back(idx[i]);
  std::erase_if(out, [](const auto& c) { return c.empty(); });
  return out;
}

// Global then local clustering (RAPTOR's perform_clustering).
std::vector<std::vector<size_t>> two_stage(const Eigen::MatrixXf& vectors, const std::vector<size_t>& idx,
                                           const TreeOptions& o, bool parallel) {
  const size_t small = static_cast<size_t>(o.reduction_dims) + 1;
  if (idx.size() <= small) return {idx};
  const auto t0 = std::chrono::steady_clock::now();
  auto globals = gmm_clusters(vectors, idx, o, true);
  spdlog::debug("raptor: global clustering of {} points: {} clusters in {:.2f} s", idx.size(), globals.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  // Local clusterings are independent: with `parallel`, on every core
  // (results stay in global-cluster order, so output does not depend on timing).
  std::vector<std::vector<std::vector<size_t>>> locals(globals.size());
  parallel_for(globals.size(), parallel ? cores() : 1, [&](size_t g) {
    locals[g] = globals[g].size() <= small ? std::vector<std::vector<size_t>>{globals[g]}
                                           : gmm_clusters(vectors, globals[g], o, false);
  });
  std::vector<std::vector<size_t>> out;
  for (auto& l : locals)
    for (auto& c : l) out.push_back(std::move(c));
  return out;
}

size_t tokens_of(const std::vector<size_t>& cluster, const std::vector<size_t>& tokens) {
  size_t t = 0;
  for (size_t i : cluster) t += tokens[i];
  return t;
}

// Consecutive groups under the token limit, in the order of the cluster's
// first principal component (so each group is a coherent slice).
std::vector<std::vector<size_t>> greedy_split(const Eigen::MatrixXf& vectors, std::vector<size_t> cluster,
                                              const std::vector<size_t>& tokens, size_t limit) {
  const Eigen::MatrixXd axis = reduce_dimensions(rows_of(vectors, cluster), 1);
  std::vector<size_t> order(cluster.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return axis(static_cast<long>(a), 0) < axis(static_cast<long>(b), 0);
  });
  std::vector<std::vector<size_t>> out(1);
  size_t used = 0;
  for (size_t i : order) {
    if (!out.back().empty() && used + tokens[cluster[i]] > limit) out.emplace_back(), used = 0;
    out.back().push_back(cluster[i]);
    used += tokens[cluster[i]];
  }
  return out;
}

void cluster_recursive(const Eigen::MatrixXf& vectors, const std::vector<size_t>& idx,
                       const std::vector<size_t>& tokens, const TreeOptions& o, int depth,
                       std::vector<std::vector<size_t>>& out) {
  for (auto& c : two_stage(vectors, idx, o, false)) {
    if (c.size() <= 1 || tokens_of(c, tokens) <= o.max_cluster_tokens) {
      out.push_back(std::move(c));
    } else if (depth < 3 && c.size() < idx.size()) {
      cluster_recursive(vectors, c, tokens, o, depth + 1, out);
    } else {
      for (auto& part : greedy_split(vectors, std::move(c), tokens, o.max_cluster_tokens))
        out.push_back(std::move(part));
    }
  }
}

}  // namespace

std::vector<std::vector<size_t>> cluster_layer(const Eigen::MatrixXf& vectors,
                                               const std::vector<size_t>& tokens, const TreeOptions& o) {
  std::vector<size_t> all(static_cast<size_t>(vectors.rows()));
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  std::vector<std::vector<size_t>> out;
  if (all.empty()) return out;
  // The first level in parallel inside, then each over-long cluster's
  // recursion on its own thread (outputs kept in cluster order).
  auto top = two_stage(vectors, all, o, true);
  std::vector<std::vector<std::vector<size_t>>> parts(top.size());
  parallel_for(top.size(), cores(), [&](size_t i) {
    auto& c = top[i];
    if (c.size() <= 1 || tokens_of(c, tokens) <= o.max_cluster_tokens)
      parts[i].push_back(std::move(c));
    else if (c.size() < all.size())
      cluster_recursive(vectors, c, tokens, o, 1, parts[i]);
    else
      parts[i] = greedy_split(vectors, std::move(c), tokens, o.max_cluster_tokens);
  });
  for (auto& p : parts)
    for (auto& c : p) out.push_back(std::move(c));
  // Soft membership can produce the same member set twice (global and
  // local stages agreeing): one summary each is enough.
  std::set<std::vector<size_t>> seen;
  std::vector<std::vector<size_t>> unique;
  for (auto& c : out) {
    std::sort(c.begin(), c.end());
    if (seen.insert(c).second) unique.push_back(std::move(c));
  }
  return unique;
}

Tree build_tree(std::vector<TreeNode> leaves, const Embedder& embed, Summariser& summariser,
                const TreeOptions& o, const TreeProgress& progress) {
  Tree tree;
  tree.nodes = std::move(leaves);
  for (auto& n : tree.nodes) n.layer = 0, n.children.clear();
  tree.nodes_per_layer.push_back(tree.nodes.size());
  std::vector<size_t> layer(tree.nodes.size());
  for (size_t i = 0; i < layer.size(); ++i) layer[i] = i;

  for (int depth = 1; depth <= o.max_layers && layer.size() > o.stop_nodes; ++depth) {
    const size_t dim = tree.nodes[layer[0]].vector.size();
    Eigen::MatrixXf vectors(static_cast<long>(layer.size()), static_cast<long>(dim));
    std::vector<size_t> tokens(layer.size());
    for (size_t i = 0; i < layer.size(); ++i) {
      const auto& v = tree.nodes[layer[i]].vector;
      if (v.size() != dim) throw Error(ErrorCode::internal, "RAPTOR: node vectors differ in dimension");
      vectors.row(static_cast<long>(i)) =
          Eigen::Map<const Eigen::RowVectorXf>(v.data(), static_cast<long>(dim));
      tokens[i] = tree.nodes[layer[i]].tokens;
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto clusters = cluster_layer(vectors, tokens, o);
    const auto t1 = std::chrono::steady_clock::now();
    if (clusters.size() >= layer.size()) break;  // no reduction: the tree is as tall as it gets

    std::vector<TreeNode> next(clusters.size());
    std::atomic<size_t> cursor{0}, done{0};
    std::mutex mu;
    std::exception_ptr failure;
    auto work = [&] {
      for (size_t c; (c = cursor.fetch_add(1)) < clusters.size();) {
        try {
          std::vector<std::string> texts;
          size_t child_tokens = 0;
          for (size_t i : clusters[c]) {
            texts.push_back(tree.nodes[layer[i]].text);
            child_tokens += tree.nodes[layer[i]].tokens;
            next[c].children.push_back(layer[i]);
          }
          const size_t budget =
              std::clamp(static_cast<size_t>(o.summary_ratio * static_cast<double>(child_tokens)),
                         o.summary_min_tokens, o.summary_max_tokens);
          next[c].text = summariser.summarise(texts, budget);
          next[c].layer = depth;
        } catch (...) {
          std::lock_guard lock(mu);
          if (!failure) failure = std::current_exception();
          cursor = clusters.size();
        }
        const size_t d = ++done;
        if (progress) {
          std::lock_guard lock(mu);
          progress(depth, d, clusters.size());
        }
      }
    };
    const size_t threads = std::min(summariser.concurrency(), clusters.size());
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);

    const auto t2 = std::chrono::steady_clock::now();
    std::vector<std::string> texts;
    for (auto& n : next) texts.push_back(n.text);
    auto vecs = embed(texts);
    const auto t3 = std::chrono::steady_clock::now();
    auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    spdlog::info(
        "raptor: layer {}: {} nodes -> {} clusters; cluster {:.2f} s, summarise {:.2f} s, embed {:.2f} s",
        depth, layer.size(), clusters.size(), secs(t0, t1), secs(t1, t2), secs(t2, t3));
    if (vecs.size() != next.size())
      throw Error(ErrorCode::internal, "RAPTOR: embedder returned a wrong count");
    layer.clear();
    for (size_t i = 0; i < next.size(); ++i) {
      next[i].vector = std::move(vecs[i]);
      next[i].tokens = count_tokens(next[i].text);
      layer.push_back(tree.nodes.size());
      tree.nodes.push_back(std::move(next[i]));
    }
    tree.nodes_per_layer.push_back(layer.size());
  }
  return tree;
}

}  // namespace lore::raptor
