"""ConditionalMarketGAN: scenarios of the next days given the market so far (risk, forecasts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import torch
from torch import Tensor, nn

from fingan.core.estimator import check_is_fitted
from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.core.random import RandomState
from fingan.core.validation import check_int
from fingan.data.validation import validate_path_request, validate_returns_frame
from fingan.models.base import GANEstimator
from fingan.models.checks import (
    check_flag,
    check_pipeline,
    check_positive,
    check_width,
    checked_names,
    quant_gans_steps,
)
from fingan.nn.conditional import ConditionalCritic, ConditionalReturnGenerator
from fingan.nn.market import path_noise
from fingan.nn.mlp import MLPConfig
from fingan.training.config import TrainingConfig
from fingan.training.tasks import RowTask
from fingan.transforms.pipeline import Pipeline
from fingan.transforms.volatility import EWMAVolatility

FloatArray = npt.NDArray[np.float64]

DEFAULT_GENERATOR = MLPConfig(hidden_dims=(64, 64))
DEFAULT_DISCRIMINATOR = MLPConfig(hidden_dims=(64, 64))

_SAMPLE_CHUNK = 65_536

#: Generated values are clipped to this many standard deviations in model space (a Gaussian
#: goes beyond 8 about once in 10^15 draws); the inverse Lambert W transform grows like
#: ``u * exp(delta * u^2 / 2)`` and would overflow on the rare extreme draw of t noise.
MODEL_SPACE_BOUND = 8.0


class ConditionalMarketGAN(GANEstimator):
    """A conditional GAN for the next days' returns given the history, one or several assets.

    Each return is first divided by its asset's EWMA volatility of the day before (a filter,
    as in filtered historical simulation), so the GAN models the *shape* of the next day's
    distribution and how it moves with the market rather than its whole scale; samples are
    multiplied back by the filtered volatility. The condition of day ``t + 1`` is what is
    known at the end of day ``t``: the last ``n_lags`` filtered returns of every asset (in the
    model space of the Quant GANs preprocessing, Standardizer → Lambert W → Standardizer) and
    the standardised log EWMA variances of every asset at several half-lives
    (:class:`~fingan.transforms.EWMAVolatility`).
    The generator has a location-scale form ``x = mu(c) + sigma(c) * eps(z, c)``
    (:class:`~fingan.nn.conditional.ConditionalReturnGenerator`) with Student-t noise in the
    innovation; the critic scores a day's returns together with their condition (ForGAN,
    Koochali et al., 2019). Paths longer than one day are rolled out: each generated day
    updates every path's window and EWMA variances before the next is drawn.

    Parameters
    ----------
    n_lags : int, default 5
        Days of past (filtered) returns in the condition.
    halflives : sequence of float, default (5, 20, 60)
        Half-lives (days) of the EWMA variance features.
    filter_halflife : float or None, default 11
        Half-life (days) of the EWMA volatility filter: the GAN learns returns divided by the
        previous day's EWMA volatility (11 days is RiskMetrics' decay 0.94), as filtered
        historical simulation does, and its samples are multiplied back. ``None``: the GAN
        learns raw returns.
    filter_reversion : float, default 0.1
        Share of the filter variance held at the training data's long-run level, in [0, 1).
    noise_dim : int, default 8
        Width of the generator noise.
    innovation_df : int or None, default 5
        Degrees of freedom of the Student-t noise in the first ``n_assets`` noise channels
        (``None``: all Gaussian).
    lambert_w : bool, default True
        Gaussianise each asset's returns with a Lambert W transform before training.
    generator, discriminator : MLPConfig, optional
        Hidden layers (defaults: two layers of 64 units).
    training : TrainingConfig, optional
        Defaults to :attr:`default_training` (WGAN-GP, 1,000 steps of 256 days, five critic
        updates per step: a well-trained critic is what keeps the tails from shrinking).
    random_state : int, numpy.random.Generator or None
        Seed for initialisation and training.
    device : str, default "auto"
        ``"auto"`` trains on a CUDA GPU when one is available, else on the CPU.

    Attributes
    ----------
    assets_ : list of str
        Asset names seen in ``fit``.
    transform_ : Pipeline
        The fitted return preprocessing.
    volatility_ : EWMAVolatility
        The fitted volatility features.
    filter_ : EWMAVolatility or None
        The fitted volatility filter.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> returns = load_sp500(start="2010-01-01", end="2014-12-31")
    >>> from fingan.training import TrainingConfig
    >>> model = ConditionalMarketGAN(training=TrainingConfig(n_steps=5), random_state=0)
    >>> paths = model.fit(returns).sample_paths(returns, n_paths=100, horizon=10, random_state=1)
    >>> paths.values.shape
    (100, 10, 1)
    """

    default_training: ClassVar[TrainingConfig] = TrainingConfig(
        n_steps=1000, batch_size=256, lr_g=5e-4, lr_d=5e-4, n_critic=5
    )

    def __init__(
        self,
        *,
        n_lags: int = 5,
        halflives: Sequence[float] = (5.0, 20.0, 60.0),
        filter_halflife: float | None = 11.0,
        filter_reversion: float = 0.1,
        noise_dim: int = 8,
        innovation_df: int | None = 5,
        lambert_w: bool = True,
        generator: MLPConfig | None = None,
        discriminator: MLPConfig | None = None,
        training: TrainingConfig | None = None,
        random_state: RandomState = None,
        device: str = "auto",
    ) -> None:
        self.n_lags = n_lags
        self.halflives = halflives
        self.filter_halflife = filter_halflife
        self.filter_reversion = filter_reversion
        self.noise_dim = noise_dim
        self.innovation_df = innovation_df
        self.lambert_w = lambert_w
        self.generator = generator
        self.discriminator = discriminator
        self.training = training
        self.random_state = random_state
        self.device = device

    def sample_paths(
        self,
        history: Any,
        n_paths: int,
        horizon: int,
        *,
        random_state: RandomState = None,
    ) -> ReturnPaths:
        """Draw paths of the ``horizon`` days after the last row of ``history``.

        Parameters
        ----------
        history : pandas.DataFrame, pandas.Series or numpy.ndarray
            Daily log returns up to and including today, at least ``n_lags`` rows; columns as
            in ``fit`` (see :func:`fingan.data.validation.validate_history`). It may extend
            beyond the fitted data: the model conditions on it without refitting.
        n_paths : int
            Number of paths.
        horizon : int
            Days per path; day 0 is the day after the history.
        random_state : int, numpy.random.Generator or None
            Seed of the noise; the same seed gives the same paths.

        Returns
        -------
        ReturnPaths
            Log returns of shape ``(n_paths, horizon, n_assets)``.
        """
        check_is_fitted(self)
        returns, n_paths, horizon = validate_path_request(
            history, n_paths, horizon, assets=self.assets_, min_rows=self.n_lags
        )
        rng = self._sampling_rng(random_state)
        filtered, filter_variances = self._filter(returns)
        recent = self.transform_.transform(filtered[-self.n_lags :])  # (window, n_assets)
        variances = np.concatenate([self.volatility_.variances(returns)[-1], filter_variances[-1]])
        chunks = []
        for start in range(0, n_paths, _SAMPLE_CHUNK):
            size = min(_SAMPLE_CHUNK, n_paths - start)
            chunks.append(self._roll_out(recent, variances, size, horizon, rng))
        return ReturnPaths.from_array(np.concatenate(chunks), self.assets_)

    def _roll_out(
        self,
        recent: FloatArray,
        variances: FloatArray,
        n_paths: int,
        horizon: int,
        rng: torch.Generator,
    ) -> FloatArray:
        """Generate ``horizon`` days for ``n_paths`` paths that share one starting state.

        ``variances`` holds the feature variances, then (with a filter) the filter variances.
        """
        n_assets = len(self.assets_)
        n_features = len(self.volatility_.halflives) * n_assets
        window = np.broadcast_to(recent, (n_paths, *recent.shape)).copy()  # (paths, w, assets)
        state = np.broadcast_to(variances, (n_paths, variances.size)).copy()
        paths = np.empty((n_paths, horizon, n_assets))
        with self._inference() as generator:
            for step in range(horizon):
                features = self.volatility_.features(state[:, :n_features])
                condition = np.concatenate([window.reshape(n_paths, -1), features], axis=1)
                noise = self._noise(n_paths, rng).to(self.device_)
                cond = torch.as_tensor(condition, dtype=torch.float32, device=self.device_)
                day = generator(noise, cond).double().cpu().numpy()  # (paths, assets)
                day = np.clip(day, -MODEL_SPACE_BOUND, MODEL_SPACE_BOUND)
                filtered = self.transform_.inverse_transform(day)
                returns = (
                    filtered * self._filter_scale(state[:, n_features:])
                    if self.filter_ is not None
                    else filtered
                )
                paths[:, step] = returns
                if step + 1 < horizon:
                    window = np.concatenate([window[:, 1:], day[:, None, :]], axis=1)
                    state[:, :n_features] = self.volatility_.update(state[:, :n_features], returns)
                    if self.filter_ is not None:
                        state[:, n_features:] = self.filter_.update(state[:, n_features:], returns)
        return paths

    def _filter(self, returns: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Return ``(filtered returns, filter variances)``, both ``(n_days, n_assets)``.

        Day ``t``'s return is divided by the volatility filtered up to day ``t - 1``; the first
        day by the filter's starting volatility. Without a filter the returns are unchanged and
        the variances empty.
        """
        if self.filter_ is None:
            return returns, np.empty((len(returns), 0))
        variances = self.filter_.variances(returns)
        previous = np.vstack([self.filter_.initial_[None, :], variances[:-1]])
        return returns / self._filter_scale(previous), variances

    def _filter_scale(self, variances: FloatArray) -> FloatArray:
        """Volatility that divides returns: the EWMA pulled towards the long-run level.

        A share ``filter_reversion`` of the variance is the training data's mean square, as
        the constant of a GARCH(1,1) keeps its variance from collapsing in long calm spells.
        """
        assert self.filter_ is not None
        weight = self.filter_reversion
        scale: FloatArray = np.sqrt((1.0 - weight) * variances + weight * self.filter_.initial_)
        return scale

    def _noise(self, batch_size: int, rng: torch.Generator) -> Tensor:
        return path_noise(
            batch_size,
            self.noise_dim,
            1,
            rng,
            n_assets=len(self.assets_),
            innovation_df=self.innovation_df,
        )[..., 0]

    # -- GANEstimator hooks ---------------------------------------------------------------------

    def _check_params(self) -> None:
        super()._check_params()
        check_int(self.n_lags, "n_lags", minimum=1)
        check_int(self.noise_dim, "noise_dim", minimum=1)
        if self.innovation_df is not None:
            check_int(self.innovation_df, "innovation_df", minimum=3)
        halflives: object = self.halflives
        if not isinstance(halflives, list | tuple | np.ndarray) or len(halflives) == 0:
            raise ConfigError(
                f"halflives must be a non-empty sequence of positive numbers; got {halflives!r}"
            )
        for halflife in halflives:
            check_positive(halflife, "halflives")
        if self.filter_halflife is not None:
            check_positive(self.filter_halflife, "filter_halflife")
        reversion = self.filter_reversion
        if (
            isinstance(reversion, bool)
            or not isinstance(reversion, int | float)
            or not 0.0 <= reversion < 1.0
        ):
            raise ConfigError(f"filter_reversion must be in [0, 1); got {reversion!r}")
        check_flag(self.lambert_w, "lambert_w")

    def _min_rows(self) -> int:
        return int(self.n_lags) + 50

    def _check_assets(self, n_assets: int) -> None:
        if self.noise_dim < n_assets:
            raise ConfigError(
                f"noise_dim ({self.noise_dim}) must be at least the number of assets ({n_assets})"
            )

    def _prepare(self, data: Any) -> RowTask:
        window = int(self.n_lags)
        frame = validate_returns_frame(data, min_rows=self._min_rows())
        self._record_training_data(frame)
        self.assets_ = [str(column) for column in frame.columns]
        self._check_assets(len(self.assets_))
        returns = frame.to_numpy(dtype=np.float64)
        steps = quant_gans_steps(self.lambert_w)
        self.volatility_ = EWMAVolatility(self.halflives).fit(returns)
        self.filter_ = (
            None
            if self.filter_halflife is None
            else EWMAVolatility((self.filter_halflife,)).fit(returns)
        )
        filtered, _ = self._filter(returns)
        self.transform_ = Pipeline(steps).fit(filtered)
        model_space = self.transform_.transform(filtered)  # (T, assets)
        features = self.volatility_.transform(returns)  # (T, halflives * assets)
        # Day t + 1 follows the condition known at the end of day t, for t = window - 1 ... T - 2.
        ends = np.arange(window - 1, len(returns) - 1)
        windows = np.stack([model_space[end - window + 1 : end + 1] for end in ends])
        conditions = np.concatenate([windows.reshape(len(ends), -1), features[ends]], axis=1)
        return RowTask(
            torch.as_tensor(model_space[ends + 1], dtype=torch.float32),  # (days, assets)
            self.noise_dim,
            conditions=torch.as_tensor(conditions, dtype=torch.float32),
            innovation_df=self.innovation_df,
        )

    def _build_networks(self) -> tuple[nn.Module, nn.Module]:
        n_assets = len(self.assets_)
        condition_dim = n_assets * (self.n_lags + len(self.volatility_.halflives))
        generator = ConditionalReturnGenerator(
            self.noise_dim, condition_dim, n_assets, self.generator or DEFAULT_GENERATOR
        )
        critic = ConditionalCritic(
            condition_dim, n_assets, self.discriminator or DEFAULT_DISCRIMINATOR
        )
        return generator, critic

    def _fitted_state(self) -> dict[str, Any]:
        return {
            "assets": self.assets_,
            "transform": self.transform_.to_dict(),
            "volatility": self.volatility_.to_dict(),
            "filter": None if self.filter_ is None else self.filter_.to_dict(),
        }

    def _restore_fitted_state(self, state: dict[str, Any]) -> None:
        self.assets_ = checked_names(state["assets"], "assets")
        self.transform_ = Pipeline.from_dict(state["transform"])
        self.volatility_ = EWMAVolatility.from_dict(state["volatility"])
        self.filter_ = (
            None if state["filter"] is None else EWMAVolatility.from_dict(state["filter"])
        )

    def _check_fitted_state(self) -> None:
        n_assets = len(self.assets_)
        self._check_assets(n_assets)
        check_pipeline(self.transform_, quant_gans_steps(self.lambert_w), n_assets)
        halflives = tuple(float(halflife) for halflife in self.halflives)
        if self.volatility_.halflives != halflives:
            raise ValueError(
                f"volatility has half-lives {list(self.volatility_.halflives)}; the parameters "
                f"give {list(halflives)}"
            )
        check_width(self.volatility_.n_assets_, n_assets, "volatility")
        expected = None if self.filter_halflife is None else (float(self.filter_halflife),)
        actual = None if self.filter_ is None else self.filter_.halflives
        if actual != expected:
            raise ValueError(
                f"filter has half-lives {actual}; filter_halflife {self.filter_halflife!r} gives "
                f"{expected}"
            )
        if self.filter_ is not None:
            check_width(self.filter_.n_assets_, n_assets, "filter")
        self._check_training_shape(n_assets)
