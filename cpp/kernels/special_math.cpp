#include "kernels/special_math.h"

#include <cmath>
#include <limits>

namespace gg::kernels::special {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEps = 1e-17;
constexpr double kTwoOverSqrtPi = 1.1283791670955126;
constexpr double kSqrt2 = 1.4142135623730951;

// B_2j / (2j)! for j = 1..12: the Euler-Maclaurin corrections of the zeta tail.
constexpr double kBernoulliOverFactorial[12] = {
    1.0 / 6 / 2, -1.0 / 30 / 24, 1.0 / 42 / 720, -1.0 / 30 / 40320, 5.0 / 66 / 3628800,
    -691.0 / 2730 / 479001600, 7.0 / 6 / 87178291200.0, -3617.0 / 510 / 20922789888000.0,
    43867.0 / 798 / 6402373705728000.0, -174611.0 / 330 / 2432902008176640000.0,
    854513.0 / 138 / 1.1240007277776077e21, -236364091.0 / 2730 / 6.204484017332394e23};

bool is_integer(double x) { return x == std::floor(x); }

// The inverse of erf for |x| = 1 - z (z given exactly, so that the tail keeps its digits): a closed
// form good to ~2e-3 (Winitzki) refined by Halley steps on the residual, written with erfc in the tail.
double inverse_erf(double ax, double z) {
  const double log_1mx2 = ax < 0.5 ? std::log1p(-ax * ax) : std::log(z * (2 - z));
  constexpr double a = 0.147;
  const double t = 2 / (kPi * a) + log_1mx2 / 2;
  double y = std::sqrt(std::sqrt(t * t - log_1mx2 / a) - t);
  for (int it = 0; it < 4; ++it) {
    const double f = ax < 0.5 ? std::erf(y) - ax : z - std::erfc(y);
    const double d = f / (kTwoOverSqrtPi * std::exp(-y * y));
    const double step = d / (1 + y * d);
    y -= step;
    if (std::abs(step) <= 1e-16 * y) break;
  }
  return y;
}

// Σ_k (x²/4)^k / (k! (k + nu)!) for nu = 0 or 1: the power series of I_nu(x) / (x/2)^nu.
double bessel_series(double x, int nu) {
  const double q = x * x / 4;
  double term = 1, sum = 1;  // 1 / (0! nu!)
  for (int k = 1; k < 500; ++k) {
    term *= q / (double(k) * (k + nu));
    sum += term;
    if (term < kEps * sum) break;
  }
  return sum;
}

// e^-x I_nu(x) for x > 20 from the asymptotic expansion (its terms fall below 1e-17 long before the
// series starts to diverge near k = 2x).
double bessel_scaled_asymptotic(double x, int nu) {
  const double mu = 4.0 * nu * nu;
  double term = 1, sum = 1;
  for (int k = 1; k < 60; ++k) {
    term *= -(mu - (2.0 * k - 1) * (2.0 * k - 1)) / (8.0 * k * x);
    sum += term;
    if (std::abs(term) < kEps * std::abs(sum)) break;
  }
  return sum / std::sqrt(2 * kPi * x);
}

constexpr double kBesselSwitch = 20;

// e^-|x| I_nu(|x|), the common part of i0, i1, i0e, i1e.
double bessel_scaled(double ax, int nu) {
  if (ax > kBesselSwitch) return bessel_scaled_asymptotic(ax, nu);
  const double s = bessel_series(ax, nu) * (nu ? ax / 2 : 1.0);
  return s * std::exp(-ax);
}

// P(a, x) (lower = true) or Q(a, x): the power series of P where x < a + 1, the continued fraction of
// Q elsewhere (each converges fast on its side), the other as 1 minus it. Both are scaled by
// x^a e^-x / Γ(a), taken in logs. Edge values as PyTorch's igamma/igammac.
double incomplete_gamma(double a, double x, bool lower) {
  if (std::isnan(a) || std::isnan(x) || a < 0 || x < 0) return kNaN;
  if (a == 0) return x > 0 ? (lower ? 1.0 : 0.0) : kNaN;
  if (x == 0) return lower ? 0.0 : 1.0;
  if (std::isinf(a)) return std::isinf(x) ? kNaN : (lower ? 0.0 : 1.0);
  if (std::isinf(x)) return lower ? 1.0 : 0.0;
  const double scale = std::exp(a * std::log(x) - x - lgamma(a));
  if (x < a + 1) {
    double term = 1 / a, sum = term;
    for (int n = 1; n < 100000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (term < kEps * sum) break;
    }
    const double p = sum * scale;
    return lower ? p : 1 - p;
  }
  constexpr double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;  // modified Lentz
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < 1e-16) break;
  }
  const double q = h * scale;
  return lower ? 1 - q : q;
}

}  // namespace

double igamma(double a, double x) { return incomplete_gamma(a, x, true); }
double igammac(double a, double x) { return incomplete_gamma(a, x, false); }

double lgamma(double x) {
  int sign;
  return ::lgamma_r(x, &sign);
}

double digamma(double x) {
  if (std::isnan(x)) return x;
  if (x == 0) return std::copysign(kInf, -x);  // PyTorch: -inf at +0
  if (x < 0) {
    if (is_integer(x)) return kNaN;
    // reflection ψ(x) = ψ(1 - x) - π / tan(πx), tan taken of the fractional part (period 1)
    return digamma(1 - x) - kPi / std::tan(kPi * (x - std::floor(x)));
  }
  if (x == kInf) return x;
  double result = 0;
  for (; x < 10; x += 1) result -= 1 / x;
  // ψ(x) ~ ln x - 1/(2x) - Σ_j B_2j / (2j x^2j) for x ≥ 10
  // B_2j / 2j for j = 1..7
  constexpr double kCoefficients[7] = {1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132, -691.0 / 32760, 1.0 / 12};
  const double r2 = 1 / (x * x);
  double tail = 0, p = r2;
  for (double c : kCoefficients) {
    tail += c * p;
    p *= r2;
  }
  return result + std::log(x) - 0.5 / x - tail;
}

double zeta(double s, double q) {
  if (std::isnan(s) || std::isnan(q)) return kNaN;
  if (s == 1) return kInf;
  if (s < 1) return kNaN;
  if (q <= 0) {
    if (is_integer(q)) return kInf;
    if (!is_integer(s)) return kNaN;  // (q + k)^-s is not real
  }
  // Σ_{k<N} (q + k)^-s directly, then the tail from a = q + N ≥ 9 by Euler-Maclaurin.
  double sum = 0, a = q;
  int n = 0;
  for (; n < 9 || a < 9; ++n, a += 1) {
    const double b = std::pow(a, -s);
    sum += b;
    if (n >= 9 && std::abs(b) < kEps * std::abs(sum)) return sum;
  }
  sum += std::pow(a, 1 - s) / (s - 1) + 0.5 * std::pow(a, -s);
  double rising = s, power = std::pow(a, -s - 1);  // s (s+1) ... (s+2j-2) and a^(-s-2j+1)
  for (int j = 0; j < 12; ++j) {
    const double term = kBernoulliOverFactorial[j] * rising * power;
    sum += term;
    if (std::abs(term) < kEps * std::abs(sum)) break;
    rising *= (s + 2 * j + 1) * (s + 2 * j + 2);
    power /= a * a;
  }
  return sum;
}

double polygamma(int n, double x) {
  if (n == 0) return digamma(x);
  // ψ⁽ⁿ⁾(x) = (-1)^(n+1) n! ζ(n + 1, x)
  const double factorial = std::exp(lgamma(n + 1.0));
  return (n % 2 ? 1.0 : -1.0) * factorial * zeta(n + 1.0, x);
}

double erfinv(double x) {
  if (std::isnan(x) || x < -1 || x > 1) return kNaN;
  if (x == 0) return x;
  const double ax = std::abs(x);
  if (ax == 1) return std::copysign(kInf, x);
  return std::copysign(inverse_erf(ax, 1 - ax), x);  // 1 - ax is exact where the tail form uses it
}

double erfcx(double x) {
  if (std::isnan(x)) return x;
  if (x < 2) return x < -26.7 ? kInf : std::exp(x * x) * std::erfc(x);
  if (x == kInf) return 0;
  // erfc(x) = e^-x² / √π · 1 / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...)))), by Lentz's method
  double f = x, c = x, d = 0;
  for (int k = 1; k < 500; ++k) {
    const double a = 0.5 * k;
    d = 1 / (x + a * d);
    c = x + a / c;
    const double delta = c * d;
    f *= delta;
    if (std::abs(delta - 1) < 1e-16) break;
  }
  return kTwoOverSqrtPi / 2 / f;
}

double ndtr(double x) { return 0.5 * std::erfc(-x / kSqrt2); }

double ndtri(double p) {
  if (std::isnan(p) || p < 0 || p > 1) return kNaN;
  if (p == 0) return -kInf;
  if (p == 1) return kInf;
  // Φ⁻¹(p) = -√2 erfcinv(2p) below the median (2p keeps the tail's digits), √2 erfinv(2p - 1) above
  if (p < 0.5) {
    const double z = 2 * p;
    return -kSqrt2 * inverse_erf(1 - z, z);
  }
  return kSqrt2 * erfinv(2 * p - 1);
}

double log_ndtr(double x) {
  if (std::isnan(x)) return x;
  const double t = -x / kSqrt2;
  if (x > 0) return std::log1p(-0.5 * std::erfc(-t));
  return std::log(0.5 * erfcx(t)) - t * t;  // log(erfc t / 2) without erfc's underflow
}

double i0(double x) {
  const double ax = std::abs(x);
  if (std::isnan(x)) return x;
  if (ax > kBesselSwitch) return ax == kInf ? kInf : bessel_scaled_asymptotic(ax, 0) * std::exp(ax);
  return bessel_series(ax, 0);
}

double i1(double x) {
  const double ax = std::abs(x);
  if (std::isnan(x)) return x;
  if (ax > kBesselSwitch) return std::copysign(ax == kInf ? kInf : bessel_scaled_asymptotic(ax, 1) * std::exp(ax), x);
  return x / 2 * bessel_series(ax, 1);
}

double i0e(double x) {
  if (std::isnan(x)) return x;
  const double ax = std::abs(x);
  return ax == kInf ? 0.0 : bessel_scaled(ax, 0);
}

double i1e(double x) {
  if (std::isnan(x)) return x;
  const double ax = std::abs(x);
  return std::copysign(ax == kInf ? 0.0 : bessel_scaled(ax, 1), x);
}

}  // namespace gg::kernels::special
