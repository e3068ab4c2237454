"""GARCH(1,1) volatility per asset: Student-t innovations joined by a Gaussian copula.

:class:`BaseGARCH` holds the GARCH(1,1) recursion: the fit of each asset with ``arch``, the
filter that runs the variance recursion through a history of returns, and the simulation of
the recursion for all paths at once. A subclass chooses the innovations:
:class:`GARCHBaseline` draws Student-t innovations through a Gaussian copula. (The
conditional scenario models of :mod:`fingan.scenarios` compose a filter with any innovation
model; this baseline is the unconditional GARCH-t peer of the market study.)
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd
from arch import arch_model
from arch.univariate.base import ARCHModelResult
from scipy import signal, special

from fingan.baselines.base import (
    ConditionalPathBaseline,
    FloatArray,
    check_choice,
    check_int,
    matrix_root,
)
from fingan.core.exceptions import ConfigError

__all__ = ["BaseGARCH", "GARCHBaseline", "Innovations"]

#: Returns are multiplied by this before fitting, so that the optimiser sees values near one.
_SCALE = 100.0

#: Normal scores up to this size map to t quantiles through a table; beyond it, exactly.
_TABLE_LIMIT = 9.0
_TABLE_STEP = 1e-4

#: ``arch``'s backcast of the first variance: squared residuals of the first days weighted
#: by ``0.94 ** lag`` (at most this many days).
_BACKCAST_DAYS = 75
_BACKCAST_DECAY = 0.94

GARCHStart = Literal["last", "unconditional"]

#: Draws one day of unit-variance innovations, shape (n_paths, n_assets), from a generator.
Innovations = Callable[[int, np.random.Generator], FloatArray]


class BaseGARCH(ConditionalPathBaseline):
    r"""GARCH(1,1) volatility fitted to each asset separately; subclasses choose innovations.

    Each asset's returns, multiplied by 100 so that the optimiser works with numbers near one,
    are fitted by maximum likelihood with ``arch.arch_model(100 * r, mean="Constant",
    vol="GARCH", p=1, q=1, dist=...)``:

    .. math::

        r_t = \mu + \varepsilon_t, \quad \varepsilon_t = \sigma_t z_t, \quad
        \sigma_t^2 = \omega + \alpha \varepsilon_{t-1}^2 + \beta \sigma_{t-1}^2.

    ``sample_paths(history, ...)`` runs this recursion with the fitted parameters through the
    history to get tomorrow's conditional variance, and simulates from it. The recursion starts,
    as ``arch``'s does, from a backcast: the squared deviations from the history's mean of its
    first 75 days, weighted by ``0.94 ** lag``. On the fitted data this gives ``arch``'s own
    conditional variances; on a longer history the start is forgotten after a few hundred days.

    The likelihood is Student-t. Subclasses implement :meth:`_innovations` (and may add
    parameters or override :meth:`_simulate`); ``_fit_innovations`` learns what the
    innovations need from the fitted standardized residuals.

    Attributes
    ----------
    assets_ : tuple of str
        The fitted asset names.
    mu_, omega_, alpha_, beta_ : ndarray of shape (n_assets,)
        Fitted parameters of each asset, on the percent scale (returns times 100) that ``arch``
        fitted; ``alpha_`` and ``beta_`` do not depend on the scale.
    last_variance_ : ndarray of shape (n_assets,)
        One-day-ahead conditional variance after the last row of data, percent squared.
    unconditional_variance_ : ndarray of shape (n_assets,)
        :math:`\omega / (1 - \alpha - \beta)`, percent squared; ``inf`` when
        :math:`\alpha + \beta \ge 1`.
    """

    def _min_rows(self) -> int:
        return 100

    def _fit_values(self, values: FloatArray) -> None:
        results = [_fit_one(column * _SCALE) for column in values.T]
        params = [result.params for result in results]
        self.mu_, self.omega_, self.alpha_, self.beta_ = (
            np.array([float(p[name]) for p in params]) for name in _GARCH_PARAMS
        )
        residuals = np.column_stack([np.asarray(r.resid, dtype=np.float64) for r in results])
        volatility = np.column_stack(
            [np.asarray(r.conditional_volatility, dtype=np.float64) for r in results]
        )
        self.last_variance_ = (
            self.omega_ + self.alpha_ * residuals[-1] ** 2 + self.beta_ * volatility[-1] ** 2
        )
        persistence = self.alpha_ + self.beta_
        self.unconditional_variance_ = np.where(
            persistence < 1.0, self.omega_ / np.maximum(1.0 - persistence, 1e-300), np.inf
        )
        self._fit_innovations(residuals / volatility, params)

    def _fit_innovations(self, standardized: FloatArray, params: list[pd.Series]) -> None:
        """Learn the innovations from the standardized residuals, shape (n_rows, n_assets).

        ``params`` holds each asset's ``arch`` parameters (``mu``, ``omega``, ``alpha[1]``,
        ``beta[1]`` and ``nu``). Nothing by default.
        """

    @abstractmethod
    def _innovations(self) -> Innovations:
        """Return the draw of one day's innovations (they do not depend on the history)."""

    def _simulate(self, n_paths: int, horizon: int, rng: np.random.Generator) -> FloatArray:
        draw = self._innovations()
        return self._simulate_from(self.last_variance_, n_paths, horizon, draw, rng)

    def _simulate_given(
        self, history: FloatArray, n_paths: int, horizon: int, rng: np.random.Generator
    ) -> FloatArray:
        _, variance = self._filter(history)
        return self._simulate_from(variance[-1], n_paths, horizon, self._innovations(), rng)

    def _filter(self, history: FloatArray) -> tuple[FloatArray, FloatArray]:
        r"""Run the fitted variance recursion through a history of log returns.

        Parameters
        ----------
        history : ndarray of shape (n_rows, n_assets)
            Log returns, rows in date order.

        Returns
        -------
        residuals : ndarray of shape (n_rows, n_assets)
            :math:`\varepsilon_t = 100 r_t - \mu`.
        variance : ndarray of shape (n_rows + 1, n_assets)
            Conditional variance :math:`\sigma_t^2` of each day (percent squared); the last
            row is tomorrow's.
        """
        scaled = history * _SCALE
        residuals = scaled - self.mu_
        squared = residuals**2
        # arch backcasts from the residuals of its starting values: the sample mean.
        weights = _BACKCAST_DECAY ** np.arange(min(_BACKCAST_DAYS, len(scaled)))
        demeaned = scaled[: len(weights)] - scaled.mean(axis=0)
        backcast = (weights / weights.sum()) @ demeaned**2  # (n_assets,)
        # sigma2_t = drive_t + beta * sigma2_{t-1}, with sigma2_{-1} = eps2_{-1} = backcast:
        # a first-order linear filter of drive_t = omega + alpha * eps2_{t-1}.
        drive = np.empty((len(squared) + 1, squared.shape[1]))
        drive[0] = self.omega_ + self.alpha_ * backcast
        drive[1:] = self.omega_ + self.alpha_ * squared
        variance = np.empty_like(drive)
        for k, beta in enumerate(self.beta_):
            variance[:, k] = signal.lfilter(
                [1.0], [1.0, -beta], drive[:, k], zi=[beta * backcast[k]]
            )[0]
        return residuals, variance

    def _simulate_from(
        self,
        start: FloatArray,
        n_paths: int,
        horizon: int,
        draw: Innovations,
        rng: np.random.Generator,
        *,
        burn: int = 0,
    ) -> FloatArray:
        """Simulate the recursion for all paths at once, first variance ``start`` (percent^2).

        Returns log returns of shape (n_paths, horizon, n_assets), after ``burn`` discarded days.
        """
        n_assets = len(self.mu_)
        variance = np.broadcast_to(start, (n_paths, n_assets)).copy()  # (n_paths, n_assets)
        out = np.empty((n_paths, horizon, n_assets))
        for day in range(burn + horizon):
            shock = np.sqrt(variance) * draw(n_paths, rng)
            if day >= burn:
                out[:, day - burn] = shock
            variance = self.omega_ + self.alpha_ * shock**2 + self.beta_ * variance
        out += self.mu_
        out /= _SCALE
        return out


class GARCHBaseline(BaseGARCH):
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

    ``sample_paths(history, n_paths, horizon)`` conditions on a history without refitting:
    the history is filtered through each asset's fitted recursion (see :class:`BaseGARCH`)
    and every path starts from the conditional variance it gives for the next day; ``start``
    and ``burn`` apply to ``sample`` only.

    Parameters
    ----------
    start : {"last", "unconditional"}, default "last"
        Where the variance recursion of ``sample`` starts. ``"last"``: every path starts from
        the conditional variance the fitted model predicts for the day after the data,
        :math:`\omega + \alpha \hat\varepsilon_T^2 + \beta \hat\sigma_T^2`, so scenarios
        begin in today's volatility regime. ``"unconditional"``: from the long-run variance
        :math:`\omega / (1 - \alpha - \beta)`, as ``arch``'s ``simulate`` does by default.
    burn : int, default 0
        Days simulated by ``sample`` from the start and discarded before the first returned
        day, as in ``arch``; a long burn forgets the start (use it with
        ``start="unconditional"`` to draw from the stationary distribution).

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
    ``unconditional_variance_``. At least 100 rows are needed to fit, and as many of history
    for ``sample_paths``.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> returns = load_sp500()
    >>> model = GARCHBaseline().fit(returns.iloc[:4000])
    >>> model.sample(1000, 252, random_state=0).values.shape
    (1000, 252, 1)
    >>> model.sample_paths(returns, 10_000, 1, random_state=0).values.shape
    (10000, 1, 1)
    """

    def __init__(self, *, start: GARCHStart = "last", burn: int = 0) -> None:
        self.start = start
        self.burn = burn

    def _check_params(self) -> None:
        check_choice(self.start, "start", ("last", "unconditional"))
        check_int(self.burn, "burn", minimum=0)

    def _fit_innovations(self, standardized: FloatArray, params: list[pd.Series]) -> None:
        self.nu_ = np.array([float(p["nu"]) for p in params])
        uniform = special.stdtr(self.nu_, standardized * np.sqrt(self.nu_ / (self.nu_ - 2.0)))
        scores = special.ndtri(np.clip(uniform, 1e-12, 1.0 - 1e-12))
        self.correlation_ = np.atleast_2d(np.corrcoef(scores, rowvar=False))

    def _innovations(self) -> Innovations:
        root = matrix_root(self.correlation_)
        quantiles = [_unit_t_quantile(float(nu)) for nu in self.nu_]
        n_assets = len(quantiles)

        def draw(n_paths: int, rng: np.random.Generator) -> FloatArray:
            normal = rng.standard_normal((n_paths, n_assets)) @ root.T  # copula draw
            return np.column_stack([q(normal[:, k]) for k, q in enumerate(quantiles)])

        return draw

    def _simulate(self, n_paths: int, horizon: int, rng: np.random.Generator) -> FloatArray:
        if self.start == "last":
            start = self.last_variance_
        elif np.all(np.isfinite(self.unconditional_variance_)):
            start = self.unconditional_variance_
        else:
            raise ConfigError(
                "start='unconditional' needs alpha + beta < 1 for every asset; "
                "the fitted model has no unconditional variance"
            )
        draw = self._innovations()
        return self._simulate_from(start, n_paths, horizon, draw, rng, burn=self.burn)


#: Names of the mean and variance parameters in ``arch``'s results, in attribute order.
_GARCH_PARAMS = ("mu", "omega", "alpha[1]", "beta[1]")


def _fit_one(scaled: FloatArray) -> ARCHModelResult:
    """Fit GARCH(1,1)-t with a constant mean to one asset's scaled returns."""
    model = arch_model(scaled, mean="Constant", vol="GARCH", p=1, q=1, dist="t")
    return model.fit(disp="off")


@lru_cache(maxsize=16)
def _unit_t_quantile(nu: float) -> _UnitTQuantile:
    """Return the (cached: building the table takes tens of milliseconds) map for ``nu``."""
    return _UnitTQuantile(nu)


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
