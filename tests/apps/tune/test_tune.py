"""The settings search: proposals, validation-only scoring, executors, and the settings file."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest

from fingan.apps.market import market_data
from fingan.apps.risk import backtest_var
from fingan.apps.risk.calibration import quantile_losses
from fingan.apps.tune import (
    TunedSettings,
    load_settings,
    parse_space,
    save_settings,
    settings_factory,
    settings_training,
    tunable_settings,
    tune_model,
    with_settings,
)
from fingan.core.exceptions import ConfigError, OutputPathError
from fingan.evaluation import ProcessExecutor
from fingan.scenarios import ConditionalScenarioModel, EmpiricalInnovations, EWMAFilter

VALIDATION = {"validation_start": "2018-01-02", "validation_end": "2018-02-28"}
BACKTEST = {"n_paths": 300, "refit": "never"}
SPACE = "window=250|500,decay=0.9|0.97"


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return market_data("sp500", start="2015-01-01", end="2018-06-29")


@pytest.fixture(scope="module")
def searched(returns):
    return tune_model(
        "fhs", returns, space=SPACE, n_trials=3, random_state=7, **VALIDATION, **BACKTEST
    )


def scores_of(result):
    return [(trial.settings, trial.scores) for trial in result.trials]


def test_space_reads_ranges_lists_and_numbers():
    space = parse_space("n_steps=200:600:200,learning_rate=1e-4|3e-4")
    assert space.values == {"n_steps": (200, 400, 600), "learning_rate": (0.0001, 0.0003)}
    assert space.size == 6
    assert str(space) == "n_steps=200|400|600,learning_rate=0.0001|0.0003"


@pytest.mark.parametrize("text", ["", "window", "window=1:0:1", "window=1|1", "Window=3"])
def test_a_bad_space_is_refused_naming_the_option(text):
    with pytest.raises(ConfigError, match="--space"):
        parse_space(text)


def test_settings_map_onto_the_configuration_parts():
    model = settings_factory("fhs", {"window": 250, "volatility__decay": 0.9})(0)
    assert model.get_params(deep=True)["innovations__window"] == 250
    assert model.get_params(deep=True)["volatility__decay"] == 0.9
    assert set(tunable_settings("fhs")) == {"volatility__decay", "innovations__window"}


def test_gan_settings_reach_its_training_and_network():
    training = settings_training("gan", {"n_steps": 40, "learning_rate": 3e-4})
    assert (training.n_steps, training.lr_g, training.lr_d) == (40, 3e-4, 3e-4)
    model = settings_factory("gan", {"noise_dim": 4, "tail_probability": 0.1})(0)
    params = model.get_params(deep=True)
    assert (params["innovations__body__noise_dim"], params["innovations__tail_probability"]) == (
        4,
        0.1,
    )
    with pytest.raises(ConfigError, match="do not pass --gan-steps"):
        settings_training("gan", {"n_steps": 40}, n_steps=10)


@pytest.mark.parametrize(
    ("model", "settings", "message"),
    [
        ("fhs", {"lookback": 3}, "not a setting of fhs"),
        ("fhs", {"window": 0.5}, "window takes a whole number"),
        ("fhs", {"decay": "fast"}, "decay takes a number"),
        ("fhs", {"n_steps": 100}, "does not train in steps"),
        ("gan", {"n_steps": 0}, "n_steps"),
        ("historical", {"lookback": 250}, "not a configuration"),
    ],
)
def test_settings_that_do_not_suit_the_model_are_refused(model, settings, message):
    with pytest.raises(ConfigError, match=message):
        settings_factory(model, settings)


def test_a_random_search_tries_distinct_points_and_chooses_the_lowest_score(searched):
    points = [trial.settings for trial in searched.trials]
    assert len(points) == 3
    assert len({tuple(p.items()) for p in points}) == 3
    scores = [trial.scores["tick_loss"] for trial in searched.trials]
    assert searched.best.scores["tick_loss"] == min(scores)
    assert searched.best_settings == searched.trials[scores.index(min(scores))].settings
    assert len(set(scores)) > 1  # the settings matter, so the choice is not a tie


def test_a_trial_is_the_backtest_of_the_model_built_by_hand(returns, searched):
    trial = searched.best
    by_hand = ConditionalScenarioModel(
        volatility=EWMAFilter(decay=trial.settings["decay"]),
        innovations=EmpiricalInnovations(window=trial.settings["window"]),
    )
    backtest = backtest_var(
        returns.loc[:"2018-02-28"],
        None,
        {"fhs": lambda seed: by_hand},
        start="2018-01-02",
        end="2018-02-28",
        random_state=7,
        **BACKTEST,
    )
    assert quantile_losses(backtest, "fhs")["tick_loss"].iloc[0] == trial.scores["tick_loss"]


def test_trials_are_the_same_on_serial_and_processes(returns, searched):
    again = tune_model(
        "fhs",
        returns,
        space=SPACE,
        n_trials=3,
        random_state=7,
        executor=ProcessExecutor(2),
        **VALIDATION,
        **BACKTEST,
    )
    assert scores_of(again) == scores_of(searched)


def test_days_after_the_validation_end_are_never_seen(returns, searched):
    cut = returns.loc[:"2018-02-28"]
    again = tune_model(
        "fhs", cut, space=SPACE, n_trials=3, random_state=7, **VALIDATION, **BACKTEST
    )
    assert scores_of(again) == scores_of(searched)
    assert searched.trials[0].scores["n_days"] == len(returns.loc["2018-01-02":"2018-02-28"])


def test_a_validation_period_that_reaches_the_test_is_refused(returns):
    with pytest.raises(ConfigError, match="never scored on test data"):
        tune_model("fhs", returns, space=SPACE, test_start="2018-02-01", **VALIDATION, **BACKTEST)
    with pytest.raises(ConfigError, match="must be after"):
        tune_model(
            "fhs",
            returns,
            space=SPACE,
            validation_start="2018-03-01",
            validation_end="2018-02-01",
        )


def test_a_grid_search_tries_every_point_in_order(returns):
    result = tune_model(
        "fhs",
        returns,
        space="window=250|500",
        search="grid",
        random_state=7,
        **VALIDATION,
        **BACKTEST,
    )
    assert [trial.settings for trial in result.trials] == [{"window": 250}, {"window": 500}]
    with pytest.raises(ConfigError, match="--trials does not apply"):
        tune_model("fhs", returns, space=SPACE, search="grid", n_trials=2, **VALIDATION, **BACKTEST)


def test_the_settings_file_round_trips_with_the_whole_search(tmp_path, searched):
    path = save_settings(searched, tmp_path / "fhs.json")
    loaded = load_settings(path)
    assert loaded.model == "fhs"
    assert loaded.settings == searched.best_settings
    record = json.loads(path.read_text())
    assert record["space"] == {"window": [250, 500], "decay": [0.9, 0.97]}
    assert record["validation_end"] == "2018-02-28"
    assert record["random_state"] == 7
    assert [t["scores"]["tick_loss"] for t in record["trials"]] == [
        t.scores["tick_loss"] for t in searched.trials
    ]
    with pytest.raises(OutputPathError, match="already exists"):
        save_settings(searched, path)
    save_settings(searched, path, overwrite=True)


def test_a_file_that_is_not_settings_is_refused(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"format": "something else"}))
    with pytest.raises(ConfigError, match="not a fingan settings file"):
        load_settings(path)
    path.write_text(
        json.dumps({"format": "fingan tuned settings", "model": "fhs", "settings": {"lookback": 1}})
    )
    with pytest.raises(ConfigError, match="not a setting of fhs"):
        load_settings(path)


def test_settings_replace_the_factory_of_their_model_only():
    factories = {"historical": lambda seed: None, "fhs": lambda seed: None}
    tuned = TunedSettings("ewma+empirical", {"window": 250})
    replaced = with_settings(factories, tuned)
    assert replaced["historical"] is factories["historical"]
    assert replaced["fhs"](0).get_params(deep=True)["innovations__window"] == 250
    with pytest.raises(ConfigError, match="add it to --models"):
        with_settings({"historical": factories["historical"]}, tuned)


def test_optuna_without_its_extra_names_it(returns, monkeypatch):
    monkeypatch.setitem(sys.modules, "optuna", None)  # as if not installed
    with pytest.raises(ConfigError, match=r'pip install "fingan\[tune\]"'):
        tune_model("fhs", returns, space=SPACE, search="optuna", **VALIDATION, **BACKTEST)


@pytest.mark.slow
def test_an_optuna_search_on_ray_tune_scores_points_of_the_space(returns):
    pytest.importorskip("optuna")
    pytest.importorskip("ray.tune")
    result = tune_model(
        "fhs",
        returns,
        space=SPACE,
        search="optuna",
        n_trials=3,
        random_state=7,
        **VALIDATION,
        **BACKTEST,
    )
    space = parse_space(SPACE).points()
    assert len(result.trials) == 3
    assert all(trial.settings in space for trial in result.trials)
    assert result.best.scores["tick_loss"] == min(t.scores["tick_loss"] for t in result.trials)
    grid = tune_model(
        "fhs", returns, space=SPACE, search="grid", random_state=7, **VALIDATION, **BACKTEST
    )
    by_point = {tuple(t.settings.items()): t.scores for t in grid.trials}
    for trial in result.trials:  # a trial on Ray Tune scores as the same trial run here
        assert trial.scores == by_point[tuple(trial.settings.items())]
