"""``fingan product backtest``: scores per generator in a report folder; bad input exits 2."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from fingan.cli.product_backtest import backtest

runner = CliRunner()
app = typer.Typer()
app.command()(backtest)

SPEC = {
    "type": "reverse_convertible",
    "underlyings": ["sp500"],
    "maturity": 21,
    "coupon": 0.01,
    "knock_in": 0.9,
}
FAST = ["--models", "fhs", "--paths", "200", "--quiet"]


def _spec(tmp_path):
    path = tmp_path / "note.json"
    path.write_text(json.dumps(SPEC))
    return path


def _arguments(spec, out, start="2017-06-01", *extra):
    return [str(spec), "--data", "sp500", "--start", start, "--out", str(out), *FAST, *extra]


def test_backtest_writes_the_report(tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(app, _arguments(_spec(tmp_path), out))
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert list(metrics["generators"]) == ["fhs", "priips"]
    assert metrics["n_starts"] == 18  # 2017-06 to 2018-11: December's would end in 2019
    assert metrics["period"]["first_start"] == "2017-06-01"
    assert metrics["provenance"]["seed"] == 0
    assert 0.0 <= metrics["generators"]["fhs"]["coverage"] <= 1.0
    assert "Winkler" in result.output
    assert (out / "report.html").is_file()
    again = runner.invoke(app, _arguments(_spec(tmp_path), out))
    assert again.exit_code == 2  # an earlier report is replaced only with --overwrite


@pytest.mark.parametrize(
    ("start", "extra", "message"),
    [
        ("2019-03-01", [], "after the last day of data"),
        ("2018-12-20", [], "holding period end by"),
        ("2017-06-01", ["--models", "moon"], "unknown model"),
        ("2017-06-01", ["--end", "2017-06-10"], "holding period end by"),
    ],
)
def test_bad_input_is_one_error_line_and_nothing_written(tmp_path, start, extra, message):
    out = tmp_path / "report"
    result = runner.invoke(app, _arguments(_spec(tmp_path), out, start, *extra))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:")
    assert message in result.output
    assert not out.exists()
