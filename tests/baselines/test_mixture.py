"""The Gaussian mixture recovers a known mixture and draws independent days."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.baselines import GaussianMixtureBaseline
from fingan.core.exceptions import ConfigError, MissingValueError, NotFittedError, TooFewRowsError

WEIGHTS = np.array([0.7, 0.3])
MEANS = np.array([[0.001, 0.0005], [-0.004, -0.003]])
COVARIANCES = np.array(
    [
        [[1e-4, 0.5e-4], [0.5e-4, 1e-4]],
        [[9e-4, 6e-4], [6e-4, 8e-4]],
    ]
)


@pytest.fixture(scope="module")
def returns():
    rng = np.random.default_rng(21)
    labels = rng.choice(2, size=3000, p=WEIGHTS)
    values = np.empty((3000, 2))
    for component in range(2):
        chosen = labels == component
        values[chosen] = rng.multivariate_normal(
            MEANS[component], COVARIANCES[component], size=int(chosen.sum())
        )
    index = pd.bdate_range("2010-01-04", periods=3000, name="date")
    return pd.DataFrame(values, index=index, columns=["a", "b"])


@pytest.fixture(scope="module")
def fitted(returns):
    return GaussianMixtureBaseline(n_components=2, random_state=0).fit(returns)


def test_recovers_known_mixture(fitted):
    order = np.argsort(-fitted.weights_)  # heavier component first, as in WEIGHTS
    np.testing.assert_allclose(fitted.weights_[order], WEIGHTS, atol=0.05)
    np.testing.assert_allclose(fitted.means_[order], MEANS, atol=0.002)
    np.testing.assert_allclose(fitted.covariances_[order], COVARIANCES, rtol=0.2, atol=2e-5)
    assert fitted.converged_


def test_samples_match_data_and_have_no_dynamics(returns, fitted):
    paths = fitted.sample(2000, 100, random_state=0)
    assert paths.values.shape == (2000, 100, 2)
    assert paths.assets == ("a", "b")
    rows = paths.values.reshape(-1, 2)
    np.testing.assert_allclose(np.cov(rows.T), np.cov(returns.to_numpy().T), rtol=0.1)
    magnitude = np.abs(paths.values[:, :, 0])
    magnitude -= magnitude.mean()
    acf = (magnitude[:, 1:] * magnitude[:, :-1]).mean() / (magnitude**2).mean()
    assert abs(acf) < 0.01


def test_default_has_three_components(returns):
    model = GaussianMixtureBaseline(random_state=1).fit(returns.iloc[:500])
    assert model.weights_.shape == (3,)
    assert model.covariances_.shape == (3, 2, 2)


def test_same_seed_same_paths_other_seed_other_paths(returns, fitted):
    first = fitted.sample(20, 30, random_state=5).values
    np.testing.assert_array_equal(first, fitted.sample(20, 30, random_state=5).values)
    assert not np.allclose(first, fitted.sample(20, 30, random_state=6).values)
    short = returns.iloc[:300]
    once = GaussianMixtureBaseline(n_components=2, random_state=3).fit(short)
    again = GaussianMixtureBaseline(n_components=2, random_state=3).fit(short)
    np.testing.assert_array_equal(once.means_, again.means_)


def test_bad_input_raises_fingan_errors(returns, fitted):
    with pytest.raises(NotFittedError):
        GaussianMixtureBaseline().sample(1, 1)
    broken = returns.copy()
    broken.iloc[0, 0] = np.nan
    with pytest.raises(MissingValueError):
        GaussianMixtureBaseline().fit(broken)
    with pytest.raises(TooFewRowsError):
        GaussianMixtureBaseline(n_components=3).fit(returns.iloc[:14])
    with pytest.raises(ConfigError):
        GaussianMixtureBaseline(n_components=0).fit(returns)
    with pytest.raises(ConfigError):
        fitted.sample(0, 10)
