"""InnovationGAN: a conditional GAN of a filter's residuals, its condition, sampler and files."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
import torch

from fingan.core.exceptions import ConfigError, NotFittedError
from fingan.core.filtered import FilteredReturns
from fingan.models import GANEstimator, InnovationGAN, load_model
from fingan.models.innovation_sampling import RESIDUAL_BOUND
from fingan.nn import MLPConfig
from fingan.nn.conditional import ConditionalReturnGenerator
from fingan.training import TrainingConfig

TINY = MLPConfig(hidden_dims=(16,))


def filtered_returns(
    residuals: np.ndarray, *, drift: float = 0.05, seed: int = 0
) -> FilteredReturns:
    """``residuals`` with a variance moving as a random walk in logs (fixed for ``drift=0``)."""
    rng = np.random.default_rng(seed)
    steps = drift * rng.standard_normal(residuals.shape)
    variances = 1e-4 * np.exp(np.cumsum(steps, axis=0))
    n_assets = residuals.shape[1]
    return FilteredReturns(residuals, variances, variances[-1], np.full(n_assets, 1e-4))


@pytest.fixture(scope="module")
def two_assets() -> FilteredReturns:
    """300 days of correlated unit-variance t(5) residuals of two assets."""
    rng = np.random.default_rng(0)
    common = rng.standard_t(5, 300)
    own = rng.standard_t(5, (300, 2))
    residuals = (0.8 * common[:, None] + 0.6 * own) * np.sqrt(3 / 5)
    return filtered_returns(residuals)


def small_gan(n_steps: int = 4, **kwargs: Any) -> InnovationGAN:
    options: dict[str, Any] = {
        "n_lags": 3,
        "changes": (1, 5),
        "dispersion_window": 20,
        "noise_dim": 4,
        "generator": TINY,
        "discriminator": TINY,
        "training": TrainingConfig(n_steps=n_steps, batch_size=32),
        "random_state": 0,
        "device": "cpu",
    }
    return InnovationGAN(**{**options, **kwargs})


@pytest.fixture(scope="module")
def fitted(two_assets: FilteredReturns) -> InnovationGAN:
    return small_gan().fit(two_assets)


def draw_days(
    model: InnovationGAN, history: FilteredReturns, n_paths: int, n_days: int, seed: int
) -> np.ndarray:
    """Residuals of ``n_days`` days at the history's next variance: (paths, days, assets)."""
    sampler = model.sampler(history, n_paths, np.random.default_rng(seed))
    variance = np.broadcast_to(history.next_variance, (n_paths, history.n_assets))
    days = []
    for _ in range(n_days):
        days.append(sampler.draw(variance))
        sampler.advance(days[-1], variance)
    return np.stack(days, axis=1)


def test_condition_width_counts_lags_level_changes_and_dispersion():
    model = InnovationGAN(n_lags=5, changes=(1, 5, 20), dispersion_window=250, variance_level=True)
    assert model.condition_width == 5 + 1 + 3 + 1
    assert (model.memory, model.residual_memory) == (20, 250)
    lean = InnovationGAN(n_lags=7, changes=(2,), dispersion_window=None)  # no level feature
    assert lean.condition_width == 7 + 1
    assert (lean.memory, lean.residual_memory) == (2, 7)


def test_raw_condition_is_lags_level_changes_and_dispersion_by_hand():
    model = InnovationGAN(n_lags=2, changes=(1, 3), dispersion_window=4, variance_level=True)
    residuals = np.array([[1.0, 2.0, -1.0, 3.0]]).T[None]  # (1 window, 4 days, 1 asset)
    logs = np.log([[1.0, 2.0, 4.0, 8.0]]).T[None]  # (1 window, memory + 1 days, 1 asset)
    (condition,) = model.conditions(residuals, logs, np.array([2.0]))
    expected = [
        -1.0,
        3.0,  # the last two residuals, oldest first
        np.log(8.0 / 2.0),  # today's log variance against the long-run variance
        np.log(8.0 / 4.0),  # change over one day
        np.log(8.0 / 1.0),  # change over three days
        np.log((1 + 4 + 1 + 9) / 4),  # log mean square of the last four residuals
    ]
    np.testing.assert_allclose(condition, expected)


def test_fit_standardises_the_condition_and_records_training(
    fitted: InnovationGAN, two_assets: FilteredReturns
):
    assert fitted.n_assets_ == 2
    assert list(fitted.history_.index) == [1, 2, 3, 4]
    # The raw condition of every training day, by hand: windows of the days before each day.
    first, n_days = 20, len(two_assets.residuals)  # max(memory, residual_memory) = 20
    logs = two_assets.log_variances()[:-1]
    lags = np.stack([two_assets.residuals[t - 20 : t] for t in range(first, n_days)])
    windows = np.stack([logs[t - 5 : t + 1] for t in range(first, n_days)])
    raw = small_gan().conditions(lags, windows, two_assets.long_run_variance)  # unfitted: raw
    assert raw.shape == (n_days - first, 2 * fitted.condition_width)
    np.testing.assert_allclose(fitted.feature_mean_, raw.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(fitted.feature_scale_, raw.std(axis=0), rtol=1e-12)
    standardised = fitted.conditions(lags, windows, two_assets.long_run_variance)
    inside = np.abs(standardised) < 3  # the fitted condition is the raw one standardised
    np.testing.assert_allclose(
        standardised[inside], ((raw - raw.mean(axis=0)) / raw.std(axis=0))[inside], atol=1e-12
    )


def test_sampler_shapes_bounds_and_seeding(fitted: InnovationGAN, two_assets: FilteredReturns):
    days = draw_days(fitted, two_assets, 50, 6, seed=1)
    assert days.shape == (50, 6, 2)
    assert np.isfinite(days).all()
    assert np.abs(days).max() <= RESIDUAL_BOUND
    assert len(np.unique(days[:, 0, 0])) == 50  # every path its own noise
    np.testing.assert_array_equal(days, draw_days(fitted, two_assets, 50, 6, seed=1))
    assert not np.array_equal(days, draw_days(fitted, two_assets, 50, 6, seed=2))


def test_sampler_rolls_each_paths_condition_forward(
    fitted: InnovationGAN, two_assets: FilteredReturns
):
    sampler = fitted.sampler(two_assets, 3, np.random.default_rng(0))
    # Every path starts from the history's last residuals and log variances.
    np.testing.assert_array_equal(sampler.residuals[1], two_assets.residuals[-20:])
    np.testing.assert_allclose(sampler.log_variances[2], np.log(two_assets.variances[-5:]))
    variance = np.full((3, 2), 3e-4)
    drawn = sampler.draw(variance)
    sampler.advance(drawn, variance)
    np.testing.assert_array_equal(sampler.residuals[:, -1], drawn)
    np.testing.assert_array_equal(
        sampler.residuals[:, -2], np.tile(two_assets.residuals[-1], (3, 1))
    )
    np.testing.assert_allclose(sampler.log_variances[:, -1], np.log(3e-4))


def test_save_and_load_give_identical_draws(
    fitted: InnovationGAN, two_assets: FilteredReturns, tmp_path
):
    fitted.save(tmp_path / "model")
    loaded = load_model(tmp_path / "model", device="cpu")
    assert isinstance(loaded, InnovationGAN)
    assert tuple(loaded.get_params()["changes"]) == fitted.get_params()["changes"]
    np.testing.assert_array_equal(loaded.feature_scale_, fitted.feature_scale_)
    np.testing.assert_array_equal(
        draw_days(loaded, two_assets, 20, 4, seed=3), draw_days(fitted, two_assets, 20, 4, seed=3)
    )
    assert isinstance(GANEstimator.load(tmp_path / "model", device="cpu"), InnovationGAN)


def test_same_seed_same_model(two_assets: FilteredReturns):
    first = small_gan(n_steps=2).fit(two_assets)
    second = small_gan(n_steps=2).fit(two_assets)
    np.testing.assert_array_equal(
        draw_days(first, two_assets, 10, 2, seed=0), draw_days(second, two_assets, 10, 2, seed=0)
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_lags": 0}, "n_lags"),
        ({"changes": ()}, "changes must be a non-empty sequence"),
        ({"changes": 5}, "changes must be a non-empty sequence"),
        ({"changes": (1, 0)}, "changes"),
        ({"dispersion_window": 1}, "dispersion_window"),
        ({"innovation_df": 2}, "innovation_df"),
        ({"noise_dim": 0}, "noise_dim"),
        ({"noise_dim": 1}, r"noise_dim \(1\) must be at least 2"),
    ],
)
def test_bad_params_are_config_errors(params, message, two_assets: FilteredReturns):
    with pytest.raises(ConfigError, match=message):
        small_gan(**params).fit(two_assets)


def test_bad_data_and_unfitted_use(two_assets: FilteredReturns):
    with pytest.raises(ConfigError, match="fitted to FilteredReturns"):
        small_gan().fit(pd.DataFrame(two_assets.residuals))
    short = filtered_returns(two_assets.residuals[:100])
    with pytest.raises(ConfigError, match="needs 120 days; got 100"):
        small_gan().fit(short)
    with pytest.raises(NotFittedError):
        small_gan().sampler(two_assets, 5, np.random.default_rng(0))


def test_sampler_refuses_a_history_it_cannot_continue(
    fitted: InnovationGAN, two_assets: FilteredReturns
):
    one_asset = filtered_returns(two_assets.residuals[:, :1])
    with pytest.raises(ValueError, match="2 asset"):
        fitted.sampler(one_asset, 5, np.random.default_rng(0))
    with pytest.raises(ValueError, match="20\\+ days"):
        fitted.sampler(filtered_returns(two_assets.residuals[-10:]), 5, np.random.default_rng(0))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_draws_widen_after_a_large_residual(seed: int):
    # Residuals whose scale follows the previous residual (an ARCH effect the filter missed),
    # at a fixed variance: the GAN must draw wider residuals after a large one than after a
    # small one (the true spread is 4.7 times wider after 3 than after 0).
    rng = np.random.default_rng(1)
    residuals, previous = np.empty((3000, 1)), 0.0
    for day in range(3000):
        previous = np.sqrt(0.3 + 0.7 * min(previous**2, 9.0)) * rng.standard_normal()
        residuals[day] = previous
    residuals /= residuals.std()
    wide = MLPConfig(hidden_dims=(32, 32))
    training = TrainingConfig(n_steps=300, batch_size=128, n_critic=5, lr_g=5e-4, lr_d=5e-4)
    model = small_gan(
        n_lags=1,
        changes=(1,),
        dispersion_window=None,
        generator=wide,
        discriminator=wide,
        training=training,
        random_state=seed,
    ).fit(filtered_returns(residuals, drift=0.0))

    def spread_after(last: float) -> float:
        history = filtered_returns(np.vstack([residuals[:-1], [[last]]]), drift=0.0)
        return float(draw_days(model, history, 4000, 1, seed=0).std())

    assert spread_after(3.0) > 2 * spread_after(0.0)


def test_the_sampled_innovation_is_standardised(two_assets: FilteredReturns):
    """The averaged generator's innovation has mean 0 and variance 1 as sampled: its batch
    statistics are recomputed for its own weights (copied from the live generator after 50
    steps they gave a variance of 0.25)."""
    fitted = small_gan(n_steps=50, noise_dim=2).fit(two_assets)
    network = fitted.generator_.eval()
    assert isinstance(network, ConditionalReturnGenerator)
    with torch.no_grad():
        noise = fitted._noise(100_000, torch.Generator().manual_seed(3))
        innovation = network.standardise(network.innovation(noise))
    assert torch.allclose(innovation.var(dim=0), torch.ones(2), atol=0.04)
    assert torch.allclose(innovation.mean(dim=0), torch.zeros(2), atol=0.03)
