"""The command line as a user runs it: help, version, demo, and bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from fingan import __version__
from fingan.cli import app

runner = CliRunner()


def test_help_and_version():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "demo" in result.output
    assert "data" in result.output
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", [["risk", "backtest"], ["credit", "evaluate"]])
def test_help_names_the_extra_an_option_needs(command):
    # The help is rendered as rich markup, where an unescaped "[explain]" would vanish.
    result = runner.invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "fingan[explain]" in result.output


def test_demo_writes_model_report_and_metrics(tmp_path):
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out), "--steps", "3", "--quiet"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {
        "model",
        "report.html",
        "metrics.json",
        ".fingan-output.json",
    }
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["train"]["start"] >= "2009-01-01"
    assert metrics["test"]["start"] >= "2016-01-01"
    assert {"MarketGAN", "GARCH(1,1)-t", "Block bootstrap"} <= set(metrics["models"])
    assert "report.html" in result.output


def test_demo_on_a_user_file(tmp_path, rng):
    prices = 100 * (1 + rng.normal(0, 0.01, size=(1000, 2))).cumprod(axis=0)
    days = pd.bdate_range("2020-01-01", periods=1000)
    lines = ["date,aaa,bbb"] + [
        f"{day.date()},{a:.4f},{b:.4f}" for day, (a, b) in zip(days, prices, strict=True)
    ]
    (tmp_path / "prices.csv").write_text("\n".join(lines))
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["demo", "--data", str(tmp_path / "prices.csv"), "--out", str(out), "--steps", "3", "-q"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads((out / "metrics.json").read_text())["assets"] == ["aaa", "bbb"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("date,x\n2020-01-01,abc\n", "non-numeric value 'abc'"),
        ("date,x\n2020-01-01,1.0\nnot-a-date,2.0\n", "not-a-date"),
        ("date,x\n2020-01-01,1.0\n2020-01-01,2.0\n", "2020-01-01"),
        ("date,x\n2020-01-01,1.0\n2020-01-02,nan\n", "x"),
    ],
)
def test_bad_data_gives_one_line_error_and_exit_code_2(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    out = tmp_path / "out"
    for command in (
        ["data", "inspect", str(path)],
        ["demo", "--data", str(path), "--out", str(out)],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert lines[-1].startswith("error:")
        assert message in lines[-1]
        assert "Traceback" not in result.output
    assert not out.exists()  # no half-written output folder


def test_inspect_summarises_a_good_file(tmp_path, rng):
    rows = ["date,close"] + [
        f"2021-01-{day:02d},{100 + day + rng.normal():.3f}" for day in range(1, 32)
    ]
    (tmp_path / "p.csv").write_text("\n".join(rows))
    result = runner.invoke(app, ["data", "inspect", str(tmp_path / "p.csv")])
    assert result.exit_code == 0, result.output
    assert "30 daily log returns of 1 asset" in " ".join(result.output.split())
