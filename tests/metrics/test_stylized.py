"""Known-answer checks of the dependence facts: autocorrelation, leverage, correlation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError, MissingValueError, ShapeError, TooFewRowsError
from fingan.core.paths import ReturnPaths
from fingan.metrics import (
    acf,
    correlation_matrix_distance,
    leverage,
    path_acf,
    path_leverage,
)


def simulate_garch(rng, n_paths, n_steps, *, alpha=0.1, beta=0.85, burn=300):
    """GARCH(1,1) with Gaussian innovations and unconditional daily volatility 1 %."""
    omega = 1e-4 * (1.0 - alpha - beta)
    shocks = rng.standard_normal((n_paths, n_steps + burn))
    returns = np.empty_like(shocks)
    variance = np.full(n_paths, 1e-4)
    for t in range(n_steps + burn):
        returns[:, t] = np.sqrt(variance) * shocks[:, t]
        variance = omega + alpha * returns[:, t] ** 2 + beta * variance
    return returns[:, burn:]


def simulate_ar1(rng, n_paths, n_steps, phi):
    noise = rng.standard_normal((n_paths, n_steps + 200))
    values = np.empty_like(noise)
    values[:, 0] = noise[:, 0]
    for t in range(1, noise.shape[1]):
        values[:, t] = phi * values[:, t - 1] + noise[:, t]
    return values[:, 200:]


def slow_cross_correlation(x, y, max_lag):
    """corr(x_t, y_{t+k}) with means over the whole sample and sums divided by T."""
    a, b = x - x.mean(), y - y.mean()
    scale = np.sqrt(np.mean(a**2) * np.mean(b**2))
    return np.array([np.sum(a[:-k] * b[k:]) / len(x) / scale for k in range(1, max_lag + 1)])


def test_acf_matches_a_slow_reference_and_the_docstring(rng):
    x = rng.standard_normal(500).cumsum()
    np.testing.assert_allclose(acf(x, 30), slow_cross_correlation(x, x, 30), atol=1e-12)
    np.testing.assert_allclose(acf([1.0, -1.0, 1.0, -1.0], 2), [-0.75, 0.5])
    assert np.isnan(acf(np.ones(10), 3)).all()


def test_acf_of_ar1_decays_geometrically(rng):
    x = simulate_ar1(rng, 1, 20_000, 0.5)[0]
    np.testing.assert_allclose(acf(pd.Series(x), 5), 0.5 ** np.arange(1, 6), atol=0.03)


def test_acf_of_iid_noise_is_near_zero(rng):
    x = rng.standard_normal(10_000)
    assert np.abs(acf(x, 20)).max() < 4.0 / np.sqrt(x.size)


def test_path_acf_averages_paths_without_short_path_bias(rng):
    paths = simulate_ar1(rng, 200, 500, 0.5)
    np.testing.assert_allclose(path_acf(paths, 3), [0.5, 0.25, 0.125], atol=0.02)
    # Centring each short path by its own mean biases lag 1 by about -1 / n_steps.
    short = rng.standard_normal((4000, 20))
    own_centring = np.mean([acf(path, 1)[0] for path in short])
    assert own_centring == pytest.approx(-1.0 / 20, abs=0.01)
    assert path_acf(short, 1)[0] == pytest.approx(0.0, abs=0.01)
    # One path is the plain estimator; ReturnPaths of one asset are accepted.
    np.testing.assert_allclose(path_acf(short[:1], 5), acf(short[0], 5), atol=1e-12)
    wrapped = ReturnPaths.from_array(short[:, :, None], ["x"])
    np.testing.assert_allclose(path_acf(wrapped, 2), path_acf(short, 2))


def test_garch_shows_volatility_clustering_and_iid_does_not(rng):
    garch = simulate_garch(rng, 100, 2000)
    iid = rng.standard_normal((100, 2000)) * 0.01
    assert path_acf(np.abs(garch), 1)[0] > 0.1
    assert path_acf(garch**2, 10).min() > 0.0
    assert abs(path_acf(np.abs(iid), 1)[0]) < 0.01
    assert abs(path_acf(garch, 1)[0]) < 0.02  # returns themselves stay uncorrelated


def test_leverage_is_negative_when_falls_raise_volatility(rng):
    shocks = rng.standard_normal((50, 2001))
    # Tomorrow's volatility rises after a fall today: sigma_{t+1} = exp(-0.5 z_t) / 100.
    returns = 0.01 * np.exp(-0.5 * shocks[:, :-1]) * shocks[:, 1:]
    returns = np.concatenate([0.01 * shocks[:, :1], returns], axis=1)
    curve = path_leverage(returns, 5)
    assert curve[0] < -0.2
    assert np.abs(curve[1:]).max() < 0.03
    assert leverage(returns[0], 1)[0] < -0.1
    iid = rng.standard_normal(20_000)
    assert np.abs(leverage(iid, 10)).max() < 0.04


def test_leverage_matches_a_slow_reference(rng):
    x = rng.standard_t(4, 800)
    np.testing.assert_allclose(leverage(x, 12), slow_cross_correlation(x, x**2, 12), atol=1e-12)
    np.testing.assert_allclose(path_leverage(x[None, :], 12), leverage(x, 12), atol=1e-12)


def test_correlation_distance_is_zero_for_identical_correlation(rng):
    cov = [[1.0, 0.5], [0.5, 1.0]]
    real = rng.multivariate_normal([0.0, 0.0], cov, size=2000)
    assert correlation_matrix_distance(real, real.reshape(10, 200, 2)) == pytest.approx(0.0)
    assert correlation_matrix_distance(real[:, 0], real[None, :, :1]) == 0.0
    independent = rng.standard_normal((50, 4000, 2))
    # Two off-diagonal entries of about 0.5 each.
    distance = correlation_matrix_distance(real, ReturnPaths.from_array(independent, ["a", "b"]))
    sample_corr = np.corrcoef(real, rowvar=False)[0, 1]
    assert distance == pytest.approx(np.sqrt(2) * sample_corr, abs=0.01)


def test_inputs_are_validated(rng):
    real = rng.standard_normal((100, 2))
    with pytest.raises(ShapeError):
        correlation_matrix_distance(real, rng.standard_normal((3, 50, 3)))
    with pytest.raises(ShapeError):
        correlation_matrix_distance(real, rng.standard_normal(50))
    with pytest.raises(MissingValueError):
        acf([1.0, np.nan, 2.0], 1)
    with pytest.raises(ShapeError):
        acf(real, 2)
    with pytest.raises(ConfigError):
        acf(real[:, 0], 0)
    with pytest.raises(TooFewRowsError):
        path_acf(rng.standard_normal((3, 10)), 10)
