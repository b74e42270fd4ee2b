#include "raptor/reduce.h"

#include <algorithm>

namespace lore::raptor {

Eigen::MatrixXd reduce_dimensions(const Eigen::MatrixXf& vectors, int target) {
  const long n = vectors.rows(), d = vectors.cols();
  const long dims = std::max<long>(1, std::min<long>({static_cast<long>(target), n - 2, d}));
  Eigen::MatrixXd x = vectors.cast<double>();
  // Cosine geometry: unit rows (a zero row stays zero).
  for (long i = 0; i < n; ++i)
    if (const double len = x.row(i).norm(); len > 0) x.row(i) /= len;
  const Eigen::RowVectorXd mean = x.colwise().mean();
  x.rowwise() -= mean;
  if (n < 2) return Eigen::MatrixXd::Zero(n, dims);
  const Eigen::MatrixXd cov = x.transpose() * x / static_cast<double>(n - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
  // Eigenvalues ascending: the last `dims` columns, largest first. Each
  // component's sign is fixed (largest |loading| positive) so the output
  // does not depend on the solver's arbitrary sign choice.
  Eigen::MatrixXd basis(d, dims);
  for (long c = 0; c < dims; ++c) {
    Eigen::VectorXd v = eig.eigenvectors().col(d - 1 - c);
    Eigen::Index at;
    v.cwiseAbs().maxCoeff(&at);
    if (v(at) < 0) v = -v;
    basis.col(c) = v;
  }
  return x * basis;
}

}  // namespace lore::raptor
