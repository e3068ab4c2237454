"""InnovationGAN with recency weights: training days weighted by 2^(-age / half-life)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from fingan.core.exceptions import ConfigError
from fingan.core.filtered import FilteredReturns
from fingan.models import InnovationGAN, load_model
from fingan.models.innovation_gan import RECENCY_REPEATS, recency_repeats
from fingan.nn import MLPConfig
from fingan.training import TrainingConfig

TINY = MLPConfig(hidden_dims=(16,))


def filtered_from(residuals: np.ndarray) -> FilteredReturns:
    variances = np.full_like(residuals, 1e-4)
    n_assets = residuals.shape[1]
    return FilteredReturns(residuals, variances, np.full(n_assets, 1e-4), np.full(n_assets, 1e-4))


def small_gan(n_steps: int, **kwargs: Any) -> InnovationGAN:
    return InnovationGAN(
        noise_dim=2,
        generator=TINY,
        discriminator=TINY,
        training=TrainingConfig(n_steps=n_steps, batch_size=128),
        random_state=0,
        device="cpu",
        **kwargs,
    )


@pytest.fixture(scope="module")
def drifted() -> FilteredReturns:
    """600 days of t(5) residuals: spread 0.5 for 450 days, then 2.0 for the last 150."""
    rng = np.random.default_rng(0)
    spread = np.r_[np.full(450, 0.5), np.full(150, 2.0)]
    return filtered_from((rng.standard_t(5, 600) * np.sqrt(3 / 5) * spread)[:, None])


def test_repeats_halve_with_each_half_life() -> None:
    repeats = recency_repeats(2001, halflife=500.0)
    assert repeats[-1] == RECENCY_REPEATS
    assert repeats[-501] == RECENCY_REPEATS // 2
    assert repeats[-1001] == RECENCY_REPEATS // 4
    assert np.all(np.diff(repeats) >= 0)
    # A day whose weight rounds to zero is left out; none is negative.
    assert recency_repeats(4000, halflife=100.0)[0] == 0


@pytest.mark.parametrize("halflife", [0, 0.5, True, "500"])
def test_bad_half_life(halflife: object, drifted: FilteredReturns) -> None:
    with pytest.raises(ConfigError, match="recency_halflife"):
        small_gan(1, recency_halflife=halflife).fit(drifted)


def test_training_batches_are_weighted_by_recency(drifted: FilteredReturns) -> None:
    """The rows the GAN trains on: the last 150 of 600 days carry their recency weight."""
    shares = {}
    for halflife in (None, 100.0):
        task = small_gan(1, recency_halflife=halflife)._prepare(drifted)
        batch = task.real_batch(20_000, torch.Generator().manual_seed(0))
        recent = set(drifted.residuals[-150:, 0].astype(np.float32).tolist())
        drawn = batch.data[:, 0].numpy().tolist()
        shares[halflife] = sum(value in recent for value in drawn) / len(drawn)
    weights = np.exp2(-np.arange(599, 0, -1) / 100.0)  # the training days (the first is a lag)
    expected = weights[-150:].sum() / weights.sum()
    assert abs(shares[None] - 150 / 599) < 0.02
    assert abs(shares[100.0] - expected) < 0.02
    assert shares[100.0] > 2 * shares[None]


def test_saved_gan_keeps_its_half_life(drifted: FilteredReturns, tmp_path) -> None:
    gan = small_gan(2, recency_halflife=250.0).fit(drifted)
    gan.save(tmp_path / "gan")
    loaded = load_model(tmp_path / "gan")
    assert isinstance(loaded, InnovationGAN)
    assert loaded.recency_halflife == 250.0
