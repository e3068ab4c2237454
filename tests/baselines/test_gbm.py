"""Geometric Brownian motion: Gaussian log returns with the sample mean and covariance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.baselines import GBMBaseline, PathBaseline
from fingan.core.exceptions import ConfigError, MissingValueError, NotFittedError, TooFewRowsError

MEAN = np.array([3e-4, 1e-4, -2e-4])
COVARIANCE = np.array([[1.0, 0.6, -0.2], [0.6, 2.0, 0.1], [-0.2, 0.1, 0.5]]) * 1e-4


@pytest.fixture(scope="module")
def returns():
    rng = np.random.default_rng(31)
    index = pd.bdate_range("2015-01-01", periods=3000, name="date")
    values = rng.multivariate_normal(MEAN, COVARIANCE, size=3000)
    return pd.DataFrame(values, index=index, columns=["x", "y", "z"])


@pytest.fixture(scope="module")
def fitted(returns):
    return GBMBaseline().fit(returns)


def test_fits_sample_mean_and_covariance(returns, fitted):
    assert isinstance(fitted, PathBaseline)
    np.testing.assert_allclose(fitted.mean_, returns.mean().to_numpy())
    np.testing.assert_allclose(fitted.covariance_, returns.cov().to_numpy())
    np.testing.assert_allclose(fitted.covariance_, COVARIANCE, rtol=0.1, atol=5e-6)


def test_samples_have_the_fitted_mean_and_covariance(fitted):
    paths = fitted.sample(4000, 50, random_state=0)
    assert paths.values.shape == (4000, 50, 3)
    assert paths.assets == ("x", "y", "z")
    rows = paths.values.reshape(-1, 3)
    np.testing.assert_allclose(rows.mean(axis=0), fitted.mean_, atol=4e-5)
    np.testing.assert_allclose(np.cov(rows.T), fitted.covariance_, rtol=0.02, atol=2e-7)
    # Log returns add up: the 50-day return has 50 times the daily mean and covariance.
    total = paths.cumulative()[:, -1]
    np.testing.assert_allclose(np.cov(total.T), 50 * fitted.covariance_, rtol=0.1, atol=3e-4)


def test_accepts_a_series_and_a_singular_covariance(returns):
    single = GBMBaseline().fit(returns["x"]).sample(10, 5, random_state=0)
    assert single.assets == ("x",)
    twins = returns[["x"]].assign(copy=returns["x"])
    values = GBMBaseline().fit(twins).sample(10, 5, random_state=0).values
    np.testing.assert_allclose(values[:, :, 0], values[:, :, 1], atol=1e-12)


def test_same_seed_same_paths_other_seed_other_paths(fitted):
    first = fitted.sample(20, 30, random_state=5).values
    np.testing.assert_array_equal(first, fitted.sample(20, 30, random_state=5).values)
    assert not np.allclose(first, fitted.sample(20, 30, random_state=6).values)


def test_bad_input_raises_fingan_errors(returns, fitted):
    with pytest.raises(NotFittedError):
        GBMBaseline().sample(1, 1)
    broken = returns.copy()
    broken.iloc[2, 2] = np.nan
    with pytest.raises(MissingValueError):
        GBMBaseline().fit(broken)
    with pytest.raises(TooFewRowsError):
        GBMBaseline().fit(returns.iloc[:1])
    for n_paths, n_steps in [(0, 1), (1, 0), (-3, 4), (1, 2.5)]:
        with pytest.raises(ConfigError):
            fitted.sample(n_paths, n_steps)
