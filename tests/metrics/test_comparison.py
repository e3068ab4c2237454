"""Diebold-Mariano: matches a slow reference, holds its size, detects a better forecaster."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fingan.core.exceptions import ConfigError, MissingValueError, ShapeError, TooFewRowsError
from fingan.metrics.comparison import (
    corrected_interval,
    corrected_paired_test,
    diebold_mariano,
    newey_west_variance,
)


def reference_dm(a, b, horizon):
    """Textbook DM with Bartlett weights and the HLN correction, written out in loops."""
    d = [x - y for x, y in zip(a, b, strict=True)]
    n = len(d)
    mean = sum(d) / n
    lags = horizon - 1
    omega = sum((x - mean) ** 2 for x in d) / n
    for k in range(1, lags + 1):
        gamma = sum((d[t] - mean) * (d[t - k] - mean) for t in range(k, n)) / n
        omega += 2 * (1 - k / (lags + 1)) * gamma
    dm = mean / (omega / n) ** 0.5
    dm *= ((n + 1 - 2 * horizon + horizon * (horizon - 1) / n) / n) ** 0.5
    return dm, 2 * stats.t(n - 1).sf(abs(dm))


@pytest.mark.parametrize("horizon", [1, 3, 10])
def test_matches_reference(rng, horizon):
    a, b = rng.exponential(1.0, 300), rng.exponential(1.1, 300)
    expected = reference_dm(a.tolist(), b.tolist(), horizon)
    test = diebold_mariano(a, b, horizon=horizon)
    assert test.statistic == pytest.approx(expected[0], rel=1e-10)
    assert test.p_value == pytest.approx(expected[1], rel=1e-8)
    assert test.lags == horizon - 1
    assert test.mean_difference == pytest.approx(np.mean(a - b))


def test_size_under_the_null_with_overlapping_windows():
    """Equal forecasters, MA(4) loss differences (5-day windows): about 5% rejections."""
    rng = np.random.default_rng(1)
    rejections = {"hac": 0, "naive": 0}
    n_trials = 400
    for _ in range(n_trials):
        noise = rng.standard_normal(504)
        difference = np.convolve(noise, np.ones(5), mode="valid")  # (500,), autocorrelated
        zeros = np.zeros_like(difference)
        rejections["hac"] += diebold_mariano(difference, zeros, horizon=5).p_value < 0.05
        rejections["naive"] += diebold_mariano(difference, zeros, lags=0).p_value < 0.05
    # Bartlett weights shrink the lag-1..4 autocovariances, so HAC is a little liberal; ignoring
    # the overlap altogether rejects far too often.
    assert rejections["hac"] / n_trials < 0.15
    assert rejections["naive"] / n_trials > 0.3


def test_detects_the_better_forecaster_and_is_antisymmetric(rng):
    good, bad = rng.exponential(1.0, 400), rng.exponential(1.3, 400)
    test = diebold_mariano(good, bad)
    assert test.statistic < -2
    assert test.p_value < 0.01
    swapped = diebold_mariano(bad, good)
    assert swapped.statistic == pytest.approx(-test.statistic)
    assert diebold_mariano(good, bad, alternative="less").p_value == pytest.approx(test.p_value / 2)
    assert diebold_mariano(good, bad, alternative="greater").p_value > 0.99
    normal = diebold_mariano(good, bad, small_sample=False)
    assert normal.p_value == pytest.approx(2 * stats.norm.sf(abs(normal.statistic)))


def test_degenerate_differences():
    same = diebold_mariano([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert np.isnan(same.statistic)
    assert same.p_value == 1.0
    assert same.to_dict()["statistic"] is None
    gap = diebold_mariano([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])
    assert gap.statistic == -np.inf
    assert gap.p_value == 0.0


def test_newey_west_of_white_noise_is_its_variance(rng):
    values = rng.standard_normal(20_000)
    assert newey_west_variance(values, 5) == pytest.approx(1.0, abs=0.05)
    assert newey_west_variance(values, 0) == pytest.approx(np.var(values))


def test_errors():
    with pytest.raises(ShapeError, match="loss_b has 2"):
        diebold_mariano([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ShapeError, match="one-dimensional"):
        diebold_mariano([[1.0, 2.0]], [[1.0, 2.0]])
    with pytest.raises(MissingValueError):
        diebold_mariano([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(TooFewRowsError):
        diebold_mariano([1.0], [2.0])
    with pytest.raises(ConfigError, match="horizon"):
        diebold_mariano([1.0, 2.0], [2.0, 1.0], horizon=0)
    with pytest.raises(ConfigError, match="alternative"):
        diebold_mariano([1.0, 2.0], [2.0, 1.0], alternative="smaller")
    with pytest.raises(ConfigError, match="lags"):
        newey_west_variance([1.0, 2.0], 2)


def test_corrected_interval_is_wider_than_the_naive_one_and_matches_by_hand():
    scores = np.array([0.71, 0.75, 0.69, 0.78, 0.73, 0.70])
    mean, low, high = corrected_interval(scores, n_train=80, n_test=20)
    _, naive_low, naive_high = corrected_interval(scores, n_train=80, n_test=0)
    assert low < naive_low < mean < naive_high < high
    half = stats.t.ppf(0.975, 5) * np.sqrt(scores.var(ddof=1) * (1 / 6 + 20 / 80))
    assert (low, high) == pytest.approx((mean - half, mean + half))


def test_paired_test_without_correction_is_the_ordinary_paired_t_test():
    rng = np.random.default_rng(0)
    first, second = rng.normal(0.7, 0.05, 10), rng.normal(0.68, 0.05, 10)
    difference, statistic, p_value = corrected_paired_test(first, second, n_train=90, n_test=0)
    reference = stats.ttest_rel(first, second)
    assert difference == pytest.approx(np.mean(first - second))
    assert (statistic, p_value) == pytest.approx((reference.statistic, reference.pvalue))
    _, corrected, corrected_p = corrected_paired_test(first, second, n_train=90, n_test=10)
    assert abs(corrected) < abs(statistic)
    assert corrected_p > p_value
    assert corrected_paired_test(first, first, n_train=9, n_test=1) == (0.0, 0.0, 1.0)
