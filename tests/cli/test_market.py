"""`fingan market fit / sample / evaluate` as a user runs them."""

from __future__ import annotations

import json

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
            "--out",
            str(out),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["models"]["MarketGAN"]["rank"] >= 1
    assert (out / "report.html").stat().st_size > 10_000


def test_errors_are_one_line_with_exit_code_2(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,x\n2020-01-01,1\n2020-01-01,2\n")
    for command in (
        ["market", "fit", str(bad), "--out", str(tmp_path / "m")],
        ["market", "evaluate", "nowhere", "--out", str(tmp_path / "e")],
        ["market", "sample", str(tmp_path / "missing"), "--out", str(tmp_path / "p.csv")],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines()[-1].startswith("error:")
    assert not (tmp_path / "m").exists()
    assert not (tmp_path / "e").exists()
