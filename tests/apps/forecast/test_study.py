"""Forecast evaluation: targets as documented, scores that separate good from bad forecasts."""

from __future__ import annotations

import json
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest

from fingan.apps.forecast import (
    DEFAULT_QUANTILES,
    FORECAST_MODELS,
    TARGETS,
    TargetForecast,
    default_forecast_models,
    evaluate_forecasts,
    fit_forecast_model,
    forecast_distribution,
)
from fingan.apps.registry import gan_training, with_gan_steps
from fingan.baselines import GARCHBaseline
from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.core.paths import ReturnPaths
from fingan.datasets import load_market
from fingan.metrics.comparison import diebold_mariano
from fingan.models import InnovationGAN
from fingan.scenarios import ConditionalScenarioModel, GPDTails
from fingan.training import TrainingConfig

START, END = "2017-01-03", "2017-03-31"  # 62 forecast days


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return load_market(["sp500", "nasdaq"], "2012-01-01", "2017-12-31")


class Scaled:
    """GARCH-t scenarios multiplied by ``factor``: too wide above one, too narrow below."""

    def __init__(self, factor: float) -> None:
        self.factor = factor

    def fit(self, returns):
        self.model_ = GARCHBaseline().fit(returns)
        return self

    def sample_paths(self, history, n_paths, horizon, *, random_state=None):
        paths = self.model_.sample_paths(history, n_paths, horizon, random_state=random_state)
        return ReturnPaths(paths.values * self.factor, paths.assets)


class Spy:
    """Records the last day it was fitted on and the last day of each history it was given."""

    fitted_until: ClassVar[list[pd.Timestamp]] = []
    histories_until: ClassVar[list[pd.Timestamp]] = []

    def fit(self, returns):
        Spy.fitted_until.append(returns.index[-1])
        self.assets_ = list(returns.columns)
        return self

    def sample_paths(self, history, n_paths, horizon, *, random_state=None):
        Spy.histories_until.append(history.index[-1])
        rng = np.random.default_rng(random_state)
        return ReturnPaths.from_array(rng.normal(0, 0.01, (n_paths, horizon, 2)), self.assets_)


@pytest.fixture(scope="module")
def scaled_evaluation(returns):
    models = {"garch": GARCHBaseline(), "too_wide": Scaled(3.0), "too_narrow": Scaled(0.3)}
    return evaluate_forecasts(
        returns, models, start=START, end=END, refit="monthly", n_paths=500, random_state=1
    )


def test_per_day_frame(returns, scaled_evaluation):
    frame = scaled_evaluation.to_frame()
    assert frame.index.names == ["target", "model", "date"]
    assert list(frame.index.unique("target")) == list(TARGETS)
    assert scaled_evaluation.models == ["garch", "too_wide", "too_narrow"]
    dates = scaled_evaluation.dates
    assert len(dates) == 62
    assert dates[0] == pd.Timestamp(START)
    observed = scaled_evaluation.observed("return")
    np.testing.assert_allclose(observed, returns["sp500"].reindex(dates))
    np.testing.assert_allclose(scaled_evaluation.observed("realised_vol"), observed.abs())
    quantiles = frame.filter(like="q").to_numpy()
    assert np.all(np.diff(quantiles, axis=1) >= 0)
    assert np.all(frame["lower"] <= frame["upper"])
    assert frame["pit"].between(0, 1).all()
    assert (frame["crps"] > 0).all()


def test_well_scaled_model_wins_and_the_tests_see_it(scaled_evaluation):
    scores = scaled_evaluation.scores()
    tests = scaled_evaluation.dm_tests()
    assert scaled_evaluation.benchmark == "garch"
    for target in TARGETS:
        crps = scores.loc[target, "crps"]
        assert crps["garch"] < crps["too_wide"]
        assert crps["garch"] < crps["too_narrow"]
        assert scores.loc[(target, "too_wide"), "crps_skill"] < 0
        assert scores.loc[(target, "garch"), "crps_skill"] == 0
        assert tests.loc[(target, "too_wide"), "statistic"] > 0  # worse than the benchmark
        assert tests.loc[(target, "too_wide"), "p_value"] < 0.01
        # In a calm quarter CRPS barely punishes narrowness: the PIT and coverage do.
        assert tests.loc[(target, "too_narrow"), "statistic"] > 0
    coverage = scores.loc["return", "coverage"]
    assert coverage["too_wide"] == 1.0
    assert coverage["too_narrow"] < 0.6
    assert 0.8 <= coverage["garch"] <= 1.0
    pit_p = scores.loc["return", "pit_p_value"]
    assert pit_p["too_narrow"] < 0.001  # U-shaped PIT
    assert pit_p["too_wide"] < 0.001  # humped PIT
    assert pit_p["garch"] > 0.001
    pinball = scores.filter(like="pinball").loc["return"]
    assert (pinball.loc["garch"] < pinball.loc["too_wide"]).sum() >= 5


def test_summary_and_json(scaled_evaluation):
    text = scaled_evaluation.summary()
    assert "Diebold-Mariano" in text
    assert "too_narrow" in text
    data = json.loads(json.dumps(scaled_evaluation.to_dict()))
    assert data["n_forecasts"] == 62
    assert data["asset"] == "sp500"
    entry = data["targets"]["return"]["too_wide"]
    assert entry["scores"]["crps"] > data["targets"]["return"]["garch"]["scores"]["crps"]
    assert entry["dm_test_vs_benchmark"]["p_value"] < 0.01
    assert sum(entry["pit_histogram"]["counts"]) == 62
    assert "dm_test_vs_benchmark" not in data["targets"]["return"]["garch"]
    assert data["timings"]["garch"]["fits"] == 3


def test_multi_day_targets_and_overlap_aware_tests(returns):
    evaluation = evaluate_forecasts(
        returns,
        {"garch": GARCHBaseline(), "wide": Scaled(2.0)},
        horizon=5,
        start=START,
        end=END,
        refit="never",
        n_paths=300,
        asset="nasdaq",
    )
    dates = evaluation.dates
    assert len(dates) == 62 - 4  # every 5-day window ends by END
    nasdaq = returns["nasdaq"]
    expected_return = nasdaq.rolling(5).sum().shift(-4).reindex(dates)
    expected_vol = np.sqrt((nasdaq**2).rolling(5).sum().shift(-4)).reindex(dates)
    np.testing.assert_allclose(evaluation.observed("return"), expected_return)
    np.testing.assert_allclose(evaluation.observed("realised_vol"), expected_vol)
    crps = evaluation.crps("return")
    direct = diebold_mariano(crps["wide"], crps["garch"], horizon=5)
    assert direct.lags == 4
    assert evaluation.dm_tests().loc[("return", "wide"), "p_value"] == pytest.approx(direct.p_value)


def test_models_see_only_the_past(returns):
    Spy.fitted_until.clear()
    Spy.histories_until.clear()
    evaluation = evaluate_forecasts(
        returns, {"spy": lambda seed: Spy()}, start=START, end=END, refit="monthly", n_paths=20
    )
    dates = evaluation.dates
    assert Spy.fitted_until == [
        pd.Timestamp("2016-12-30"),
        *[pd.Timestamp(d) for d in ("2017-01-31", "2017-02-28")],
    ]
    previous = returns.index[returns.index.get_indexer(dates) - 1]
    assert list(Spy.histories_until) == list(previous)


def test_same_seed_same_forecasts(returns):
    def run(seed):
        return evaluate_forecasts(
            returns,
            {"garch": GARCHBaseline()},
            start=START,
            end="2017-01-20",
            n_paths=50,
            random_state=seed,
        ).to_frame()

    first = run(3)
    pd.testing.assert_frame_equal(first, run(3))
    assert not first.equals(run(4))


def test_built_in_models(returns):
    assert tuple(default_forecast_models()) == FORECAST_MODELS
    evaluation = evaluate_forecasts(
        returns,
        ["random_walk", "garch_t", "quantile_regression"],
        start="2017-06-01",
        end="2017-06-30",
        refit="never",
        n_paths=200,
    )
    assert evaluation.benchmark == "garch_t"
    assert evaluation.models == ["random_walk", "garch_t", "quantile_regression"]
    assert evaluation.scores()["crps"].notna().all()
    assert list(evaluation.dm_tests().index.unique("model")) == [
        "random_walk",
        "quantile_regression",
    ]


@pytest.mark.slow
def test_conditional_gan_with_tiny_training(returns):
    evaluation = evaluate_forecasts(
        returns,
        ["garch_t", "gan"],
        start="2017-06-01",
        end="2017-06-14",
        refit="never",
        n_paths=100,
        gan_training=TrainingConfig(n_steps=20, batch_size=64),
    )
    assert evaluation.models == ["garch_t", "gan"]
    assert np.isfinite(evaluation.scores()["crps"]).all()


def test_errors(returns):
    def run(**overrides):
        settings = {"models": ["garch_t"], "start": START, "end": "2017-01-10", "n_paths": 20}
        settings.update(overrides)
        return evaluate_forecasts(returns, **settings)

    with pytest.raises(ConfigError, match="unknown forecast model"):
        run(models=["garch_t", "prophet"])
    with pytest.raises(ConfigError, match="unknown asset 'gold'"):
        run(asset="gold")
    with pytest.raises(ConfigError, match="benchmark 'random_walk'"):
        run(benchmark="random_walk")
    with pytest.raises(ConfigError, match="quantiles"):
        run(quantiles=(0.5, 1.5))
    with pytest.raises(ConfigError, match="n_paths"):
        run(n_paths=1)
    with pytest.raises(ConfigError, match="horizon"):
        run(horizon=0)
    with pytest.raises(ConfigError, match="refit"):
        run(refit="weekly")
    with pytest.raises(TooFewRowsError):
        run(start="2012-03-01")
    with pytest.raises(ConfigError, match="fit and sample_paths"):
        run(models={"bad": 42})


@pytest.fixture(scope="module")
def garch(returns):
    return fit_forecast_model(returns, "garch_t")


def test_forecast_distribution_summarises_the_paths_of_the_asset(returns, garch):
    table = forecast_distribution(
        garch, returns, horizon=3, n_paths=2_000, asset="nasdaq", random_state=5
    )
    assert list(table.index) == list(TARGETS)
    assert table.index.name == "target"
    levels = [f"q{level:g}" for level in DEFAULT_QUANTILES]
    assert list(table.columns) == ["mean", "std", *levels]
    paths = garch.sample_paths(returns, 2_000, 3, random_state=5).values[:, :, 1]
    expected_return = paths.sum(axis=1)
    expected_vol = np.sqrt((paths**2).sum(axis=1))
    assert table.loc["return", "mean"] == pytest.approx(expected_return.mean())
    assert table.loc["realised_vol", "std"] == pytest.approx(expected_vol.std(ddof=1))
    assert table.loc["realised_vol", "q0.95"] == pytest.approx(np.quantile(expected_vol, 0.95))
    assert np.all(np.diff(table.filter(like="q").to_numpy(), axis=1) >= 0)
    assert (table.loc["realised_vol"] >= 0).all()


def test_forecast_after_a_volatile_history_is_wider(returns, garch):
    def width(end):
        table = forecast_distribution(garch, returns.loc[:end], n_paths=2_000, random_state=1)
        return table.loc["return", "q0.95"] - table.loc["return", "q0.05"]

    assert width("2015-08-25") > 2 * width("2017-06-30")  # after the August 2015 sell-off


def test_garch_spread_grows_roughly_with_the_square_root_of_the_horizon(returns, garch):
    def spread(horizon):
        table = forecast_distribution(
            garch, returns, horizon=horizon, n_paths=4_000, random_state=2
        )
        return table.loc["return", "std"]

    ratio = spread(10) / spread(1) / np.sqrt(10)
    assert 0.8 < ratio < 1.35  # calm end of 2017: volatility reverts up a little


def test_forecast_distribution_quantiles_and_errors(returns, garch):
    table = forecast_distribution(garch, returns, n_paths=100, quantiles=(0.9, 0.1), random_state=0)
    assert list(table.columns) == ["mean", "std", "q0.1", "q0.9"]
    with pytest.raises(ConfigError, match="unknown asset 'gold'"):
        forecast_distribution(garch, returns, asset="gold")
    with pytest.raises(ConfigError, match="n_paths"):
        forecast_distribution(garch, returns, n_paths=1)
    with pytest.raises(ConfigError, match="unknown forecast model"):
        fit_forecast_model(returns, "prophet")


def conditional_gan(model: ConditionalScenarioModel) -> InnovationGAN:
    """The GAN of the "gan" configuration: the body of its EVT-tailed innovations."""
    tails = model.innovations
    assert isinstance(tails, GPDTails)
    assert isinstance(tails.body, InnovationGAN)
    return tails.body


def test_gan_steps_set_the_conditional_gan_training():
    models = with_gan_steps(default_forecast_models, ["garch_t", "gan"], 7)
    assert list(models) == ["garch_t", "gan"]
    gan = conditional_gan(models["gan"](0))
    assert gan.training.n_steps == 7
    assert gan.training == gan_training("gan", 7)
    rebuilt = default_forecast_models(gan.training, names=["gan"])["gan"](0)
    assert conditional_gan(rebuilt).training == gan_training("gan", 7)


def test_per_day_results_are_typed(scaled_evaluation):
    rolling = scaled_evaluation.rolling
    first = rolling.results[0]
    assert set(first) == set(TARGETS)
    forecast = first["return"]
    assert isinstance(forecast, TargetForecast)
    assert len(forecast.quantiles) == len(DEFAULT_QUANTILES)
    assert forecast.lower <= forecast.upper
    model, date = rolling.index[0]
    row = scaled_evaluation.to_frame().loc[("return", model, date)]
    assert row["crps"] == forecast.crps
    assert row["q0.5"] == forecast.quantiles[list(DEFAULT_QUANTILES).index(0.5)]
    assert scaled_evaluation.to_dict()["n_paths"] == 500
