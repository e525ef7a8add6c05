// PyTorch's linalg.solve, inv, det and slogdet (ops/linalg.h) on one LU kernel, and cholesky and
// solve_triangular on the Cholesky and triangular-solve kernels. The raw functions
// below compute without a graph; the ops record backward rules written with the ops themselves:
//   X = A⁻¹B:  ∂B = A⁻ᵀG,  ∂A = -∂B·Xᵀ;     Y = A⁻¹:  ∂A = -Yᵀ·G·Yᵀ;
//   d = det A: ∂A = G·d·A⁻ᵀ;                 log|det A|: ∂A = G·A⁻ᵀ,
// and the matching tangents (dX = A⁻¹(dB - dA·X), dY = -Y·dA·Y, d(log|det|) = tr(A⁻¹dA)).
#include "ops/linalg.h"
#include "ops/linalg_common.h"

#include <cmath>
#include <limits>
#include <vector>

#include "core/error.h"
#include "core/parallel.h"
#include "kernels/linalg.h"
#include "ops/ops.h"
#include "ops/record.h"
#include "ops/registry.h"

namespace gg {

namespace linalg_detail {

Shape batch_of(const Shape& s) { return Shape(s.begin(), s.end() - 2); }

Shape with_matrix(Shape batch, int64_t rows, int64_t cols) {
  batch.push_back(rows);
  batch.push_back(cols);
  return batch;
}

Tensor working_copy(const Tensor& x, const Shape& batch) {
  Tensor w = Tensor::empty(with_matrix(batch, x.shape()[x.dim() - 2], x.shape().back()), x.dtype());
  w.assign_data(expand(x.detach(), w.shape()));
  return w;
}

int64_t square_size(const Tensor& a, const char* op) {
  dispatch_float(a.dtype(), op, [](auto) {});
  if (a.dim() < 2 || a.shape()[a.dim() - 1] != a.shape()[a.dim() - 2])
    throw ValueError(msg(op, ": expected a batch of square matrices (*, n, n), got shape ", shape_str(a.shape())));
  return a.shape().back();
}

int64_t matrix_grain(int64_t n) { return std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(1, n * n * n)); }

Tensor triangle_mask(int64_t n, bool lower, double diagonal, DType dtype) {
  Tensor m = Tensor::zeros({n, n}, dtype);
  dispatch_float(dtype, "linalg", [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = m.template data<T>();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) p[i * n + j] = i == j ? T(diagonal) : (lower ? j < i : j > i) ? T(1) : T(0);
  });
  return m;
}

}  // namespace linalg_detail

using namespace linalg_detail;

namespace {

// The LU factors of every matrix of A expanded to `batch` (a fresh contiguous copy), the pivots
// and each factorisation's status (swaps, or -1 - k for a zero pivot k), matrices across threads.
struct Factors {
  Tensor lu;
  std::vector<int64_t> piv, status;
  int64_t n = 0, count = 1;
};

Factors factor(const Tensor& a, const Shape& batch) {
  Factors f;
  f.n = a.shape().back();
  f.count = numel_of(batch);
  f.lu = working_copy(a, batch);
  f.piv.resize(f.count * f.n);
  f.status.resize(f.count);
  dispatch_float(a.dtype(), "linalg", [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = f.lu.template data<T>();
    parallel_for(f.count, matrix_grain(f.n), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) f.status[i] = kernels::lu_factor(p + i * f.n * f.n, f.n, f.piv.data() + i * f.n);
    });
  });
  return f;
}

void require_nonsingular(const Factors& f, const char* op, const Shape& shape) {
  for (int64_t i = 0; i < f.count; ++i)
    if (f.status[i] < 0)
      throw ValueError(msg(op, ": the input matrix", f.count > 1 ? msg(" ", i, " of the batch") : std::string(),
                           " (shape ", shape_str(shape), ") is singular: U[", -1 - f.status[i], ", ", -1 - f.status[i],
                           "] of its LU factorisation is zero"));
}

// x := A⁻¹x for every matrix of x (batch, n, k), contiguous, from A's factors.
void solve_in_place(const Factors& f, Tensor& x) {
  const int64_t k = x.shape().back();
  dispatch_float(x.dtype(), "linalg", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* lu = f.lu.template data<T>();
    T* px = x.template data<T>();
    parallel_for(f.count, matrix_grain(f.n), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        kernels::lu_solve(lu + i * f.n * f.n, f.piv.data() + i * f.n, f.n, px + i * f.n * k, k);
    });
  });
}

// The batch of A·X = B for A (*, n, n) and B (*, n, k), after checking both (op names the solve).
Shape solve_batch(const Tensor& a, const Tensor& b, const char* op) {
  const int64_t n = square_size(a, op);
  if (b.dtype() != a.dtype())
    throw TypeError(msg(op, ": expected A and B of the same dtype, got ", dtype_name(a.dtype()), " and ",
                        dtype_name(b.dtype())));
  if (b.dim() < 2 || b.shape()[b.dim() - 2] != n)
    throw ValueError(msg(op, ": B must be (*, ", n, ", k) for A of shape ", shape_str(a.shape()), ", got ",
                         shape_str(b.shape())));
  return broadcast_shapes(batch_of(a.shape()), batch_of(b.shape()), op);
}

Tensor solve_raw(const Tensor& a, const Tensor& b) {
  const Shape batch = solve_batch(a, b, "linalg.solve");
  const Factors f = factor(a, batch);
  require_nonsingular(f, "linalg.solve", a.shape());
  Tensor x = working_copy(b, batch);
  solve_in_place(f, x);
  return x;
}

Tensor inv_raw(const Tensor& a) {
  const int64_t n = square_size(a, "linalg.inv");
  const Factors f = factor(a, batch_of(a.shape()));
  require_nonsingular(f, "linalg.inv", a.shape());
  Tensor y = Tensor::zeros(a.shape(), a.dtype());
  dispatch_float(a.dtype(), "linalg.inv", [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = y.template data<T>();
    for (int64_t i = 0; i < f.count; ++i)
      for (int64_t r = 0; r < n; ++r) p[(i * n + r) * n + r] = T(1);
  });
  solve_in_place(f, y);
  return y;
}

// (sign, log|det|) and det of every matrix, from the factors: det = (-1)^swaps · ∏ U[i, i].
struct Determinants {
  Tensor sign, logabs, det;
};

Determinants determinants(const Tensor& a, const char* op) {
  const int64_t n = square_size(a, op);
  const Shape batch = batch_of(a.shape());
  const Factors f = factor(a, batch);
  Determinants d{Tensor::empty(batch, a.dtype()), Tensor::empty(batch, a.dtype()), Tensor::empty(batch, a.dtype())};
  dispatch_float(a.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* lu = f.lu.template data<T>();
    T *sign = d.sign.template data<T>(), *logabs = d.logabs.template data<T>(), *det = d.det.template data<T>();
    for (int64_t i = 0; i < f.count; ++i) {
      if (f.status[i] < 0) {
        sign[i] = det[i] = T(0);
        logabs[i] = -std::numeric_limits<T>::infinity();
        continue;
      }
      T s = f.status[i] % 2 ? T(-1) : T(1), l = 0, p = s;
      for (int64_t r = 0; r < n; ++r) {
        const T u = lu[(i * n + r) * n + r];
        if (u < 0) s = -s;
        l += std::log(std::abs(u));
        p *= u;
      }
      sign[i] = s, logabs[i] = l, det[i] = p;
    }
  });
  return d;
}

// G (*) as (*, 1, 1), to scale a batch of matrices.
Tensor per_matrix(const Tensor& g) { return unsqueeze(unsqueeze(g, -1), -1); }
// tr(A⁻¹·dA) of every matrix, written as the sum of A⁻ᵀ ⊙ dA.
Tensor trace_inv_times(const Tensor& a, const Tensor& da) { return sum(mul(mT(linalg_inv(a)), da), {-2, -1}); }

}  // namespace

Tensor linalg_solve(const Tensor& a, const Tensor& b) {
  Tensor x = solve_raw(a, b);
  if (!needs_autograd({&a, &b})) return x;
  SavedTensor sa(a, false), sx(x, true);
  return record("linalg_solve", x, {&a, &b}, [sa, sx](const Tensor& g, Node& self) {
    const Tensor av = sa.unpack(&self);
    const Tensor gb = linalg_solve(mT(av), g);
    return std::vector<Tensor>{self.needs_grad(0) ? neg(matmul(gb, mT(sx.unpack(&self)))) : Tensor(), gb};
  }, [&a, &x](const Tangents& t) {
    Tensor r = t[1];
    if (t[0].defined()) {
      const Tensor dax = matmul(t[0], x);
      r = r.defined() ? sub(r, dax) : neg(dax);
    }
    return linalg_solve(a, r);
  });
}

Tensor linalg_inv(const Tensor& a) {
  Tensor y = inv_raw(a);
  if (!needs_autograd({&a})) return y;
  SavedTensor sy(y, true);
  return record("linalg_inv", y, {&a}, [sy](const Tensor& g, Node& self) {
    const Tensor yt = mT(sy.unpack(&self));
    return std::vector<Tensor>{neg(matmul(matmul(yt, g), yt))};
  }, [&y](const Tangents& t) { return neg(matmul(matmul(y, t[0]), y)); });
}

Tensor linalg_det(const Tensor& a) {
  Tensor det = determinants(a, "linalg.det").det;
  if (!needs_autograd({&a})) return det;
  SavedTensor sa(a, false), sd(det, true);
  return record("linalg_det", det, {&a}, [sa, sd](const Tensor& g, Node& self) {
    const Tensor av = sa.unpack(&self);
    return std::vector<Tensor>{mul(per_matrix(mul(g, sd.unpack(&self))), mT(linalg_inv(av)))};
  }, [&a, &det](const Tangents& t) { return mul(det, trace_inv_times(a, t[0])); });
}

std::pair<Tensor, Tensor> linalg_slogdet(const Tensor& a) {
  Determinants d = determinants(a, "linalg.slogdet");
  if (!needs_autograd({&a})) return {d.sign, d.logabs};
  SavedTensor sa(a, false);
  Tensor logabs = record("linalg_slogdet", d.logabs, {&a}, [sa](const Tensor& g, Node& self) {
    return std::vector<Tensor>{mul(per_matrix(g), mT(linalg_inv(sa.unpack(&self))))};
  }, [&a](const Tangents& t) { return trace_inv_times(a, t[0]); });
  return {d.sign, logabs};
}

namespace {

Tensor solve_triangular_raw(const Tensor& a, const Tensor& b, bool upper, bool unit) {
  const Shape batch = solve_batch(a, b, "linalg.solve_triangular");
  const int64_t n = a.shape().back();
  const Tensor aw = working_copy(a, batch);
  Tensor x = working_copy(b, batch);
  const int64_t k = x.shape().back(), count = numel_of(batch);
  dispatch_float(a.dtype(), "linalg.solve_triangular", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* pa = aw.template data<T>();
    T* px = x.template data<T>();
    parallel_for(count, matrix_grain(n), [&](int64_t lo, int64_t hi) {
      for (int64_t i = lo; i < hi; ++i) kernels::triangular_solve(pa + i * n * n, n, px + i * n * k, k, !upper, unit);
    });
  });
  return x;
}

// Φ(X): X's lower triangle with its diagonal halved (the Cholesky factor's derivative).
Tensor phi(const Tensor& x) { return mul(x, triangle_mask(x.shape().back(), true, 0.5, x.dtype())); }

}  // namespace

Tensor linalg_solve_triangular(const Tensor& a, const Tensor& b, bool upper, bool unitriangular) {
  Tensor x = solve_triangular_raw(a, b, upper, unitriangular);
  if (!needs_autograd({&a, &b})) return x;
  // X = A⁻¹B: ∂B = A⁻ᵀG, ∂A = -∂B·Xᵀ on A's triangle (off its diagonal when unitriangular, which is
  // not read); dX = A⁻¹(dB - tri(dA)·X).
  const Tensor mask = triangle_mask(a.shape().back(), !upper, unitriangular ? 0.0 : 1.0, a.dtype());
  SavedTensor sa(a, false), sx(x, true);
  return record("linalg_solve_triangular", x, {&a, &b}, [sa, sx, mask, upper, unitriangular](const Tensor& g, Node& self) {
    const Tensor gb = linalg_solve_triangular(mT(sa.unpack(&self)), g, !upper, unitriangular);
    return std::vector<Tensor>{self.needs_grad(0) ? neg(mul(matmul(gb, mT(sx.unpack(&self))), mask)) : Tensor(), gb};
  }, [&a, &x, &mask, upper, unitriangular](const Tangents& t) {
    Tensor r = t[1];
    if (t[0].defined()) {
      const Tensor dax = matmul(mul(t[0], mask), x);
      r = r.defined() ? sub(r, dax) : neg(dax);
    }
    return linalg_solve_triangular(a, r, upper, unitriangular);
  });
}

Tensor linalg_cholesky(const Tensor& a) {
  const int64_t n = square_size(a, "linalg.cholesky");
  const Shape batch = batch_of(a.shape());
  Tensor l = working_copy(a, batch);
  const int64_t count = numel_of(batch);
  std::vector<int64_t> status(count);
  dispatch_float(a.dtype(), "linalg.cholesky", [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = l.template data<T>();
    parallel_for(count, matrix_grain(n), [&](int64_t lo, int64_t hi) {
      for (int64_t i = lo; i < hi; ++i) status[i] = kernels::cholesky_factor(p + i * n * n, n);
    });
  });
  for (int64_t i = 0; i < count; ++i)
    if (status[i] >= 0)
      throw ValueError(msg("linalg.cholesky: the input matrix", count > 1 ? msg(" ", i, " of the batch") : std::string(),
                           " (shape ", shape_str(a.shape()), ") is not positive-definite: its leading minor of order ",
                           status[i] + 1, " is not"));
  if (!needs_autograd({&a})) return l;
  // A = L·Lᵀ: ∂A = sym(L⁻ᵀ·Φ(Lᵀ·G)·L⁻¹) (the input taken as symmetric, as in PyTorch);
  // dL = L·Φ(L⁻¹·dA·L⁻ᵀ).
  SavedTensor sl(l, true);
  return record("linalg_cholesky", l, {&a}, [sl](const Tensor& g, Node& self) {
    const Tensor lv = sl.unpack(&self);
    const Tensor left = linalg_solve_triangular(mT(lv), phi(matmul(mT(lv), g)), true, false);  // L⁻ᵀ·Φ(LᵀG)
    const Tensor ga = mT(linalg_solve_triangular(mT(lv), mT(left), true, false));              // ·L⁻¹
    return std::vector<Tensor>{mul(add(ga, mT(ga)), 0.5)};
  }, [&l](const Tangents& t) {
    const Tensor w = linalg_solve_triangular(l, t[0], false, false);           // L⁻¹·dA
    const Tensor v = mT(linalg_solve_triangular(l, mT(w), false, false));      // ·L⁻ᵀ
    return matmul(l, phi(v));
  });
}

// ---- registration: graphgrad.linalg (linalg.py) wraps these with PyTorch's signatures ----
using namespace registry;

GG_REGISTER_OP({"_linalg_solve", &linalg_solve, {{"A"}, {"B"}},
                "X with A·X = B for A (*, n, n) and B (*, n, k), batch dimensions broadcast.", kFunction, {}, {},
                false, true});
GG_REGISTER_OP({"_linalg_slogdet", &linalg_slogdet, {{"A"}},
                "(sign, log|det A|) of A (*, n, n): sign 0 and -inf for a singular matrix.", kFunction, {}, {}, false,
                true});
GG_REGISTER_OP({"_linalg_cholesky", &linalg_cholesky, {{"A"}},
                "The lower Cholesky factor L of A = L·Lᵀ for A (*, n, n) symmetric positive-definite (its lower triangle "
                "is read); a ValueError names a matrix that is not.", kFunction, {}, {}, false, true});
GG_REGISTER_OP({"_linalg_solve_triangular", &linalg_solve_triangular, {{"A"}, {"B"}, {"upper"}, {"unitriangular", false}},
                "X with A·X = B for A (*, n, n) triangular (its upper or lower triangle is read; unitriangular: its "
                "diagonal is taken as ones) and B (*, n, k), batch dimensions broadcast.", kFunction, {}, {}, false, true});
GG_REGISTER_OP({"inverse", &linalg_inv, {{"input"}},
                "The inverse of each square matrix of input (*, n, n), by LU factorisation with partial pivoting; a "
                "ValueError names a singular matrix. The gradient is -A⁻ᵀ·G·A⁻ᵀ. torch.linalg.inv is "
                "graphgrad.linalg.inv.", kBoth, {}, {}, false, true});
GG_REGISTER_OP({"det", &linalg_det, {{"input"}},
                "The determinant of each square matrix of input (*, n, n): the product of the LU factorisation's "
                "pivots, with the sign of its row swaps; 0 for a singular matrix. The gradient is G·det·A⁻ᵀ (its "
                "backward raises for a singular matrix).", kBoth, {}, {}, false, true});

}  // namespace gg
