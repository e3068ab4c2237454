"""Tests of fingan.explain.critic: attributions of the critic's statistics head."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch
from torch import Tensor, nn

from fingan.core.exceptions import ConfigError, ShapeError
from fingan.explain.critic import attribute_statistics, critic_attributions, statistic_names
from fingan.models import MarketGAN
from fingan.nn.market import WindowStatistics
from fingan.nn.tcn import TCNConfig
from fingan.training import TrainingConfig


def _real_statistics(n: int = 120, window: int = 64) -> tuple[Tensor, list[str]]:
    """Statistics of Student-t windows with varying volatility."""
    generator = torch.Generator().manual_seed(0)
    scale = torch.exp(torch.randn(n, 1, 1, generator=generator) * 0.5)
    paths = scale * torch.distributions.StudentT(4.0).sample((n, 1, window))
    statistics = WindowStatistics(window)
    return statistics(paths).flatten(1), statistic_names(statistics, ["SPX"])


class _OneStatistic(nn.Module):
    """A stand-in critic head whose score depends on one statistic only."""

    def __init__(self, position: int, n_features: int) -> None:
        super().__init__()
        self.position = position
        self.n_features = n_features

    def forward(self, statistics: Tensor) -> Tensor:
        return torch.log1p(statistics[..., self.position : self.position + 1].pow(2))


@pytest.mark.parametrize("method", ["integrated-gradients", "gradient-input"])
def test_a_critic_reading_one_statistic_ranks_it_first(method: str) -> None:
    statistics, names = _real_statistics()
    position = names.index("volatility")
    head = _OneStatistic(position, len(names))
    result = attribute_statistics(
        lambda rows: head(rows).squeeze(-1), statistics, names, method=method
    )
    assert result.importance.index[0] == "volatility"
    assert result.importance.iloc[1] == 0.0
    assert result.deletion.passed
    assert result.deletion.bottom_change == 0.0
    assert list(result.to_frame().index[:1]) == ["volatility"]


def test_integrated_gradients_are_complete() -> None:
    """Attributions add up to the score's distance from the baseline's score."""
    statistics, names = _real_statistics()
    torch.manual_seed(0)
    head = nn.Sequential(nn.Linear(len(names), 16), nn.Tanh(), nn.Linear(16, 1))
    result = attribute_statistics(
        lambda rows: head(rows).squeeze(-1), statistics, names, n_steps=64
    )
    with torch.no_grad():
        gaps = head(statistics).squeeze(-1) - head(statistics.mean(0, keepdim=True)).squeeze(-1)
    np.testing.assert_allclose(result.attributions.sum(axis=1), gaps.numpy(), atol=2e-3)


def test_names_follow_the_statistics() -> None:
    statistics = WindowStatistics(64)
    names = statistic_names(statistics, ["a"])
    assert len(names) == statistics.n_features
    assert names[0] == "ACF |r| lag 1"
    assert names[-3:] == ["volatility", "skewness", "log kurtosis"]
    two = statistic_names(statistics, ["a", "b"])
    assert len(two) == 2 * statistics.n_features
    assert two[statistics.n_features] == "b: ACF |r| lag 1"


def test_statistics_of_the_wrong_shape_are_refused() -> None:
    statistics, names = _real_statistics()
    with pytest.raises(ShapeError):
        attribute_statistics(lambda rows: rows.sum(-1), statistics, names[:-1])


@pytest.fixture(scope="module")
def tiny_gan() -> tuple[MarketGAN, pd.DataFrame]:
    rng = np.random.default_rng(0)
    returns = pd.DataFrame(
        {"SPX": 0.01 * rng.standard_t(4, size=400)},
        index=pd.bdate_range("2020-01-01", periods=400),
    )
    tcn = TCNConfig(hidden_channels=4, skip_channels=4, n_blocks=2)
    model = MarketGAN(
        window=32,
        generator=tcn,
        discriminator=tcn,
        training=TrainingConfig(loss="wgan-gp", n_steps=2, batch_size=8),
        random_state=0,
        device="cpu",
    )
    return model.fit(returns), returns


def test_the_fitted_critic_is_explained_on_real_windows(tiny_gan) -> None:
    model, returns = tiny_gan
    result = critic_attributions(model, returns, n_windows=40, method="gradient-input")
    assert result.attributions.shape == (40, model.discriminator_.window_statistics.n_features)
    assert "volatility" in result.importance.index
    assert set(result.to_dict()) == {"method", "n_windows", "importance", "deletion"}


def test_a_known_answer_through_the_fitted_model(tiny_gan) -> None:
    model, returns = tiny_gan
    names = statistic_names(model.discriminator_.window_statistics, model.assets_)
    original = model.discriminator_.statistics
    model.discriminator_.statistics = _OneStatistic(names.index("log kurtosis"), len(names))
    try:
        result = critic_attributions(model, returns, n_windows=60)
    finally:
        model.discriminator_.statistics = original
    assert result.importance.index[0] == "log kurtosis"
    assert result.deletion.passed


def test_a_critic_without_statistics_head_is_a_config_error(tiny_gan) -> None:
    model, returns = tiny_gan
    original = model.discriminator_.statistics
    model.discriminator_.statistics = None
    try:
        with pytest.raises(ConfigError, match="statistics head"):
            critic_attributions(model, returns)
    finally:
        model.discriminator_.statistics = original


def test_the_critic_figure_draws_the_statistics_largest_on_top() -> None:
    from fingan.report.figures.attribution import critic_attribution_figure

    importance = pd.Series({"volatility": 0.5, "skewness": 0.1, "ACF |r| lag 1": 0.3})
    figure = critic_attribution_figure(importance, signed=-importance)
    (axes,) = figure.axes
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert labels[-1] == "volatility"
    assert all(bar.get_hatch() == "///" for bar in axes.patches)
