"""Rolling out-of-sample scenarios: refit schedule, no look-ahead, warm starts, adapters."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Self

import numpy as np
import pandas as pd
import pytest

from fingan.baselines import GBMBaseline
from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.core.paths import ReturnPaths
from fingan.evaluation import (
    Unconditional,
    forecast_origins,
    make_executor,
    refit_dates,
    rolling_scenarios,
)

Log = list[tuple[object, ...]]


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    days = pd.bdate_range("2019-01-01", "2021-12-31", name="date")
    values = np.random.default_rng(7).normal(0.0, 0.01, (len(days), 2))
    return pd.DataFrame(values, index=days, columns=["a", "b"])


class Recording:
    """A model that logs what it is fitted on and what history it is asked to follow."""

    def __init__(self, log: Log, seed: int) -> None:
        self.log = log
        self.seed = seed

    def fit(self, returns: pd.DataFrame) -> Self:
        self.log.append(("fit", returns.index[0], returns.index[-1], len(returns)))
        self.fitted_until_ = returns.index[-1]
        return self

    def sample_paths(self, history, n_paths, horizon, *, random_state=None) -> ReturnPaths:
        self.log.append(("sample", self.fitted_until_, history.index[-1], len(history)))
        rng = np.random.default_rng(random_state)
        values = rng.normal(0.0, 0.01, (n_paths, horizon, history.shape[1]))
        return ReturnPaths.from_array(values, list(history.columns))


def record(log: Log):
    return lambda seed: Recording(log, seed)


@dataclass(frozen=True)
class Origin:
    position: float
    mean: float


@dataclass(frozen=True)
class Rows:
    rows: float


def origin_of(forecast) -> Origin:
    return Origin(float(forecast.position), float(forecast.paths.values.mean()))


def test_refit_dates_follow_each_schedule():
    days = pd.bdate_range("2020-01-01", "2021-12-31")
    yearly = refit_dates(days, "2020-02-10", "2021-12-31", "yearly")
    assert list(yearly.strftime("%Y-%m-%d")) == ["2020-02-10", "2021-01-01"]
    quarterly = refit_dates(days, "2020-01-01", "2020-12-31", "quarterly")
    assert list(quarterly.strftime("%m-%d")) == ["01-01", "04-01", "07-01", "10-01"]
    monthly = refit_dates(days, "2020-01-15", "2020-06-30", "monthly")
    assert list(monthly.strftime("%m-%d")) == ["01-15", "02-03", "03-02", "04-01", "05-01", "06-01"]
    assert list(refit_dates(days, "2020-03-04", None, "never")) == [pd.Timestamp("2020-03-04")]
    every = refit_dates(days, None, None, 10)
    assert (np.diff(days.get_indexer(every)) == 10).all()
    for bad in ("weekly", 0, -5, True, 2.5):
        with pytest.raises(ConfigError, match="refit must be"):
            refit_dates(days, None, None, bad)


def test_no_look_ahead_and_monthly_refits(returns):
    log = []
    seen = []

    def reduce(forecast):
        seen.append(forecast.origin)
        assert forecast.realised.index[0] == forecast.origin
        return origin_of(forecast)

    result = rolling_scenarios(
        returns,
        {"recording": record(log)},
        reduce,
        start="2020-01-01",
        end="2020-12-31",
        refit="monthly",
        n_paths=50,
    )
    fits = [entry for entry in log if entry[0] == "fit"]
    samples = [entry for entry in log if entry[0] == "sample"]
    # One fit per month, on every day strictly before the month's first trading day.
    assert len(fits) == 12
    assert list(result.fits["refit_date"].dt.month) == list(range(1, 13))
    for (_, first, last, n_rows), refit_day in zip(fits, result.fits["refit_date"], strict=True):
        assert first == returns.index[0]
        assert last == returns.index[returns.index.get_loc(refit_day) - 1]
        assert n_rows == returns.index.get_loc(refit_day)
    # Each origin's history ends the trading day before it; the fit used no later day.
    assert len(samples) == len(seen) == len(returns.loc["2020"])
    for (_, fitted_until, history_end, n_rows), origin in zip(samples, seen, strict=True):
        position = returns.index.get_loc(origin)
        assert history_end == returns.index[position - 1]
        assert n_rows == position
        assert fitted_until < origin
        assert fitted_until.to_period("M") < origin.to_period("M")
    assert list(result.index.get_level_values("date")) == seen
    assert [day.position for day in result.results] == [
        float(returns.index.get_loc(day)) for day in seen
    ]


def test_rolling_window_horizon_and_stride(returns):
    log = []
    result = rolling_scenarios(
        returns,
        {"recording": record(log)},
        lambda forecast: Rows(float(len(forecast.realised))),
        start="2020-03-01",
        end="2020-06-30",
        refit="quarterly",
        n_paths=10,
        horizon=5,
        stride=5,
        fit_window=300,
    )
    assert (result.fits["n_rows"] == 300).all()
    positions = returns.index.get_indexer(result.index.get_level_values("date"))
    assert (np.diff(positions) == 5).all()
    assert (result.to_frame()["rows"] == 5).all()
    last_window_end = returns.index[positions[-1] + 4]
    assert last_window_end <= pd.Timestamp("2020-06-30")
    assert returns.index[positions[-1] + 9] > pd.Timestamp("2020-06-30")


def test_runs_are_reproducible_and_models_get_their_own_streams(returns):
    def run(models):
        return rolling_scenarios(
            returns,
            models,
            origin_of,
            start="2021-06-01",
            end="2021-06-30",
            refit="never",
            n_paths=20,
            random_state=3,
        ).to_frame()

    first = run({"x": record([]), "y": record([])})
    again = run({"x": record([]), "y": record([])})
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first.loc["x", "mean"], first.loc["y", "mean"])
    alone = run({"x": record([])})
    pd.testing.assert_frame_equal(alone.loc[["x"]], first.loc[["x"]])
    swapped = run({"y": record([]), "x": record([])})
    pd.testing.assert_frame_equal(swapped.loc[["x"]], first.loc[["x"]])


def test_bad_periods_and_counts_are_clear_errors(returns):
    def run(**options):
        settings = {"start": "2020-01-01", "n_paths": 10, "refit": "never"} | options
        return rolling_scenarios(returns, {"r": record([])}, origin_of, **settings)

    with pytest.raises(
        TooFewRowsError, match=r"only 109 days of returns before start 2019-06-01.*at least 250"
    ):
        run(start="2019-06-01")
    with pytest.raises(TooFewRowsError, match="at least 600"):
        run(fit_window=600)
    with pytest.raises(ConfigError, match="after the last day"):
        run(start="2030-01-01")
    with pytest.raises(ConfigError, match="after the last day"):
        run(end="2030-01-01")
    with pytest.raises(ConfigError, match="before start"):
        run(end="2019-12-01")
    with pytest.raises(ConfigError, match="n_paths"):
        run(n_paths=0)
    with pytest.raises(ConfigError, match="horizon"):
        run(horizon=0)
    with pytest.raises(TooFewRowsError, match="no 10-day forecast window"):
        run(start="2021-12-24", horizon=10)


def test_fit_errors_name_the_model_and_refit_date(returns):
    from fingan.baselines.historical import HistoricalSimulation

    with pytest.raises(TooFewRowsError, match=r"^hs, fitted on the 261 days before 2020-01-01"):
        rolling_scenarios(
            returns,
            {"hs": lambda seed: HistoricalSimulation(lookback=500)},
            origin_of,
            start="2020-01-01",
            end="2020-01-10",
            n_paths=10,
        )


def test_forecast_origins_are_whole_windows(returns):
    origins = forecast_origins(returns.index, "2021-12-01", horizon=3, stride=2)
    assert returns.index[origins[0]] == pd.Timestamp("2021-12-01")
    assert origins[-1] + 2 <= len(returns) - 1
    assert (np.diff(origins) == 2).all()


def test_unconditional_ignores_history_and_reuses_its_draw(returns):
    model = Unconditional(GBMBaseline()).fit(returns.iloc[:300])
    first = model.sample_paths(returns.iloc[:300], 200, 3, random_state=1)
    other = model.sample_paths(returns.iloc[:10] * 50, 200, 3, random_state=2)
    assert first is other
    assert model.sample_paths(returns, 100, 3, random_state=1).n_paths == 100
    model.fit(returns.iloc[:400])
    assert model.sample_paths(returns, 200, 3, random_state=1) is not first
    fresh = Unconditional(GBMBaseline(), reuse=False).fit(returns.iloc[:300])
    one = fresh.sample_paths(returns, 200, 3, random_state=1)
    two = fresh.sample_paths(returns, 200, 3, random_state=2)
    assert not np.allclose(one.values, two.values)
    assert np.allclose(fresh.sample_paths(returns, 200, 3, random_state=1).values, one.values)


def test_frames_come_from_dataclass_rows_or_a_row_function(returns):
    result = rolling_scenarios(
        returns,
        {"r": record([])},
        origin_of,
        start="2021-06-01",
        end="2021-06-10",
        refit="never",
        n_paths=10,
    )
    frame = result.to_frame()
    assert list(frame.columns) == ["position", "mean"]
    assert frame.index.names == ["model", "date"]
    doubled = result.to_frame(lambda day: {"twice": 2 * day.position})
    np.testing.assert_array_equal(doubled["twice"], 2 * frame["position"])
    plain = rolling_scenarios(
        returns,
        {"r": record([])},
        lambda forecast: forecast.position,
        start="2021-06-01",
        end="2021-06-10",
        refit="never",
        n_paths=10,
    )
    assert plain.results == tuple(frame["position"].astype(int))
    with pytest.raises(TypeError, match="give to_frame a row function"):
        plain.to_frame()
    assert plain.timings()["forecasts"].tolist() == [len(frame)]


class Refitting(Recording):
    """A recording model that can also be refitted from its previous fit."""

    def refit(self, returns: pd.DataFrame, *, random_state=None) -> Self:
        self.log.append(("refit", returns.index[-1], self.fitted_until_, random_state))
        self.fitted_until_ = returns.index[-1]
        return self


def test_a_warm_started_model_refits_from_its_previous_fit(returns):
    def run(log: Log, warm_start=(), executor=None):
        return rolling_scenarios(
            returns,
            {"plain": record([]), "warm": lambda seed: Refitting(log, seed)},
            origin_of,
            start="2020-01-01",
            end="2021-06-30",
            refit="quarterly",
            n_paths=20,
            warm_start=warm_start,
            executor=executor,
        )

    log: Log = []
    warm = run(log, ["warm"])
    # One model: a fresh fit, then each quarter a refit from the fit before it.
    fitting = [entry for entry in log if entry[0] != "sample"]
    assert [entry[0] for entry in fitting] == ["fit"] + ["refit"] * 5
    for before, after in itertools.pairwise(fitting):
        assert after[2] == (before[2] if before[0] == "fit" else before[1])
    fits = warm.fits.set_index("model")
    assert fits.loc["warm", "warm_start"].tolist() == [False] + [True] * 5
    assert not fits.loc["plain", "warm_start"].any()
    # Every block keeps its own random stream: the same draws as fresh fits would make.
    cold = run([])
    pd.testing.assert_frame_equal(warm.to_frame(), cold.to_frame())
    assert warm.to_frame().index.get_level_values("model").unique().tolist() == ["plain", "warm"]
    in_processes = run([], ["warm"], make_executor("processes", workers=2))
    pd.testing.assert_frame_equal(in_processes.to_frame(), warm.to_frame())
    pd.testing.assert_frame_equal(
        in_processes.fits.drop(columns="seconds"), warm.fits.drop(columns="seconds")
    )


def test_only_a_model_that_can_refit_is_warm_started(returns):
    def run(warm_start):
        return rolling_scenarios(
            returns,
            {"plain": record([])},
            origin_of,
            start="2021-01-01",
            end="2021-03-31",
            refit="monthly",
            n_paths=10,
            warm_start=warm_start,
        )

    with pytest.raises(ConfigError, match="cannot warm-start other: not among the models"):
        run(["other"])
    with pytest.raises(ConfigError, match="plain cannot be warm-started: it has no refit"):
        run(["plain"])
    unconditional = Unconditional(GBMBaseline()).fit(returns)
    with pytest.raises(ConfigError, match="GBMBaseline cannot be refitted"):
        unconditional.refit(returns)
