"""Known-answer checks of the distribution facts: aggregation, tails, asymmetry, kurtosis."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.metrics import (
    aggregate,
    aggregational_gaussianity,
    gain_loss_asymmetry,
    hill_tail_index,
    wasserstein_horizons,
)
from fingan.metrics.marginals import _wasserstein_1


def test_aggregate_sums_overlapping_for_a_series_and_disjoint_for_paths():
    np.testing.assert_allclose(aggregate([1.0, 2.0, 3.0, 4.0], 2), [3.0, 5.0, 7.0])
    paths = np.arange(10.0).reshape(2, 5)
    np.testing.assert_allclose(aggregate(paths, 2), [1.0, 5.0, 11.0, 15.0])
    with pytest.raises(TooFewRowsError):
        aggregate(paths, 6)


def test_exact_wasserstein_matches_scipy(rng):
    for n, m in [(7, 7), (13, 50), (500, 2999)]:
        a, b = rng.standard_t(3, n), rng.normal(0.5, 2.0, m)
        expected = stats.wasserstein_distance(a, b)
        assert _wasserstein_1(a, b) == pytest.approx(expected, rel=1e-10, abs=1e-14)


def test_wasserstein_horizons_of_a_shift_is_the_shift_per_day(rng):
    real = rng.standard_normal(3000) * 0.01
    distances = wasserstein_horizons(real, real[None, :] + 0.002, horizons=(1, 5))
    assert distances.loc[1] == pytest.approx(0.002, rel=1e-9)
    assert distances.index.name == "horizon"
    expected = stats.wasserstein_distance(aggregate(real, 5), aggregate(real[None, :] + 0.002, 5))
    assert distances.loc[5] == pytest.approx(expected, rel=1e-9)


def test_hill_recovers_pareto_and_student_t_tail_indices(rng):
    pareto = rng.pareto(3.0, 100_000) + 1.0  # P(X > x) = x^-3 for x >= 1
    assert hill_tail_index(pareto, "right") == pytest.approx(3.0, abs=0.15)
    assert hill_tail_index(-pareto, "left") == pytest.approx(3.0, abs=0.15)
    assert np.isnan(hill_tail_index(pareto, "left"))  # no losses at all
    student = rng.standard_t(3, 200_000)
    assert hill_tail_index(student, "left", fraction=0.01) == pytest.approx(3.0, abs=0.6)
    assert hill_tail_index(student.reshape(100, -1), "right", 0.01) == pytest.approx(3.0, abs=0.6)
    with pytest.raises(ConfigError):
        hill_tail_index(student, "middle")


def test_aggregated_kurtosis_of_iid_returns_decays_as_one_over_h(rng):
    laplace = rng.laplace(size=400_000)  # excess kurtosis 3, so 3 / h at horizon h
    curve = aggregational_gaussianity(laplace, (1, 5, 20))
    np.testing.assert_allclose(curve.to_numpy(), 3.0 / curve.index.to_numpy(), rtol=0.15, atol=0.06)
    student = aggregational_gaussianity(rng.standard_t(5, 400_000), (1, 5, 20, 60))
    assert student.is_monotonic_decreasing
    ratio = student.loc[[5, 20]] * student.loc[[5, 20]].index / student.loc[1]
    assert ratio.between(0.5, 1.5).all()


def test_path_kurtosis_is_the_median_of_per_path_values(rng):
    paths = rng.laplace(size=(300, 400))
    per_path = stats.kurtosis(paths, axis=1, bias=False)
    assert aggregational_gaussianity(paths, (1,)).loc[1] == pytest.approx(np.median(per_path))


def test_gain_loss_asymmetry_of_a_reflected_exponential(rng):
    losses = -rng.exponential(size=200_000)  # long loss tail, no gain tail
    table = gain_loss_asymmetry(losses, horizons=(1,))
    q05, q50, q95 = -np.log([0.95, 0.5, 0.05])
    expected = -(q95 + q05 - 2 * q50) / (q95 - q05)  # about -0.564
    assert table.loc[1, "quantile_skewness"] == pytest.approx(expected, abs=0.01)
    assert table.loc[1, "skewness"] == pytest.approx(-2.0, abs=0.1)
    symmetric = gain_loss_asymmetry(rng.standard_normal((100, 2000)), horizons=(1, 5))
    assert np.abs(symmetric.to_numpy()).max() < 0.05


def test_horizons_are_validated(rng):
    real = rng.standard_normal((100, 2))
    with pytest.raises(ConfigError):
        aggregational_gaussianity(real[:, 0], (0, 5))
