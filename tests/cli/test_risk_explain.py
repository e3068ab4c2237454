"""`fingan risk backtest --explain`: the condition sensitivity of the GAN in the report."""

from __future__ import annotations

import json
import sys

from typer.testing import CliRunner

from fingan.cli import app

runner = CliRunner()

BACKTEST = [
    "risk",
    "backtest",
    "sp500",
    "--start",
    "2016-03-01",
    "--end",
    "2016-03-31",
    "--models",
    "fhs,gan",
    "--gan-steps",
    "3",
    "--paths",
    "100",
    "-q",
]


def test_explain_adds_the_section_and_the_metrics_entry(tmp_path):
    out = tmp_path / "backtest"
    arguments = [*BACKTEST, "--explain", "--explain-day", "2016-03-15", "--out", str(out)]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    entry = json.loads((out / "metrics.json").read_text())["explain"]["models"]["gan"]
    assert entry["day"] == "2016-03-15"
    assert entry["refit_date"] == "2016-03-01"
    assert set(entry["deletion"]) == {"condition", "change"}
    assert "What moved the GAN&#x27;s VaR" in (out / "report.html").read_text()
    assert "Explained gan (refit 2016-03-01, 2016-03-01 to 2016-03-31); deletion tests:" in (
        result.output
    )


def test_explain_without_captum_names_the_extra_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "captum", None)
    monkeypatch.setitem(sys.modules, "captum.attr", None)
    out = tmp_path / "backtest"
    result = runner.invoke(app, [*BACKTEST, "--explain", "--out", str(out)])
    assert result.exit_code == 2
    assert 'pip install "fingan[explain]"' in result.output
    assert not out.exists()


def test_a_bad_explained_day_is_one_line(tmp_path):
    out = tmp_path / "backtest"
    result = runner.invoke(
        app, [*BACKTEST, "--explain-day", "2016-03-05", "--explain", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "explained day 2016-03-05 is not a forecast day" in result.output
