"""GANEstimator.refit: a warm start from the current fit, for a share of the steps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch

from fingan.core.exceptions import ConfigError, NotFittedError
from fingan.models import MLPGAN, load_model
from fingan.models.base import REFIT_SHARE
from fingan.training import TrainingConfig


def frame(columns: int = 2, seed: int = 5) -> pd.DataFrame:
    values = np.random.default_rng(seed).normal(size=(300, columns)) * 2.0 + 1.0
    return pd.DataFrame(values, columns=[f"x{column}" for column in range(columns)])


def live_generator(model: MLPGAN) -> dict[str, torch.Tensor]:
    weights = model._checkpoint.weights
    return {key: value for key, value in weights.items() if key.startswith("generator.")}


def distance(one: dict[str, torch.Tensor], other: dict[str, torch.Tensor]) -> float:
    return float(sum((one[key] - other[key]).norm() ** 2 for key in one) ** 0.5)


@pytest.fixture
def fitted(small_net) -> MLPGAN:
    training = TrainingConfig(n_steps=40, batch_size=64, lr_g=1e-3, lr_d=1e-3)
    model = MLPGAN(generator=small_net, discriminator=small_net, training=training, random_state=0)
    return model.fit(frame())


def test_a_refit_starts_from_the_current_networks(fitted, small_net):
    before = live_generator(fitted)
    fitted.refit(frame(seed=6), n_steps=1, random_state=9)
    # One step from the previous weights moves them a little; a new fit with the same seed
    # starts from a new initialisation, far away.
    fresh = MLPGAN(
        generator=small_net,
        discriminator=small_net,
        training=TrainingConfig(n_steps=1, batch_size=64, lr_g=1e-3, lr_d=1e-3),
        random_state=9,
    ).fit(frame(seed=6))
    moved = distance(live_generator(fitted), before)
    assert 0.0 < moved < 0.1 * distance(live_generator(fresh), before)
    assert len(fitted.history_) == 1
    assert fitted.seed_ == 9


def test_a_refit_trains_a_share_of_the_steps_and_saves_like_a_fit(fitted, tmp_path):
    fitted.refit(frame(seed=6))
    assert len(fitted.history_) == round(REFIT_SHARE * 40)
    assert fitted.seed_ == 0  # the estimator's own random_state
    fitted.save(tmp_path / "refitted")
    loaded = load_model(tmp_path / "refitted")
    pd.testing.assert_frame_equal(
        loaded.sample(20, random_state=1), fitted.sample(20, random_state=1)
    )
    loaded.refit(frame(seed=7), n_steps=2, random_state=4)
    assert len(loaded.history_) == 2
    assert loaded.get_params()["random_state"] == 0


def test_a_refit_needs_a_fit_and_data_of_the_same_shape(fitted, small_net):
    with pytest.raises(NotFittedError):
        MLPGAN(generator=small_net, discriminator=small_net).refit(frame())
    with pytest.raises(ConfigError, match="cannot refit MLPGAN from its current fit"):
        fitted.refit(frame(columns=3))
    with pytest.raises(ConfigError, match="n_steps"):
        fitted.refit(frame(), n_steps=0)
