"""Tests for TimeGAN's post-hoc discriminative and predictive scores (few iterations)."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.core.exceptions import ConfigError, ShapeError
from fingan.metrics.post_hoc import timegan_discriminative_score, timegan_predictive_score


def ramp_windows(rng: np.random.Generator, n: int = 300, length: int = 8) -> np.ndarray:
    """Noisy rising ramps in [0, 1]: six features that all trend up through each window."""
    start = rng.uniform(0, 0.3, size=(n, 1, 6))
    slope = rng.uniform(0.5, 0.7, size=(n, 1, 6))
    t = np.linspace(0, 1, length)[None, :, None]
    return start + slope * t + rng.normal(0, 0.01, size=(n, length, 6))


def time_shuffled(windows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return np.stack([window[rng.permutation(len(window))] for window in windows])


@pytest.fixture
def real(rng: np.random.Generator) -> np.ndarray:
    return ramp_windows(rng)


def test_identical_data_score_about_zero(real: np.ndarray) -> None:
    scores = [
        timegan_discriminative_score(
            real, real.copy(), n_iterations=100, batch_size=32, random_state=seed
        )
        for seed in range(2)
    ]
    assert max(scores) < 0.1


def test_time_shuffled_windows_are_told_apart(real: np.ndarray, rng: np.random.Generator) -> None:
    shuffled = time_shuffled(real, rng)
    score = timegan_discriminative_score(
        real, shuffled, n_iterations=200, batch_size=32, random_state=0
    )
    assert score > 0.2


def test_discriminative_score_is_reproducible(real: np.ndarray, rng: np.random.Generator) -> None:
    shuffled = time_shuffled(real, rng)
    first = timegan_discriminative_score(real, shuffled, n_iterations=20, random_state=3)
    again = timegan_discriminative_score(real, shuffled, n_iterations=20, random_state=3)
    assert first == again


def test_training_on_time_shuffled_windows_predicts_worse(
    real: np.ndarray, rng: np.random.Generator
) -> None:
    on_real = timegan_predictive_score(real, real, n_iterations=300, batch_size=32, random_state=0)
    on_shuffled = timegan_predictive_score(
        real, time_shuffled(real, rng), n_iterations=300, batch_size=32, random_state=0
    )
    assert on_real < 0.85 * on_shuffled


def test_predictive_score_uses_only_the_other_features_of_earlier_days(
    rng: np.random.Generator,
) -> None:
    # The target (last feature) is noise unrelated to the inputs: nothing to learn, whatever
    # is trained on; the error is about that of predicting the median, 0.25 for uniform noise.
    windows = rng.uniform(size=(300, 8, 3))
    score = timegan_predictive_score(
        windows, windows, n_iterations=200, batch_size=32, random_state=0
    )
    assert 0.2 < score < 0.32


def test_bad_input(real: np.ndarray) -> None:
    with pytest.raises(ShapeError):
        timegan_discriminative_score(real, real[:, :5])
    with pytest.raises(ShapeError):
        timegan_predictive_score(real[0], real)
    with pytest.raises(ConfigError):
        timegan_discriminative_score(real, real, train_size=1.0)
