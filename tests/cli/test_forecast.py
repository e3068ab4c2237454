"""`fingan forecast evaluate` as a user runs it."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from fingan.cli import app
from fingan.datasets import load_market

runner = CliRunner()


def test_evaluate_a_price_file_writes_metrics_and_report(tmp_path):
    returns = load_market(["sp500", "nasdaq"], "2014-01-01", "2017-12-31")
    prices = 100 * np.exp(returns.cumsum())
    data = tmp_path / "prices.csv"
    prices.to_csv(data)
    out = tmp_path / "forecast"
    result = runner.invoke(
        app,
        [
            "forecast",
            "evaluate",
            str(data),
            "--start",
            "2017-10-02",
            "--end",
            "2017-11-30",
            "--horizon",
            "2",
            "--refit",
            "monthly",
            "--paths",
            "200",
            "--models",
            "random_walk,garch_t",
            "--asset",
            "nasdaq",
            "--out",
            str(out),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Diebold-Mariano, CRPS vs garch_t" in result.output
    assert "random_walk" in result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["asset"] == "nasdaq"
    assert metrics["horizon"] == 2
    assert metrics["refit"] == "monthly"
    assert set(metrics["targets"]["return"]) == {"random_walk", "garch_t"}
    assert metrics["timings"]["garch_t"]["fits"] == 2
    assert (out / "report.html").stat().st_size > 10_000


def test_built_in_data_and_refit_every_n_days(tmp_path):
    out = tmp_path / "sp"
    result = runner.invoke(
        app,
        [
            "forecast",
            "evaluate",
            "sp500",
            "--start",
            "2018-06-01",
            "--end",
            "2018-06-29",
            "--refit",
            "10",
            "--paths",
            "100",
            "--models",
            "garch_t",
            "--seed",
            "3",
            "--out",
            str(out),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["asset"] == "sp500"
    assert metrics["refit"] == 10
    assert metrics["timings"]["garch_t"]["fits"] == 3  # 21 days, a fit every 10


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["sp500", "--models", "garch_t,prophet"], "unknown forecast model"),
        (["sp500", "--asset", "gold"], "unknown asset 'gold'"),
        (["sp500", "--refit", "weekly"], "--refit must be one of"),
        (["nowhere", "--models", "garch_t"], "neither a file nor built-in data"),
        (["sp500", "--start", "1999-03-01"], "at least 250 are needed"),
        (["sp500", "--end", "2017-12-01"], "before start"),
        (["sp500", "--start", "2030-01-01"], "after the last day of data"),
    ],
)
def test_errors_are_one_line_with_exit_code_2_and_no_output(tmp_path, options, message):
    out = tmp_path / "out"
    arguments = ["forecast", "evaluate", *options, "--out", str(out), "-q"]
    if "--start" not in options:
        arguments += ["--start", "2018-01-02"]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:")
    assert message in lines[0]
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_predict_prints_the_next_days_and_writes_the_table(tmp_path):
    returns = load_market(["sp500", "nasdaq"], "2014-01-01", "2017-12-31")
    data = tmp_path / "returns.csv"
    returns.to_csv(data)
    out = tmp_path / "next.csv"
    arguments = ["forecast", "predict", str(data), "--horizon", "5", "--paths", "500"]
    result = runner.invoke(app, [*arguments, "--asset", "nasdaq", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "garch_t: nasdaq's 5-day log return" in result.output
    assert "after 2017-12-29" in result.output
    assert "realised_vol" in result.output
    assert "q0.99" in result.output
    table = pd.read_csv(out)
    assert list(table["target"]) == ["return", "realised_vol"]
    assert list(table.columns[:3]) == ["target", "mean", "std"]
    assert (table["q0.05"] < table["q0.95"]).all()


def test_predict_parquet_and_random_walk(tmp_path):
    out = tmp_path / "next.parquet"
    arguments = ["forecast", "predict", "sp500", "--model", "random_walk", "--paths", "200"]
    result = runner.invoke(app, [*arguments, "--seed", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "random_walk: sp500's 1-day" in result.output
    assert pd.read_parquet(out).shape == (2, 10)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--model", "prophet"], "unknown forecast model(s) 'prophet'"),
        (["--asset", "gold"], "unknown asset 'gold'"),
        (["--out", "next.txt"], "must end in .csv or .parquet"),
    ],
)
def test_predict_errors_are_one_line_with_exit_code_2(tmp_path, options, message):
    options = [str(tmp_path / item) if item.endswith(".txt") else item for item in options]
    result = runner.invoke(app, ["forecast", "predict", "sp500", "--paths", "50", *options])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:")
    assert message in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_predict_resumes_a_gan_from_its_checkpoints_and_refuses_other_settings(tmp_path):
    checkpoints = tmp_path / "checkpoints"
    command = ["forecast", "predict", "sp500", "--model", "gan", "--paths", "100"]
    command += ["--gan-steps", "4", "--checkpoint-every", "2"]
    first = runner.invoke(
        app, [*command, "--checkpoint-dir", str(checkpoints), "--out", str(tmp_path / "a.csv")]
    )
    assert first.exit_code == 0, first.output
    resumed = runner.invoke(
        app,
        [
            *command,
            "--resume",
            str(checkpoints / "step-00000002"),
            "--out",
            str(tmp_path / "b.csv"),
        ],
    )
    assert resumed.exit_code == 0, resumed.output
    assert "Resuming gan from step 2" in resumed.output
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    other = runner.invoke(app, [*command, "--resume", str(checkpoints), "--seed", "2"])
    assert other.exit_code == 2, other.output
    assert other.output.strip().splitlines()[-1].startswith("error: cannot resume")
    refused = runner.invoke(
        app, ["forecast", "predict", "sp500", "--checkpoint-dir", str(tmp_path / "new")]
    )
    assert refused.exit_code == 2
    assert "garch_t does not train in steps" in refused.output
    assert not (tmp_path / "new").exists()
