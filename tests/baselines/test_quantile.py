"""Quantile regression: calibrated on GARCH data, wider after turmoil, seeded, checked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import QuantileRegressor

from fingan.baselines.quantile import (
    QuantileRegressionBaseline,
    _cdf,
    _fit_level,
    _quantile,
)
from fingan.core.exceptions import ConfigError, NotFittedError, ShapeError, TooFewRowsError


def simulate_garch(n_days: int, seed: int) -> pd.DataFrame:
    """GARCH(1,1) returns with Student-t(6) innovations of unit variance, seeded."""
    rng = np.random.default_rng(seed)
    omega, alpha, beta, nu = 2e-6, 0.08, 0.9, 6.0
    variance = omega / (1 - alpha - beta)
    out = np.empty(n_days)
    shocks = rng.standard_t(nu, size=n_days) / np.sqrt(nu / (nu - 2))
    for day in range(n_days):
        out[day] = np.sqrt(variance) * shocks[day]
        variance = omega + alpha * out[day] ** 2 + beta * variance
    index = pd.bdate_range("2000-01-03", periods=n_days, name="date")
    return pd.DataFrame({"x": out}, index=index)


@pytest.fixture(scope="module")
def garch_returns():
    return simulate_garch(4000, seed=3)


@pytest.fixture(scope="module")
def fitted(garch_returns):
    return QuantileRegressionBaseline().fit(garch_returns.iloc[:3000])


def test_dual_solution_matches_sklearn(garch_returns):
    values = garch_returns["x"].to_numpy()[:600]
    design = np.column_stack([np.ones(599), np.abs(values[:-1])])
    for level in (0.05, 0.5, 0.9):
        ours = _fit_level(design, values[1:], level)
        reference = QuantileRegressor(quantile=level, alpha=0.0, solver="highs").fit(
            design[:, 1:], values[1:]
        )
        expected = np.r_[reference.intercept_, reference.coef_]
        np.testing.assert_allclose(ours, expected, atol=1e-7)


def test_quantile_function_and_cdf_are_inverse():
    levels = np.array([0.1, 0.5, 0.9])
    quantiles = np.array([[-1.0, 0.0, 2.0]] * 7)
    u = np.array([0.001, 0.05, 0.1, 0.3, 0.5, 0.8, 0.99])
    values = _quantile(levels, quantiles, u)
    assert values[2] == pytest.approx(-1.0)
    assert values[4] == pytest.approx(0.0)
    assert values[3] == pytest.approx(-0.5)
    assert np.all(np.diff(values) > 0)  # increasing, tails included
    np.testing.assert_allclose(_cdf(levels, quantiles, values), u, rtol=1e-10)


def test_one_day_forecasts_are_calibrated_out_of_sample(garch_returns, fitted):
    values = garch_returns.to_numpy()
    inside, pits = [], []
    for day in range(3000, 3600):
        paths = fitted.sample_paths(values[:day], 400, 1, random_state=day)
        draws = paths.values[:, 0, 0]
        low, high = np.quantile(draws, [0.05, 0.95])
        inside.append(low <= values[day, 0] <= high)
        pits.append(np.mean(draws <= values[day, 0]))
    assert np.mean(inside) == pytest.approx(0.9, abs=0.035)
    assert np.mean(pits) == pytest.approx(0.5, abs=0.04)


def test_spread_rises_after_volatile_history(garch_returns, fitted):
    calm = garch_returns.iloc[:2500].copy()
    calm.iloc[-30:] = 0.001 * np.sign(calm.iloc[-30:].to_numpy())
    wild = calm.copy()
    wild.iloc[-30:] = 0.04 * np.sign(calm.iloc[-30:].to_numpy())
    spread = {
        name: np.std(fitted.sample_paths(frame, 4000, 1, random_state=0).values)
        for name, frame in (("calm", calm), ("wild", wild))
    }
    assert spread["wild"] > 3 * spread["calm"]


def test_multi_day_paths_cluster_volatility(garch_returns, fitted):
    paths = fitted.sample_paths(garch_returns, 4000, 30, random_state=1).values[:, :, 0]
    # Paths whose first 10 days were wild stay wilder over the next 20 days.
    early = np.abs(paths[:, :10]).mean(axis=1)
    late = np.abs(paths[:, 10:]).mean(axis=1)
    assert np.corrcoef(early, late)[0, 1] > 0.2


def test_same_seed_same_paths(garch_returns, fitted):
    first = fitted.sample_paths(garch_returns, 50, 5, random_state=7).values
    again = fitted.sample_paths(garch_returns, 50, 5, random_state=7).values
    other = fitted.sample_paths(garch_returns, 50, 5, random_state=8).values
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    assert fitted.sample(10, 3, random_state=0).values.shape == (10, 3, 1)


def test_two_assets_keep_their_dependence():
    base = simulate_garch(2500, seed=5)
    noise = np.random.default_rng(6).standard_normal(len(base)) * 0.002
    frame = pd.DataFrame({"a": base["x"], "b": base["x"] + noise}, index=base.index)
    model = QuantileRegressionBaseline().fit(frame)
    assert model.coef_.shape == (2, 23, 4)
    paths = model.sample_paths(frame[["b", "a"]], 3000, 1, random_state=0)
    assert paths.assets == ("a", "b")
    assert np.corrcoef(paths.values[:, 0].T)[0, 1] > 0.8


def test_errors(garch_returns, fitted):
    with pytest.raises(NotFittedError):
        QuantileRegressionBaseline().sample(2, 2)
    with pytest.raises(ConfigError, match="quantiles"):
        QuantileRegressionBaseline(quantiles=(0.5,)).fit(garch_returns)
    with pytest.raises(ConfigError, match="quantiles"):
        QuantileRegressionBaseline(quantiles=(0.0, 0.5)).fit(garch_returns)
    with pytest.raises(ConfigError, match="windows"):
        QuantileRegressionBaseline(windows=(5, 5)).fit(garch_returns)
    with pytest.raises(ConfigError, match="windows"):
        QuantileRegressionBaseline(windows=(0,)).fit(garch_returns)
    with pytest.raises(TooFewRowsError):
        QuantileRegressionBaseline().fit(garch_returns.iloc[:50])
    with pytest.raises(TooFewRowsError):
        fitted.sample_paths(garch_returns.iloc[:10], 5, 1)
    with pytest.raises(ShapeError):
        fitted.sample_paths(garch_returns.rename(columns={"x": "y"}), 5, 1)
    with pytest.raises(ConfigError, match="horizon"):
        fitted.sample_paths(garch_returns, 5, 0)
