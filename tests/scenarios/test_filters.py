"""Volatility filters: arch's estimates, a consistent recursion, residuals that rebuild returns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from arch import arch_model

from fingan.core.exceptions import ConfigError
from fingan.scenarios import EWMAFilter, GARCHFilter, GJRGARCHFilter

FILTERS = [EWMAFilter(), GARCHFilter(), GJRGARCHFilter(), GARCHFilter(dist="normal")]


@pytest.mark.parametrize("volatility", FILTERS, ids=repr)
def test_residuals_rebuild_the_returns(volatility, two_assets: pd.DataFrame) -> None:
    values = two_assets.to_numpy()
    filtered = volatility.fit(values).filter(values)
    rebuilt = volatility.mean + np.sqrt(filtered.variances) * filtered.residuals
    np.testing.assert_allclose(rebuilt, values, atol=1e-12)
    # Standardised residuals of a sensible filter have about unit variance.
    assert np.all(np.abs(filtered.residuals.std(axis=0) - 1.0) < 0.15)


@pytest.mark.parametrize("volatility", FILTERS, ids=repr)
def test_update_continues_the_filter(volatility, sp500: pd.DataFrame) -> None:
    """Rolling one simulated day forward gives what filtering that day would have given."""
    values = sp500.to_numpy()
    volatility.fit(values[:-1])
    before = volatility.filter(values[:-1])
    after = volatility.filter(values)
    stepped = volatility.update(before.next_variance[None, :], values[-1:] - volatility.mean)
    np.testing.assert_allclose(before.next_variance, after.variances[-1], rtol=1e-10)
    np.testing.assert_allclose(stepped[0], after.next_variance, rtol=1e-10)


def test_garch_matches_arch(sp500: pd.DataFrame) -> None:
    values = sp500.to_numpy()
    fitted = GJRGARCHFilter().fit(values)
    reference = arch_model(100 * values[:, 0], vol="GARCH", p=1, o=1, q=1, dist="t").fit(disp="off")
    np.testing.assert_allclose(fitted.params_[0], reference.params.to_numpy(), rtol=1e-6)
    filtered = fitted.filter(values)
    np.testing.assert_allclose(
        np.sqrt(filtered.variances[:, 0]) * 100, reference.conditional_volatility, rtol=1e-8
    )


def test_gjr_recovers_the_leverage_effect(garch_returns: np.ndarray) -> None:
    """On simulated GJR data the asymmetry is found; the plain GARCH has none to find."""
    gjr = GJRGARCHFilter().fit(garch_returns)
    gamma = gjr.params_[0, 3]
    assert 0.04 < gamma < 0.2
    negative = gjr.update(np.array([[1e-4]]), np.array([[-0.02]]))
    positive = gjr.update(np.array([[1e-4]]), np.array([[0.02]]))
    assert negative[0, 0] > positive[0, 0]


def test_ewma_is_riskmetrics() -> None:
    returns = np.array([[0.01], [-0.02], [0.005]] * 50)
    ewma = EWMAFilter(decay=0.9).fit(returns)
    filtered = ewma.filter(returns)
    expected = 0.9 * filtered.variances[-1] + 0.1 * returns[-1] ** 2
    np.testing.assert_allclose(filtered.next_variance, expected)
    assert np.all(ewma.mean == 0.0)


@pytest.mark.parametrize("decay", [0.0, 1.0, "0.9", True])
def test_bad_decay_is_refused(decay: object, sp500: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="decay"):
        EWMAFilter(decay=decay).fit(sp500.to_numpy())  # type: ignore[arg-type]


def test_state_round_trip_and_corrupt_state(sp500: pd.DataFrame) -> None:
    values = sp500.to_numpy()
    fitted = GARCHFilter().fit(values)
    restored = GARCHFilter().restore(fitted.to_dict())
    np.testing.assert_array_equal(
        restored.filter(values).residuals, fitted.filter(values).residuals
    )
    state = fitted.to_dict()
    state["long_run_variance"] = [-1.0]
    with pytest.raises(ValueError, match="positive"):
        GARCHFilter().restore(state)
