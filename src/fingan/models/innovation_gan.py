"""InnovationGAN: a conditional GAN of a volatility filter's standardised residuals.

The innovation part of a conditional scenario model (:mod:`fingan.scenarios`): the filter
carries the volatility, the GAN learns what is left, the shape of tomorrow's standardised
residual and how it moves with the state of the market.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd
import torch
from torch import nn

from fingan.core.estimator import check_is_fitted
from fingan.core.exceptions import ConfigError
from fingan.core.filtered import FilteredReturns
from fingan.core.random import torch_generator
from fingan.core.validation import check_int
from fingan.models.base import GANEstimator
from fingan.models.checks import check_flag, check_positive
from fingan.models.innovation_sampling import GANSampler
from fingan.nn.conditional import (
    ConditionalCritic,
    ConditionalReturnGenerator,
)
from fingan.nn.market import path_noise
from fingan.nn.mlp import MLPConfig
from fingan.training.config import TrainingConfig
from fingan.training.quantile_task import QuantileScoredRowTask

__all__ = ["InnovationGAN", "recency_repeats"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DEFAULT_NETWORK = MLPConfig(hidden_dims=(64, 64))

#: Standardised condition features are clipped to this many training standard deviations.
CONDITION_BOUND = 4.0

#: With recency weights, the newest training day is repeated this many times.
RECENCY_REPEATS = 256


class InnovationGAN(GANEstimator):
    r"""A conditional GAN of tomorrow's standardised residuals given the state of the market.

    Trained on a filter's :class:`~fingan.core.filtered.FilteredReturns`. The condition of
    day :math:`t` is what is known the evening before: the last ``n_lags`` residuals of every
    asset, the level of its log conditional variance :math:`\log\sigma_t^2` against the
    filter's long-run variance, and its change over each of ``changes`` days
    (:math:`\log\sigma_t^2 - \log\sigma_{t-h}^2`), each standardised with the training mean
    and spread. The generator is :class:`~fingan.nn.conditional.ConditionalReturnGenerator`
    (Student-t noise); the critic scores a day's residuals with their condition.

    Parameters
    ----------
    n_lags : int, default 1
        Days of past residuals in the condition.
    changes : sequence of int, default (1,)
        Horizons (days) of the variance changes in the condition.
    dispersion_window : int or None, default None
        Also condition on the log mean square of the residuals of this many recent days: how
        large the filter's residuals have lately been (the filter's recent error in scale,
        which filtered historical simulation adapts to by drawing recent residuals).
        ``None``: no such feature.
    recency_halflife : float or None, default None
        Weight the training days by :math:`2^{-a/h}`, :math:`a` the day's age before the last
        fitted day, :math:`h` this half-life (FHS draws the last 500 days and so follows the
        drift of the filter's errors); batches are drawn from the days repeated in proportion
        to their weights (:func:`recency_repeats`). ``None``: every day alike.
    variance_level : bool, default False
        Also condition on the log variance against the filter's long-run variance. A level
        is not comparable across regimes: a model fitted on a crash reads every later calm
        day as far below anything it saw (measured on the validation period 2003-2006 after
        fitting on 1999-2002: 52 violations of a 99 % VaR on NASDAQ with it, 27 without).
    condition_strength : float, default 1.0
        :math:`\lambda \in [0, 1]`, read in sampling (no refit): the location and log scale
        move from their averages over the history's days by this share of what the GAN
        gives, :math:`m' = \bar m + \lambda (m(c) - \bar m)` and :math:`\log s' = c_0 +
        \lambda (\log s(c) - \overline{\log s})`, :math:`c_0` keeping the GAN's average
        second moment (:class:`~fingan.models.innovation_sampling.ShrunkHeads`); 1 is the GAN
        as trained, 0 one distribution for every day.
    noise_dim : int, default 8
        Width of the generator noise (at least the number of assets).
    innovation_df : int or None, default 5
        Degrees of freedom of the Student-t noise channels (``None``: Gaussian).
    quantile_weight : float, default 1.0
        Weight of the tail term in the generator loss: the pinball loss, on the real
        residuals, of the generated batch's quantiles at 1, 5, 25, 50, 75, 95 and 99 %
        (:class:`~fingan.training.quantile_task.QuantileScoredRowTask`); 0 for the
        adversarial loss alone.
    generator, discriminator : MLPConfig, optional
        Hidden layers (default two of 64 units).
    training : TrainingConfig, optional
        Defaults to :attr:`default_training`.
    random_state : int, numpy.random.Generator or None
        Seed for initialisation and training.
    device : str, default "auto"
        Where to train.

    Attributes
    ----------
    n_assets_ : int
        Assets (columns) of the residuals.
    feature_mean_, feature_scale_ : ndarray of shape (condition_dim,)
        Standardisation of the condition features.
    """

    default_training: ClassVar[TrainingConfig] = TrainingConfig(
        n_steps=1000, batch_size=256, lr_g=5e-4, lr_d=5e-4, n_critic=5
    )

    def __init__(
        self,
        *,
        n_lags: int = 1,
        changes: Sequence[int] = (1,),
        dispersion_window: int | None = None,
        recency_halflife: float | None = None,
        variance_level: bool = False,
        condition_strength: float = 1.0,
        noise_dim: int = 8,
        innovation_df: int | None = 5,
        quantile_weight: float = 1.0,
        generator: MLPConfig | None = None,
        discriminator: MLPConfig | None = None,
        training: TrainingConfig | None = None,
        random_state: Any = None,
        device: str = "auto",
    ) -> None:
        self.n_lags = n_lags
        self.changes = changes
        self.dispersion_window = dispersion_window
        self.recency_halflife = recency_halflife
        self.variance_level = variance_level
        self.condition_strength = condition_strength
        self.noise_dim = noise_dim
        self.innovation_df = innovation_df
        self.quantile_weight = quantile_weight
        self.generator = generator
        self.discriminator = discriminator
        self.training = training
        self.random_state = random_state
        self.device = device

    @property
    def memory(self) -> int:
        """Days of log variances the condition looks back over."""
        return max(int(h) for h in self.changes)

    @property
    def residual_memory(self) -> int:
        """Days of residuals the condition looks back over."""
        return max(int(self.n_lags), int(self.dispersion_window or 0))

    @property
    def condition_width(self) -> int:
        """Condition features per asset."""
        extra = bool(self.variance_level) + (self.dispersion_window is not None)
        return int(self.n_lags) + len(self.changes) + extra

    def conditions(
        self, residuals: FloatArray, log_variances: FloatArray, long_run: FloatArray
    ) -> FloatArray:
        """Return the standardised condition of the day after each window.

        Parameters
        ----------
        residuals : ndarray of shape (n, residual_memory, n_assets)
            The last residuals before the day.
        log_variances : ndarray of shape (n, memory + 1, n_assets)
            Log conditional variances of the ``memory`` days before and of the day itself.
        long_run : ndarray of shape (n_assets,)
            The filter's long-run variance.
        """
        now = log_variances[:, -1]
        lags = residuals[:, -int(self.n_lags) :]
        parts = [lags.reshape(len(lags), -1)]
        if self.variance_level:
            parts.append(now - np.log(long_run))
        parts += [now - log_variances[:, -1 - int(h)] for h in self.changes]
        if self.dispersion_window is not None:
            recent = residuals[:, -int(self.dispersion_window) :]
            parts.append(np.log(np.maximum(np.mean(recent**2, axis=1), 1e-12)))
        raw = np.concatenate(parts, axis=1)
        return raw if not hasattr(self, "feature_mean_") else self._standardised(raw)

    def _standardised(self, raw: FloatArray) -> FloatArray:
        """Standardise raw conditions with the training mean and spread, clipped."""
        standardised = (raw - self.feature_mean_) / self.feature_scale_
        # A condition far outside the training data is read as the edge of it.
        result: FloatArray = np.clip(standardised, -CONDITION_BOUND, CONDITION_BOUND)
        return result

    def daily_conditions(self, data: FilteredReturns) -> FloatArray:
        """Return the condition of every day of ``data`` that has a full memory before it."""
        residuals, logs = data.residuals, data.log_variances()[:-1]
        days = range(max(self.memory, self.residual_memory), len(residuals))
        lags = np.stack([residuals[t - self.residual_memory : t] for t in days])
        windows = np.stack([logs[t - self.memory : t + 1] for t in days])
        return self.conditions(lags, windows, data.long_run_variance)

    def sampler(
        self, history: FilteredReturns, n_paths: int, rng: np.random.Generator
    ) -> GANSampler:
        """Return a sampler of ``n_paths`` paths that continue ``history``."""
        check_is_fitted(self)
        days = max(self.memory, self.residual_memory)
        if history.n_assets != self.n_assets_ or len(history.residuals) < days:
            raise ValueError(f"the history needs {self.n_assets_} asset(s) and {days}+ days")
        seed = int(rng.integers(0, 2**62))
        return GANSampler(self, history, n_paths, torch_generator(seed))

    def _noise(self, batch_size: int, rng: torch.Generator) -> torch.Tensor:
        return path_noise(
            batch_size,
            self.noise_dim,
            1,
            rng,
            n_assets=self.n_assets_,
            innovation_df=self.innovation_df,
        )[..., 0]

    # -- GANEstimator hooks ---------------------------------------------------------------------

    def _check_params(self) -> None:
        super()._check_params()
        check_int(self.n_lags, "n_lags", minimum=1)
        check_int(self.noise_dim, "noise_dim", minimum=1)
        if self.innovation_df is not None:
            check_int(self.innovation_df, "innovation_df", minimum=3)
        changes: object = self.changes
        if not isinstance(changes, list | tuple) or not changes:
            raise ConfigError(f"changes must be a non-empty sequence of days; got {changes!r}")
        for horizon in changes:
            check_int(horizon, "changes", minimum=1)
        if self.dispersion_window is not None:
            check_int(self.dispersion_window, "dispersion_window", minimum=2)
        halflife = self.recency_halflife
        if halflife is not None and (
            isinstance(halflife, bool) or not isinstance(halflife, int | float) or halflife < 1
        ):
            raise ConfigError(f"recency_halflife must be None or >= 1 day; got {halflife!r}")
        weight = self.quantile_weight
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight >= 0:
            raise ConfigError(f"quantile_weight must be a number >= 0; got {weight!r}")
        check_flag(self.variance_level, "variance_level")
        k = self.condition_strength
        if isinstance(k, bool) or not isinstance(k, int | float) or not 0 <= k <= 1:
            raise ConfigError(f"condition_strength must be a number in [0, 1]; got {k!r}")

    def _min_rows(self) -> int:
        return max(self.memory, self.residual_memory) + 100

    def _prepare(self, data: Any) -> QuantileScoredRowTask:
        if not isinstance(data, FilteredReturns):
            raise ConfigError("InnovationGAN is fitted to FilteredReturns (see fingan.scenarios)")
        residuals, logs = data.residuals, data.log_variances()[:-1]
        n_days, n_assets = residuals.shape
        self._record_training_data(pd.DataFrame(np.hstack([residuals, logs])))
        self.n_assets_ = n_assets
        if self.noise_dim < n_assets:
            raise ConfigError(f"noise_dim ({self.noise_dim}) must be at least {n_assets}")
        if n_days < self._min_rows():
            raise ConfigError(f"InnovationGAN needs {self._min_rows()} days; got {n_days}")
        for name in ("feature_mean_", "feature_scale_"):
            self.__dict__.pop(name, None)
        days = np.arange(max(self.memory, self.residual_memory), n_days)
        raw = self.daily_conditions(data)
        self.feature_mean_ = raw.mean(axis=0)
        self.feature_scale_ = np.maximum(raw.std(axis=0), 1e-6)
        conditions = self._standardised(raw)
        rows = residuals[days]
        if self.recency_halflife is not None:
            index = np.repeat(
                np.arange(len(days)), recency_repeats(len(days), self.recency_halflife)
            )
            rows, conditions = rows[index], conditions[index]
        return QuantileScoredRowTask(
            torch.as_tensor(rows, dtype=torch.float32),
            self.noise_dim,
            weight=float(self.quantile_weight),
            conditions=torch.as_tensor(conditions, dtype=torch.float32),
            innovation_df=self.innovation_df,
        )

    def _build_networks(self) -> tuple[nn.Module, nn.Module]:
        condition_dim = self.n_assets_ * self.condition_width
        generator = ConditionalReturnGenerator(
            self.noise_dim, condition_dim, self.n_assets_, self.generator or DEFAULT_NETWORK
        )
        critic = ConditionalCritic(
            condition_dim, self.n_assets_, self.discriminator or DEFAULT_NETWORK
        )
        return generator, critic

    def _fitted_state(self) -> dict[str, Any]:
        return {
            "n_assets": self.n_assets_,
            "feature_mean": self.feature_mean_.tolist(),
            "feature_scale": self.feature_scale_.tolist(),
        }

    def _restore_fitted_state(self, state: dict[str, Any]) -> None:
        self.n_assets_ = check_int(state["n_assets"], "n_assets", minimum=1)
        self.feature_mean_ = np.asarray(state["feature_mean"], dtype=np.float64)
        self.feature_scale_ = np.asarray(state["feature_scale"], dtype=np.float64)

    def _check_fitted_state(self) -> None:
        width = self.n_assets_ * self.condition_width
        for name in ("feature_mean_", "feature_scale_"):
            values = getattr(self, name)
            if values.shape != (width,) or not np.all(np.isfinite(values)):
                raise ValueError(f"{name[:-1]} must hold {width} finite numbers")
        for scale in self.feature_scale_:
            check_positive(float(scale), "feature_scale")
        if self.noise_dim < self.n_assets_:
            raise ValueError(f"noise_dim ({self.noise_dim}) is below n_assets ({self.n_assets_})")
        self._check_training_shape(2 * self.n_assets_)


def recency_repeats(n_days: int, halflife: float, newest: int = RECENCY_REPEATS) -> IntArray:
    """Return how often each of ``n_days`` days (oldest first) is repeated for training.

    Day :math:`i` has the weight :math:`2^{-(n - 1 - i)/h}`; the newest day is repeated
    ``newest`` times and every day in proportion to its weight, rounded (days whose weight
    rounds to zero are left out). Uniform draws from the repeated days are then draws
    weighted by recency, up to the rounding (at most half a repeat in ``newest``).

    Examples
    --------
    >>> recency_repeats(5, halflife=1.0, newest=8).tolist()
    [0, 1, 2, 4, 8]
    """
    age = np.arange(n_days - 1, -1, -1, dtype=np.float64)
    repeats: IntArray = np.rint(newest * np.exp2(-age / float(halflife))).astype(np.int64)
    return repeats
