#include "retrieve/lsa.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include <Eigen/Dense>
#include <Eigen/Sparse>

#include "core/error.h"
#include "core/fs.h"
#include "core/log.h"

namespace lore::retrieve {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct LsaModelData {
  uint64_t revision = 0;
  uint64_t size = 0;
  uint32_t dims = 0;            // actual (at most the requested, fewer for tiny corpora)
  uint32_t requested_dims = 0;  // LsaOptions::dims it was trained with
  std::unordered_map<std::string, uint32_t> term_index;
  std::vector<std::string> terms;
  std::vector<float> idf;
  RowMatrix term_vectors;  // terms x dims (right singular vectors)
  std::vector<int64_t> chunk_ids, document_ids;
  RowMatrix chunk_vectors;  // chunks x dims, rows L2-normalised
};

namespace {

constexpr char kMagic[8] = {'L', 'O', 'R', 'E', 'L', 'S', 'A', '1'};

template <typename T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

class Reader {
 public:
  explicit Reader(const std::string& data) : data_(data) {}
  template <typename T>
  T get() {
    T v;
    need(sizeof v);
    std::memcpy(&v, data_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  void get_floats(float* dst, size_t n) {
    need(n * sizeof(float));
    if (n == 0) return;  // an empty matrix has no storage: memcpy from/to null is undefined
    std::memcpy(dst, data_.data() + pos_, n * sizeof(float));
    pos_ += n * sizeof(float);
  }
  std::string get_string(size_t n) {
    need(n);
    std::string s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  void need(size_t n) const {
    if (pos_ + n > data_.size()) throw Error(ErrorCode::corrupt, "truncated LSA model");
  }
  const std::string& data_;
  size_t pos_ = 0;
};

std::string serialize(const LsaModelData& m) {
  std::string out(kMagic, sizeof kMagic);
  put(out, m.revision);
  put(out, m.size);
  put(out, m.dims);
  put(out, m.requested_dims);
  put(out, static_cast<uint64_t>(m.terms.size()));
  put(out, static_cast<uint64_t>(m.chunk_ids.size()));
  for (size_t i = 0; i < m.terms.size(); ++i) {
    put(out, static_cast<uint32_t>(m.terms[i].size()));
    out += m.terms[i];
    put(out, m.idf[i]);
  }
  out.append(reinterpret_cast<const char*>(m.term_vectors.data()), m.term_vectors.size() * sizeof(float));
  for (size_t i = 0; i < m.chunk_ids.size(); ++i) put(out, m.chunk_ids[i]), put(out, m.document_ids[i]);
  out.append(reinterpret_cast<const char*>(m.chunk_vectors.data()), m.chunk_vectors.size() * sizeof(float));
  return out;
}

std::unique_ptr<LsaModelData> deserialize(const std::string& data) {
  if (data.size() < sizeof kMagic || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    throw Error(ErrorCode::corrupt, "not an LSA model");
  Reader r(data);
  r.get_string(sizeof kMagic);
  auto m = std::make_unique<LsaModelData>();
  m->revision = r.get<uint64_t>();
  m->size = r.get<uint64_t>();
  m->dims = r.get<uint32_t>();
  m->requested_dims = r.get<uint32_t>();
  const auto nterms = r.get<uint64_t>();
  const auto nchunks = r.get<uint64_t>();
  if (m->dims == 0 || nterms > data.size() || nchunks > data.size())
    throw Error(ErrorCode::corrupt, "bad LSA header");
  for (uint64_t i = 0; i < nterms; ++i) {
    const auto len = r.get<uint32_t>();
    m->terms.push_back(r.get_string(len));
    m->idf.push_back(r.get<float>());
    m->term_index[m->terms.back()] = static_cast<uint32_t>(i);
  }
  m->term_vectors.resize(static_cast<long>(nterms), m->dims);
  r.get_floats(m->term_vectors.data(), nterms * m->dims);
  for (uint64_t i = 0; i < nchunks; ++i) {
    m->chunk_ids.push_back(r.get<int64_t>());
    m->document_ids.push_back(r.get<int64_t>());
  }
  m->chunk_vectors.resize(static_cast<long>(nchunks), m->dims);
  r.get_floats(m->chunk_vectors.data(), nchunks * m->dims);
  if (!r.at_end()) throw Error(ErrorCode::corrupt, "trailing bytes in LSA model");
  return m;
}

Eigen::MatrixXf orthonormal(const Eigen::MatrixXf& m) {
  Eigen::HouseholderQR<Eigen::MatrixXf> qr(m);
  return qr.householderQ() * Eigen::MatrixXf::Identity(m.rows(), m.cols());
}

std::unique_ptr<LsaModelData> train(index::TextIndex& text, const LsaOptions& options) {
  auto m = std::make_unique<LsaModelData>();
  m->requested_dims = static_cast<uint32_t>(options.dims);
  m->revision = text.revision();
  m->size = static_cast<uint64_t>(text.size());
  // Pass 1: raw counts per chunk and document frequencies.
  std::unordered_map<std::string, uint32_t> all_index;
  std::vector<uint32_t> df;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> rows;
  text.for_each_chunk_terms(
      [&](int64_t chunk_id, int64_t document_id, const std::vector<index::TermCount>& terms) {
        m->chunk_ids.push_back(chunk_id);
        m->document_ids.push_back(document_id);
        auto& row = rows.emplace_back();
        for (const auto& t : terms) {
          auto [it, inserted] = all_index.try_emplace(t.term, static_cast<uint32_t>(df.size()));
          if (inserted) df.push_back(0);
          ++df[it->second];
          row.emplace_back(it->second, t.count);
        }
      });
  const size_t n = rows.size();
  // Vocabulary: terms in >= 2 chunks, the most frequent max_terms of them.
  std::vector<uint32_t> candidates;
  for (uint32_t i = 0; i < df.size(); ++i)
    if (df[i] >= 2) candidates.push_back(i);
  std::vector<std::string> names(df.size());
  for (const auto& [term, i] : all_index) names[i] = term;
  std::sort(candidates.begin(), candidates.end(),
            [&](uint32_t a, uint32_t b) { return df[a] != df[b] ? df[a] > df[b] : names[a] < names[b]; });
  if (candidates.size() > options.max_terms) candidates.resize(options.max_terms);
  std::vector<int64_t> remap(df.size(), -1);
  for (size_t j = 0; j < candidates.size(); ++j) {
    remap[candidates[j]] = static_cast<int64_t>(j);
    m->terms.push_back(names[candidates[j]]);
    m->idf.push_back(static_cast<float>(std::log(static_cast<double>(n) / df[candidates[j]])));
    m->term_index[m->terms.back()] = static_cast<uint32_t>(j);
  }
  const size_t v = m->terms.size();
  const size_t l = std::min({options.dims + options.oversample, n, v});
  if (l == 0) {
    m->dims = static_cast<uint32_t>(options.dims);
    m->term_vectors.resize(static_cast<long>(v), m->dims);
    m->term_vectors.setZero();
    m->chunk_vectors.resize(static_cast<long>(n), m->dims);
    m->chunk_vectors.setZero();
    return m;
  }
  // TF-IDF, rows L2-normalised.
  std::vector<Eigen::Triplet<float>> triplets;
  for (size_t r = 0; r < n; ++r) {
    const size_t first = triplets.size();
    double norm = 0;
    for (const auto& [t, count] : rows[r]) {
      if (remap[t] < 0) continue;
      const float w = static_cast<float>((1 + std::log(static_cast<double>(count))) * m->idf[remap[t]]);
      triplets.emplace_back(static_cast<int>(r), static_cast<int>(remap[t]), w);
      norm += static_cast<double>(w) * w;
    }
    if (norm > 0)
      for (size_t i = first; i < triplets.size(); ++i)
        triplets[i] = {triplets[i].row(), triplets[i].col(),
                       static_cast<float>(triplets[i].value() / std::sqrt(norm))};
  }
  rows.clear();
  Eigen::SparseMatrix<float, Eigen::RowMajor> a(static_cast<long>(n), static_cast<long>(v));
  a.setFromTriplets(triplets.begin(), triplets.end());
  triplets.clear();
  const Eigen::SparseMatrix<float> at = a.transpose();

  // Randomized range finder with subspace iteration.
  std::mt19937 rng(42);  // fixed: the same corpus gives the same model
  std::normal_distribution<float> gauss;
  Eigen::MatrixXf omega(static_cast<long>(v), static_cast<long>(l));
  for (long j = 0; j < omega.cols(); ++j)
    for (long i = 0; i < omega.rows(); ++i) omega(i, j) = gauss(rng);
  Eigen::MatrixXf q = orthonormal(a * omega);
  for (int it = 0; it < options.power_iterations; ++it) {
    const Eigen::MatrixXf z = orthonormal(at * q);
    q = orthonormal(a * z);
  }
  // B = Qᵀ A (l x v); B Bᵀ = Wᵀ W with W = Aᵀ Q; its eigenvectors are B's
  // left singular vectors, and V = W U Σ⁻¹.
  const Eigen::MatrixXf w = at * q;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXf> eig(w.transpose() * w);
  const size_t k = std::min(options.dims, l);
  m->dims = static_cast<uint32_t>(k);
  Eigen::MatrixXf vk(static_cast<long>(v), static_cast<long>(k));
  for (size_t c = 0; c < k; ++c) {
    const long src = static_cast<long>(l - 1 - c);  // eigenvalues ascending
    // A (numerically) zero singular value has no direction worth keeping:
    // tiny corpora have fewer real dimensions than asked for.
    const float lambda = eig.eigenvalues()(src);
    if (!(lambda > 1e-8f)) {
      vk.col(static_cast<long>(c)).setZero();
      continue;
    }
    vk.col(static_cast<long>(c)) = w * eig.eigenvectors().col(src) / std::sqrt(lambda);
  }
  m->term_vectors = vk;
  m->chunk_vectors = a * vk;
  for (long r = 0; r < m->chunk_vectors.rows(); ++r) {
    const float len = m->chunk_vectors.row(r).norm();
    if (len > 0 && std::isfinite(len))
      m->chunk_vectors.row(r) /= len;
    else
      m->chunk_vectors.row(r).setZero();  // a chunk with no vocabulary term matches nothing
  }
  return m;
}

// Models in use in this process, by model file.
std::mutex shared_models_mu;
std::map<std::string, std::weak_ptr<const LsaModelData>> shared_models;

}  // namespace

LsaRetriever::LsaRetriever(index::TextIndex& text, std::filesystem::path dir, LsaOptions options)
    : text_(text) {
  const auto path = dir / "model.bin";
  const uint64_t revision = text.revision();
  const uint64_t size = static_cast<uint64_t>(text.size());
  auto current = [&](const LsaModelData& m) {
    return m.revision == revision && m.size == size && m.requested_dims == options.dims;
  };
  {
    std::lock_guard lock(shared_models_mu);
    if (auto m = shared_models[path.string()].lock(); m && current(*m)) {
      model_ = std::move(m);
      return;
    }
  }
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    try {
      auto m = deserialize(fs::read_file(path));
      if (current(*m)) model_ = std::move(m);
    } catch (const Error& e) {
      spdlog::warn("{}: unreadable LSA model, retraining: {}", path.string(), e.what());
    }
  }
  if (!model_) {
    model_ = train(text, options);
    trained_now_ = true;
    save(dir, path);
  }
  std::lock_guard lock(shared_models_mu);
  shared_models[path.string()] = model_;
}

void LsaRetriever::save(const std::filesystem::path& dir, const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  try {
    fs::write_file_atomic(path, serialize(*model_));
  } catch (const Error& e) {
    // A read-only data directory still searches; it retrains next time.
    spdlog::warn("{}: cannot save LSA model: {}", path.string(), e.what());
  }
}

LsaRetriever::~LsaRetriever() = default;

size_t LsaRetriever::dims() const { return model_->dims; }

namespace {

// The TF-IDF row of `terms` projected on the model (unit length), or
// nullopt when nothing of it is in the vocabulary.
std::optional<Eigen::RowVectorXf> fold_in(const LsaModelData& m, const std::vector<std::string>& terms) {
  std::unordered_map<uint32_t, uint32_t> tf;
  for (const auto& t : terms)
    if (auto it = m.term_index.find(t); it != m.term_index.end()) ++tf[it->second];
  if (tf.empty()) return std::nullopt;
  Eigen::RowVectorXf qv = Eigen::RowVectorXf::Zero(m.dims);
  double norm = 0;
  for (const auto& [t, count] : tf) {
    const float w = static_cast<float>((1 + std::log(static_cast<double>(count))) * m.idf[t]);
    qv += w * m.term_vectors.row(t);
    norm += static_cast<double>(w) * w;
  }
  const float len = qv.norm();
  if (norm <= 0 || !(len > 0) || !std::isfinite(len)) return std::nullopt;
  return Eigen::RowVectorXf(qv / len);
}

}  // namespace

std::vector<float> LsaRetriever::embed(const std::string& text) const {
  std::vector<float> out(model_->dims, 0.0f);
  if (auto v = fold_in(*model_, text_.analyze(text)))
    std::copy(v->data(), v->data() + v->size(), out.begin());
  return out;
}

std::vector<DenseHit> LsaRetriever::search(const std::string& query, size_t k,
                                           const std::vector<int64_t>& document_ids) {
  const auto& m = *model_;
  if (m.chunk_ids.empty() || k == 0) return {};
  const auto folded = fold_in(m, text_.analyze(query));
  if (!folded) return {};
  const Eigen::RowVectorXf& qv = *folded;
  const Eigen::VectorXf sims = m.chunk_vectors * qv.transpose();
  std::unordered_set<int64_t> allowed(document_ids.begin(), document_ids.end());
  std::vector<uint32_t> idx;
  idx.reserve(m.chunk_ids.size());
  for (uint32_t i = 0; i < m.chunk_ids.size(); ++i)
    // A chunk with nothing in common with the query (similarity <= 0) is no
    // candidate: without it, a query matching nothing still finds nothing.
    if (sims(i) > 1e-6f && (allowed.empty() || allowed.count(m.document_ids[i]))) idx.push_back(i);
  const size_t keep = std::min(k, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + static_cast<long>(keep), idx.end(),
                    [&](uint32_t a, uint32_t b) { return sims(a) != sims(b) ? sims(a) > sims(b) : a < b; });
  std::vector<DenseHit> out;
  out.reserve(keep);
  for (size_t i = 0; i < keep; ++i)
    out.push_back({m.chunk_ids[idx[i]], m.document_ids[idx[i]], sims(idx[i])});
  return out;
}

}  // namespace lore::retrieve
