// Scalar special functions, computed in double (float callers round the result): the gamma family,
// the inverse error functions, the normal distribution's tails, the modified Bessel functions of
// order 0 and 1. Edge values follow PyTorch (torch.special). Plain functions: no tensors, no graphs.
#pragma once

namespace gg::kernels::special {

double lgamma(double x);             // log|Γ(x)|; unlike std::lgamma, writes no global (signgam)
double digamma(double x);            // ψ(x) = Γ'(x) / Γ(x); -inf at +0, nan at negative integers
double polygamma(int n, double x);   // ψ⁽ⁿ⁾(x), n ≥ 0 (n = 0: digamma)
double zeta(double s, double q);     // Hurwitz ζ(s, q) = Σ_k (k + q)^-s, s > 1
double erfinv(double x);             // erf(erfinv(x)) = x on [-1, 1]
double erfcx(double x);              // e^(x²) erfc(x), without overflow for large x
double ndtr(double x);               // the standard normal CDF Φ(x)
double ndtri(double p);              // Φ⁻¹(p) on [0, 1]
double log_ndtr(double x);           // log Φ(x), accurate far into the lower tail
double i0(double x);                 // modified Bessel functions of the first kind, I0 and I1,
double i1(double x);
double i0e(double x);                // and scaled: e^-|x| I0(x), e^-|x| I1(x)
double i1e(double x);
double igamma(double a, double x);   // the regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a)
double igammac(double a, double x);  // its complement Q(a, x) = 1 - P(a, x)

}  // namespace gg::kernels::special
