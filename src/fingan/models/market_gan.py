"""MarketGAN: a temporal convolutional GAN for daily return paths of one or more assets."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import torch
from torch import nn

from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.core.random import RandomState
from fingan.core.validation import check_int
from fingan.data.validation import validate_returns_frame
from fingan.models.base import GANEstimator
from fingan.models.checks import (
    check_flag,
    check_non_negative,
    check_pipeline,
    check_positive,
    checked_names,
    quant_gans_steps,
)
from fingan.nn.market import (
    DENSE_ABS_LAGS,
    DENSE_STATISTICS_LAGS,
    SPARSE_LAGS,
    PathDiscriminator,
    PathGenerator,
    StatisticsLags,
    path_noise,
)
from fingan.nn.tcn import TCNConfig
from fingan.training.config import TrainingConfig
from fingan.training.tasks import WindowTask, balanced_edge_weight
from fingan.training.volatility_matching import VolatilityMatchedWindowTask
from fingan.transforms.pipeline import Pipeline

DEFAULT_GENERATOR = TCNConfig(hidden_channels=16, skip_channels=16, n_blocks=7)
"""Generator TCN when ``generator`` is ``None``: receptive field 128 days."""

DEFAULT_DISCRIMINATOR = TCNConfig(hidden_channels=16, skip_channels=16, n_blocks=5)
"""Critic TCN when ``discriminator`` is ``None``: receptive field 32 days (the statistics head
sees the whole window)."""

STATISTICS_LAGS: dict[str, StatisticsLags] = {
    "sparse": SPARSE_LAGS,
    "dense_abs": DENSE_ABS_LAGS,
    "dense": DENSE_STATISTICS_LAGS,
}
"""Lags of the critic's lagged statistics, by name."""

_FORMAT = 5  # fitted-state format; see _restore_fitted_state for what earlier ones imply
_SAMPLE_CHUNK = 256  # paths per forward pass: small batches stay in cache (4096 is 3x slower)


class MarketGAN(GANEstimator):
    """A GAN for daily log-return paths in the style of Quant GANs (Wiese et al., 2020).

    Returns are standardised (and, with ``lambert_w``, preprocessed as in Quant GANs: inverse
    Lambert W transform to lighten the tails, standardised again; inverted on sampling). A
    temporal convolutional generator maps noise to a path, by default in stochastic-volatility
    form ``r_t = sigma_t * eps_t + mu_t``, with a persistent noise channel for volatility
    regimes and a term that asks for calm and stormy windows in the data's proportions; a
    temporal convolutional critic scores windows of real and generated paths. Several assets
    are modelled jointly, so their cross-correlation is learned.

    Parameters
    ----------
    window : int, default 256
        Length of the training windows (days); at least the critic's receptive field.
    noise_channels : int, default 2
        Channels of the generator's noise (at least the number of assets).
    generator, discriminator : TCNConfig, optional
        Shapes of the two TCNs (defaults ``DEFAULT_GENERATOR``, receptive field 128, and
        ``DEFAULT_DISCRIMINATOR``, receptive field 32).
    stochastic_volatility : bool, default True
        Generate in stochastic-volatility form; ``False`` outputs returns directly.
    window_statistics : bool, default True
        Give the critic a second head on differentiable stylized-fact statistics of each window
        (autocorrelations of returns and absolute returns, leverage, moments).
    statistics_lags : {"dense", "dense_abs", "sparse"}, default "dense"
        Lags of those statistics: ``"dense"`` every lag 1-20 of the autocorrelations of ``r``
        and ``|r|`` and of the leverage correlation (and lags 40 and 60 of ``|r|``;
        :data:`~fingan.nn.market.DENSE_STATISTICS_LAGS`); ``"dense_abs"`` every lag of ``|r|``
        only, with ``r`` at lags 1, 2, 5 and leverage at 1, 2, 5, 10; ``"sparse"`` also ``|r|``
        at lags 1, 2, 3, 5, 10, 20, 40, 60 only. Lags the critic does not see are free to
        zigzag or to keep values the data do not have (see ``docs/benchmarks.md``). Folders
        saved before this setting existed load as ``"sparse"``, those saved with ``"dense"``
        before it covered every statistic as ``"dense_abs"``.
    lambert_w : bool, default False
        Lighten the tails with the inverse Lambert W transform before training (Quant GANs;
        the default before the regime channel). Its inverse stretches the generator's errors
        in the tails: on series with a crash in the training window it cost a third of the
        generated volatility, and with the regime channel it let single days explode
        (``docs/benchmarks.md``).
    innovation_df : int or None, default 5
        Draw the innovations ``eps_t`` from a unit-variance Student-t with this many degrees
        of freedom (at least 3); ``None`` draws them from a Gaussian. On the S&P 500 t(5)
        innovations improved the tails (see ``docs/benchmarks.md``).
    regime_halflife : float or None, default None
        Add to the ``noise_channels`` one persistent noise channel, a stationary AR(1) whose
        autocorrelation halves every ``regime_halflife`` days
        (:func:`~fingan.nn.market.path_noise`), from which the generator can make volatility
        regimes that last months; ``None`` adds none.
    volatility_weight : float, default 0.0
        Weight of a generator term that matches the spread of the generated windows'
        volatilities to the training windows'
        (:class:`~fingan.training.volatility_matching.VolatilityMatchedWindowTask`), so that
        storms in the training data are generated as often as they occurred; 0 adds none.
    cover_edges : bool, default True
        Draw the first and the last training window more often, so that the days within
        ``window`` of either end of the data are seen, on average, as often as the days
        between (:func:`~fingan.training.tasks.balanced_edge_weight`). Drawn uniformly, the
        first days are in few windows: a storm at the start of the data (the S&P 500 from
        January 2009) is under-learned (``docs/benchmarks.md``).
    training : TrainingConfig, optional
        Loss, steps and optimisers (default :attr:`default_training`: WGAN-GP, 1,800 steps of
        32 windows: 166 s on one core of a 2-core machine, ``bench/market_step.py`` and
        ``docs/benchmarks.md``).
    random_state : int, numpy.random.Generator or None
        Seed of initialisation and training.
    device : str, default "auto"
        ``"auto"`` uses a CUDA GPU when available.

    Attributes
    ----------
    assets_ : list of str
        Asset names seen in ``fit``.
    transform_ : Pipeline
        The fitted preprocessing.
    """

    default_training: ClassVar[TrainingConfig] = TrainingConfig(
        loss="wgan-gp", n_steps=1800, batch_size=32, lr_g=5e-4, lr_d=5e-4, n_critic=1
    )

    def __init__(
        self,
        *,
        window: int = 256,
        noise_channels: int = 2,
        generator: TCNConfig | None = None,
        discriminator: TCNConfig | None = None,
        stochastic_volatility: bool = True,
        window_statistics: bool = True,
        statistics_lags: str = "dense",
        lambert_w: bool = False,
        innovation_df: int | None = 5,
        regime_halflife: float | None = 60.0,
        volatility_weight: float = 10.0,
        cover_edges: bool = True,
        training: TrainingConfig | None = None,
        random_state: RandomState = None,
        device: str = "auto",
    ) -> None:
        self.window = window
        self.noise_channels = noise_channels
        self.generator = generator
        self.discriminator = discriminator
        self.stochastic_volatility = stochastic_volatility
        self.window_statistics = window_statistics
        self.statistics_lags = statistics_lags
        self.lambert_w = lambert_w
        self.innovation_df = innovation_df
        self.regime_halflife = regime_halflife
        self.volatility_weight = volatility_weight
        self.cover_edges = cover_edges
        self.training = training
        self.random_state = random_state
        self.device = device

    def sample(
        self, n_paths: int, horizon: int, *, random_state: RandomState = None
    ) -> ReturnPaths:
        """Generate ``n_paths`` paths of ``horizon`` daily log returns.

        Parameters
        ----------
        n_paths, horizon : int
            Number and length of the paths (any length: the generator is convolutional).
        random_state : int, numpy.random.Generator or None
            Seed of the noise; the same seed gives the same paths.

        Returns
        -------
        ReturnPaths
            Values of shape ``(n_paths, horizon, n_assets)``.
        """
        n_paths = check_int(n_paths, "n_paths", minimum=1)
        horizon = check_int(horizon, "horizon", minimum=1)
        rng = self._sampling_rng(random_state)
        noise_length = horizon + self._generator_config.receptive_field
        chunks: list[npt.NDArray[np.float64]] = []
        with self._inference() as generator:
            for start in range(0, n_paths, _SAMPLE_CHUNK):
                size = min(_SAMPLE_CHUNK, n_paths - start)
                noise = path_noise(
                    size,
                    self.noise_width,
                    noise_length,
                    rng,
                    n_assets=len(self.assets_),
                    innovation_df=self.innovation_df,
                    regime_halflife=self.regime_halflife,
                )
                paths = generator(noise.to(self.device_))  # (size, assets, horizon)
                chunks.append(paths.transpose(1, 2).double().cpu().numpy())
        values = np.concatenate(chunks)  # (n_paths, horizon, assets)
        flat = self.transform_.inverse_transform(values.reshape(-1, len(self.assets_)))
        return ReturnPaths.from_array(flat.reshape(values.shape), self.assets_)

    # -- GANEstimator hooks ---------------------------------------------------------------------

    @property
    def noise_width(self) -> int:
        """Channels of noise the generator reads: ``noise_channels`` and the persistent one."""
        return int(self.noise_channels) + (self.regime_halflife is not None)

    @property
    def _generator_config(self) -> TCNConfig:
        return self.generator or DEFAULT_GENERATOR

    @property
    def _discriminator_config(self) -> TCNConfig:
        return self.discriminator or DEFAULT_DISCRIMINATOR

    def _check_params(self) -> None:
        super()._check_params()
        check_int(self.window, "window", minimum=1)
        receptive_field = self._discriminator_config.receptive_field
        if self.window < receptive_field:
            raise ConfigError(
                f"window ({self.window}) must be at least the discriminator's receptive field "
                f"({receptive_field})"
            )
        check_int(self.noise_channels, "noise_channels", minimum=1)
        if self.statistics_lags not in STATISTICS_LAGS:
            raise ConfigError(
                f"statistics_lags must be one of {sorted(STATISTICS_LAGS)}; "
                f"got {self.statistics_lags!r}"
            )
        for name in ("stochastic_volatility", "window_statistics", "lambert_w", "cover_edges"):
            check_flag(getattr(self, name), name)
        if self.innovation_df is not None:
            check_int(self.innovation_df, "innovation_df", minimum=3)
        if self.regime_halflife is not None:
            check_positive(self.regime_halflife, "regime_halflife")
        check_non_negative(self.volatility_weight, "volatility_weight")

    def _min_rows(self) -> int:
        return int(self.window) + 1

    def _check_assets(self, n_assets: int) -> None:
        if self.noise_channels < n_assets:
            raise ConfigError(
                f"noise_channels ({self.noise_channels}) must be at least the number of assets "
                f"({n_assets})"
            )

    def _prepare(self, data: Any) -> WindowTask:
        frame = validate_returns_frame(data, min_rows=self._min_rows())
        self._record_training_data(frame)
        self.assets_ = [str(column) for column in frame.columns]
        self._check_assets(len(self.assets_))
        self.transform_ = Pipeline(quant_gans_steps(self.lambert_w)).fit(frame.to_numpy())
        series = torch.as_tensor(self.transform_.transform(frame.to_numpy()).T, dtype=torch.float32)
        noise_length = self.window + self._generator_config.receptive_field
        windows = (series.contiguous(), self.window, self.noise_width, noise_length)
        noise_and_weights: dict[str, Any] = {
            "innovation_df": self.innovation_df,
            "regime_halflife": self.regime_halflife,
            "edge_weight": balanced_edge_weight(self.window) if self.cover_edges else 0.0,
        }
        if self.volatility_weight > 0:
            return VolatilityMatchedWindowTask(
                *windows, weight=self.volatility_weight, **noise_and_weights
            )
        return WindowTask(*windows, **noise_and_weights)

    def _build_networks(self) -> tuple[nn.Module, nn.Module]:
        n_assets = len(self.assets_)
        generator = PathGenerator(
            self.noise_width,
            n_assets,
            self._generator_config,
            stochastic_volatility=self.stochastic_volatility,
        )
        discriminator = PathDiscriminator(
            n_assets,
            self._discriminator_config,
            window=self.window,
            statistics=self.window_statistics,
            lags=STATISTICS_LAGS[self.statistics_lags],
        )
        return generator, discriminator

    def _fitted_state(self) -> dict[str, Any]:
        return {
            "assets": self.assets_,
            "transform": self.transform_.to_dict(),
            "format": _FORMAT,
        }

    def _restore_fitted_state(self, state: dict[str, Any]) -> None:
        saved_format = state.get("format", 1)
        if saved_format not in range(1, _FORMAT + 1):
            raise ValueError(f"format must be 1 to {_FORMAT}; got {saved_format!r}")
        if saved_format < 2:  # saved before statistics_lags existed: the old sparse lags
            self.statistics_lags = "sparse"
        if saved_format < 3:  # saved before the regime channel and volatility matching
            self.regime_halflife, self.volatility_weight = None, 0.0
        if saved_format < 4:  # saved before the edge windows were drawn more often
            self.cover_edges = False
        if saved_format < 5 and self.statistics_lags == "dense":  # "dense" was |r| only then
            self.statistics_lags = "dense_abs"
        self.assets_ = checked_names(state["assets"], "assets")
        self.transform_ = Pipeline.from_dict(state["transform"])

    def _check_fitted_state(self) -> None:
        self._check_assets(len(self.assets_))
        check_pipeline(self.transform_, quant_gans_steps(self.lambert_w), len(self.assets_))
        self._check_training_shape(len(self.assets_))
