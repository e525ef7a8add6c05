// linalg.eigh, qr and svd (ops/decompositions.h) on the kernels of kernels/decompositions.h. Each
// op computes every matrix of the batch in double, writes all its results into one flat buffer
// recorded as one node, and returns them as views of it (flat_part). The backward rules, written
// with ops (so they differentiate again), for A = V·diag(w)·Vᵀ, A = Q·R and A = U·diag(s)·Vᵀ:
//   eigh: ∂A = V·(diag(gw) + F∘skew(VᵀgV))·Vᵀ, F_ij = 1/(w_j - w_i), skew(X) = (X - Xᵀ)/2
//         (symmetric, as PyTorch's);
//   qr (m >= n): N = QᵀgQ - gR·Rᵀ, ∂A = (gQ + Q·(tril(N - Nᵀ, -1) - N))·R⁻ᵀ; for m < n the first m
//         columns X = Q·R₁ take gQ + Y·gR₂ᵀ and the rest Y = Q·R₂ take Q·gR₂;
//   svd:  J = UᵀgU, K = VᵀgV, M = ((J - Jᵀ)·S + S·(K - Kᵀ)) / E + diag(gs), E_ij = s_j² - s_i²,
//         ∂A = U·M·Vᵀ + (I - UUᵀ)·gU·S⁻¹·Vᵀ + U·S⁻¹·gVᵀ·(I - VVᵀ),
// derived from dA's first-order effect on each factor. They need distinct eigen- or singular
// values (and a full-rank R), as PyTorch's do; when only the values get a gradient (eigvalsh,
// svdvals, the norms) the rules keep V·diag(gw)·Vᵀ and U·diag(gs)·Vh, defined for every matrix.
#include "ops/decompositions.h"

#include <string>
#include <vector>

#include "core/error.h"
#include "core/parallel.h"
#include "kernels/decompositions.h"
#include "ops/linalg.h"
#include "ops/linalg_common.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"
#include "ops/shape_views.h"

namespace gg {

using namespace linalg_detail;

namespace {

// x[..., :, a:b] and x[..., a:b, :].
Tensor columns(const Tensor& x, int64_t a, int64_t b) {
  IndexItem all, range;
  all.kind = IndexItem::Ellipsis;
  range.kind = IndexItem::Slice, range.start = a, range.stop = b;
  return index(x, {all, range});
}
Tensor rows(const Tensor& x, int64_t a, int64_t b) { return mT(columns(mT(x), a, b)); }

// The n x n identity, and diag(v) for a batch of vectors v (*, n).
Tensor identity(int64_t n, DType dtype) { return sub(triangle_mask(n, true, 1.0, dtype), triangle_mask(n, true, 0.0, dtype)); }
Tensor diag_of(const Tensor& v) { return mul(identity(v.shape().back(), v.dtype()), unsqueeze(v, -2)); }
// The differences x_j - x_i of a batch of vectors x (*, n), with ones on the diagonal: the
// denominators of the rules' off-diagonal terms.
Tensor gaps(const Tensor& x) {
  return add(sub(unsqueeze(x, -2), unsqueeze(x, -1)), identity(x.shape().back(), x.dtype()));
}

// Whether a gradient has any nonzero entry: a rule whose singular- or eigenvector gradient is zero
// (only the values were used) skips the terms that divide by gaps between values, which are
// defined for every matrix then (repeated and zero values included).
bool any_nonzero(const Tensor& g) { return g.numel() && amax(abs(reshape(g, {-1})), {0}, false).item() > 0; }

// The results of an op as parts of one flat buffer: their shapes and where each starts.
struct Layout {
  std::vector<Shape> shapes;
  std::vector<int64_t> at;
  int64_t total = 0;
  explicit Layout(std::vector<Shape> s) : shapes(std::move(s)) {
    for (const Shape& x : shapes) at.push_back(total), total += numel_of(x);
  }
  // Part i of flat (a recorded result, a gradient or a tangent of it).
  Tensor part(const Tensor& flat, size_t i) const { return flat_part(flat, shapes[i], at[i], "linalg_factor"); }
  std::vector<Tensor> parts(const Tensor& flat) const {
    std::vector<Tensor> r;
    for (size_t i = 0; i < shapes.size(); ++i) r.push_back(part(flat, i));
    return r;
  }
  Tensor join(const std::vector<Tensor>& xs) const {
    std::vector<Tensor> flat;
    for (const Tensor& x : xs) flat.push_back(reshape(x, {-1}));
    return cat(flat, 0);
  }
};

// Runs `kernel(i, in, out)` for each of the `count` matrices of a (read as doubles), writing into
// a double buffer of layout.total elements, and returns it in a's dtype. kernel returns false for a
// matrix it cannot decompose, which raises a ValueError naming it.
template <class Kernel>
Tensor compute(const char* op, const Tensor& a, const Shape& batch, int64_t work, const Layout& layout,
               const Kernel& kernel) {
  const Tensor in = working_copy(to_dtype(a.detach(), DType::Float64), batch);
  Tensor out = Tensor::empty({layout.total}, DType::Float64);
  const int64_t count = numel_of(batch), size = a.shape()[a.dim() - 2] * a.shape().back();
  std::vector<char> ok(count, 1);
  parallel_for(count, matrix_grain(work), [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; ++i) ok[i] = kernel(i, in.data<double>() + i * size, out.data<double>());
  });
  for (int64_t i = 0; i < count; ++i)
    if (!ok[i])
      throw ValueError(msg(op, ": the input matrix", count > 1 ? msg(" ", i, " of the batch") : std::string(),
                           " (shape ", shape_str(a.shape()), ") has entries that are not finite"));
  return to_dtype(out, a.dtype());
}

int64_t matrix_dims(const Tensor& a, const char* op) {
  dispatch_float(a.dtype(), op, [](auto) {});
  if (a.dim() < 2) throw ValueError(msg(op, ": expected a batch of matrices (*, m, n), got shape ", shape_str(a.shape())));
  return std::min(a.shape()[a.dim() - 2], a.shape().back());
}

// ∂A of A = Q·R, Q (*, m, n) and R (*, n, n) (m >= n), as in the header comment.
Tensor qr_square_backward(const Tensor& gq, const Tensor& gr, const Tensor& q, const Tensor& r) {
  const int64_t n = r.shape().back();
  const Tensor nn = sub(matmul(mT(q), gq), matmul(gr, mT(r)));
  const Tensor low = mul(sub(nn, mT(nn)), triangle_mask(n, true, 0.0, r.dtype()));
  const Tensor y = add(gq, matmul(q, sub(low, nn)));
  return mT(linalg_solve_triangular(r, mT(y), true, false));
}

// The tangents (dQ, dR) of A = Q·R, m >= n: X = Qᵀ·dA·R⁻¹, C = tril(X, -1) - tril(X, -1)ᵀ,
// dR = (X - C)·R, dQ = Q·C + dA·R⁻¹ - Q·X.
std::pair<Tensor, Tensor> qr_square_tangent(const Tensor& da, const Tensor& q, const Tensor& r) {
  const int64_t n = r.shape().back();
  const Tensor dar = mT(linalg_solve_triangular(mT(r), mT(da), false, false));
  const Tensor x = matmul(mT(q), dar);
  const Tensor low = mul(x, triangle_mask(n, true, 0.0, r.dtype()));
  const Tensor c = sub(low, mT(low));
  return {add(matmul(q, sub(c, x)), dar), matmul(sub(x, c), r)};
}

}  // namespace

std::vector<Tensor> linalg_eigh(const Tensor& a, const std::string& uplo) {
  const char* op = "linalg.eigh";
  if (uplo != "L" && uplo != "U") throw ValueError(msg(op, ": UPLO must be 'L' or 'U', got '", uplo, "'"));
  const int64_t n = square_size(a, op);
  const Shape batch = batch_of(a.shape());
  Shape ws = batch;
  ws.push_back(n);
  const Layout layout({ws, with_matrix(batch, n, n)});
  const bool lower = uplo == "L";
  Tensor flat = compute(op, a, batch, n, layout, [&](int64_t i, const double* in, double* out) {
    std::vector<double> s(n * n);  // the symmetric matrix the read triangle stands for
    for (int64_t r = 0; r < n; ++r)
      for (int64_t c = 0; c < n; ++c) s[r * n + c] = (lower ? r >= c : r <= c) ? in[r * n + c] : in[c * n + r];
    return kernels::symmetric_eigen(s.data(), n, out + i * n, out + layout.at[1] + i * n * n);
  });
  if (needs_autograd({&a})) {
    const Tensor off = sub(Tensor::full({n, n}, 1.0, a.dtype()), identity(n, a.dtype()));
    SavedTensor sf(flat, true);
    flat = record("linalg_eigh", flat, {&a}, [sf, layout](const Tensor& g, Node& self) {
      const std::vector<Tensor> wv = layout.parts(sf.unpack(&self)), gwv = layout.parts(g);
      const Tensor& v = wv[1];
      Tensor inner = diag_of(gwv[0]);
      if (any_nonzero(gwv[1])) {
        const Tensor k = matmul(mT(v), gwv[1]);
        inner = add(inner, div(mul(sub(k, mT(k)), 0.5), gaps(wv[0])));
      }
      return std::vector<Tensor>{matmul(matmul(v, inner), mT(v))};
    }, [&](const Tangents& t) {
      const std::vector<Tensor> wv = layout.parts(flat.detach());
      const Tensor p = matmul(matmul(mT(wv[1]), mul(add(t[0], mT(t[0])), 0.5)), wv[1]);
      return layout.join({diagonal(p, 0, -2, -1), matmul(wv[1], div(mul(p, off), gaps(wv[0])))});
    });
  }
  return layout.parts(flat);
}

std::vector<Tensor> linalg_qr(const Tensor& a, const std::string& mode) {
  const char* op = "linalg.qr";
  if (mode != "reduced" && mode != "complete" && mode != "r")
    throw ValueError(msg(op, ": mode must be 'reduced', 'complete' or 'r', got '", mode, "'"));
  const int64_t k = matrix_dims(a, op), m = a.shape()[a.dim() - 2], n = a.shape().back();
  const Shape batch = batch_of(a.shape());
  const int64_t cq = mode == "complete" ? m : k;
  const bool want_q = mode != "r";
  const Layout layout({want_q ? with_matrix(batch, m, cq) : Shape{0}, with_matrix(batch, cq, n)});
  Tensor flat = compute(op, a, batch, std::max(m, n), layout, [&](int64_t i, const double* in, double* out) {
    std::vector<double> w(in, in + m * n);
    kernels::householder_qr(w.data(), m, n, want_q ? out + i * m * cq : nullptr, cq, out + layout.at[1] + i * cq * n);
    return true;
  });
  if (needs_autograd({&a})) {
    // PyTorch's limits: Q is needed, and a complete Q of a tall matrix is not determined by A.
    const char* why = !want_q ? "linalg.qr: the derivative needs Q, which mode='r' does not compute; use mode='reduced'"
                      : cq > n ? "linalg.qr: the derivative is not defined for mode='complete' when A has more rows "
                                 "than columns (the extra columns of Q are any basis); use mode='reduced'"
                               : nullptr;
    SavedTensor sf(flat, true);
    flat = record("linalg_qr", flat, {&a}, [sf, layout, why, m, n](const Tensor& g, Node& self) {
      if (why) throw GraphError(why);
      const std::vector<Tensor> qr = layout.parts(sf.unpack(&self)), gqr = layout.parts(g);
      if (m >= n) return std::vector<Tensor>{qr_square_backward(gqr[0], gqr[1], qr[0], qr[1])};
      const Tensor r2 = columns(qr[1], m, n), gr2 = columns(gqr[1], m, n), y = matmul(qr[0], r2);
      const Tensor gx = qr_square_backward(add(gqr[0], matmul(y, mT(gr2))), columns(gqr[1], 0, m), qr[0],
                                           columns(qr[1], 0, m));
      return std::vector<Tensor>{cat({gx, matmul(qr[0], gr2)}, -1)};
    }, [&](const Tangents& t) {
      if (why) throw NotImplemented(why);
      const std::vector<Tensor> qr = layout.parts(flat.detach());
      if (m >= n) {
        const auto [dq, dr] = qr_square_tangent(t[0], qr[0], qr[1]);
        return layout.join({dq, dr});
      }
      const auto [dq, dr1] = qr_square_tangent(columns(t[0], 0, m), qr[0], columns(qr[1], 0, m));
      const Tensor dr2 = add(matmul(mT(dq), matmul(qr[0], columns(qr[1], m, n))), matmul(mT(qr[0]), columns(t[0], m, n)));
      return layout.join({dq, cat({dr1, dr2}, -1)});
    });
  }
  return layout.parts(flat);
}

std::vector<Tensor> linalg_svd(const Tensor& a, bool full_matrices) {
  const char* op = "linalg.svd";
  const int64_t k = matrix_dims(a, op), m = a.shape()[a.dim() - 2], n = a.shape().back();
  const Shape batch = batch_of(a.shape());
  const int64_t cu = full_matrices ? m : k, cv = full_matrices ? n : k;
  Shape ss = batch;
  ss.push_back(k);
  const Layout layout({with_matrix(batch, m, cu), ss, with_matrix(batch, cv, n)});
  Tensor flat = compute(op, a, batch, std::max(m, n), layout, [&](int64_t i, const double* in, double* out) {
    return kernels::singular_values(in, m, n, out + layout.at[1] + i * k, out + i * m * cu, cu,
                                    out + layout.at[2] + i * cv * n, cv);
  });
  if (needs_autograd({&a})) {
    SavedTensor sf(flat, true);
    flat = record("linalg_svd", flat, {&a}, [sf, layout, k, m, n](const Tensor& g, Node& self) {
      const std::vector<Tensor> usv = layout.parts(sf.unpack(&self)), gusv = layout.parts(g);
      // Only the first k singular vectors are determined by A (PyTorch ignores the rest too).
      const Tensor u = columns(usv[0], 0, k), v = mT(rows(usv[2], 0, k)), &s = usv[1];
      const Tensor gu = columns(gusv[0], 0, k), gv = mT(rows(gusv[2], 0, k)), &gs = gusv[1];
      const Tensor ga = matmul(mul(u, unsqueeze(gs, -2)), mT(v));
      if (!any_nonzero(gu) && !any_nonzero(gv)) return std::vector<Tensor>{ga};
      const Tensor j = matmul(mT(u), gu), kk = matmul(mT(v), gv), s2 = mul(s, s);
      const Tensor mm = div(add(mul(sub(j, mT(j)), unsqueeze(s, -2)), mul(unsqueeze(s, -1), sub(kk, mT(kk)))), gaps(s2));
      Tensor r = add(ga, matmul(matmul(u, mm), mT(v)));
      if (m > k) r = add(r, matmul(div(sub(gu, matmul(u, j)), unsqueeze(s, -2)), mT(v)));
      if (n > k) r = add(r, matmul(u, mT(div(sub(gv, matmul(v, kk)), unsqueeze(s, -2)))));
      return std::vector<Tensor>{r};
    });
  }
  return layout.parts(flat);
}

using namespace registry;

GG_REGISTER_OP({"_linalg_eigh", &linalg_eigh, {{"A"}, {"UPLO", "L"}},
                "[eigenvalues (*, n) ascending, eigenvectors (*, n, n) as columns] of the symmetric A (*, n, n), "
                "whose lower (UPLO 'L') or upper ('U') triangle is read; cyclic Jacobi rotations in double.",
                kFunction, {}, {}, false, true});
GG_REGISTER_OP({"_linalg_qr", &linalg_qr, {{"A"}, {"mode", "reduced"}},
                "[Q, R] of A (*, m, n) = Q·R by Householder reflections (R's diagonal signs as LAPACK's); mode "
                "'reduced' (Q (*, m, k), R (*, k, n), k = min(m, n)), 'complete' (Q (*, m, m)) or 'r' (Q empty).",
                kFunction, {}, {}, false, true});
GG_REGISTER_OP({"_linalg_svd", &linalg_svd, {{"A"}, {"full_matrices", true}},
                "[U, S, Vh] of A (*, m, n) = U·diag(S)·Vh by one-sided Jacobi rotations in double; S (*, k) "
                "descending, U (*, m, m or k), Vh (*, n or k, n).",
                kFunction, {}, {}, false, true});

}  // namespace gg
