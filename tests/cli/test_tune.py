"""`fingan tune` and `--settings` on the risk commands, as a user runs them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fingan.cli import app

runner = CliRunner()

TUNE = [
    "tune",
    "fhs",
    "--data",
    "sp500",
    "--validation-start",
    "2018-01-02",
    "--validation-end",
    "2018-02-28",
    "--paths",
    "300",
    "--refit",
    "never",
    "--seed",
    "3",
    "-q",
]


@pytest.fixture(scope="module")
def settings_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("tune") / "fhs.json"
    result = runner.invoke(
        app, [*TUNE, "--space", "window=250|500", "--search", "grid", "--out", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert "best tick_loss" in result.output
    return path


def test_tune_writes_the_chosen_settings_and_every_trial(settings_file):
    record = json.loads(settings_file.read_text())
    assert record["model"] == "fhs"
    assert record["search"] == "grid"
    assert [trial["settings"] for trial in record["trials"]] == [{"window": 250}, {"window": 500}]
    losses = [trial["scores"]["tick_loss"] for trial in record["trials"]]
    assert record["score"] == min(losses)
    assert record["settings"] == record["trials"][losses.index(min(losses))]["settings"]
    assert (record["validation_start"], record["validation_end"]) == ("2018-01-02", "2018-02-28")


def test_tune_never_replaces_a_file_without_overwrite(settings_file):
    before = settings_file.read_text()
    result = runner.invoke(app, [*TUNE, "--space", "window=250", "--out", str(settings_file)])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert settings_file.read_text() == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--space", "window=1:0:1"], "--space window=1:0:1"),
        (["--space", "lookback=250"], "not a setting of fhs"),
        (["--space", "window=250", "--test-start", "2018-02-01"], "never scored on test data"),
        (["--space", "window=250", "--metric", "sharpe"], "unknown metric"),
        (["--space", "window=250", "--search", "bayes"], "unknown search"),
    ],
)
def test_bad_tune_options_are_one_line_errors(tmp_path, options, message):
    result = runner.invoke(app, [*TUNE, *options, "--out", str(tmp_path / "s.json")])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error:")
    assert message in result.output
    assert not (tmp_path / "s.json").exists()


def figures(value):
    if isinstance(value, dict):
        return {k: figures(v) for k, v in value.items() if k not in {"timing", "seconds"}}
    return value


def test_backtest_and_fit_use_the_settings(tmp_path, settings_file):
    record = json.loads(settings_file.read_text())
    backtests = {}
    for window in (None, 500, 250):  # 500 is the default window of fhs
        extra = []
        if window is not None:
            tuned = tmp_path / f"window-{window}.json"
            tuned.write_text(json.dumps(record | {"settings": {"window": window}}))
            extra = ["--settings", str(tuned)]
        out = tmp_path / f"backtest-{window}"
        options = ["--start", "2018-01-02", "--end", "2018-01-31", "--paths", "300"]
        options += ["--refit", "never", "--models", "fhs", "--out", str(out), "-q", *extra]
        result = runner.invoke(app, ["risk", "backtest", "sp500", *options])
        assert result.exit_code == 0, result.output
        backtests[window] = figures(json.loads((out / "metrics.json").read_text())["models"])
    assert backtests[500] == backtests[None]
    assert backtests[250] != backtests[None]
    fitted = tmp_path / "model"
    options = ["--settings", str(tmp_path / "window-250.json"), "--out", str(fitted)]
    result = runner.invoke(app, ["risk", "fit", "sp500", "--model", "ewma+empirical", *options])
    assert result.exit_code == 0, result.output
    assert '"window": 250' in (fitted / "scenario_model.json").read_text()


def test_settings_for_another_model_are_refused(tmp_path, settings_file):
    out = tmp_path / "model"
    options = ["--settings", str(settings_file), "--out", str(out)]
    result = runner.invoke(app, ["risk", "fit", "sp500", "--model", "garch_t", *options])
    assert result.exit_code == 2
    assert "the settings are for fhs, not garch_t" in result.output
