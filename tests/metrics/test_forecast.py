from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from fingan.core.exceptions import (
    ConfigError,
    DataValidationError,
    MissingValueError,
    ShapeError,
)
from fingan.metrics.forecast import (
    crps_from_samples,
    forecast_scores,
    interval_coverage,
    pinball_loss,
    pit_histogram,
    pit_values,
)


def _normal_crps(y: np.ndarray, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    """Closed form CRPS of N(mu, sigma^2) (Gneiting and Raftery 2007)."""
    z = (y - mu) / sigma
    return sigma * (z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z) - 1 / np.sqrt(np.pi))


def _slow_fair_crps(y: float, ensemble: np.ndarray) -> float:
    """E|X - y| - E|X - X'| / 2 over the m (m - 1) distinct pairs."""
    m = ensemble.size
    pairs = np.abs(ensemble[:, None] - ensemble[None, :]).sum() / (m * (m - 1))
    return float(np.abs(ensemble - y).mean() - pairs / 2)


@pytest.fixture
def normal_setup():
    """Observations from N(0, 1) and 200-member N(0, 1) forecasts for each of 2000 days."""
    rng = np.random.default_rng(20261125)
    return rng.normal(size=2000), rng.normal(size=(2000, 200))


# --- CRPS -------------------------------------------------------------------------------------


def test_crps_matches_normal_closed_form():
    rng = np.random.default_rng(0)
    observations = np.array([-2.0, -0.5, 0.0, 0.3, 1.7])
    samples = np.tile(rng.normal(size=20000), (observations.size, 1))
    np.testing.assert_allclose(
        crps_from_samples(observations, samples), _normal_crps(observations), atol=0.01
    )


def test_crps_fair_estimator_matches_slow_reference():
    rng = np.random.default_rng(1)
    observations, samples = rng.normal(size=6), rng.normal(size=(6, 7))
    expected = [_slow_fair_crps(y, row) for y, row in zip(observations, samples, strict=True)]
    np.testing.assert_allclose(crps_from_samples(observations, samples), expected, rtol=1e-10)


def test_crps_empirical_estimator_is_larger_by_the_ensemble_spread_term():
    rng = np.random.default_rng(2)
    observations, samples = rng.normal(size=4), rng.normal(size=(4, 9))
    m = samples.shape[1]
    spread = np.abs(samples[:, :, None] - samples[:, None, :]).sum(axis=(1, 2)) / (2 * m * m)
    difference = crps_from_samples(observations, samples, fair=False) - crps_from_samples(
        observations, samples
    )
    np.testing.assert_allclose(difference, spread / (m - 1), rtol=1e-10)


def test_right_distribution_has_lowest_crps(normal_setup):
    observations, samples = normal_setup
    right = crps_from_samples(observations, samples).mean()
    too_wide = crps_from_samples(observations, 2.0 * samples).mean()
    shifted = crps_from_samples(observations, samples + 0.5).mean()
    assert right < too_wide
    assert right < shifted
    assert right == pytest.approx(1 / np.sqrt(np.pi), rel=0.05)  # E CRPS(N(0,1), Y~N(0,1))


# --- pinball ----------------------------------------------------------------------------------


def test_pinball_is_minimal_at_the_true_quantile():
    observations = np.random.default_rng(3).normal(size=20000)
    for tau in (0.05, 0.5, 0.9):
        truth = stats.norm.ppf(tau)
        candidates = truth + np.array([-0.3, -0.1, 0.0, 0.1, 0.3])
        forecasts = np.tile(candidates, (observations.size, 1))
        losses = [
            pinball_loss(observations, forecasts[:, [j]], [tau]).iloc[0]
            for j in range(candidates.size)
        ]
        assert int(np.argmin(losses)) == 2


def test_pinball_returns_series_indexed_by_quantile():
    result = pinball_loss([0.0, 1.0], [[0.0, 0.5], [1.0, 0.5]], [0.25, 0.75])
    assert isinstance(result, pd.Series)
    assert result.index.tolist() == [0.25, 0.75]
    assert result.index.name == "quantile"
    # tau = 0.75, q = 0.5: y = 0 -> 0.25 * 0.5, y = 1 -> 0.75 * 0.5
    assert result[0.75] == pytest.approx((0.125 + 0.375) / 2)
    assert result[0.25] == pytest.approx(0.0)


def test_pinball_accepts_a_vector_for_one_quantile():
    assert pinball_loss([1.0, 3.0], [2.0, 2.0], [0.5]).iloc[0] == pytest.approx(0.5)


# --- interval coverage ------------------------------------------------------------------------


def test_interval_coverage_known_share(normal_setup):
    observations, _ = normal_setup
    z = stats.norm.ppf(0.95)
    assert interval_coverage(observations, -z, z) == pytest.approx(0.9, abs=0.02)
    assert interval_coverage([1.0, 2.0, 3.0], [1.0, 2.5, 0.0], [1.0, 3.0, 2.9]) == pytest.approx(
        1 / 3
    )


def test_interval_coverage_rejects_crossed_bounds():
    with pytest.raises(DataValidationError):
        interval_coverage([1.0], 2.0, 1.0)


# --- PIT --------------------------------------------------------------------------------------


def test_pit_is_share_of_samples_at_or_below():
    samples = np.array([[1.0, 2.0, 2.0, 3.0]])
    assert pit_values([2.0], samples).tolist() == [0.75]
    assert pit_values([0.0], samples).tolist() == [0.0]


def test_randomized_pit_spreads_ties_over_their_cell():
    samples = np.array([[1.0, 2.0, 2.0, 3.0]] * 1000)
    pit = pit_values(np.full(1000, 2.0), samples, randomize=True, random_state=0)
    # one sample below and two tied: rank cell (1 / 5, 4 / 5)
    assert pit.min() > 0.2
    assert pit.max() < 0.8
    assert pit.mean() == pytest.approx(0.5, abs=0.02)
    np.testing.assert_array_equal(
        pit, pit_values(np.full(1000, 2.0), samples, randomize=True, random_state=0)
    )


def test_calibrated_pit_is_uniform(normal_setup):
    observations, samples = normal_setup
    pit = pit_values(observations, samples, randomize=True, random_state=0)
    assert pit_histogram(pit).p_value > 0.01


def test_overconfident_pit_is_not_uniform(normal_setup):
    observations, samples = normal_setup
    pit = pit_values(observations, 0.6 * samples, randomize=True, random_state=0)
    histogram = pit_histogram(pit)
    assert histogram.p_value < 1e-6
    # U-shape: the outer bins are overfull
    assert histogram.counts[0] > histogram.counts[5]
    assert histogram.counts[-1] > histogram.counts[5]


def test_pit_histogram_counts_and_test():
    histogram = pit_histogram([0.05, 0.15, 0.95, 1.0, 0.0], n_bins=10)
    assert sum(histogram.counts) == 5
    assert histogram.counts[0] == 2
    assert histogram.counts[-1] == 2
    assert len(histogram.edges) == 11
    statistic, p_value = stats.chisquare(list(histogram.counts))
    assert histogram.statistic == pytest.approx(statistic)
    assert histogram.p_value == pytest.approx(p_value)
    payload = histogram.to_dict()
    assert json.loads(json.dumps(payload)) == payload


def test_pit_histogram_rejects_values_outside_unit_interval():
    with pytest.raises(DataValidationError):
        pit_histogram([0.5, 1.2])
    with pytest.raises(ConfigError):
        pit_histogram([0.5], n_bins=1)


# --- summary ----------------------------------------------------------------------------------


def test_forecast_scores_summary(normal_setup):
    observations, samples = normal_setup
    scores = forecast_scores(observations, samples, random_state=0)
    assert scores.index.tolist() == [
        "crps",
        "pinball_0.01",
        "pinball_0.05",
        "pinball_0.25",
        "pinball_0.5",
        "pinball_0.75",
        "pinball_0.95",
        "pinball_0.99",
        "coverage",
        "coverage_nominal",
        "pit_p_value",
    ]
    assert scores["crps"] == pytest.approx(crps_from_samples(observations, samples).mean())
    assert scores["coverage"] == pytest.approx(0.9, abs=0.02)
    assert scores["coverage_nominal"] == 0.9
    assert scores["pit_p_value"] > 0.01
    # median forecast 0: half the mean absolute deviation of N(0, 1)
    assert scores["pinball_0.5"] == pytest.approx(0.5 * np.sqrt(2 / np.pi), rel=0.05)


def test_forecast_scores_prefers_the_right_forecast(normal_setup):
    observations, samples = normal_setup
    right = forecast_scores(observations, samples, random_state=0)
    narrow = forecast_scores(observations, 0.5 * samples, random_state=0)
    assert right["crps"] < narrow["crps"]
    assert narrow["coverage"] < 0.7
    assert narrow["pit_p_value"] < 1e-6


# --- validation -------------------------------------------------------------------------------


def test_shape_errors():
    with pytest.raises(ShapeError):
        crps_from_samples([0.0, 1.0], np.zeros((3, 5)))
    with pytest.raises(ShapeError):
        crps_from_samples([0.0], np.zeros(5))
    with pytest.raises(ShapeError):
        crps_from_samples([0.0], np.zeros((1, 1)))
    with pytest.raises(ShapeError):
        pinball_loss([0.0, 1.0], np.zeros((2, 3)), [0.5, 0.9])
    with pytest.raises(ShapeError):
        interval_coverage([0.0, 1.0], [0.0, 0.0, 0.0], 1.0)


def test_missing_values():
    with pytest.raises(MissingValueError):
        crps_from_samples([np.nan], np.zeros((1, 3)))
    with pytest.raises(MissingValueError):
        pit_values([0.0], [[0.0, np.inf]])


@pytest.mark.parametrize("bad", [(0.0, 0.5), (0.5, 1.0), ()])
def test_quantiles_outside_unit_interval(bad):
    with pytest.raises(ConfigError):
        pinball_loss([0.0], [[0.0] * len(bad)], bad)


def test_interval_outside_unit_interval():
    with pytest.raises(ConfigError):
        forecast_scores([0.0], [[0.0, 1.0]], interval=1.0)
