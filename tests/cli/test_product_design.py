"""``fingan product design``: the grid searched per generator, written to a report folder."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from fingan.cli.product_design import design

runner = CliRunner()

app = typer.Typer()
app.command()(design)
app.command("unused")(lambda: None)  # two commands: the first is called by name

SPEC = {
    "type": "cppi",
    "underlyings": ["sp500"],
    "maturity": 252,
    "multiplier": 4.0,
    "floor": 0.9,
}
FAST = ["--models", "fhs", "--paths", "300", "--quiet"]


def _spec(tmp_path, mapping=SPEC):
    path = tmp_path / "cppi.json"
    path.write_text(json.dumps(mapping))
    return path


def _arguments(spec, out, *options, as_of="2015-06-30"):
    return ["design", str(spec), "--data", "sp500", "--as-of", as_of, "--out", str(out),
            "--vary", "multiplier=2:6:2,floor=0.8:0.9:0.05", *FAST, *options]  # fmt: skip


def test_design_writes_the_report(tmp_path):
    out = tmp_path / "report"
    options = ["--constraint", "p_loss<=0.5", "--constraint", "es_99<=0.15", "--risk", "es_99"]
    result = runner.invoke(app, _arguments(_spec(tmp_path), out, *options))
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert list(metrics["generators"]) == ["fhs", "priips"]
    assert metrics["constraints"] == ["p_loss <= 0.5", "es_99 <= 0.15"]
    assert metrics["n_candidates"] == 9
    assert metrics["verdict"].startswith("Searching 9 cppi designs")
    assert metrics["provenance"]["seed"] == 0
    for generator in metrics["generators"].values():
        chosen = generator["chosen"]
        if chosen is not None:
            assert chosen["p_loss"] <= 0.5
            assert chosen["es_99"] <= 0.15
    assert "chosen cppi designs" in result.output
    assert (out / "report.html").is_file()
    again = runner.invoke(app, _arguments(_spec(tmp_path), out))
    assert again.exit_code == 2  # an earlier report is replaced only with --overwrite


@pytest.mark.parametrize(
    ("mapping", "options"),
    [
        (SPEC, ["--vary", "barrier=0.5:0.8:0.05"]),  # no such field
        (SPEC, ["--vary", "floor=0.8:0.9"]),  # not start:stop:step
        (SPEC, ["--vary", "floor=1.0:1.2:0.1"]),  # no valid candidate
        (SPEC, ["--constraint", "p_loss<=0.1; rm -rf /"]),
        (SPEC, ["--objective", "sharpe"]),
        (SPEC | {"type": "moon_note"}, []),
        (SPEC | {"underlyings": ["dax"]}, []),
    ],
)
def test_bad_input_is_one_error_line_and_nothing_written(tmp_path, mapping, options):
    out = tmp_path / "out"
    arguments = _arguments(_spec(tmp_path, mapping), out)
    for option, value in zip(options[::2], options[1::2], strict=True):
        if option in arguments:
            arguments[arguments.index(option) + 1] = value
        else:
            arguments += [option, value]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()
