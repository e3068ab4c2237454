"""Stress tests: shocks and volatility levels that raise the VaR, the worst scenarios, the file."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from fingan.apps.risk import portfolio_weights, stress_scenarios, write_scenarios
from fingan.baselines import GARCHBaseline
from fingan.core.exceptions import ConfigError, UnsupportedFormatError
from fingan.datasets import load_market

WEIGHTS = {"sp500": 0.6, "nasdaq": 0.4}


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return load_market(["sp500", "nasdaq"], "2012-01-01", "2018-12-31")


@pytest.fixture(scope="module")
def garch(returns) -> GARCHBaseline:
    return GARCHBaseline().fit(returns.loc[:"2017-12-31"])


def test_shock_raises_the_ten_day_var(returns, garch):
    history = returns.loc[:"2017-12-29"]
    calm = stress_scenarios(garch, history, WEIGHTS, n_paths=4000, horizon=10, random_state=0)
    shocked = stress_scenarios(
        garch, history, WEIGHTS, shock=-0.07, n_paths=4000, horizon=10, random_state=0
    )
    assert shocked.risk.loc[0.99, "var"] > 2 * calm.risk.loc[0.99, "var"]
    assert shocked.shock.tolist() == [-0.07, -0.07]
    assert shocked.shock_return == pytest.approx(np.expm1(-0.07))
    only_sp500 = stress_scenarios(
        garch, history, WEIGHTS, shock={"sp500": -0.07}, n_paths=10, random_state=0
    )
    assert only_sp500.shock.to_dict() == {"sp500": -0.07, "nasdaq": 0.0}
    with pytest.raises(ConfigError, match="unknown asset"):
        stress_scenarios(garch, history, WEIGHTS, shock={"dax": -0.07}, n_paths=10)


def test_volatility_stress_rescales_recent_days(returns, garch):
    history = returns.loc[:"2017-12-29"]
    low = stress_scenarios(garch, history, WEIGHTS, volatility=0.1, n_paths=4000, random_state=0)
    high = stress_scenarios(garch, history, WEIGHTS, volatility=0.6, n_paths=4000, random_state=0)
    assert high.risk.loc[0.99, "var"] > 2 * low.risk.loc[0.99, "var"]
    recent = history.to_numpy()[-21:] @ high.weights.to_numpy() * high.volatility_scale
    assert np.sqrt(252 * np.mean(recent**2)) == pytest.approx(0.6)
    with pytest.raises(ConfigError, match="volatility"):
        stress_scenarios(garch, history, WEIGHTS, volatility=-0.2, n_paths=10)


def test_worst_scenarios_are_the_largest_losses(returns, garch):
    result = stress_scenarios(
        garch, returns, WEIGHTS, shock=-0.05, n_paths=2000, horizon=5, worst=15, random_state=1
    )
    largest = np.sort(result.losses)[::-1][:15]
    np.testing.assert_allclose(result.worst["loss"], largest)
    np.testing.assert_allclose(result.losses[result.worst["scenario"]], largest)
    totals = result.paths.values[result.worst["scenario"]].sum(axis=1)
    np.testing.assert_allclose(result.worst[["sp500", "nasdaq"]], totals)
    assert "worst scenarios" in result.summary()
    assert json.loads(json.dumps(result.to_dict()))["n_paths"] == 2000


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_scenario_file_round_trips(returns, garch, tmp_path, suffix):
    result = stress_scenarios(garch, returns, WEIGHTS, shock=-0.07, n_paths=50, horizon=4)
    path = write_scenarios(result, tmp_path / f"out{suffix}")
    frame = pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
    assert list(frame.columns) == ["scenario", "step", "sp500", "nasdaq", "portfolio"]
    assert len(frame) == 200
    assert frame["step"].tolist()[:5] == [1, 2, 3, 4, 1]
    np.testing.assert_allclose(frame[["sp500", "nasdaq"]], result.paths.values.reshape(-1, 2))
    last = frame[frame["step"] == 4].set_index("scenario")["portfolio"]
    np.testing.assert_allclose(last, -result.losses)
    assert [item.name for item in tmp_path.iterdir()] == [path.name]


def test_bad_scenario_file_leaves_nothing(returns, garch, tmp_path):
    result = stress_scenarios(garch, returns, WEIGHTS, n_paths=5, horizon=2)
    with pytest.raises(UnsupportedFormatError, match=r"\.csv or \.parquet"):
        write_scenarios(result, tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_the_weights_used_are_checked_and_recorded(returns, garch):
    history = returns.loc[:"2017-12-29"]
    with pytest.raises(ConfigError, match=r"sum to 0\.1, not 1"):
        stress_scenarios(garch, history, {"sp500": 1.0, "nasdaq": -0.9}, n_paths=10)
    with pytest.raises(ConfigError, match=r"finite numbers; got sp500 nan, nasdaq 0\.4"):
        stress_scenarios(garch, history, {"sp500": float("nan"), "nasdaq": 0.4}, n_paths=10)
    levered = portfolio_weights(
        {"sp500": 1.0, "nasdaq": -0.9}, history.columns, normalize=True, allow_leverage=True
    )
    result = stress_scenarios(garch, history, levered, shock=-0.07, n_paths=200, random_state=0)
    np.testing.assert_allclose(result.weights, [10.0, -9.0])
    assert result.shock_return == pytest.approx(np.expm1(-0.07))
    np.testing.assert_allclose(-result.losses, np.expm1(result.paths.values.sum(axis=1)) @ [10, -9])
    metrics = json.loads(json.dumps(result.to_dict()))
    assert metrics["weights"] == pytest.approx({"sp500": 10.0, "nasdaq": -9.0})
    assert metrics["gross_leverage"] == pytest.approx(19.0)
    assert "weights: sp500 10.000, nasdaq -9.000 (gross leverage 19.00)" in result.summary()
