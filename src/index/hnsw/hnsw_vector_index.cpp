#include "index/hnsw/hnsw_vector_index.h"

#include <fcntl.h>
#include <hnswlib/hnswlib.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <queue>
#include <unordered_set>

#include "core/error.h"
#include "core/fs.h"
#include "core/log.h"
#include "index/hnsw/knn_graph.h"

namespace lore::index {

namespace stdfs = std::filesystem;

bool normalize(std::vector<float>& v) {
  double sum = 0;
  for (float x : v) sum += double(x) * x;
  if (!(sum > 0) || !std::isfinite(sum)) return false;
  const float inv = static_cast<float>(1.0 / std::sqrt(sum));
  for (float& x : v) x *= inv;
  return true;
}

namespace {

constexpr size_t kInitialCapacity = 1024;

std::string gen_file(uint64_t gen, const char* ext) { return "gen-" + std::to_string(gen) + "." + ext; }

void fsync_file(const stdfs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw Error(ErrorCode::io, p.string() + ": cannot sync: " + std::strerror(errno));
  }
  ::close(fd);
}

}  // namespace

HnswVectorIndex::HnswVectorIndex(stdfs::path dir, VectorIndexOptions options)
    : dir_(std::move(dir)), options_(std::move(options)) {
  if (options_.dimensions == 0) throw Error(ErrorCode::internal, "vector index needs a dimension");
  space_ = std::make_unique<hnswlib::InnerProductSpace>(options_.dimensions);
  reset_graph(kInitialCapacity);
}

HnswVectorIndex::~HnswVectorIndex() = default;

void HnswVectorIndex::reset_graph(size_t capacity) {
  graph_ = std::make_unique<hnswlib::HierarchicalNSW<float>>(space_.get(), capacity, options_.m,
                                                             options_.ef_construction);
  graph_->setEf(options_.ef_search);
}

int64_t HnswVectorIndex::chunk_id_sum() const {
  int64_t sum = 0;
  for (const auto& [chunk, doc] : doc_of_) sum += chunk;
  return sum;
}

void HnswVectorIndex::clear() {
  doc_of_.clear();
  chunks_of_.clear();
  reset_graph(kInitialCapacity);
}

void HnswVectorIndex::add(int64_t chunk_id, int64_t document_id, const std::vector<float>& vector) {
  if (vector.size() != options_.dimensions)
    throw Error(ErrorCode::invalid_argument, "chunk " + std::to_string(chunk_id) + ": vector of " +
                                                 std::to_string(vector.size()) + " floats, the index holds " +
                                                 std::to_string(options_.dimensions));
  std::vector<float> v = vector;
  if (!normalize(v))
    throw Error(ErrorCode::invalid_argument,
                "chunk " + std::to_string(chunk_id) + ": zero or non-finite vector");
  if (graph_->cur_element_count >= graph_->max_elements_) graph_->resizeIndex(graph_->max_elements_ * 2);
  graph_->addPoint(v.data(), static_cast<hnswlib::labeltype>(chunk_id));
  auto [it, fresh] = doc_of_.try_emplace(chunk_id, document_id);
  if (!fresh && it->second != document_id) {
    auto& old = chunks_of_[it->second];
    old.erase(std::remove(old.begin(), old.end(), chunk_id), old.end());
    it->second = document_id;
    fresh = true;
  }
  if (fresh) chunks_of_[document_id].push_back(chunk_id);
}

void HnswVectorIndex::remove_document(int64_t document_id) {
  auto it = chunks_of_.find(document_id);
  if (it == chunks_of_.end()) return;
  for (int64_t c : it->second) {
    graph_->markDelete(static_cast<hnswlib::labeltype>(c));
    doc_of_.erase(c);
  }
  chunks_of_.erase(it);
}

void HnswVectorIndex::compact() {
  auto old = std::move(graph_);
  reset_graph(std::max(kInitialCapacity, doc_of_.size() + doc_of_.size() / 4));
  for (const auto& [chunk, doc] : doc_of_) {
    const auto internal = old->label_lookup_.at(static_cast<hnswlib::labeltype>(chunk));
    graph_->addPoint(old->getDataByInternalId(internal), static_cast<hnswlib::labeltype>(chunk));
  }
}

void HnswVectorIndex::save() {
  const size_t deleted = graph_->cur_element_count - doc_of_.size();
  if (deleted > doc_of_.size() && deleted > kInitialCapacity) compact();
  std::error_code ec;
  stdfs::create_directories(dir_, ec);
  if (ec)
    throw Error(ErrorCode::io, dir_.string() + ": cannot create vector index directory: " + ec.message());
  const uint64_t gen = generation_ + 1;
  const auto hnsw_path = dir_ / gen_file(gen, "hnsw");
  try {
    graph_->saveIndex(hnsw_path.string());
  } catch (const std::exception& e) {
    throw Error(ErrorCode::io, hnsw_path.string() + ": cannot write vector index: " + e.what());
  }
  fsync_file(hnsw_path);
  std::string map;
  map.reserve(doc_of_.size() * 16);
  for (const auto& [chunk, doc] : doc_of_) {
    map.append(reinterpret_cast<const char*>(&chunk), sizeof chunk);
    map.append(reinterpret_cast<const char*>(&doc), sizeof doc);
  }
  fs::write_file_atomic(dir_ / gen_file(gen, "map"), map);
  const nlohmann::json meta = {
      {"model", options_.model}, {"dimensions", options_.dimensions}, {"count", size()}};
  fs::write_file_atomic(dir_ / gen_file(gen, "meta"), meta.dump());
  fs::write_file_atomic(dir_ / "CURRENT", std::to_string(gen));  // the switch
  generation_ = gen;
  for (const auto& entry : stdfs::directory_iterator(dir_, ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind("gen-", 0) == 0 && name.rfind("gen-" + std::to_string(gen) + ".", 0) != 0)
      stdfs::remove(entry.path(), ec);
  }
}

bool HnswVectorIndex::load() {
  const auto current = dir_ / "CURRENT";
  if (!stdfs::exists(current)) return false;
  const std::string text = fs::read_file(current);
  uint64_t gen = 0;
  try {
    gen = std::stoull(text);
  } catch (const std::exception&) {
    throw Error(ErrorCode::corrupt, current.string() + ": not a generation number");
  }
  const auto meta = nlohmann::json::parse(fs::read_file(dir_ / gen_file(gen, "meta")), nullptr, false);
  if (!meta.is_object())
    throw Error(ErrorCode::corrupt, (dir_ / gen_file(gen, "meta")).string() + ": not JSON");
  if (meta.value("model", "") != options_.model || meta.value("dimensions", size_t{0}) != options_.dimensions)
    return false;
  const std::string map = fs::read_file(dir_ / gen_file(gen, "map"));
  if (map.size() % 16 != 0)
    throw Error(ErrorCode::corrupt, (dir_ / gen_file(gen, "map")).string() + ": truncated");
  auto graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(space_.get());
  try {
    graph->loadIndex((dir_ / gen_file(gen, "hnsw")).string(), space_.get());
  } catch (const std::exception& e) {
    throw Error(ErrorCode::corrupt, (dir_ / gen_file(gen, "hnsw")).string() + ": " + e.what());
  }
  graph->setEf(options_.ef_search);
  std::unordered_map<int64_t, int64_t> doc_of;
  std::unordered_map<int64_t, std::vector<int64_t>> chunks_of;
  for (size_t off = 0; off < map.size(); off += 16) {
    int64_t chunk, doc;
    std::memcpy(&chunk, map.data() + off, 8);
    std::memcpy(&doc, map.data() + off + 8, 8);
    auto it = graph->label_lookup_.find(static_cast<hnswlib::labeltype>(chunk));
    if (it == graph->label_lookup_.end() || graph->isMarkedDeleted(it->second))
      throw Error(ErrorCode::corrupt,
                  dir_.string() + ": chunk " + std::to_string(chunk) + " missing from the graph");
    doc_of[chunk] = doc;
    chunks_of[doc].push_back(chunk);
  }
  graph_ = std::move(graph);
  doc_of_ = std::move(doc_of);
  chunks_of_ = std::move(chunks_of);
  generation_ = gen;
  return true;
}

std::vector<VectorHit> HnswVectorIndex::exact(const float* q, size_t k,
                                              const std::vector<int64_t>* labels) const {
  using Entry = std::pair<float, int64_t>;  // (similarity, chunk); min-heap on similarity
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> top;
  const auto dist = graph_->fstdistfunc_;
  const void* param = graph_->dist_func_param_;
  auto consider = [&](int64_t chunk, hnswlib::tableint internal) {
    const float sim = 1.0f - dist(q, graph_->getDataByInternalId(internal), param);
    if (top.size() < k)
      top.emplace(sim, chunk);
    else if (sim > top.top().first || (sim == top.top().first && chunk < top.top().second)) {
      top.pop();
      top.emplace(sim, chunk);
    }
  };
  if (labels) {
    for (int64_t c : *labels) consider(c, graph_->label_lookup_.at(static_cast<hnswlib::labeltype>(c)));
  } else {
    for (hnswlib::tableint i = 0; i < graph_->cur_element_count; ++i)
      if (!graph_->isMarkedDeleted(i)) consider(static_cast<int64_t>(graph_->getExternalLabel(i)), i);
  }
  std::vector<VectorHit> out(top.size());
  for (size_t i = out.size(); i-- > 0; top.pop()) {
    const auto [sim, chunk] = top.top();
    out[i] = {chunk, doc_of_.at(chunk), sim};
  }
  return out;
}

std::vector<VectorHit> HnswVectorIndex::approximate(const float* q, size_t k,
                                                    const std::vector<int64_t>& document_ids) const {
  const std::unordered_set<int64_t> allowed(document_ids.begin(), document_ids.end());
  // With a filter, over-fetch and widen until k allowed hits or everything seen.
  for (size_t want = allowed.empty() ? k : k * 8;; want *= 4) {
    want = std::min(want, size());
    auto result = graph_->searchKnn(q, want);
    std::vector<VectorHit> out;
    out.reserve(result.size());
    for (; !result.empty(); result.pop()) {
      const auto [d, label] = result.top();
      const int64_t chunk = static_cast<int64_t>(label);
      const int64_t doc = doc_of_.at(chunk);
      if (allowed.empty() || allowed.count(doc)) out.push_back({chunk, doc, 1.0 - d});
    }
    std::reverse(out.begin(), out.end());
    if (out.size() >= k || want >= size()) {
      if (out.size() > k) out.resize(k);
      return out;
    }
  }
}

std::vector<VectorHit> HnswVectorIndex::search(const std::vector<float>& query, size_t k,
                                               const std::vector<int64_t>& document_ids) const {
  if (query.size() != options_.dimensions)
    throw Error(ErrorCode::invalid_argument,
                "query vector has " + std::to_string(query.size()) + " floats, the index holds " +
                    std::to_string(options_.dimensions) + " (model " + options_.model + ")");
  std::vector<float> q = query;
  if (k == 0 || size() == 0 || !normalize(q)) return {};
  if (!document_ids.empty()) {
    std::vector<int64_t> labels;
    for (int64_t d : document_ids)
      if (auto it = chunks_of_.find(d); it != chunks_of_.end())
        labels.insert(labels.end(), it->second.begin(), it->second.end());
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    if (labels.size() <= options_.exact_threshold) return exact(q.data(), k, &labels);
    return approximate(q.data(), k, document_ids);
  }
  if (size() <= options_.exact_threshold) return exact(q.data(), k, nullptr);
  return approximate(q.data(), k, {});
}

OpenedVectorIndex open_vector_index(const stdfs::path& dir, const VectorIndexOptions& options) {
  auto index = std::make_unique<HnswVectorIndex>(dir, options);
  bool loaded = false;
  try {
    loaded = index->load();
  } catch (const Error& e) {
    spdlog::warn("vector index {} is unreadable ({}); it will be rebuilt from the store", dir.string(),
                 e.what());
    index = std::make_unique<HnswVectorIndex>(dir, options);
  }
  return {std::move(index), loaded};
}

KnnGraph hnsw_knn_graph(const float* rows, size_t n, size_t dim, size_t k, uint64_t seed) {
  KnnGraph g{k, std::vector<uint32_t>(n * k), std::vector<float>(n * k), std::vector<uint32_t>(n, 0)};
  if (n == 0 || k == 0) return g;
  hnswlib::InnerProductSpace space(dim);
  hnswlib::HierarchicalNSW<float> graph(&space, n, 16, 100, static_cast<size_t>(seed));
  for (size_t i = 0; i < n; ++i) graph.addPoint(rows + i * dim, static_cast<hnswlib::labeltype>(i));
  graph.setEf(std::max<size_t>(2 * (k + 1), 64));
  std::vector<std::pair<float, uint32_t>> row;
  for (size_t i = 0; i < n; ++i) {
    auto found = graph.searchKnn(rows + i * dim, k + 1);
    row.clear();
    for (; !found.empty(); found.pop())
      if (found.top().second != i)
        row.emplace_back(std::max(0.0f, found.top().first), static_cast<uint32_t>(found.top().second));
    std::sort(row.begin(), row.end());
    const size_t c = std::min(k, row.size());
    for (size_t s = 0; s < c; ++s) g.dist[i * k + s] = row[s].first, g.index[i * k + s] = row[s].second;
    g.count[i] = static_cast<uint32_t>(c);
  }
  return g;
}

}  // namespace lore::index
