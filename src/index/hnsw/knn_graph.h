// Approximate k-nearest-neighbour graph of a point set with hnswlib, for
// RAPTOR's UMAP reduction (raptor/umap.h).
//
// Defined in hnsw_vector_index.cpp: hnswlib 0.6.2 defines non-inline
// functions and globals in its headers, so exactly one translation unit of
// the program may include it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lore::index {

struct KnnGraph {
  size_t k = 0;                 // slots per point
  std::vector<uint32_t> index;  // n x k neighbour rows, nearest first (ties by index)
  std::vector<float> dist;      // n x k distances 1 - dot, clamped to >= 0
  std::vector<uint32_t> count;  // filled slots per point (k unless the graph found fewer)
};

// `rows`: n x dim row-major, unit length (inner product = cosine). Each
// point's k nearest *other* points. Built by inserting in row order on one
// thread (M 16, ef_construction 100, ef_search max(2(k+1), 64)), so the result
// depends only on the input and `seed`.
KnnGraph hnsw_knn_graph(const float* rows, size_t n, size_t dim, size_t k, uint64_t seed);

}  // namespace lore::index
