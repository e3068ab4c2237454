"""Portfolio risk: known answers, backtests that can fail, the built-in models."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from fingan.apps.risk import (
    MAX_GROSS_LEVERAGE,
    RISK_MODELS,
    PortfolioWeights,
    backtest_var,
    default_risk_models,
    fit_risk_model,
    portfolio_returns,
    portfolio_risk,
    portfolio_weights,
)
from fingan.apps.stress import stress_scenarios
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


def test_portfolio_returns_known_answer():
    # Path 0: a gains 10 % on day 1, b halves on day 2; path 1: both flat.
    values = [
        [[np.log(1.1), 0.0], [0.0, np.log(0.5)]],
        [[0.0, 0.0], [0.0, 0.0]],
    ]
    paths = ReturnPaths.from_array(values, ["a", "b"])
    np.testing.assert_allclose(
        portfolio_returns(paths, {"a": 0.75, "b": 0.25}), [0.75 * 0.1 - 0.125, 0]
    )
    np.testing.assert_allclose(portfolio_returns(paths, [1.0, 0.0]), [0.1, 0.0])
    np.testing.assert_allclose(portfolio_returns(paths), [0.05 - 0.25, 0.0])  # equal weights


def test_weights_are_checked():
    assert portfolio_weights({"a": 2.0}, ["a", "b"], normalize=True).values == (1.0, 0.0)
    assert portfolio_weights({"a": 1.0}, ["a", "b"]).values == (1.0, 0.0)
    assert portfolio_weights(None, ["a", "b", "c"]).to_array().tolist() == [1 / 3] * 3
    leveraged = portfolio_weights({"a": 2.0, "b": -1.0}, ["a", "b"], allow_leverage=True)
    assert leveraged.values == (2.0, -1.0)
    with pytest.raises(ConfigError, match=r"unknown asset\(s\) 'c' in weights"):
        portfolio_weights({"c": 1.0}, ["a", "b"])
    with pytest.raises(ConfigError, match="sum to 0, not 1"):
        portfolio_weights({"a": 1.0, "b": -1.0}, ["a", "b"])
    with pytest.raises(ConfigError, match="a 1, b -1 sum to 0; they cannot be divided"):
        portfolio_weights({"a": 1.0, "b": -1.0}, ["a", "b"], normalize=True)
    with pytest.raises(ConfigError, match=r"weights must be finite numbers; got a nan, b 0$"):
        portfolio_weights({"a": float("nan")}, ["a", "b"])
    with pytest.raises(ConfigError, match=r"finite numbers; got a inf, b -inf$"):
        portfolio_weights([np.inf, -np.inf], ["a", "b"], normalize=True)
    with pytest.raises(ConfigError, match="3 weights for 2 assets"):
        portfolio_weights([1, 2, 3], ["a", "b"])
    with pytest.raises(ConfigError, match="weights must be numbers"):
        portfolio_weights({"a": "lots"}, ["a", "b"])


def test_weights_must_sum_to_one_unless_normalized():
    # Nothing is rescaled silently: a sum of 1.3 is refused, with the way to accept it.
    with pytest.raises(ConfigError) as info:
        portfolio_weights({"a": 0.8, "b": 0.5}, ["a", "b"])
    message = str(info.value)
    assert "\n" not in message
    assert "weights a 0.8, b 0.5 sum to 1.3, not 1" in message
    assert "normalize=True / --normalize-weights" in message
    used = portfolio_weights({"a": 0.8, "b": 0.5}, ["a", "b"], normalize=True)
    np.testing.assert_allclose(used.values, [0.8 / 1.3, 0.5 / 1.3])
    # Within the tolerance, the weights are kept exactly as given.
    assert portfolio_weights([0.6, 0.4 + 1e-9], ["a", "b"]).values == (0.6, 0.4 + 1e-9)


def test_gross_leverage_is_bounded_unless_allowed():
    assert MAX_GROSS_LEVERAGE == 2.0
    # 1 and -0.9 sum to 0.1: refused as they are, and 10x long 9x short once normalised.
    with pytest.raises(ConfigError, match=r"sum to 0\.1, not 1"):
        portfolio_weights([1.0, -0.9], ["a", "b"], allow_leverage=True)
    with pytest.raises(ConfigError) as info:
        portfolio_weights([1.0, -0.9], ["a", "b"], normalize=True)
    message = str(info.value)
    assert "\n" not in message
    assert "weights a 10, b -9 have a gross leverage (sum of |w|) of 19, above 2" in message
    assert "allow_leverage=True / --allow-leverage" in message
    used = portfolio_weights([1.0, -0.9], ["a", "b"], normalize=True, allow_leverage=True)
    np.testing.assert_allclose(used.values, [10.0, -9.0])
    assert used.gross_leverage == pytest.approx(19.0)
    assert str(used) == "a 10.000, b -9.000 (gross leverage 19.00)"
    # 150 % long and 50 % short is at the limit and accepted.
    assert portfolio_weights([1.5, -0.5], ["a", "b"]).gross_leverage == 2.0


def test_portfolio_weights_are_a_checked_value():
    weights = PortfolioWeights(("sp500", "nasdaq"), (0.6, 0.4))
    assert str(weights) == "sp500 0.600, nasdaq 0.400 (gross leverage 1.00)"
    assert weights.to_dict() == {"sp500": 0.6, "nasdaq": 0.4}
    pd.testing.assert_series_equal(
        weights.to_series(), pd.Series([0.6, 0.4], index=["sp500", "nasdaq"], name="weight")
    )
    with pytest.raises(ConfigError, match=r"sum to 1\.3"):
        PortfolioWeights(("a", "b"), (0.8, 0.5))
    with pytest.raises(ConfigError, match="gross leverage"):
        PortfolioWeights(("a", "b"), (3.0, -2.0))
    assert PortfolioWeights(("a", "b"), (3.0, -2.0), allow_leverage=True).gross_leverage == 5.0
    with pytest.raises(ConfigError, match="'a' appears more than once"):
        PortfolioWeights(("a", "a"), (0.5, 0.5))
    # Checked weights pass through in the order of the assets, and keep their leverage permit.
    assert portfolio_weights(weights, ["nasdaq", "sp500"]).values == (0.4, 0.6)
    levered = PortfolioWeights(("a", "b"), (3.0, -2.0), allow_leverage=True)
    assert portfolio_weights(levered, ["a", "b"]) == levered
    with pytest.raises(ConfigError, match="the weights are for sp500, nasdaq; the assets are a, b"):
        portfolio_weights(weights, ["a", "b"])


def test_portfolio_risk_is_the_tail_of_portfolio_returns(rng):
    paths = ReturnPaths.from_array(rng.normal(0.0, 0.02, (5000, 3, 2)), ["a", "b"])
    table = portfolio_risk(paths, {"a": 0.5, "b": 0.5}, levels=(0.9, 0.99))
    simulated = portfolio_returns(paths, {"a": 0.5, "b": 0.5})
    assert list(table.index) == [0.9, 0.99]
    assert table.loc[0.99, "var"] == pytest.approx(value_at_risk(simulated, 0.99))
    assert table.loc[0.99, "es"] == pytest.approx(expected_shortfall(simulated, 0.99))
    assert (table["es"] > table["var"]).all()
    assert table.loc[0.99, "var"] > table.loc[0.9, "var"] > 0


def test_backtest_garch_var_rises_after_a_volatile_history(returns):
    # Early February 2018 the S&P 500 fell 4 % in a day after a very calm year.
    result = backtest_var(
        returns,
        WEIGHTS,
        default_risk_models(names=["garch_t"]),
        start="2017-12-01",
        end="2018-03-29",
        refit="never",
        n_scenarios=1000,
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
        n_scenarios=1000,
    )
    tests = result.tests()
    assert tests.loc["too_calm", "n_violations"] > 20
    assert tests.loc["too_calm", "traffic_light"] == "red"
    assert tests.loc["too_calm", "kupiec_p_value"] < 1e-6
    assert tests.loc["historical", "n_violations"] < 10
    assert tests.loc["historical", "traffic_light"] != "red"
    frame = result.to_frame()
    assert list(frame.columns) == ["date", "model", "var", "es", "realised", "violation"]
    assert (frame["violation"] == (-frame["realised"] > frame["var"])).all()
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
        n_scenarios=100,
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
        n_scenarios=500,
        horizon=5,
    )
    dates = result.forecasts["date"]
    positions = returns.index.get_indexer(dates)
    assert (np.diff(positions) == 5).all()
    window = returns.iloc[positions[0] : positions[0] + 5]
    expected = np.expm1(window.sum()) @ pd.Series(WEIGHTS)
    assert result.forecasts["realised"].iloc[0] == pytest.approx(expected)


def test_backtest_rejects_bad_level_and_weights(returns):
    options = {"start": "2018-01-02", "end": "2018-01-31", "n_scenarios": 10}
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
        n_scenarios=50,
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
    stepped = default_risk_models(names=["market_gan"], gan_steps=7)["market_gan"](0)
    assert stepped.model.training == dataclasses.replace(MarketGAN.default_training, n_steps=7)
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
    models |= default_risk_models(training, names=["conditional_gan"])
    result = backtest_var(
        returns.loc["2016-01-01":],
        WEIGHTS,
        models,
        start="2018-06-01",
        end="2018-06-29",
        refit="never",
        n_scenarios=1000,
    )
    var = result.forecasts.set_index(["model", "date"])["var"]
    assert np.isfinite(var).all()
    # The unconditional GAN ignores the history: one forecast until it is refitted.
    assert var.loc["market_gan"].nunique() == 1
    assert var.loc["conditional_gan"].nunique() > 1


def test_fit_risk_model_by_name(returns):
    model = fit_risk_model(returns.loc["2016":], "filtered_historical")
    result = stress_scenarios(model, returns, n_paths=100, horizon=1, random_state=0)
    assert result.weights.tolist() == [0.5, 0.5]
    with pytest.raises(ConfigError, match="unknown risk model"):
        fit_risk_model(returns, "var_cov")
