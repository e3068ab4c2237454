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


@pytest.fixture(scope="module")
def gan_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models") / "gan"
    arguments = ["risk", "fit", "sp500", "--model", "gan", "--gan-steps", "3", "-q"]
    result = runner.invoke(app, [*arguments, "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.slow
def test_a_gan_model_gets_the_condition_sensitivity(gan_dir, tmp_path):
    out = tmp_path / "explain"
    arguments = ["explain", str(gan_dir), "--data", "sp500", "--out", str(out)]
    result = runner.invoke(app, [*arguments, "--paths", "500", "--day", "2008-10-15"])
    assert result.exit_code == 0, result.output
    sensitivity = json.loads((out / "metrics.json").read_text())["sensitivity"]
    assert sensitivity["applies"] is True
    assert sensitivity["day"] == "2008-10-15"
    assert set(sensitivity["deletion"]) == {"condition", "change"}
    assert "Deletion tests" in result.output
    assert "Faithfulness" in (out / "report.html").read_text()


def test_a_day_outside_the_data_is_one_error_line(gan_dir, tmp_path):
    out = tmp_path / "explain"
    arguments = ["explain", str(gan_dir), "--data", "sp500", "--out", str(out)]
    result = runner.invoke(app, [*arguments, "--paths", "500", "--day", "1980-01-02"])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert not out.exists()


def test_a_model_without_a_gan_says_the_section_does_not_apply(model_dir, tmp_path):
    out = tmp_path / "explain"
    arguments = ["explain", str(model_dir), "--data", "sp500", "--out", str(out)]
    result = runner.invoke(app, [*arguments, "--paths", "500"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "metrics.json").read_text())["sensitivity"]["applies"] is False
