"""EWMA volatility features: the filter against its recursion, and its one-day update."""

import numpy as np
import pytest

from fingan.core.exceptions import ConfigError, NotFittedError
from fingan.transforms.volatility import EWMAVolatility


@pytest.fixture
def returns() -> np.ndarray:
    return 0.01 * np.random.default_rng(0).standard_normal((300, 2))


def test_variances_follow_the_recursion(returns: np.ndarray) -> None:
    features = EWMAVolatility((5.0, 20.0)).fit(returns)
    variances = features.variances(returns)
    decay = 2.0 ** (-1.0 / 20.0)
    expected = features.initial_.copy()
    for day in returns:
        expected = decay * expected + (1 - decay) * day**2
    np.testing.assert_allclose(variances[-1, 2:], expected)


def test_update_continues_the_filter(returns: np.ndarray) -> None:
    features = EWMAVolatility((3.0, 60.0)).fit(returns)
    before = features.variances(returns[:-1])[-1]
    stepped = features.update(before[None, :], returns[-1:])
    np.testing.assert_allclose(stepped[0], features.variances(returns)[-1])


def test_features_are_standardised_on_the_training_data(returns: np.ndarray) -> None:
    features = EWMAVolatility().fit(returns)
    values = features.transform(returns)
    np.testing.assert_allclose(values.mean(axis=0), 0.0, atol=1e-9)
    np.testing.assert_allclose(values.std(axis=0), 1.0, atol=1e-9)
    restored = EWMAVolatility.from_dict(features.to_dict())
    np.testing.assert_array_equal(restored.transform(returns), values)


def test_errors() -> None:
    with pytest.raises(NotFittedError):
        EWMAVolatility().variances(np.zeros((3, 1)))
    with pytest.raises(ConfigError, match="halflives"):
        EWMAVolatility((0.0,)).fit(np.ones((3, 1)))
