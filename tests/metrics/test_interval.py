"""Winkler score, effective counts and PIT uniformity tests of overlapping outcomes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fingan.core.exceptions import ConfigError, DataValidationError
from fingan.metrics.forecast import pit_values
from fingan.metrics.interval import (
    coverage_p_value,
    effective_count,
    newey_west_effective_count,
    pit_uniformity,
    winkler_score,
)


def test_winkler_score_matches_a_hand_computation():
    # Band [-0.1, 0.2] (width 0.3), alpha 0.2: a miss costs 2 / 0.2 = 10 times its distance.
    scores = winkler_score([0.0, -0.3, 0.25, 0.2], -0.1, 0.2, alpha=0.2)
    np.testing.assert_allclose(scores, [0.3, 0.3 + 10 * 0.2, 0.3 + 10 * 0.05, 0.3])


def test_a_wide_band_does_not_win_by_being_wide():
    rng = np.random.default_rng(0)
    y = rng.standard_normal(20_000)
    right = winkler_score(y, stats.norm.ppf(0.1), stats.norm.ppf(0.9), alpha=0.2).mean()
    wide = winkler_score(y, -3.0, 3.0, alpha=0.2).mean()
    narrow = winkler_score(y, -0.2, 0.2, alpha=0.2).mean()
    assert right < wide
    assert right < narrow


def test_winkler_score_rejects_a_bad_band():
    with pytest.raises(DataValidationError):
        winkler_score([0.0], 1.0, 0.0, alpha=0.2)
    with pytest.raises(ConfigError):
        winkler_score([0.0], 0.0, 1.0, alpha=1.0)


def test_randomised_pit_is_uniform_for_draws_from_the_forecast():
    rng = np.random.default_rng(1)
    n, m = 2_000, 200
    samples = rng.standard_t(4, size=(n, m))
    observations = rng.standard_t(4, size=n)
    pit = pit_values(observations, samples, randomize=True, random_state=2)
    assert pit_uniformity(pit).ks_p_value > 0.01
    shifted = pit_values(observations + 1.0, samples, randomize=True, random_state=2)
    assert pit_uniformity(shifted).ks_p_value < 1e-6


def test_randomised_pit_spreads_an_atom_uniformly():
    # A note paying exactly its coupon (0.07) on 90 % of paths, a loss otherwise.
    rng = np.random.default_rng(3)
    n, m = 3_000, 100

    def draw(size):
        loss = rng.uniform(-0.5, 0.0, size=size)
        return np.where(rng.uniform(size=size) < 0.9, 0.07, loss)

    samples = draw((n, m))
    observations = draw(n)
    plain = pit_values(observations, samples)
    randomised = pit_values(observations, samples, randomize=True, random_state=4)
    assert pit_uniformity(plain).ks_p_value < 1e-6  # the atom piles up near 1
    assert pit_uniformity(randomised).ks_p_value > 0.01
    on_atom = observations == 0.07
    below = (samples < 0.07).mean(axis=1)[on_atom]
    assert np.all(randomised[on_atom] >= below - 1.0 / m)  # inside [F(y-), F(y)], up to 1/m


def test_effective_count_of_overlapping_outcomes():
    assert effective_count(168, 21.0, 252) == pytest.approx(14.0)
    assert effective_count(12, 21.0, 21) == 12.0
    assert effective_count(3, 1.0, 252) == 1.0
    with pytest.raises(ConfigError):
        effective_count(10, 0.0, 252)


def test_newey_west_count_shrinks_for_overlapping_sums():
    rng = np.random.default_rng(5)
    shocks = rng.standard_normal(2_000)
    independent = newey_west_effective_count(shocks[:500], lags=11)
    overlapping = np.convolve(shocks, np.ones(12), mode="valid")[:500]  # 12-day sums, step 1
    dependent = newey_west_effective_count(overlapping, lags=11)
    assert independent > 300
    assert dependent < 150


def test_fewer_effective_values_weaken_the_test():
    pit = np.r_[np.full(30, 0.05), np.linspace(0.0, 1.0, 70)]
    full = pit_uniformity(pit)
    reduced = pit_uniformity(pit, n_effective=10.0)
    assert reduced.ks_statistic == full.ks_statistic
    assert reduced.ks_p_value > full.ks_p_value
    assert reduced.chi2_statistic == pytest.approx(full.chi2_statistic / 10)
    with pytest.raises(ConfigError):
        pit_uniformity(pit, n_effective=200.0)
    with pytest.raises(DataValidationError):
        pit_uniformity([0.5, 1.5])


def test_coverage_p_value():
    assert coverage_p_value([True] * 8 + [False] * 2, 0.8, 10.0) == pytest.approx(1.0)
    assert coverage_p_value([True] * 50, 0.8, 50.0) < 0.001
    assert coverage_p_value([True] * 50, 0.8, 2.0) > 0.4
