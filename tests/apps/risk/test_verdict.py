"""The risk verdict names the best model of the test table, and which models pass or fail."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from fingan.apps.risk import RiskBacktest
from fingan.apps.risk.report import rank_models, risk_verdict
from fingan.metrics import var_backtest

LEVEL = 0.99
N_DAYS = 500


def _backtest(var_by_model: dict[str, float]) -> RiskBacktest:
    """Backtests of constant VaR forecasts of seeded Student-t returns."""
    returns = np.random.default_rng(7).standard_t(5, N_DAYS) * 0.01
    tests = {name: var_backtest(returns, var, LEVEL) for name, var in var_by_model.items()}
    return RiskBacktest(
        forecasts=pd.DataFrame(),
        backtests=tests,
        weights=pd.Series({"sp500": 1.0}),
        level=LEVEL,
        horizon=1,
        rolling=SimpleNamespace(n_paths=1000),  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def backtest():
    returns = np.random.default_rng(7).standard_t(5, N_DAYS) * 0.01
    right = float(-np.quantile(returns, 1 - LEVEL))
    return _backtest({"too_calm": 0.3 * right, "right": right, "too_wide": 3 * right})


def test_best_model_is_green_and_closest_to_the_expected_rate(backtest):
    tests = backtest.tests()
    assert tests.loc["right", "traffic_light"] == "green"
    assert tests.loc["too_calm", "traffic_light"] == "red"
    assert rank_models(backtest)[0] == "right"
    assert rank_models(backtest)[-1] == "too_calm"


def test_verdict_names_the_best_and_the_failing_models(backtest):
    verdict = risk_verdict(backtest)
    assert verdict.startswith("right is the best of 3 models")
    passing = verdict.split("Green and no test rejected at 5%: ", 1)[1].split(".", 1)[0]
    assert "right" in passing
    assert "too_calm" not in passing
    failing = verdict.split("Failing: ", 1)[1]
    assert "too_calm (red light, Kupiec rejected" in failing
    assert "Do not over-read this:" in verdict


def test_violation_rate_intervals_cover_the_rate(backtest):
    intervals = backtest.violation_rate_intervals()
    assert (intervals["ci_low"] <= intervals["violation_rate"]).all()
    assert (intervals["violation_rate"] <= intervals["ci_high"]).all()
    # A far too calm VaR: the interval of its rate excludes the expected 1%.
    assert intervals.loc["too_calm", "ci_low"] > 1 - LEVEL
    assert intervals.loc["right", "ci_low"] <= 1 - LEVEL <= intervals.loc["right", "ci_high"]
