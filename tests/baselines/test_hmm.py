"""The Gaussian HMM recovers two clearly separated regimes and simulates their chain."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from fingan.baselines import GaussianHMMBaseline
from fingan.baselines.hmm import markov_chain
from fingan.core.exceptions import ConfigError, MissingValueError, NotFittedError, TooFewRowsError

TRANSMAT = np.array([[0.98, 0.02], [0.04, 0.96]])
VOLATILITY = np.array([0.005, 0.02])


def simulate_regimes(rng, n_rows, *, last_regime):
    """Returns of a two-regime chain whose last 60 days are forced into ``last_regime``."""
    regimes = np.empty(n_rows, dtype=int)
    regimes[0] = 0
    for day in range(1, n_rows):
        regimes[day] = rng.choice(2, p=TRANSMAT[regimes[day - 1]])
    regimes[-60:] = last_regime
    values = rng.standard_normal(n_rows) * VOLATILITY[regimes]
    index = pd.bdate_range("2001-01-01", periods=n_rows, name="date")
    return pd.Series(values, index=index, name="index"), regimes


@pytest.fixture(scope="module")
def simulated():
    return simulate_regimes(np.random.default_rng(8), 3000, last_regime=1)


@pytest.fixture(scope="module")
def returns(simulated):
    return simulated[0]


@pytest.fixture(scope="module")
def fitted(returns):
    return GaussianHMMBaseline(random_state=0).fit(returns)


def test_recovers_two_regimes(simulated, fitted):
    _, regimes = simulated
    np.testing.assert_allclose(fitted.covariances_[:, 0, 0], VOLATILITY**2, rtol=0.15)
    np.testing.assert_allclose(fitted.means_[:, 0], 0.0, atol=0.002)
    # Against the chain that was realised: its transition frequencies and time in each regime.
    counts = np.zeros((2, 2))
    np.add.at(counts, (regimes[:-1], regimes[1:]), 1)
    realised = counts / counts.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(fitted.transmat_, realised, atol=0.01)
    np.testing.assert_allclose(fitted.transmat_, TRANSMAT, atol=0.025)
    share = np.array([np.mean(regimes == 0), np.mean(regimes == 1)])
    np.testing.assert_allclose(fitted.stationary_distribution_, share, atol=0.05)
    assert fitted.stationary_distribution_ @ fitted.transmat_ == pytest.approx(
        fitted.stationary_distribution_
    )
    assert fitted.assets_ == ("index",)


def test_starts_from_the_last_filtered_regime(fitted):
    assert fitted.last_state_probability_[1] > 0.8  # the data end in the volatile regime
    first_day = fitted.sample(20_000, 1, random_state=0).values[:, 0, 0]
    expected = fitted.last_state_probability_ @ fitted.transmat_ @ fitted.covariances_[:, 0, 0]
    assert first_day.var() == pytest.approx(expected, rel=0.06)


def test_stationary_start_gives_the_long_run_variance(fitted):
    model = copy.copy(fitted)
    model.start = "stationary"  # a sampling option: no refit needed
    values = model.sample(2000, 100, random_state=1).values[:, :, 0]
    expected = model.stationary_distribution_ @ model.covariances_[:, 0, 0]
    assert values.var() == pytest.approx(expected, rel=0.08)
    magnitude = np.abs(values) - np.abs(values).mean()
    acf = (magnitude[:, 1:] * magnitude[:, :-1]).mean() / (magnitude**2).mean()
    assert acf > 0.1  # regimes persist, so volatility clusters


def test_markov_chain_follows_the_transition_matrix():
    transition = np.array([[0.9, 0.07, 0.03], [0.2, 0.5, 0.3], [0.0, 0.4, 0.6]])
    states = markov_chain(
        np.array([0.0, 0.0, 1.0]), transition, 2000, 200, np.random.default_rng(0)
    )
    assert np.all(states[:, 0] == 2)
    counts = np.zeros((3, 3))
    np.add.at(counts, (states[:, :-1].ravel(), states[:, 1:].ravel()), 1)
    np.testing.assert_allclose(counts / counts.sum(axis=1, keepdims=True), transition, atol=0.01)


def test_fit_is_seeded_and_leaves_global_rng_alone(returns, fitted):
    # hmmlearn falls back to NumPy's legacy global generator; it must not be touched.
    before = np.random.get_state()  # noqa: NPY002
    again = GaussianHMMBaseline(random_state=0).fit(returns)
    after = np.random.get_state()  # noqa: NPY002
    np.testing.assert_array_equal(after[1], before[1])
    assert after[2] == before[2]
    np.testing.assert_array_equal(again.covariances_, fitted.covariances_)
    np.testing.assert_array_equal(again.transmat_, fitted.transmat_)


def test_same_seed_same_paths_other_seed_other_paths(fitted):
    first = fitted.sample(20, 30, random_state=5).values
    np.testing.assert_array_equal(first, fitted.sample(20, 30, random_state=5).values)
    assert not np.allclose(first, fitted.sample(20, 30, random_state=6).values)


def test_bad_input_raises_fingan_errors(returns, fitted):
    with pytest.raises(NotFittedError):
        GaussianHMMBaseline().sample(1, 1)
    broken = returns.copy()
    broken.iloc[5] = np.nan
    with pytest.raises(MissingValueError):
        GaussianHMMBaseline().fit(broken)
    with pytest.raises(TooFewRowsError):
        GaussianHMMBaseline().fit(returns.iloc[:15])
    with pytest.raises(ConfigError):
        GaussianHMMBaseline(start="first").fit(returns)
    with pytest.raises(ConfigError):
        GaussianHMMBaseline(n_components=0).fit(returns)
    with pytest.raises(ConfigError):
        fitted.sample(3, 0)
