"""``fingan explain``: news impact curves of a saved model in a report folder, safely."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fingan.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models") / "gjr"
    result = runner.invoke(app, ["risk", "fit", "sp500", "--model", "gjr+t", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_explain_writes_curves_and_the_verdict(model_dir, tmp_path):
    out = tmp_path / "explain"
    arguments = ["explain", str(model_dir), "--data", "sp500", "--out", str(out)]
    result = runner.invoke(app, [*arguments, "--paths", "2000"])
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["model"] == "gjr+t"
    assert list(metrics["asymmetry"]) == ["model", "EWMA", "GARCH(1,1)", "GJR-GARCH(1,1)"]
    # The saved GJR model and a GJR fitted on the same data learned the same asymmetry.
    assert metrics["asymmetry"]["model"] == pytest.approx(
        metrics["asymmetry"]["GJR-GARCH(1,1)"], rel=1e-9
    )
    assert metrics["asymmetry"]["model"] > 1.1
    assert "leverage effect" in metrics["verdict"]
    assert "News impact curves" in (out / "report.html").read_text()


def test_not_a_model_folder_is_one_error_line(tmp_path):
    (tmp_path / "notes").mkdir()
    out = tmp_path / "out"
    arguments = ["explain", str(tmp_path / "notes"), "--data", "sp500", "--out", str(out)]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_an_existing_folder_is_left_alone(model_dir, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    arguments = ["explain", str(model_dir), "--data", "sp500", "--out", str(out), "--overwrite"]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert (out / "keep.txt").read_text() == "mine"
    assert sorted(path.name for path in out.iterdir()) == ["keep.txt"]
