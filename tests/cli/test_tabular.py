"""fingan tabular: fit (optionally private), sample with conditions, evaluate; one-line errors."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from fingan.cli import app
from fingan.datasets import load_german_credit
from tests.apps.tabular.metadata import table_metadata

runner = CliRunner()


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    credit = load_german_credit()
    train, holdout = credit.iloc[:500], credit.iloc[500:]
    train.to_csv(folder / "train.csv", index=False)
    holdout.to_csv(folder / "holdout.csv", index=False)
    (folder / "metadata.json").write_text(json.dumps(table_metadata(credit)))
    return folder


def invoke(*arguments: str):
    return runner.invoke(app, ["tabular", *arguments])


def test_fit_sample_evaluate(tables, tmp_path):
    model = tmp_path / "model"
    fitted = invoke(
        "fit", str(tables / "train.csv"), "--out", str(model), "--target", "creditability",
        "--steps", "5", "-q",
    )  # fmt: skip
    assert fitted.exit_code == 0, fitted.output
    rows = tmp_path / "bad.csv"
    sampled = invoke(
        "sample", str(model), "--rows", "60", "--where", "creditability=bad", "--out", str(rows)
    )
    assert sampled.exit_code == 0, sampled.output
    synthetic = pd.read_csv(rows)
    assert len(synthetic) == 60
    assert (synthetic["creditability"] == "bad").all()
    everything = tmp_path / "all.csv"
    stratified = invoke(
        "sample", str(model), "--rows", "300", "--stratify", "creditability", "--out",
        str(everything),
    )  # fmt: skip
    assert stratified.exit_code == 0, stratified.output
    share = (pd.read_csv(tables / "train.csv")["creditability"] == "bad").mean()
    assert (pd.read_csv(everything)["creditability"] == "bad").sum() == round(300 * share)
    both = invoke(
        "sample", str(model), "--rows", "5", "--where", "creditability=bad", "--stratify",
        "creditability", "--out", str(tmp_path / "both.csv"),
    )  # fmt: skip
    assert both.exit_code == 2
    assert both.output.strip() == "error: give --where or --stratify, not both"
    assert not (tmp_path / "both.csv").exists()
    out = tmp_path / "report"
    result = invoke(
        "evaluate", str(tables / "train.csv"), str(everything), "--holdout",
        str(tables / "holdout.csv"), "--target", "creditability", "--positive", "bad",
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["rows"] == {"real": 500, "holdout": 500, "synthetic": 300}
    assert 0.0 <= metrics["quality"]["score"] <= 1.0
    assert 0.0 <= metrics["privacy_audit"]["dcr"]["closer_to_training"] <= 1.0
    assert set(metrics["efficacy"]) >= {"synthetic.roc_auc", "real.roc_auc"}
    assert metrics["privacy_spend"] is None
    assert "membership" in (out / "report.html").read_text(encoding="utf-8")


def fit_private(tables, model, epsilon: str):
    return invoke(
        "fit", str(tables / "train.csv"), "--out", str(model), "--epsilon", epsilon,
        "--metadata", str(tables / "metadata.json"), "--steps", "3", "-q",
    )  # fmt: skip


def test_a_private_fit_reports_its_spend(tables, tmp_path):
    model = tmp_path / "private"
    fitted = fit_private(tables, model, "3")
    assert fitted.exit_code == 0, fitted.output
    assert "epsilon" in fitted.output.lower()
    rows = tmp_path / "rows.parquet"
    assert invoke("sample", str(model), "--rows", "100", "--out", str(rows)).exit_code == 0
    out = tmp_path / "report"
    result = invoke(
        "evaluate", str(tables / "train.csv"), str(rows), "--holdout", str(tables / "holdout.csv"),
        "--model", str(model), "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    spend = json.loads((out / "metrics.json").read_text())["privacy_spend"]
    assert 0.0 < spend["epsilon"] <= 3.0
    assert "Differential privacy spent" in (out / "report.html").read_text(encoding="utf-8")


def test_a_private_fit_without_opacus_names_the_extra(tables, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "opacus.accountants", None)  # as if not installed
    model = tmp_path / "private"
    result = fit_private(tables, model, "2.5")  # a budget no earlier test has searched a noise for
    assert result.exit_code == 2, result.output
    assert result.output.strip() == (
        'error: differential privacy needs opacus: pip install "fingan[privacy]"'
    )
    assert not model.exists()


def test_the_pack_critic_and_numeric_encoding_can_be_chosen(tables, tmp_path):
    from fingan.models import load_model
    from fingan.transforms import ModeSpecificNormalizer

    model = tmp_path / "model"
    fitted = invoke(
        "fit", str(tables / "train.csv"), "--out", str(model), "--pack-critic", "concatenated",
        "--numeric-encoding", "modes", "--steps", "2", "-q",
    )  # fmt: skip
    assert fitted.exit_code == 0, fitted.output
    loaded = load_model(model)
    assert loaded.pack_critic_ == "concatenated"
    normalizers = loaded.transformer_.normalizers_.values()
    assert all(isinstance(normalizer, ModeSpecificNormalizer) for normalizer in normalizers)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["fit", "{train}", "--epsilon", "0", "--metadata", "{metadata}"], "epsilon"),
        (["fit", "{train}", "--epsilon", "3"], "--epsilon needs --metadata"),
        (
            ["fit", "{train}", "--epsilon", "3", "--delta", "1", "--metadata", "{metadata}"],
            "delta",
        ),
        (["fit", "{train}", "--target", "nope"], "--target 'nope' is not a column"),
        (["fit", "{tiny}"], "at least 10"),
        (
            ["fit", "{train}", "--pack-critic", "mean"],
            "--pack-critic must be pooled or concatenated",
        ),
        (["fit", "{train}", "--numeric-encoding", "ranks"], "--numeric-encoding must be one of"),
        (
            [
                "fit",
                "{train}",
                "--epsilon",
                "3",
                "--metadata",
                "{metadata}",
                "--pack-critic",
                "pooled",
            ],
            "needs packs of several rows",
        ),
        (["evaluate", "{train}", "{train}", "--holdout", "{narrow}"], "columns differ"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(tables, tmp_path, arguments, message):
    credit = pd.read_csv(tables / "train.csv")
    credit.iloc[:1].to_csv(tmp_path / "tiny.csv", index=False)
    credit.drop(columns=["age_in_years"]).to_csv(tmp_path / "narrow.csv", index=False)
    paths = {
        "train": tables / "train.csv",
        "metadata": tables / "metadata.json",
        "tiny": tmp_path / "tiny.csv",
        "narrow": tmp_path / "narrow.csv",
    }
    filled = [part.format(**{k: str(v) for k, v in paths.items()}) for part in arguments]
    out = tmp_path / "out"
    result = invoke(*filled, "--out", str(out))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:")
    assert message in lines[0]
    assert not out.exists()
