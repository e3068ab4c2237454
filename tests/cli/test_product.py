"""``fingan product evaluate``: a product's figures per generator in a report folder, safely."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fingan.cli.main import app

runner = CliRunner()

SPEC = {
    "type": "reverse_convertible",
    "underlyings": ["sp500"],
    "maturity": 252,
    "coupon": 0.07,
    "knock_in": 0.7,
}
FAST = ["--models", "fhs,garch_t", "--paths", "500", "--quiet"]


def _spec(tmp_path, mapping=SPEC):
    path = tmp_path / "note.json"
    path.write_text(json.dumps(mapping))
    return path


def _arguments(spec, out, as_of="2015-06-30"):
    return ["product", "evaluate", str(spec), "--data", "sp500", "--as-of", as_of,
            "--out", str(out), *FAST]  # fmt: skip


def test_evaluate_writes_the_report(tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(app, _arguments(_spec(tmp_path), out))
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert list(metrics["generators"]) == ["fhs", "garch_t", "priips"]
    assert metrics["verdict"].startswith("Across 3 generators")
    assert metrics["provenance"]["seed"] == 0
    assert "P(loss)" in result.output
    assert (out / "report.html").is_file()
    again = runner.invoke(app, _arguments(_spec(tmp_path), out))
    assert again.exit_code == 2  # an earlier report is replaced only with --overwrite
    replaced = runner.invoke(app, [*_arguments(_spec(tmp_path), out), "--overwrite"])
    assert replaced.exit_code == 0, replaced.output


@pytest.mark.parametrize(
    ("mapping", "as_of"),
    [
        (SPEC, "2015-06-28"),  # no such day in the data
        (SPEC, "1999-02-01"),  # too few days before it
        (SPEC | {"underlyings": ["dax"]}, "2015-06-30"),
        (SPEC | {"type": "moon_note"}, "2015-06-30"),
    ],
)
def test_bad_input_is_one_error_line_and_nothing_written(tmp_path, mapping, as_of):
    out = tmp_path / "out"
    result = runner.invoke(app, _arguments(_spec(tmp_path, mapping), out, as_of))
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_an_existing_folder_is_left_alone(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = runner.invoke(app, [*_arguments(_spec(tmp_path), out), "--overwrite"])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert sorted(path.name for path in out.iterdir()) == ["keep.txt"]
    assert (out / "keep.txt").read_text() == "mine"
