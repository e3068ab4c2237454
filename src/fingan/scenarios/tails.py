r"""Generalised Pareto tails spliced onto any innovation model (McNeil & Frey, 2000).

Extreme value theory says the residuals beyond a high threshold follow a generalised Pareto
distribution (GPD). :class:`GPDTails` fits one to each tail of each asset's residuals beyond
their ``tail_probability`` quantiles, and splices it onto a body model: every draw of the body
that falls beyond a threshold is replaced by a GPD draw beyond the same threshold. So the body
(a conditional GAN, say) decides *how often* a day lands in a tail, given the state; the GPD
decides *how far* it goes, with the shape the data's tail had. With a ``window`` the tails
are those of the residuals of the last days of the history that scenarios follow, fitted
again for every sampler (McNeil and Frey fitted them on a moving window of 1,000 days), so
they follow the drift of the filter's errors as filtered historical simulation does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt
from scipy import stats

from fingan.core.estimator import BaseEstimator, check_is_fitted, clone
from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.core.filtered import FilteredReturns
from fingan.core.protocols import InnovationModel, InnovationSampler
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
from fingan.scenarios.options import training_options

__all__ = ["GPDTails", "SplicedSampler", "Tails", "fit_tails"]

FloatArray = npt.NDArray[np.float64]

#: The GPD shape is kept in this range: below 1/2 the spliced tail has a finite variance.
_SHAPE_RANGE = (-0.5, 0.49)


class GPDTails(BaseEstimator):
    r"""An innovation model whose draws beyond its tail thresholds come from fitted GPDs.

    Parameters
    ----------
    body : innovation model
        The model of the residuals (e.g. :class:`~fingan.models.InnovationGAN`).
    tail_probability : float, default 0.05
        Each tail's threshold is the residuals' quantile at this probability (and at one
        minus it), in (0, 0.25).
    window : int or None, default None
        Fit the thresholds and GPDs to the residuals of the last ``window`` days: at ``fit``
        of the fitted data, and again for every sampler of the history that scenarios
        follow (which must have at least that many days). Each tail needs at least 10
        exceedances: ``window * tail_probability >= 10``. ``None``: every residual of the
        fitted data, once.

    Attributes
    ----------
    body_ : innovation model
        The fitted body.
    lower_, upper_ : ndarray of shape (n_assets,)
        The thresholds.
    shape_, scale_ : ndarray of shape (2, n_assets)
        GPD shape :math:`\xi` and scale :math:`\beta` of the lower (row 0) and upper (row 1)
        tail of each asset, fitted by maximum likelihood to the exceedances.

    References
    ----------
    McNeil, A. J., & Frey, R. (2000). Estimation of tail-related risk measures for
    heteroscedastic financial time series: an extreme value approach. *Journal of Empirical
    Finance*, 7(3-4), 271-300.
    """

    name: ClassVar[str] = "evt"
    _fitted_attributes: ClassVar[tuple[str, ...]] = ("body_", "lower_", "upper_")

    def __init__(
        self,
        *,
        body: InnovationModel,
        tail_probability: float = 0.05,
        window: int | None = None,
    ) -> None:
        self.body = body
        self.tail_probability = tail_probability
        self.window = window

    def _check_params(self) -> None:
        p = self.tail_probability
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0.0 < p < 0.25:
            raise ConfigError(f"tail_probability must be in (0, 0.25); got {p!r}")
        if self.window is not None:
            check_int(self.window, "window", minimum=2)
            if self.window * p < 10:
                raise ConfigError(
                    f"window * tail_probability must be at least 10 exceedances per tail; got "
                    f"{self.window} * {p}"
                )

    def fit(self, filtered: FilteredReturns, **training: Any) -> Self:
        """Fit a GPD to each tail of each asset's residuals, then the body.

        ``training`` (checkpoints, progress) goes to the body's ``fit``.
        """
        self._check_params()
        tails = self._tails_of(filtered)
        self.lower_, self.upper_, self.shape_, self.scale_ = (
            tails.lower,
            tails.upper,
            tails.shape,
            tails.scale,
        )
        body = self.body
        fitted = clone(body) if isinstance(body, BaseEstimator) else body
        self.body_ = fitted.fit(filtered, **training_options(fitted.fit, training))
        return self

    def sampler(
        self, history: FilteredReturns, n_paths: int, rng: np.random.Generator
    ) -> SplicedSampler:
        """Return a sampler that splices the tails onto the body's sampler."""
        check_is_fitted(self)
        if self.window is None:
            tails = Tails(self.lower_, self.upper_, self.shape_, self.scale_)
        else:
            tails = self._tails_of(history)
        return SplicedSampler(tails, self.body_.sampler(history, n_paths, rng), rng)

    def _tails_of(self, filtered: FilteredReturns) -> Tails:
        """Fit the thresholds and GPDs to ``filtered``'s residuals (the last ``window``)."""
        residuals = filtered.residuals
        if self.window is not None:
            if len(residuals) < self.window:
                raise TooFewRowsError(
                    f"the returns have {len(residuals)} days; GPD tails of the last "
                    f"{self.window} days (window) need at least as many"
                )
            residuals = residuals[-self.window :]
        return fit_tails(residuals, self.tail_probability)

    def splice_share(
        self,
        history: FilteredReturns,
        probability: float = 0.01,
        *,
        n_paths: int = 100_000,
        random_state: RandomState = 0,
    ) -> FloatArray:
        """Return, per asset, the share of the ``probability`` tail that the GPD supplied.

        One day of residuals is drawn after ``history``; of the draws at or below each
        asset's ``probability``-quantile, the share that replaced a body draw. 1 means the
        quantile lies wholly in the spliced tail (the body only says how often the tail is
        reached); 0, that the body alone supplied it.
        """
        check_is_fitted(self)
        rng = np.random.default_rng(draw_seed(random_state))
        sampler = self.sampler(history, n_paths, rng)
        values = sampler.draw(np.broadcast_to(history.next_variance, (n_paths, history.n_assets)))
        shares = []
        for k in range(history.n_assets):
            below = values[:, k] <= np.quantile(values[:, k], probability)
            shares.append(float(sampler.replaced[below, k].mean()))
        return np.array(shares)

    def to_dict(self) -> dict[str, Any]:
        """Return the tail parameters, JSON-ready (the body is stored by the caller)."""
        return {
            "lower": self.lower_.tolist(),
            "upper": self.upper_.tolist(),
            "shape": self.shape_.tolist(),
            "scale": self.scale_.tolist(),
            "window": self.window,
        }

    def restore_tails(self, state: dict[str, Any], body: InnovationModel) -> Self:
        """Restore what :meth:`to_dict` returned, with an already restored body.

        A ``window`` in ``state`` (written by :meth:`to_dict`) replaces the parameter's.
        """
        window = state.get("window", self.window)
        self.window = None if window is None else check_int(window, "window", minimum=2)
        self._check_params()
        lower = np.asarray(state["lower"], dtype=np.float64)
        upper = np.asarray(state["upper"], dtype=np.float64)
        shape = np.asarray(state["shape"], dtype=np.float64)
        scale = np.asarray(state["scale"], dtype=np.float64)
        n = len(lower)
        if upper.shape != (n,) or shape.shape != (2, n) or scale.shape != (2, n):
            raise ValueError("tail state: lower, upper (n_assets) and shape, scale (2, n_assets)")
        if not (np.all(lower < upper) and np.all(scale > 0) and np.all(np.isfinite(shape))):
            raise ValueError("tail state: thresholds must be ordered and scales positive")
        self.lower_, self.upper_, self.shape_, self.scale_ = lower, upper, shape, scale
        self.body_ = body
        return self


@dataclass(frozen=True)
class Tails:
    """Thresholds and GPD parameters of both tails of each asset.

    Attributes
    ----------
    lower, upper : ndarray of shape (n_assets,)
        The thresholds.
    shape, scale : ndarray of shape (2, n_assets)
        GPD shape and scale of the lower (row 0) and upper (row 1) tails.
    """

    lower: FloatArray
    upper: FloatArray
    shape: FloatArray
    scale: FloatArray


def fit_tails(residuals: FloatArray, tail_probability: float) -> Tails:
    """Fit a GPD to the exceedances of each tail of each column beyond its quantile.

    Parameters
    ----------
    residuals : ndarray of shape (n_days, n_assets)
    tail_probability : float
        The thresholds are the columns' quantiles at this probability and one minus it.
    """
    lower = np.quantile(residuals, tail_probability, axis=0)
    upper = np.quantile(residuals, 1.0 - tail_probability, axis=0)
    columns = list(enumerate(residuals.T))
    fits = [
        [_fit_gpd(lower[k] - z[z < lower[k]]) for k, z in columns],
        [_fit_gpd(z[z > upper[k]] - upper[k]) for k, z in columns],
    ]
    shape = np.array([[f[0] for f in side] for side in fits])
    scale = np.array([[f[1] for f in side] for side in fits])
    return Tails(lower, upper, shape, scale)


@dataclass
class SplicedSampler:
    """Replaces each body draw beyond a threshold by a GPD draw beyond it.

    Attributes
    ----------
    n_drawn, n_replaced : int
        Residual values drawn so far and how many of them came from a GPD tail.
    replaced : ndarray of bool, shape (n_paths, n_assets)
        Which values of the last draw came from a GPD tail.
    """

    tails: Tails
    body: InnovationSampler
    rng: np.random.Generator
    n_drawn: int = field(default=0)
    n_replaced: int = field(default=0)
    replaced: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 0), bool))

    def draw(self, variance: FloatArray) -> FloatArray:
        """Draw one day of residuals, ``(n_paths, n_assets)``, with the tails spliced on."""
        values = np.array(self.body.draw(variance), dtype=np.float64)
        lower, upper = self.tails.lower, self.tails.upper
        self.replaced = (values < lower) | (values > upper)
        for side, mask, sign, threshold in (
            (0, values < lower, -1.0, lower),
            (1, values > upper, 1.0, upper),
        ):
            rows, assets = np.nonzero(mask)
            if len(rows) == 0:
                continue
            excess = stats.genpareto.rvs(
                self.tails.shape[side, assets],
                scale=self.tails.scale[side, assets],
                random_state=self.rng,
            )
            values[rows, assets] = threshold[assets] + sign * excess
            self.n_replaced += len(rows)
        self.n_drawn += values.size
        return values

    def advance(self, residuals: FloatArray, variance: FloatArray) -> None:
        """Move the body's state on by the day drawn."""
        self.body.advance(residuals, variance)


def _fit_gpd(excess: FloatArray) -> tuple[float, float]:
    """Return the GPD ``(shape, scale)`` of positive exceedances, shape kept in range."""
    if len(excess) < 10:
        raise ValueError(f"a GPD tail needs at least 10 exceedances; got {len(excess)}")
    fitted, _, scale = stats.genpareto.fit(excess, floc=0.0)
    shape = float(np.clip(fitted, *_SHAPE_RANGE))
    if shape != fitted:  # refit the scale with the shape held at the bound
        _, _, scale = stats.genpareto.fit(excess, f0=shape, floc=0.0)
    return shape, float(scale)
