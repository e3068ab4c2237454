"""GARCH(1,1)-t recovers its own parameters and simulates clustered volatility."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from arch import arch_model
from scipy import stats

from fingan.baselines import GARCHBaseline
from fingan.baselines.garch import _UnitTQuantile
from fingan.core.exceptions import (
    ConfigError,
    MissingValueError,
    NotFittedError,
    ShapeError,
    TooFewRowsError,
)
from fingan.datasets import load_sp500

# True parameters on the percent scale: unconditional variance 0.05 / 0.05 = 1 (%^2).
MU, OMEGA, ALPHA, BETA, NU = 0.05, 0.05, 0.10, 0.85, 6.0


def simulate_garch(rng, n_rows, *, correlation=0.0, n_assets=1, burn=500):
    """GARCH(1,1) with unit-variance t innovations, by hand, day by day; log returns."""
    chol = np.linalg.cholesky(
        np.full((n_assets, n_assets), correlation) + np.eye(n_assets) * (1 - correlation)
    )
    normal = rng.standard_normal((n_rows + burn, n_assets)) @ chol.T
    chi = rng.chisquare(NU, size=(n_rows + burn, 1))  # shared: a t vector with correlation
    innovations = normal / np.sqrt(chi / NU) * np.sqrt((NU - 2) / NU)
    variance = np.full(n_assets, OMEGA / (1 - ALPHA - BETA))
    out = np.empty((n_rows + burn, n_assets))
    for day in range(n_rows + burn):
        shock = np.sqrt(variance) * innovations[day]
        out[day] = MU + shock
        variance = OMEGA + ALPHA * shock**2 + BETA * variance
    index = pd.bdate_range("2000-01-03", periods=n_rows, name="date")
    return pd.DataFrame(out[burn:] / 100, index=index, columns=[f"a{k}" for k in range(n_assets)])


@pytest.fixture(scope="module")
def returns():
    return simulate_garch(np.random.default_rng(3), 4000)


@pytest.fixture(scope="module")
def fitted(returns):
    return GARCHBaseline().fit(returns)


def test_recovers_known_parameters(fitted):
    assert fitted.alpha_[0] == pytest.approx(ALPHA, abs=0.04)
    assert fitted.beta_[0] == pytest.approx(BETA, abs=0.06)
    assert fitted.nu_[0] == pytest.approx(NU, abs=1.5)
    assert fitted.unconditional_variance_[0] == pytest.approx(1.0, rel=0.15)
    assert fitted.assets_ == ("a0",)


def test_last_variance_is_archs_one_day_forecast(returns, fitted):
    result = arch_model(returns["a0"] * 100, vol="GARCH", p=1, q=1, dist="t").fit(disp="off")
    expected = result.forecast(horizon=1).variance.iloc[-1, 0]
    assert fitted.last_variance_[0] == pytest.approx(expected, rel=1e-4)


def test_samples_cluster_volatility_and_keep_unconditional_variance(returns):
    model = GARCHBaseline(start="unconditional").fit(returns)
    values = model.sample(4000, 250, random_state=0).values[:, :, 0]  # (paths, days)
    assert values.var() * 1e4 == pytest.approx(model.unconditional_variance_[0], rel=0.05)
    assert values.mean() * 100 == pytest.approx(model.mu_[0], abs=0.01)
    magnitude = np.abs(values) - np.abs(values).mean(axis=1, keepdims=True)
    acf = (magnitude[:, 1:] * magnitude[:, :-1]).mean(axis=1) / (magnitude**2).mean(axis=1)
    assert acf.mean() > 0.1


def test_paths_start_from_last_conditional_variance(fitted):
    first_day = fitted.sample(40_000, 2, random_state=1).values[:, 0, 0]
    assert first_day.var() * 1e4 == pytest.approx(fitted.last_variance_[0], rel=0.06)


def test_burn_forgets_the_start(fitted):
    calm = GARCHBaseline(start="last", burn=400).fit(simulate_garch(np.random.default_rng(3), 4000))
    values = calm.sample(4000, 1, random_state=2).values
    assert values.var() * 1e4 == pytest.approx(fitted.unconditional_variance_[0], rel=0.1)


def test_copula_keeps_cross_correlation():
    returns = simulate_garch(np.random.default_rng(5), 3000, correlation=0.6, n_assets=2)
    model = GARCHBaseline().fit(returns)
    assert model.correlation_.shape == (2, 2)
    assert model.correlation_[0, 1] == pytest.approx(0.6, abs=0.05)
    paths = model.sample(2000, 100, random_state=0)
    assert paths.assets == ("a0", "a1")
    same_day = np.corrcoef(paths.values.reshape(-1, 2).T)[0, 1]
    assert same_day == pytest.approx(returns.corr().iloc[0, 1], abs=0.08)


def test_t_quantile_table_matches_exact_quantile():
    normal = np.concatenate([np.linspace(-12, 12, 2001), [0.0, 9.0, 9.00005, -9.5]])
    for nu in (2.5, 4.0, 30.0):
        # From the lower tail, where the normal CDF keeps full precision; the map is odd.
        lower = stats.t.ppf(stats.norm.cdf(-np.abs(normal)), nu)
        exact = -np.sign(normal) * lower * np.sqrt((nu - 2) / nu)
        np.testing.assert_allclose(_UnitTQuantile(nu)(normal), exact, rtol=1e-7, atol=1e-12)


def test_same_seed_same_paths_other_seed_other_paths(fitted):
    first = fitted.sample(50, 20, random_state=7).values
    np.testing.assert_array_equal(first, fitted.sample(50, 20, random_state=7).values)
    assert not np.allclose(first, fitted.sample(50, 20, random_state=8).values)
    generator = np.random.default_rng(7)
    assert not np.allclose(
        fitted.sample(5, 5, random_state=generator).values,
        fitted.sample(5, 5, random_state=generator).values,
    )


def test_accepts_a_series(returns):
    paths = GARCHBaseline().fit(returns["a0"].rename("spx")).sample(3, 4, random_state=0)
    assert paths.values.shape == (3, 4, 1)
    assert paths.assets == ("spx",)


def test_bad_input_raises_fingan_errors(returns, fitted):
    with pytest.raises(NotFittedError):
        GARCHBaseline().sample(1, 1)
    broken = returns.copy()
    broken.iloc[10, 0] = np.nan
    with pytest.raises(MissingValueError):
        GARCHBaseline().fit(broken)
    with pytest.raises(TooFewRowsError):
        GARCHBaseline().fit(returns.iloc[:50])
    with pytest.raises(ConfigError):
        GARCHBaseline(start="first").fit(returns)
    with pytest.raises(ConfigError):
        GARCHBaseline(burn=-1).fit(returns)
    for n_paths, n_steps in [(0, 5), (5, 0), (2.0, 5), (True, 5)]:
        with pytest.raises(ConfigError):
            fitted.sample(n_paths, n_steps)


# Conditional sampling: sample_paths(history, n_paths, horizon).


@pytest.fixture(scope="module")
def sp500():
    return load_sp500()


@pytest.fixture(scope="module")
def sp500_fitted(sp500):
    return GARCHBaseline().fit(sp500.iloc[:3000])


def reference_filter(returns, mu, omega, alpha, beta):
    """The GARCH(1,1) variance recursion day by day, from arch's backcast; percent squared."""
    residuals = returns * 100 - mu
    tau = min(75, len(residuals))
    weights = 0.94 ** np.arange(tau)
    centered = returns[:tau] * 100 - returns.mean() * 100
    backcast = np.sum(weights / weights.sum() * centered**2)
    eps2, sigma2 = backcast, backcast
    for residual in residuals:
        sigma2 = omega + alpha * eps2 + beta * sigma2
        eps2 = residual**2
    return omega + alpha * eps2 + beta * sigma2  # tomorrow's


def test_filter_on_fit_data_is_archs_conditional_variance(sp500, sp500_fitted):
    data = sp500.iloc[:3000]
    residuals, variance = sp500_fitted._filter(data.to_numpy())
    result = arch_model(data["sp500"] * 100, vol="GARCH", p=1, q=1, dist="t").fit(disp="off")
    np.testing.assert_allclose(variance[:-1, 0], result.conditional_volatility**2, rtol=1e-9)
    np.testing.assert_allclose(residuals[:, 0], result.resid, rtol=1e-9, atol=1e-12)
    forecast = result.forecast(horizon=1).variance.iloc[-1, 0]
    assert variance[-1, 0] == pytest.approx(forecast, rel=1e-9)
    assert variance[-1, 0] == pytest.approx(sp500_fitted.last_variance_[0], rel=1e-9)


def test_filter_matches_a_day_by_day_reference_on_a_longer_history(sp500, sp500_fitted):
    history = sp500.iloc[:4500]
    _, variance = sp500_fitted._filter(history.to_numpy())
    m = sp500_fitted
    expected = reference_filter(
        history["sp500"].to_numpy(), m.mu_[0], m.omega_[0], m.alpha_[0], m.beta_[0]
    )
    assert variance[-1, 0] == pytest.approx(expected, rel=1e-10)


def test_sample_paths_starts_from_the_filtered_variance(sp500, sp500_fitted):
    history = sp500.iloc[:4500]
    _, variance = sp500_fitted._filter(history.to_numpy())
    paths = sp500_fitted.sample_paths(history, 40_000, 3, random_state=0)
    assert paths.values.shape == (40_000, 3, 1)
    assert paths.assets == ("sp500",)
    assert paths.values[:, 0, 0].var() * 1e4 == pytest.approx(variance[-1, 0], rel=0.05)


def test_sample_paths_after_a_volatile_history_spread_more(sp500, sp500_fitted):
    calm = sp500.iloc[:3000]
    shocks = pd.DataFrame(
        {"sp500": 0.05 * np.resize([1.0, -1.0], 10)},
        index=pd.bdate_range(calm.index[-1] + pd.Timedelta(days=1), periods=10),
    )
    volatile = pd.concat([calm, shocks])
    calm_paths = sp500_fitted.sample_paths(calm, 5000, 5, random_state=0).values
    volatile_paths = sp500_fitted.sample_paths(volatile, 5000, 5, random_state=0).values
    assert volatile_paths.std() > 2 * calm_paths.std()
    assert np.quantile(volatile_paths[:, 0], 0.01) < 2 * np.quantile(calm_paths[:, 0], 0.01)


def test_sample_paths_on_the_fit_data_draws_like_sample(sp500, sp500_fitted):
    # start="last" starts sample from the same variance that filtering the fit data gives.
    conditional = sp500_fitted.sample_paths(sp500.iloc[:3000], 200, 10, random_state=4).values
    np.testing.assert_allclose(conditional, sp500_fitted.sample(200, 10, random_state=4).values)


def test_sample_paths_same_seed_same_paths(sp500, sp500_fitted):
    first = sp500_fitted.sample_paths(sp500, 100, 5, random_state=7).values
    np.testing.assert_array_equal(
        first, sp500_fitted.sample_paths(sp500, 100, 5, random_state=7).values
    )
    assert not np.allclose(first, sp500_fitted.sample_paths(sp500, 100, 5, random_state=8).values)


def test_sample_paths_matches_columns_by_name():
    returns = simulate_garch(np.random.default_rng(5), 1500, correlation=0.5, n_assets=2)
    model = GARCHBaseline().fit(returns)
    history = returns.iloc[:1200]
    expected = model.sample_paths(history, 50, 4, random_state=1).values
    swapped = model.sample_paths(history[["a1", "a0"]], 50, 4, random_state=1)
    assert swapped.assets == ("a0", "a1")
    np.testing.assert_array_equal(swapped.values, expected)
    positional = model.sample_paths(history.to_numpy(), 50, 4, random_state=1).values
    np.testing.assert_array_equal(positional, expected)
    with pytest.raises(ShapeError):
        model.sample_paths(history.rename(columns={"a1": "b1"}), 5, 1)
    with pytest.raises(ShapeError):
        model.sample_paths(history[["a0"]], 5, 1)


def test_sample_paths_bad_input_raises_fingan_errors(sp500, sp500_fitted):
    with pytest.raises(NotFittedError):
        GARCHBaseline().sample_paths(sp500, 1, 1)
    broken = sp500.iloc[:500].copy()
    broken.iloc[-1, 0] = np.nan
    with pytest.raises(MissingValueError):
        sp500_fitted.sample_paths(broken, 5, 1)
    with pytest.raises(TooFewRowsError):
        sp500_fitted.sample_paths(sp500.iloc[:50], 5, 1)
    for n_paths, horizon in [(0, 1), (5, 0), (5, 1.0), (True, 1)]:
        with pytest.raises(ConfigError, match=r"n_paths|horizon"):
            sp500_fitted.sample_paths(sp500, n_paths, horizon)
