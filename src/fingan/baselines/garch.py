"""GARCH(1,1) with Student-t innovations per asset, joined by a Gaussian copula."""

from __future__ import annotations

from typing import Literal

import numpy as np
from arch import arch_model
from scipy import special

from fingan.baselines.base import (
    FloatArray,
    PathBaseline,
    check_choice,
    check_int,
    matrix_root,
)
from fingan.exceptions import ConfigError

__all__ = ["GARCHBaseline"]

#: Returns are multiplied by this before fitting, so that the optimiser sees values near one.
_SCALE = 100.0

#: Normal scores up to this size map to t quantiles through a table; beyond it, exactly.
_TABLE_LIMIT = 9.0
_TABLE_STEP = 1e-4

GARCHStart = Literal["last", "unconditional"]


class GARCHBaseline(PathBaseline):
    r"""GARCH(1,1) with standardized Student-t innovations, fitted to each asset separately.

    Each asset's returns, multiplied by 100 so that the optimiser works with numbers near one,
    are fitted by maximum likelihood with
    ``arch.arch_model(100 * r, mean="Constant", vol="GARCH", p=1, q=1, dist="t")``:

    .. math::

        r_t = \mu + \varepsilon_t, \quad \varepsilon_t = \sigma_t z_t, \quad
        \sigma_t^2 = \omega + \alpha \varepsilon_{t-1}^2 + \beta \sigma_{t-1}^2,

    with :math:`z_t` Student-t with :math:`\nu` degrees of freedom scaled to unit variance.
    Sampling runs this recursion from the fitted parameters for all paths at once in NumPy
    (one step at a time, every path in one array operation) and divides by 100 again.

    Several assets are fitted one at a time and joined by a Gaussian copula: the fitted
    standardized residuals :math:`\hat z_{t,k}` are mapped to normal scores
    :math:`\Phi^{-1}(F_{\nu_k}(\hat z_{t,k}))`, whose correlation matrix is the copula's
    parameter. To simulate, a correlated normal vector is drawn each day and each component
    mapped back through its asset's t quantile, so each asset keeps its own t innovations
    while same-day innovations keep the data's cross-correlation. Volatilities are not linked
    across assets (no multivariate GARCH): each asset's variance follows its own shocks.

    Parameters
    ----------
    start : {"last", "unconditional"}, default "last"
        Where the variance recursion starts. ``"last"``: every path starts from the
        conditional variance the fitted model predicts for the day after the data,
        :math:`\omega + \alpha \hat\varepsilon_T^2 + \beta \hat\sigma_T^2`, so scenarios begin
        in today's volatility regime. ``"unconditional"``: from the long-run variance
        :math:`\omega / (1 - \alpha - \beta)`, as ``arch``'s ``simulate`` does by default.
    burn : int, default 0
        Days simulated from the start and discarded before the first returned day, as in
        ``arch``; a long burn forgets the start (use it with ``start="unconditional"`` to
        draw from the stationary distribution).

    Attributes
    ----------
    assets_ : tuple of str
        The fitted asset names.
    mu_, omega_, alpha_, beta_, nu_ : ndarray of shape (n_assets,)
        Fitted parameters of each asset, on the percent scale (returns times 100) that ``arch``
        fitted; ``alpha_``, ``beta_`` and ``nu_`` do not depend on the scale.
    last_variance_ : ndarray of shape (n_assets,)
        One-day-ahead conditional variance after the last row of data, percent squared.
    unconditional_variance_ : ndarray of shape (n_assets,)
        :math:`\omega / (1 - \alpha - \beta)`, percent squared; ``inf`` when
        :math:`\alpha + \beta \ge 1`.
    correlation_ : ndarray of shape (n_assets, n_assets)
        Correlation of the normal scores of the standardized residuals (the copula).

    Notes
    -----
    With ``start="last"`` the first simulated day of every path has variance
    ``last_variance_``; with ``start="unconditional"`` the first day has
    ``unconditional_variance_``. At least 100 rows are needed to fit.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> model = GARCHBaseline().fit(load_sp500().to_frame())
    >>> model.sample(1000, 252, random_state=0).values.shape
    (1000, 252, 1)
    """

    def __init__(self, *, start: GARCHStart = "last", burn: int = 0) -> None:
        self.start = start
        self.burn = burn

    def _check_params(self) -> None:
        check_choice(self.start, "start", ("last", "unconditional"))
        check_int(self.burn, "burn", minimum=0)

    def _min_rows(self) -> int:
        return 100

    def _fit_values(self, values: FloatArray) -> None:
        fits = [_fit_one(column * _SCALE) for column in values.T]
        table = np.array([params for params, _ in fits])  # (n_assets, 6)
        self.mu_ = table[:, 0]
        self.omega_ = table[:, 1]
        self.alpha_ = table[:, 2]
        self.beta_ = table[:, 3]
        self.nu_ = table[:, 4]
        self.last_variance_ = table[:, 5]
        persistence = self.alpha_ + self.beta_
        self.unconditional_variance_ = np.where(
            persistence < 1.0, self.omega_ / np.maximum(1.0 - persistence, 1e-300), np.inf
        )
        residuals = np.column_stack([standardized for _, standardized in fits])
        uniform = special.stdtr(self.nu_, residuals * np.sqrt(self.nu_ / (self.nu_ - 2.0)))
        scores = special.ndtri(np.clip(uniform, 1e-12, 1.0 - 1e-12))
        self.correlation_ = np.atleast_2d(np.corrcoef(scores, rowvar=False))

    def _simulate(self, n_paths: int, n_steps: int, rng: np.random.Generator) -> FloatArray:
        if self.start == "last":
            start = self.last_variance_
        elif np.all(np.isfinite(self.unconditional_variance_)):
            start = self.unconditional_variance_
        else:
            raise ConfigError(
                "start='unconditional' needs alpha + beta < 1 for every asset; "
                "the fitted model has no unconditional variance"
            )
        root = matrix_root(self.correlation_)
        quantiles = [_UnitTQuantile(float(nu)) for nu in self.nu_]
        n_assets = len(self.nu_)
        variance = np.broadcast_to(start, (n_paths, n_assets)).copy()  # (n_paths, n_assets)
        out = np.empty((n_paths, n_steps, n_assets))
        for day in range(self.burn + n_steps):
            normal = rng.standard_normal((n_paths, n_assets)) @ root.T  # copula draw
            innovation = np.column_stack([q(normal[:, k]) for k, q in enumerate(quantiles)])
            shock = np.sqrt(variance) * innovation
            if day >= self.burn:
                out[:, day - self.burn] = shock
            variance = self.omega_ + self.alpha_ * shock**2 + self.beta_ * variance
        out += self.mu_
        out /= _SCALE
        return out


def _fit_one(scaled: FloatArray) -> tuple[tuple[float, ...], FloatArray]:
    """Fit GARCH(1,1)-t to one asset's scaled returns.

    Returns ``(mu, omega, alpha, beta, nu, next-day variance)`` and the standardized residuals.
    """
    result = arch_model(scaled, mean="Constant", vol="GARCH", p=1, q=1, dist="t").fit(disp="off")
    params = result.params
    mu, omega, alpha, beta, nu = (
        float(params[name]) for name in ("mu", "omega", "alpha[1]", "beta[1]", "nu")
    )
    residuals = np.asarray(result.resid, dtype=np.float64)
    volatility = np.asarray(result.conditional_volatility, dtype=np.float64)
    last_variance = omega + alpha * residuals[-1] ** 2 + beta * volatility[-1] ** 2
    return (mu, omega, alpha, beta, nu, last_variance), residuals / volatility


class _UnitTQuantile:
    """Map standard normal scores to Student-t values of unit variance with the same CDF value.

    ``x -> F_nu^{-1}(Phi(x)) * sqrt((nu - 2) / nu)``. Computing the t quantile exactly costs
    about a third of a microsecond per value, too slow for millions of draws, so values with
    ``|x| <= 9`` are interpolated linearly in a table with step 1e-4 (relative error about
    1e-9) and the rest, with probability below 1e-18, are computed exactly. The map is odd, so
    only ``|x|`` is tabulated, from the lower tail where the CDF keeps full precision.
    """

    def __init__(self, nu: float) -> None:
        self._nu = nu
        self._scale = float(np.sqrt((nu - 2.0) / nu))
        grid = np.arange(0.0, _TABLE_LIMIT + _TABLE_STEP / 2, _TABLE_STEP)
        self._table = self._exact(grid)
        self._table[0] = 0.0  # the median; the numerical inverse leaves about 1e-8 there

    def _exact(self, magnitude: FloatArray) -> FloatArray:
        quantile: FloatArray = -special.stdtrit(self._nu, special.ndtr(-magnitude))
        quantile *= self._scale
        return quantile

    def __call__(self, normal: FloatArray) -> FloatArray:
        magnitude = np.abs(normal)
        position = np.minimum(magnitude / _TABLE_STEP, len(self._table) - 1.0)
        index = np.minimum(position.astype(np.intp), len(self._table) - 2)
        weight = position - index
        value = self._table[index] * (1.0 - weight) + self._table[index + 1] * weight
        beyond = magnitude > _TABLE_LIMIT
        if np.any(beyond):
            value[beyond] = self._exact(magnitude[beyond])
        result: FloatArray = np.copysign(value, normal)
        return result
