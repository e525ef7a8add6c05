#include "kernels/decompositions.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace gg::kernels {

namespace {

constexpr int kMaxSweeps = 100;  // about 6-10 are needed: Jacobi converges quadratically
constexpr double kEps = 2.3e-16;

// tan of the Jacobi rotation angle that zeroes the off-diagonal entry: the smaller root of
// t² + 2θt - 1 = 0, without overflow for huge θ.
double rotation_tangent(double theta) {
  const double a = std::abs(theta);
  const double t = a > 1e150 ? 0.5 / a : 1.0 / (a + std::sqrt(theta * theta + 1.0));
  return theta < 0 ? -t : t;
}

// (x, y) <- (c·x - s·y, s·x + c·y) for the n pairs x[i·stride], y[i·stride].
void rotate(double* x, double* y, int64_t n, int64_t stride, double c, double s) {
  for (int64_t i = 0; i < n; ++i) {
    const double xi = x[i * stride], yi = y[i * stride];
    x[i * stride] = c * xi - s * yi;
    y[i * stride] = s * xi + c * yi;
  }
}

void identity(double* a, int64_t rows, int64_t cols) {
  std::fill(a, a + rows * cols, 0.0);
  for (int64_t i = 0; i < std::min(rows, cols); ++i) a[i * cols + i] = 1.0;
}

// x <- H_j·x on rows j..m-1 of the nc columns at x (row stride ldx), H_j = I - tau·v·vᵀ with
// v = (1, a[j+1:, j]) as householder_qr stores it in the m x n a (x may be a's own columns right
// of j); w = vᵀ·x is accumulated row by row into wk (nc entries), so every loop is along a row.
void reflect(const double* a, int64_t m, int64_t n, int64_t j, double tau, double* x, int64_t ldx, int64_t nc,
             double* wk) {
  std::copy(x + j * ldx, x + j * ldx + nc, wk);
  for (int64_t i = j + 1; i < m; ++i)
    for (int64_t c = 0; c < nc; ++c) wk[c] += a[i * n + j] * x[i * ldx + c];
  for (int64_t c = 0; c < nc; ++c) x[j * ldx + c] -= tau * wk[c];
  for (int64_t i = j + 1; i < m; ++i)
    for (int64_t c = 0; c < nc; ++c) x[i * ldx + c] -= tau * a[i * n + j] * wk[c];
}

}  // namespace

bool symmetric_eigen(double* a, int64_t n, double* w, double* v) {
  identity(v, n, n);
  const double scale = std::sqrt(std::inner_product(a, a + n * n, a, 0.0));
  if (!std::isfinite(scale)) return false;
  bool converged = n <= 1;
  for (int sweep = 0; sweep < kMaxSweeps && !converged; ++sweep) {
    converged = true;  // until a sweep rotates
    for (int64_t p = 0; p < n; ++p)
      for (int64_t q = p + 1; q < n; ++q) {
        const double apq = a[p * n + q];
        // Negligible against both diagonal entries (which keeps small eigenvalues accurate), or
        // against the whole matrix: dropped.
        if (std::abs(apq) <= kEps * std::sqrt(std::abs(a[p * n + p] * a[q * n + q])) || std::abs(apq) <= 1e-30 * scale) {
          a[p * n + q] = a[q * n + p] = 0;
          continue;
        }
        converged = false;
        const double t = rotation_tangent((a[q * n + q] - a[p * n + p]) / (2 * apq));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        rotate(a + p, a + q, n, n, c, s);          // columns p, q: A·J
        rotate(a + p * n, a + q * n, n, 1, c, s);  // rows p, q: Jᵀ·A
        rotate(v + p, v + q, n, n, c, s);
        a[p * n + q] = a[q * n + p] = 0;
      }
  }
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t i, int64_t j) { return a[i * n + i] < a[j * n + j]; });
  std::vector<double> vs(v, v + n * n);
  for (int64_t j = 0; j < n; ++j) {
    w[j] = a[order[j] * n + order[j]];
    for (int64_t i = 0; i < n; ++i) v[i * n + j] = vs[i * n + order[j]];
  }
  return true;
}

void householder_qr(double* a, int64_t m, int64_t n, double* q, int64_t cq, double* r) {
  const int64_t k = std::min(m, n);
  std::vector<double> tau(k), wk(std::max(n, cq));
  for (int64_t j = 0; j < k; ++j) {
    const double alpha = a[j * n + j];
    double sigma = 0;
    for (int64_t i = j + 1; i < m; ++i) sigma += a[i * n + j] * a[i * n + j];
    if (sigma == 0) continue;  // nothing below the diagonal: H = I (tau 0), as LAPACK's dlarfg
    const double norm = std::hypot(alpha, std::sqrt(sigma)), beta = alpha >= 0 ? -norm : norm;
    tau[j] = (beta - alpha) / beta;
    const double scale = 1 / (alpha - beta);
    for (int64_t i = j + 1; i < m; ++i) a[i * n + j] *= scale;  // v = (1, a[j+1:, j])
    a[j * n + j] = beta;
    reflect(a, m, n, j, tau[j], a + j + 1, n, n - j - 1, wk.data());  // the columns right of j
  }
  for (int64_t i = 0; i < cq; ++i)
    for (int64_t c = 0; c < n; ++c) r[i * n + c] = i <= c && i < k ? a[i * n + c] : 0.0;
  if (!q) return;
  // Q = H_0·H_1···H_{k-1}·I, applied from the last reflector; H_j touches only rows and columns >= j.
  identity(q, m, cq);
  for (int64_t j = k - 1; j >= 0; --j) {
    if (tau[j] != 0) reflect(a, m, n, j, tau[j], q + j, cq, cq - j, wk.data());
  }
}

namespace {

// Fills the rows of basis (count x len) whose `valid` flag is false with an orthonormal basis of
// the complement of the valid rows (orthonormal themselves): the trailing columns of the complete
// Q of the valid rows' QR.
void complete_basis(double* basis, int64_t count, int64_t len, const std::vector<bool>& valid) {
  std::vector<int64_t> have;
  for (int64_t i = 0; i < count; ++i)
    if (valid[i]) have.push_back(i);
  if (int64_t(have.size()) == count) return;
  const int64_t r = int64_t(have.size());
  std::vector<double> y(len * r), q(len * len), rr(len * r);
  for (int64_t c = 0; c < r; ++c)
    for (int64_t i = 0; i < len; ++i) y[i * r + c] = basis[have[c] * len + i];
  householder_qr(y.data(), len, r, q.data(), len, rr.data());
  int64_t next = r;
  for (int64_t i = 0; i < count; ++i)
    if (!valid[i]) {
      for (int64_t e = 0; e < len; ++e) basis[i * len + e] = q[e * len + next];
      ++next;
    }
}

}  // namespace

bool singular_values(const double* a, int64_t m, int64_t n, double* s, double* u, int64_t cu, double* vt, int64_t cv) {
  // One-sided Jacobi on the N columns (length M >= N) of B = A or Aᵀ, kept as the rows of x so
  // that every rotation runs along contiguous memory; the rotations accumulate in the rows of y.
  for (int64_t i = 0; i < m * n; ++i)
    if (!std::isfinite(a[i])) return false;
  const bool tall = m >= n;
  const int64_t M = tall ? m : n, N = tall ? n : m;
  std::vector<double> x(N * M), y(N * N);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) x[tall ? j * M + i : i * M + j] = a[i * n + j];
  identity(y.data(), N, N);
  const double tol = kEps * std::max(1.0, std::sqrt(double(M)));  // columns orthogonal to rounding
  bool converged = N <= 1;
  for (int sweep = 0; sweep < kMaxSweeps && !converged; ++sweep) {
    converged = true;
    for (int64_t p = 0; p < N; ++p)
      for (int64_t q = p + 1; q < N; ++q) {
        double alpha = 0, beta = 0, gamma = 0;
        const double *xp = x.data() + p * M, *xq = x.data() + q * M;
        for (int64_t i = 0; i < M; ++i) alpha += xp[i] * xp[i], beta += xq[i] * xq[i], gamma += xp[i] * xq[i];
        if (std::abs(gamma) <= tol * std::sqrt(alpha * beta)) continue;
        converged = false;
        const double t = rotation_tangent((beta - alpha) / (2 * gamma));
        const double c = 1 / std::sqrt(t * t + 1), sn = t * c;
        rotate(x.data() + p * M, x.data() + q * M, M, 1, c, sn);
        rotate(y.data() + p * N, y.data() + q * N, N, 1, c, sn);
      }
  }
  std::vector<double> norm(N);
  for (int64_t j = 0; j < N; ++j) norm[j] = std::sqrt(std::inner_product(&x[j * M], &x[j * M] + M, &x[j * M], 0.0));
  std::vector<int64_t> order(N);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t i, int64_t j) { return norm[i] > norm[j]; });
  // The long side's vectors (count of them, length M): x's rows over their norms, where the norm is
  // not negligible; a basis completes the rest. The short side's are y's rows, already a basis.
  const int64_t count = tall ? cu : cv;
  const double negligible = (N ? norm[order[0]] : 0.0) * double(M) * kEps;
  std::vector<double> longv(count * M, 0.0);
  std::vector<bool> valid(count, false);
  for (int64_t j = 0; j < N; ++j) {
    s[j] = norm[order[j]];
    if (s[j] > negligible && s[j] > 0) {
      valid[j] = true;
      for (int64_t i = 0; i < M; ++i) longv[j * M + i] = x[order[j] * M + i] / s[j];
    }
  }
  complete_basis(longv.data(), count, M, valid);
  for (int64_t j = 0; j < count; ++j)
    for (int64_t i = 0; i < M; ++i) {
      if (tall) u[i * cu + j] = longv[j * M + i];  // u's columns
      else vt[j * n + i] = longv[j * M + i];        // vt's rows
    }
  for (int64_t j = 0; j < N; ++j)
    for (int64_t i = 0; i < N; ++i) {
      if (tall) vt[j * n + i] = y[order[j] * N + i];
      else u[i * cu + j] = y[order[j] * N + i];
    }
  return true;
}

}  // namespace gg::kernels
