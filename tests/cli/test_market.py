"""`fingan market fit / sample / evaluate` as a user runs them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from fingan.cli import app

runner = CliRunner()


def test_fit_then_sample(tmp_path):
    model = tmp_path / "model"
    result = runner.invoke(
        app,
        [
            "market",
            "fit",
            "sp500",
            "--start",
            "2017-01-01",
            "--out",
            str(model),
            "--steps",
            "3",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "paths.parquet"
    result = runner.invoke(
        app, ["market", "sample", str(model), "--paths", "4", "--horizon", "10", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out)
    assert list(frame.columns) == ["path", "step", "sp500"]
    assert len(frame) == 40


def test_evaluate_writes_metrics_and_report(tmp_path):
    out = tmp_path / "eval"
    result = runner.invoke(
        app,
        [
            "market",
            "evaluate",
            "sp500",
            "--start",
            "2015-01-01",
            "--test-start",
            "2018-01-01",
            "--steps",
            "3",
            "--paths",
            "10",
            "--scenario-models",
            "garch+t",
            "--out",
            str(out),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["models"]["MarketGAN"]["rank"] >= 1
    assert metrics["models"]["garch+t"]["rank"] >= 1
    assert (out / "report.html").stat().st_size > 10_000
    # the same study with each generator fitted in a worker process gives the same figures
    pooled = tmp_path / "pooled"
    again = runner.invoke(
        app,
        [
            "market", "evaluate", "sp500", "--start", "2015-01-01", "--test-start",
            "2018-01-01", "--steps", "3", "--paths", "10", "--out", str(pooled), "-q",
            "--scenario-models", "garch+t",
            "--executor", "processes", "--workers", "2",
        ],
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    figures = json.loads((pooled / "metrics.json").read_text())
    for model in (*figures["models"].values(), *metrics["models"].values()):
        model.pop("fit_seconds")
    assert figures["models"] == metrics["models"]


def test_errors_are_one_line_with_exit_code_2(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,x\n2020-01-01,1\n2020-01-01,2\n")
    for command in (
        ["market", "fit", str(bad), "--out", str(tmp_path / "m")],
        ["market", "evaluate", "nowhere", "--out", str(tmp_path / "e")],
        ["market", "evaluate", "sp500", "--scenario-models", "nope", "--out", str(tmp_path / "e")],
        ["market", "sample", str(tmp_path / "missing"), "--out", str(tmp_path / "p.csv")],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines()[-1].startswith("error:")
    assert not (tmp_path / "m").exists()
    assert not (tmp_path / "e").exists()


def test_a_scenario_model_samples_a_partitioned_dataset(tmp_path):
    import pandas as pd

    model = tmp_path / "model"
    fitted = runner.invoke(
        app, ["risk", "fit", "sp500,nasdaq", "--model", "garch_t", "--out", str(model), "-q"]
    )
    assert fitted.exit_code == 0, fitted.output
    out = tmp_path / "paths"
    options = ["--paths", "50", "--horizon", "5", "--piece-paths", "20", "-q"]
    result = runner.invoke(
        app, ["market", "sample", str(model), "--data", "sp500,nasdaq", "--out", str(out), *options]
    )
    assert result.exit_code == 0, result.output
    assert "(3 Parquet files" in " ".join(result.output.split())
    frame = pd.read_parquet(out)
    assert list(frame.columns) == ["path", "step", "sp500", "nasdaq"]
    assert len(frame) == 250
    assert frame["path"].nunique() == 50
    # Without the history a conditional model cannot start its paths: one line, nothing written
    missing = runner.invoke(app, ["market", "sample", str(model), "--out", str(tmp_path / "x")])
    assert missing.exit_code == 2
    assert missing.output.startswith("error:")
    assert "give --data" in missing.output
    assert not (tmp_path / "x").exists()


def test_a_fit_that_fails_leaves_only_its_error(tmp_path):
    days = pd.bdate_range("2020-01-01", periods=200)
    prices = 100 * np.exp(np.cumsum(np.random.default_rng(0).normal(0, 0.01, 200)))
    pd.DataFrame({"x": prices}, index=days.rename("date")).to_csv(tmp_path / "short.csv")
    result = runner.invoke(
        app, ["market", "fit", str(tmp_path / "short.csv"), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 2
    assert "training" not in result.output  # no progress bar of a fit that never trained
    assert result.output.strip().splitlines()[-1].startswith("error: too few rows")
