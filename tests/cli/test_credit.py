"""`fingan credit evaluate` as a user runs it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fingan.cli import app
from fingan.datasets import load_german_credit
from tests.apps.credit.test_study import Bootstrap

runner = CliRunner()


@pytest.fixture
def bootstrap_augmenters(monkeypatch):
    """Swap the default augmenters for a fast bootstrap, so only the CLI is under test."""
    monkeypatch.setattr(
        "fingan.apps.credit.default_augmenters",
        lambda training=None, target=None: {"boot": Bootstrap},
    )


@pytest.fixture
def credit_csv(tmp_path):
    path = tmp_path / "loans.csv"
    load_german_credit().sample(200, random_state=0).to_csv(path, index=False)
    return path


def test_evaluate_a_csv_file(tmp_path, credit_csv, bootstrap_augmenters):
    out = tmp_path / "eval"
    result = runner.invoke(
        app,
        ["credit", "evaluate", str(credit_csv), "--target", "creditability", "--positive", "bad",
         "--splits", "2", "--repeats", "1", "--out", str(out), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["positive"] == "bad"
    assert set(metrics["results"]) == {"none", "boot"}
    assert (out / "report.html").stat().st_size > 10_000
    assert "report.html" in result.output


def test_integer_coded_label_given_as_text(tmp_path, bootstrap_augmenters):
    frame = load_german_credit().sample(200, random_state=0)
    frame["creditability"] = (frame["creditability"] == "bad").astype(int)
    path = tmp_path / "coded.parquet"
    frame.to_parquet(path)
    out = tmp_path / "eval"
    result = runner.invoke(
        app,
        ["credit", "evaluate", str(path), "--target", "creditability", "--positive", "1",
         "--splits", "2", "--repeats", "1", "--out", str(out), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads((out / "metrics.json").read_text())["positive"] == 1


@pytest.mark.slow
def test_built_in_data_with_the_real_augmenters(tmp_path):
    out = tmp_path / "eval"
    result = runner.invoke(
        app,
        ["credit", "evaluate", "german_credit", "--splits", "2", "--repeats", "1",
         "--gan-steps", "2", "--out", str(out), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics["results"]) == {"none", "smote", "copula", "gan"}


@pytest.mark.parametrize(
    ("contents", "options", "message"),
    [
        (None, ["--target", "missing", "--positive", "bad"], "target column 'missing'"),
        (None, ["--target", "creditability", "--positive", "awful"], "known values"),
        ("a,label\n1,x\n2,x\n3,x\n4,x\n", ["--target", "label", "--positive", "x"], "one class"),
        ("", ["--target", "label", "--positive", "x"], "empty"),
        ("a,label\n1,x\nabc,y\n3,x\n4,y\n", ["--target", "label", "--positive", "x"],
         "mixes numbers"),
        (None, [], "--target and --positive are required"),
        (None, ["--target", "creditability", "--positive", "bad", "--defaulter-shares", "0.3,x"],
         "--defaulter-shares takes numbers"),
        (None, ["--target", "creditability", "--positive", "bad", "--defaulter-shares", "2"],
         "must lie in (0, 1]"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_2_and_no_folder(
    tmp_path, credit_csv, contents, options, message
):
    path = credit_csv
    if contents is not None:
        path = tmp_path / "bad.csv"
        path.write_text(contents)
    out = tmp_path / "eval"
    result = runner.invoke(app, ["credit", "evaluate", str(path), "--out", str(out), *options])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:")
    assert message in result.output
    assert not out.exists()


def test_unknown_data_name(tmp_path):
    result = runner.invoke(app, ["credit", "evaluate", "nowhere", "--out", str(tmp_path / "e")])
    assert result.exit_code == 2
    assert "neither a file nor built-in data" in result.output
