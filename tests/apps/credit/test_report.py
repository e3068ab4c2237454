"""The credit report: written all or nothing, every figure rendered, numbers as in the JSON."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from fingan.apps.credit import CreditEvaluation, credit_report, evaluate_credit
from fingan.apps.credit.result import FoldSample
from fingan.apps.reporting import check_report_folder, write_report
from fingan.core.exceptions import OutputPathError
from fingan.datasets import load_german_credit
from tests.apps.credit.test_study import TARGET, Bootstrap
from tests.report.browser import drawn_share, needs_chromium, shown_figures
from tests.report.reading import tables, verdict


class Jitter(Bootstrap):
    """A bootstrap that moves numeric values a little, so its rows are not exact copies."""

    def sample(self, n, *, conditions=None, random_state=None):
        rows = super().sample(n, conditions=conditions, random_state=random_state)
        rng = np.random.default_rng(random_state)
        return rows.assign(credit_amount=rows["credit_amount"] + rng.integers(1, 500, n))


@pytest.fixture(scope="module")
def evaluation():
    credit = load_german_credit().sample(240, random_state=2).reset_index(drop=True)
    return evaluate_credit(
        credit,
        TARGET,
        "bad",
        augmenters={"copula": Jitter, "gan": Jitter},
        classifiers=("logistic",),
        n_splits=2,
        n_repeats=1,
    )


# Intervals, numeric columns, categorical columns, dependence gaps, DCR distributions.
EXPECTED_FIGURES = 5


def test_report_folder_holds_json_and_html(evaluation, tmp_path):
    out = tmp_path / "report"
    path = write_report(evaluation, out)
    assert path == out / "report.html"
    assert sorted(item.name for item in out.iterdir()) == [
        ".fingan-output.json",
        "metrics.json",
        "report.html",
    ]
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics.pop("provenance")["version"]
    html = path.read_text()
    assert metrics.pop("verdict") == verdict(html) == evaluation.verdict()
    assert metrics == json.loads(json.dumps(evaluation.to_dict()))
    assert html.count("<img") == EXPECTED_FIGURES
    for heading in ("Scores", "Paired tests", "Fidelity", "Privacy"):
        assert heading in html
    mean = evaluation.intervals().loc[("gan", "logistic", "pr_auc"), "mean"]
    assert f"{mean:.3f}" in html


def test_an_earlier_credit_report_is_replaced_only_with_overwrite(evaluation, tmp_path):
    out = tmp_path / "report"
    write_report(evaluation, out)
    with pytest.raises(OutputPathError, match="overwrite"):
        check_report_folder(CreditEvaluation, out)
    assert check_report_folder(CreditEvaluation, out, overwrite=True) == out
    assert write_report(evaluation, out, overwrite=True) == out / "report.html"


def test_failed_report_leaves_no_folder(evaluation, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("figure failed")

    monkeypatch.setattr("fingan.apps.credit.report.metric_intervals", broken)
    with pytest.raises(RuntimeError):
        write_report(evaluation, tmp_path / "report")
    assert list(tmp_path.iterdir()) == []


@needs_chromium
def test_report_renders_every_figure_in_chromium(evaluation, tmp_path):
    html = credit_report(evaluation).to_html()
    assert shown_figures(html, tmp_path) == (EXPECTED_FIGURES, EXPECTED_FIGURES)
    assert drawn_share(tmp_path) > 0.05


def test_fidelity_and_privacy_tables_mark_their_best_values(evaluation):
    first = evaluation.first_fold
    positives = first.train[first.train[TARGET] == "bad"]
    synthetic = {
        "copies": positives.sample(len(positives), replace=True, random_state=0),
        "jitter": first.synthetic["gan"],
    }
    fold = FoldSample.measure(first.train, first.holdout, synthetic, TARGET, "bad")
    html = credit_report(dataclasses.replace(evaluation, first_fold=fold)).to_html()
    (quality,) = tables(html, "Fidelity")
    best = max(fold.quality, key=lambda name: fold.quality[name].score)
    assert quality.best("Score") == [(best,)]
    (leakage,) = tables(html, "Privacy")
    assert fold.leakage["copies"].exact_copy_share == 1.0
    assert leakage.best("Exact copy share") == [("jitter",)]
    ratios = {name: abs(report.median_ratio - 1.0) for name, report in fold.leakage.items()}
    assert leakage.best("Median ratio") == [(min(ratios, key=ratios.__getitem__),)]
    assert leakage.best("Synthetic DCR median") == []  # a distance has no best value
