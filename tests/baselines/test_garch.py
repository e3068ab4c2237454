"""GARCH(1,1)-t recovers its own parameters and simulates clustered volatility."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from arch import arch_model
from scipy import stats

from fingan.baselines import GARCHBaseline
from fingan.baselines.garch import _UnitTQuantile
from fingan.exceptions import ConfigError, MissingValueError, NotFittedError, TooFewRowsError

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
