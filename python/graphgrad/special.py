"""``torch.special``: the gamma family (gammaln, digamma/psi, polygamma, multigammaln), the error
functions (erf, erfc, erfcx, erfinv), the normal distribution (ndtr, ndtri, log_ndtr), the modified
Bessel functions (i0, i0e, i1, i1e), each a core kernel with its derivative; and the functions
composed of other ops: the logistic pair (expit, logit), xlogy/xlog1py, entr, exp2/expm1/log1p,
sinc, round and the softmax family, which differentiate through their parts. Integer inputs give
float32 results, as in PyTorch."""
from . import _core
from ._compose_pointwise import _float_pair, _floating, logit, sinc, xlogy  # noqa: F401 - torch.special's names too
from ._compose_special import polygamma  # noqa: F401 - torch.special.polygamma(n, input)
from ._compose_special import mvlgamma as _mvlgamma
from ._core import digamma, erfc, erfinv, i0  # noqa: F401 - torch.special's names too

__all__ = ["expit", "logit", "xlogy", "xlog1py", "entr", "exp2", "expm1", "log1p", "erf", "sinc", "round",
           "logsumexp", "softmax", "log_softmax", "gammaln", "digamma", "psi", "polygamma", "multigammaln",
           "erfc", "erfcx", "erfinv", "ndtr", "ndtri", "log_ndtr", "i0", "i0e", "i1", "i1e", "gammainc", "gammaincc",
           "zeta"]


def gammainc(input, other):
    """The regularized lower incomplete gamma function P(input, other) (``graphgrad.igamma``);
    differentiable in ``other`` only, as in PyTorch."""
    return _core.igamma(*_float_pair(input, other))


def gammaincc(input, other):
    """The regularized upper incomplete gamma function Q(input, other) = 1 - P (``graphgrad.igammac``)."""
    return _core.igammac(*_float_pair(input, other))


def zeta(input, other):
    """The Hurwitz zeta function ζ(input, other) = Σ_k (k + other)^-input (input = x > 1; other = q;
    ζ(x, 1) is Riemann's); differentiable in ``other`` only, as in PyTorch."""
    return _core._special_zeta(*_float_pair(input, other))


def gammaln(input):
    """log|Γ(input)| (``graphgrad.lgamma``); its gradient is digamma."""
    return _core.lgamma(input)


def psi(input):
    """ψ(input) = Γ'(input) / Γ(input), the same as ``digamma``."""
    return _core.digamma(input)


def multigammaln(input, p):
    """The multivariate log-gamma function of dimension p (``graphgrad.mvlgamma``)."""
    return _mvlgamma(input, p)


def erfcx(input):
    """The scaled complementary error function ``exp(input**2) * erfc(input)``, finite where erfc
    underflows (large input)."""
    return _core._special_erfcx(input)


def ndtr(input):
    """The standard normal CDF Φ(input) = (1 + erf(input / √2)) / 2."""
    return _core._special_ndtr(input)


def ndtri(input):
    """The standard normal quantile Φ⁻¹(input) on [0, 1] (-inf at 0, inf at 1, nan outside), accurate
    in both tails."""
    return _core._special_ndtri(input)


def log_ndtr(input):
    """log Φ(input), accurate far into the lower tail where Φ itself underflows."""
    return _core._special_log_ndtr(input)


def i0e(input):
    """The exponentially scaled modified Bessel function ``exp(-|input|) * i0(input)``."""
    return _core._special_i0e(input)


def i1(input):
    """The modified Bessel function of the first kind of order 1, I1(input)."""
    return _core._special_i1(input)


def i1e(input):
    """The exponentially scaled ``exp(-|input|) * i1(input)``."""
    return _core._special_i1e(input)


def expit(input):
    """The logistic sigmoid ``1 / (1 + exp(-input))``."""
    return _core.sigmoid(_floating(input))


def xlog1py(input, other):
    """``input * log1p(other)``, 0 where input is 0 (unless other is NaN); either may be a number."""
    x, y = _float_pair(input, other)
    undefined = (x == 0) & ((y <= -1) | (y == float("inf")))
    return x * _core.log1p(_core.where(undefined, 0.0, y))


def entr(input):
    """The entropy term ``-x log x`` for x > 0, 0 at 0 and -inf for x < 0."""
    x = _floating(input)
    positive = x > 0
    terms = -x * _core.log(_core.where(positive, x, 1.0))
    return _core.where(x < 0, float("-inf"), _core.where(positive, terms, 0.0 * x))


def exp2(input):
    """``2 ** input``."""
    return _core.exp2(_floating(input))


def expm1(input):
    """``exp(input) - 1``, accurate near 0."""
    return _core.expm1(_floating(input))


def log1p(input):
    """``log(1 + input)``, accurate near 0."""
    return _core.log1p(_floating(input))


def erf(input):
    """The error function ``2 / sqrt(pi) * integral from 0 to input of exp(-t^2) dt``."""
    return _core.erf(_floating(input))


def round(input, *, decimals=0):  # noqa: A001 - PyTorch's name
    """input rounded to ``decimals`` places (negative: to tens, hundreds, ...), halves to even, as
    PyTorch: ``round(input * 10**decimals) / 10**decimals``; the gradient is 0."""
    if not decimals:
        return _core.round(input)
    scale = 10.0 ** decimals
    return _core.round(input * scale) / scale


def logsumexp(input, dim, keepdim=False):
    """``log(sum(exp(input)))`` along ``dim``, without overflow."""
    return _core.logsumexp(input, dim, keepdim)


def softmax(input, dim, *, dtype=None):
    """``exp(x) / sum(exp(x))`` along ``dim`` (computed in ``dtype`` when given)."""
    return _core.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim, *, dtype=None):
    """``x - logsumexp(x)`` along ``dim`` (computed in ``dtype`` when given)."""
    return _core.log_softmax(input, dim, dtype=dtype)


