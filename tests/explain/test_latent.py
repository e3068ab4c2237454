"""Tests of fingan.explain.latent: traversals of MarketGAN's noise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch
from torch import Tensor

from fingan.core.exceptions import ConfigError
from fingan.explain.latent import LatentTraversal, latent_traversal
from fingan.models import MarketGAN
from fingan.nn.market import PathGenerator, level_scale
from fingan.nn.tcn import TCNConfig
from fingan.training import TrainingConfig

TCN = TCNConfig(hidden_channels=4, skip_channels=4, n_blocks=2)


class _VolatilityFromChannel(PathGenerator):
    """A stand-in generator whose volatility is set by the level of one noise channel only."""

    channel: int = 1  # the channel
    halflife: float | None = None  # its regime half-life, if it is persistent

    def forward(self, noise: Tensor) -> Tensor:
        scale = level_scale(noise.shape[-1], self.halflife)
        level = noise[:, self.channel].mean(dim=-1) / scale  # (batch,), sd 1
        sigma = torch.exp(0.3 * level)[:, None, None]
        return sigma * noise[:, :1, self.receptive_field :]


@pytest.fixture(scope="module")
def model() -> MarketGAN:
    rng = np.random.default_rng(0)
    returns = pd.DataFrame(
        {"SPX": 0.01 * rng.standard_t(4, size=300)},
        index=pd.bdate_range("2020-01-01", periods=300),
    )
    gan = MarketGAN(
        window=32,
        generator=TCN,
        discriminator=TCN,
        lambert_w=False,
        innovation_df=None,
        training=TrainingConfig(loss="wgan-gp", n_steps=2, batch_size=8),
        random_state=0,
        device="cpu",
    )
    return gan.fit(returns)


def test_the_channel_that_sets_the_volatility_is_found(model: MarketGAN) -> None:
    result = _traverse_stand_in(model, _VolatilityFromChannel)
    sensitivity = result.sensitivity()
    volatility = sensitivity["log_volatility"].to_dict()
    tail = sensitivity["tail_quantile"].to_dict()
    direction = result.directions.loc["volatility regression"].to_dict()
    r_squared = result.fit["r_squared"].to_dict()
    assert volatility["channel 1"] == pytest.approx(0.3, rel=0.05)
    assert abs(volatility["channel 0"]) < 0.01
    assert abs(volatility["channel 2"]) < 0.01
    assert abs(direction["channel 1"]) > 0.95
    assert result.volatility_direction in {"channel 1", "volatility regression"}
    assert r_squared["volatility"] > 0.5
    # a lower volatility regime pulls the 1 % quantile towards zero
    assert tail["channel 1"] < 0


def test_offsets_of_the_persistent_channel_are_in_its_own_level_units(model: MarketGAN) -> None:
    assert model.regime_halflife is not None
    assert model.noise_width == model.noise_channels + 1

    class FromRegime(_VolatilityFromChannel):
        channel, halflife = model.noise_width - 1, model.regime_halflife

    result = _traverse_stand_in(model, FromRegime)
    volatility = result.sensitivity()["log_volatility"].to_dict()
    assert volatility[f"channel {model.noise_width - 1}"] == pytest.approx(0.3, rel=0.05)
    assert abs(volatility["channel 1"]) < 0.01


def _traverse_stand_in(model: MarketGAN, stand_in: type[PathGenerator]) -> LatentTraversal:
    fitted = model.generator_
    model.generator_ = stand_in(model.noise_width, 1, TCN)
    try:
        return latent_traversal(model, n_paths=200, horizon=50, random_state=1)
    finally:
        model.generator_ = fitted


def test_the_fitted_generator_is_traversed(model: MarketGAN) -> None:
    result = latent_traversal(model, n_paths=20, horizon=20, offsets=(-1.0, 0.0, 1.0))
    directions = model.noise_width + 2
    assert result.frame.shape == (3 * directions, 3)
    assert np.isfinite(result.frame.to_numpy()).all()
    assert set(result.to_dict()) >= {"volatility_direction", "tail_direction", "sensitivity"}
    assert "volatility regime" in result.summary()
    # the zero offset is the untouched base noise for every direction
    zero = result.frame.xs(0.0, level="offset")
    assert zero["volatility"].nunique() == 1


def test_bad_offsets_are_a_config_error(model: MarketGAN) -> None:
    with pytest.raises(ConfigError, match="offsets"):
        latent_traversal(model, offsets=(1.0,))


def test_the_traversal_figure_has_three_panels(model: MarketGAN) -> None:
    from fingan.report.figures.attribution import latent_traversal_figure

    result = latent_traversal(model, n_paths=10, horizon=20, offsets=(-1.0, 1.0))
    figure = latent_traversal_figure(result.to_frame(), ["channel 0", "channel 1"])
    assert len(figure.axes) == 3
    assert len(figure.axes[0].lines) == 2 + 1  # two directions and the zero line
