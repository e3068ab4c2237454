r"""Generalised Pareto tails spliced onto any innovation model (McNeil & Frey, 2000).

Extreme value theory says the residuals beyond a high threshold follow a generalised Pareto
distribution (GPD). :class:`GPDTails` fits one to each tail of each asset's residuals beyond
their ``tail_probability`` quantiles, and splices it onto a body model: every draw of the body
that falls beyond a threshold is replaced by a GPD draw beyond the same threshold. So the body
(a conditional GAN, say) decides *how often* a day lands in a tail, given the state; the GPD
decides *how far* it goes, with the shape the data's tail had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt
from scipy import stats

from fingan.core.estimator import BaseEstimator, check_is_fitted, clone
from fingan.core.exceptions import ConfigError
from fingan.core.filtered import FilteredReturns
from fingan.core.protocols import InnovationModel, InnovationSampler
from fingan.core.random import RandomState, draw_seed
from fingan.scenarios.options import training_options

__all__ = ["GPDTails"]

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

    def __init__(self, *, body: InnovationModel, tail_probability: float = 0.05) -> None:
        self.body = body
        self.tail_probability = tail_probability

    def _check_params(self) -> None:
        p = self.tail_probability
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0.0 < p < 0.25:
            raise ConfigError(f"tail_probability must be in (0, 0.25); got {p!r}")

    def fit(self, filtered: FilteredReturns, **training: Any) -> Self:
        """Fit a GPD to each tail of each asset's residuals, then the body.

        ``training`` (checkpoints, progress) goes to the body's ``fit``.
        """
        self._check_params()
        residuals = filtered.residuals
        self.lower_ = np.quantile(residuals, self.tail_probability, axis=0)
        self.upper_ = np.quantile(residuals, 1.0 - self.tail_probability, axis=0)
        columns = list(enumerate(residuals.T))
        fits = [
            [_fit_gpd(self.lower_[k] - z[z < self.lower_[k]]) for k, z in columns],
            [_fit_gpd(z[z > self.upper_[k]] - self.upper_[k]) for k, z in columns],
        ]
        self.shape_ = np.array([[f[0] for f in side] for side in fits])
        self.scale_ = np.array([[f[1] for f in side] for side in fits])
        body = self.body
        fitted = clone(body) if isinstance(body, BaseEstimator) else body
        self.body_ = fitted.fit(filtered, **training_options(fitted.fit, training))
        return self

    def sampler(
        self, history: FilteredReturns, n_paths: int, rng: np.random.Generator
    ) -> SplicedSampler:
        """Return a sampler that splices the tails onto the body's sampler."""
        check_is_fitted(self)
        return SplicedSampler(self, self.body_.sampler(history, n_paths, rng), rng)

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
        }

    def restore_tails(self, state: dict[str, Any], body: InnovationModel) -> Self:
        """Restore what :meth:`to_dict` returned, with an already restored body."""
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

    model: GPDTails
    body: InnovationSampler
    rng: np.random.Generator
    n_drawn: int = field(default=0)
    n_replaced: int = field(default=0)
    replaced: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 0), bool))

    def draw(self, variance: FloatArray) -> FloatArray:
        values = np.array(self.body.draw(variance), dtype=np.float64)
        lower, upper = self.model.lower_, self.model.upper_
        self.replaced = (values < lower) | (values > upper)
        for side, mask, sign, threshold in (
            (0, values < lower, -1.0, lower),
            (1, values > upper, 1.0, upper),
        ):
            rows, assets = np.nonzero(mask)
            if len(rows) == 0:
                continue
            excess = stats.genpareto.rvs(
                self.model.shape_[side, assets],
                scale=self.model.scale_[side, assets],
                random_state=self.rng,
            )
            values[rows, assets] = threshold[assets] + sign * excess
            self.n_replaced += len(rows)
        self.n_drawn += values.size
        return values

    def advance(self, residuals: FloatArray, variance: FloatArray) -> None:
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
