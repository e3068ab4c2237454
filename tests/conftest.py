"""Shared, seeded fixtures."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.nn import MLPConfig
from fingan.training import TrainingConfig


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
