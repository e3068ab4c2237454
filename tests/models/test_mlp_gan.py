"""MLPGAN: it learns simple distributions with each loss; fit/sample/save/load contract."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from sklearn.mixture import GaussianMixture

from fingan.core.exceptions import (
    CheckpointError,
    ConfigError,
    MissingValueError,
    NonNumericError,
    NotFittedError,
)
from fingan.models import MLPGAN, load_model
from fingan.nn import MLPConfig
from fingan.training import LossName, TrainingConfig

LOSSES: list[LossName] = ["minimax", "nonsaturating", "wgan-gp"]
NET = MLPConfig(hidden_dims=(64, 64))


def learner(loss: LossName) -> MLPGAN:
    training = TrainingConfig(loss=loss, n_steps=1500, batch_size=128, lr_g=5e-4, lr_d=5e-4)
    return MLPGAN(noise_dim=8, generator=NET, discriminator=NET, training=training, random_state=0)


@pytest.mark.slow
@pytest.mark.parametrize("loss", LOSSES)
def test_learns_both_modes_of_a_bimodal_mixture(loss, rng):
    # Modes at -2 and +2 with sd 0.5, equal weights. Tolerances: a two-component mixture fitted
    # to 4,000 generated points must put its means within 0.3 (0.6 sd, far below the 4.0 gap) of
    # the true ones, and each weight within 0.15 of 1/2; a GAN that found one mode fails both.
    data = np.concatenate([rng.normal(-2, 0.5, 1000), rng.normal(2, 0.5, 1000)])
    samples = learner(loss).fit(pd.DataFrame({"x": data})).sample(4000, random_state=1)
    mixture = GaussianMixture(2, random_state=0).fit(samples.to_numpy())
    order = np.argsort(mixture.means_[:, 0])
    np.testing.assert_allclose(mixture.means_[order, 0], [-2.0, 2.0], atol=0.3)
    np.testing.assert_allclose(mixture.weights_[order], [0.5, 0.5], atol=0.15)


@pytest.mark.slow
@pytest.mark.parametrize("loss", LOSSES)
def test_learns_correlation_of_a_bivariate_gaussian(loss, rng):
    # Correlation 0.8: the sampling error of 4,000 draws is ~0.006, so a tolerance of 0.1 is
    # the GAN's own error; an independent generator (correlation 0) fails by 0.8.
    data = rng.multivariate_normal([1.0, -1.0], [[1.0, 0.8], [0.8, 1.0]], size=2000)
    samples = learner(loss).fit(data).sample(4000, random_state=1).to_numpy()
    assert np.corrcoef(samples.T)[0, 1] == pytest.approx(0.8, abs=0.1)
    np.testing.assert_allclose(samples.mean(axis=0), [1.0, -1.0], atol=0.2)
    np.testing.assert_allclose(samples.std(axis=0), [1.0, 1.0], atol=0.2)


def training_frame() -> pd.DataFrame:
    values = np.random.default_rng(5).normal(size=(300, 2)) * [1.0, 5.0] + [0.0, 10.0]
    return pd.DataFrame(values, columns=["a", "b"])


@pytest.fixture
def fitted(small_net, quick_training) -> MLPGAN:
    model = MLPGAN(
        generator=small_net, discriminator=small_net, training=quick_training, random_state=3
    )
    return model.fit(training_frame())


def test_sample_is_a_frame_with_fit_columns_and_seeded(fitted):
    first = fitted.sample(50, random_state=7)
    assert list(first.columns) == ["a", "b"]
    assert first.shape == (50, 2)
    pd.testing.assert_frame_equal(first, fitted.sample(50, random_state=7))
    assert not first.equals(fitted.sample(50, random_state=8))


def test_same_seed_gives_identical_model(rng, small_net, quick_training):
    data = rng.normal(size=(200, 3))

    def fit() -> MLPGAN:
        return MLPGAN(
            generator=small_net, discriminator=small_net, training=quick_training, random_state=11
        ).fit(data)

    pd.testing.assert_frame_equal(
        fit().sample(20, random_state=0), fit().sample(20, random_state=0)
    )


def test_save_and_load_round_trip(fitted, tmp_path):
    fitted.save(tmp_path / "model")
    loaded = MLPGAN.load(tmp_path / "model", device="cpu")
    pd.testing.assert_frame_equal(
        loaded.sample(30, random_state=2), fitted.sample(30, random_state=2)
    )
    pd.testing.assert_frame_equal(loaded.history_, fitted.history_)
    assert isinstance(load_model(tmp_path / "model"), MLPGAN)
    assert loaded.get_params()["training"] == fitted.training


def test_fit_resumes_from_saved_model(fitted, tmp_path, small_net, quick_training):
    fitted.save(tmp_path / "model")
    longer = dataclasses.replace(quick_training, n_steps=20)
    model = MLPGAN(generator=small_net, discriminator=small_net, training=longer, random_state=3)
    model.fit(training_frame(), resume=tmp_path / "model")
    assert list(model.history_.index) == list(range(1, 21))
    pd.testing.assert_frame_equal(model.history_.iloc[:12], fitted.history_)


def test_errors_are_clear(rng, small_net, quick_training, tmp_path):
    model = MLPGAN(generator=small_net, discriminator=small_net, training=quick_training)
    with pytest.raises(NotFittedError, match="not fitted"):
        model.sample(5)
    bad = pd.DataFrame({"x": [1.0, np.nan, 2.0]})
    with pytest.raises(MissingValueError):
        model.fit(bad)
    with pytest.raises(NonNumericError):
        model.fit(pd.DataFrame({"x": ["1.0", "abc", "2.0"]}))
    fitted = model.fit(rng.normal(size=(50, 1)))
    with pytest.raises(ConfigError, match="positive integer"):
        fitted.sample(0)
    with pytest.raises(CheckpointError, match="not found"):
        MLPGAN.load(tmp_path / "nothing-here")


def test_training_with_steps_replaces_only_the_steps() -> None:
    from fingan.core.exceptions import ConfigError

    assert MLPGAN.training_with_steps() is None
    assert MLPGAN.training_with_steps(n_steps=7) == dataclasses.replace(
        MLPGAN.default_training, n_steps=7
    )
    given = TrainingConfig(n_steps=3)
    assert MLPGAN.training_with_steps(given, n_steps=7) is given
    with pytest.raises(ConfigError, match="gan_steps"):
        MLPGAN.training_with_steps(n_steps=0)
