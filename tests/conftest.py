"""Shared, seeded fixtures."""

from __future__ import annotations

import os

import numpy as np
import pytest
import torch
from hypothesis import settings

from fingan.nn import MLPConfig
from fingan.training import TrainingConfig

# CI runs the same property-test examples every time (a failure there is reproducible); local
# runs explore new random examples.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

# The test models are small: a second intra-op thread only adds synchronisation, and on a
# machine busy with other work it makes every step many times slower (seen: 13 s vs 88 s).
torch.set_num_threads(1)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261125)


@pytest.fixture
def small_net() -> MLPConfig:
    return MLPConfig(hidden_dims=(32, 32))


@pytest.fixture
def quick_training() -> TrainingConfig:
    """A few steps: enough to exercise the loop, far too few to learn anything."""
    return TrainingConfig(n_steps=12, batch_size=32, checkpoint_every=4, lr_g=1e-3, lr_d=1e-3)


@pytest.fixture(scope="session")
def tiny_market_evaluation():
    """A real evaluation (two assets, every generator) with a GAN trained for a few steps."""
    from fingan.apps.market import evaluate_market, market_data
    from fingan.models import MarketGAN
    from fingan.nn.tcn import TCNConfig

    tiny = TCNConfig(hidden_channels=8, skip_channels=8, n_blocks=4)
    gan = MarketGAN(
        window=32,
        generator=tiny,
        discriminator=tiny,
        training=TrainingConfig(n_steps=5, batch_size=8),
        random_state=0,
    )
    returns = market_data("sp500,nasdaq", start="2014-01-01", end="2018-12-31")
    return evaluate_market(returns, test_start="2017-01-01", gan=gan, n_paths=20)
