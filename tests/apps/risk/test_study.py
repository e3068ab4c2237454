"""VaR backtests that can fail, the next days' VaR, and the built-in risk models."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from fingan.apps.registry import gan_training, with_gan_steps
from fingan.apps.risk import (
    RISK_MODELS,
    backtest_var,
    default_risk_models,
    fit_risk_model,
    forecast_risk,
    portfolio_returns,
    portfolio_weights,
    stress_scenarios,
)
from fingan.baselines import GARCHBaseline
from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.datasets import load_market
from fingan.metrics.risk import expected_shortfall, value_at_risk
from fingan.training import TrainingConfig

WEIGHTS = {"sp500": 0.6, "nasdaq": 0.4}


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return load_market(["sp500", "nasdaq"], "2012-01-01", "2018-12-31")


@pytest.fixture(scope="module")
def garch(returns) -> GARCHBaseline:
    return GARCHBaseline().fit(returns.loc[:"2017-12-31"])


class TooCalm:
    """A model whose scenarios are far too quiet: its VaR is a fraction of the real one."""

    def fit(self, returns):
        self.assets_ = list(returns.columns)
        return self

    def sample_paths(self, history, n_paths, horizon, *, random_state=None):
        rng = np.random.default_rng(random_state)
        values = rng.normal(0.0, 0.001, (n_paths, horizon, len(self.assets_)))
        return ReturnPaths.from_array(values, self.assets_)


class AlwaysUp(TooCalm):
    """A model sure of a gain: even its 99 % tail is a gain, so VaR and ES are negative."""

    def sample_paths(self, history, n_paths, horizon, *, random_state=None):
        paths = super().sample_paths(history, n_paths, horizon, random_state=random_state)
        return ReturnPaths.from_array(paths.values + 0.05, paths.assets)


def test_backtest_garch_var_rises_after_a_volatile_history(returns):
    # Early February 2018 the S&P 500 fell 4 % in a day after a very calm year.
    result = backtest_var(
        returns,
        WEIGHTS,
        default_risk_models(names=["garch_t"]),
        start="2017-12-01",
        end="2018-03-29",
        refit="never",
        n_paths=1000,
    )
    var = result.forecasts.set_index("date")["var"]
    calm = var.loc["2017-12-01":"2018-01-31"].mean()
    after = var.loc["2018-02-07":"2018-03-29"].mean()
    assert after > 1.8 * calm
    # The realised return of a day is the weighted simple return of that day.
    day = pd.Timestamp("2018-02-05")
    realised = result.forecasts.set_index("date").loc[day, "realised"]
    expected = 0.6 * np.expm1(returns.loc[day, "sp500"]) + 0.4 * np.expm1(
        returns.loc[day, "nasdaq"]
    )
    assert realised == pytest.approx(expected)
    assert result.forecasts.set_index("date").loc[day, "violation"]


def test_a_var_far_too_low_is_rejected_and_red(returns):
    models = {"too_calm": lambda seed: TooCalm(), **default_risk_models(names=["historical"])}
    result = backtest_var(
        returns,
        WEIGHTS,
        models,
        start="2017-01-03",
        end="2017-06-30",
        refit="monthly",
        n_paths=1000,
    )
    tests = result.tests()
    assert tests.loc["too_calm", "n_violations"] > 20
    assert tests.loc["too_calm", "traffic_light"] == "red"
    assert tests.loc["too_calm", "kupiec_p_value"] < 1e-6
    assert tests.loc["historical", "n_violations"] < 10
    assert tests.loc["historical", "traffic_light"] != "red"
    frame = result.to_frame()
    assert list(frame.columns) == ["date", "model", "var", "es", "realised", "violation", "pit"]
    assert (frame["violation"] == (-frame["realised"] > frame["var"])).all()
    # A VaR crossed is a realised return in the model's lowest 1 %: its PIT is below 0.01.
    assert (frame.loc[frame["violation"], "pit"] <= 0.01).all()
    counts = frame.groupby("model")["violation"].sum()
    assert counts.to_dict() == tests["n_violations"].to_dict()
    assert len(result.rolling.fits) == 12  # two models, six monthly refits
    metrics = json.loads(json.dumps(result.to_dict()))
    assert metrics["models"]["too_calm"]["traffic_light"] == "red"
    assert metrics["models"]["too_calm"]["timing"]["forecasts"] == len(frame) // 2
    assert "too_calm" in result.summary()


def test_forecasts_of_gains_skip_the_es_tests(returns):
    result = backtest_var(
        returns,
        WEIGHTS,
        {"always_up": lambda seed: AlwaysUp()},
        start="2018-01-02",
        end="2018-01-31",
        n_paths=100,
    )
    test = result.backtests["always_up"]
    assert test.es_p_value is None
    assert test.n_violations == test.n_days  # every realised return is below a 5 % gain


def test_longer_horizons_use_non_overlapping_windows(returns):
    result = backtest_var(
        returns,
        WEIGHTS,
        default_risk_models(names=["historical"]),
        start="2018-01-02",
        end="2018-03-29",
        n_paths=500,
        horizon=5,
    )
    dates = result.forecasts["date"]
    positions = returns.index.get_indexer(dates)
    assert (np.diff(positions) == 5).all()
    window = returns.iloc[positions[0] : positions[0] + 5]
    expected = np.expm1(window.sum()) @ pd.Series(WEIGHTS)
    assert result.forecasts["realised"].iloc[0] == pytest.approx(expected)


def test_backtest_rejects_bad_level_and_weights(returns):
    options = {"start": "2018-01-02", "end": "2018-01-31", "n_paths": 10}
    models = default_risk_models(names=["historical"])
    with pytest.raises(ConfigError, match="level"):
        backtest_var(returns, WEIGHTS, models, level=1.5, **options)
    with pytest.raises(ConfigError, match="unknown asset"):
        backtest_var(returns, {"dax": 1.0}, models, **options)
    with pytest.raises(ConfigError, match=r"sum to 1\.3, not 1"):
        backtest_var(returns, {"sp500": 0.8, "nasdaq": 0.5}, models, **options)
    with pytest.raises(ConfigError, match="gross leverage"):
        backtest_var(returns, {"sp500": 2.5, "nasdaq": -1.5}, models, **options)


def test_backtest_records_the_weights_used(returns):
    weights = portfolio_weights({"sp500": 0.8, "nasdaq": 0.5}, returns.columns, normalize=True)
    result = backtest_var(
        returns,
        weights,
        {"too_calm": lambda seed: TooCalm()},
        start="2018-01-02",
        end="2018-01-31",
        n_paths=50,
    )
    np.testing.assert_allclose(result.weights, [0.8 / 1.3, 0.5 / 1.3])
    metrics = result.to_dict()
    assert metrics["weights"] == pytest.approx({"sp500": 0.8 / 1.3, "nasdaq": 0.5 / 1.3})
    assert metrics["gross_leverage"] == pytest.approx(1.0)
    assert "weights: sp500 0.615, nasdaq 0.385 (gross leverage 1.00)" in result.summary()
    realised = result.forecasts["realised"].iloc[0]
    day = returns.loc["2018-01-02"]
    assert realised == pytest.approx(np.expm1(day) @ np.array(weights.values))
    with pytest.raises(ConfigError, match="unknown risk model"):
        default_risk_models(names=["garch"])


def test_model_list():
    assert tuple(default_risk_models()) == RISK_MODELS


@pytest.fixture
def one_torch_thread():
    """Tiny networks gain nothing from threads, and on a busy machine two threads are slower."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.mark.usefixtures("one_torch_thread")
def test_gan_models_backtest_with_tiny_training(returns):
    from fingan.evaluation import Unconditional
    from fingan.models import MarketGAN
    from fingan.nn.tcn import TCNConfig

    training = TrainingConfig(n_steps=20, batch_size=64)
    defaults = default_risk_models(training, names=["market_gan"])
    wrapped = defaults["market_gan"](3)
    assert isinstance(wrapped, Unconditional)
    assert wrapped.model.training == training
    assert wrapped.model.random_state == 3
    stepped = with_gan_steps(default_risk_models, ["market_gan"], 7)["market_gan"](0)
    assert stepped.model.training == dataclasses.replace(MarketGAN.default_training, n_steps=7)
    assert stepped.model.training == gan_training("market_gan", 7)
    tiny = TCNConfig(hidden_channels=8, skip_channels=8, n_blocks=4)
    models = {
        "market_gan": lambda seed: Unconditional(
            MarketGAN(
                window=32,
                generator=tiny,
                discriminator=tiny,
                training=TrainingConfig(n_steps=5, batch_size=8),
                random_state=seed,
            )
        )
    }
    models |= default_risk_models(training, names=["gan"])
    result = backtest_var(
        returns.loc["2016-01-01":],
        WEIGHTS,
        models,
        start="2018-06-01",
        end="2018-06-29",
        refit="never",
        n_paths=1000,
    )
    var = result.forecasts.set_index(["model", "date"])["var"]
    assert np.isfinite(var).all()
    # The unconditional GAN ignores the history: one forecast until it is refitted.
    assert var.loc["market_gan"].nunique() == 1
    assert var.loc["gan"].nunique() > 1


def test_fit_risk_model_by_name(returns):
    model = fit_risk_model(returns.loc["2016":], "fhs")
    result = stress_scenarios(model, returns, n_paths=100, horizon=1, random_state=0)
    assert result.weights.tolist() == [0.5, 0.5]
    with pytest.raises(ConfigError, match="unknown risk model"):
        fit_risk_model(returns, "var_cov")


def test_forecast_risk_is_the_tail_of_the_next_days(returns, garch):
    history = returns.loc[:"2017-12-29"]
    forecast = forecast_risk(
        garch, history, WEIGHTS, levels=(0.95, 0.99), n_paths=2000, horizon=5, random_state=3
    )
    assert (forecast.n_paths, forecast.horizon) == (2000, 5)
    assert forecast.history_end == pd.Timestamp("2017-12-29")
    paths = garch.sample_paths(history, 2000, 5, random_state=3)
    simulated = portfolio_returns(paths, WEIGHTS)
    np.testing.assert_array_equal(forecast.returns, simulated)
    assert forecast.risk.loc[0.99, "var"] == value_at_risk(simulated, 0.99)
    assert forecast.risk.loc[0.95, "es"] == expected_shortfall(simulated, 0.95)
    pd.testing.assert_frame_equal(forecast.to_frame(), forecast.risk)
    # A stress test with no stress is the same forecast.
    unstressed = stress_scenarios(garch, history, WEIGHTS, n_paths=2000, horizon=5, random_state=3)
    pd.testing.assert_frame_equal(unstressed.risk, forecast.risk)
    metrics = json.loads(json.dumps(forecast.to_dict()))
    assert metrics["n_paths"] == 2000
    assert metrics["risk"]["0.99"]["var"] == forecast.risk.loc[0.99, "var"]
    assert "5-day loss after 2017-12-29 (2,000 paths)" in forecast.summary()
    assert "weights: sp500 0.600, nasdaq 0.400" in forecast.summary()
    with pytest.raises(ConfigError, match="n_paths"):
        forecast_risk(garch, history, WEIGHTS, n_paths=0)


def test_checkpoints_are_refused_for_models_that_do_not_train_in_steps(returns, tmp_path):
    with pytest.raises(ConfigError, match=r"garch_t does not train in steps.*resume does not"):
        fit_risk_model(returns, "garch_t", resume=tmp_path)
    with pytest.raises(ConfigError, match="checkpoint-every does not apply"):
        gan_training("historical", checkpoint_every=5)
    assert gan_training("historical", 100) is None
    assert gan_training("gan") is None  # the GAN's own defaults
    every = gan_training("gan", checkpoint_every=7)
    assert every is not None
    assert every.checkpoint_every == 7
