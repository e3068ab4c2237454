"""The credit study's "Feature reliance" section: opt-in, in metrics and report."""

from __future__ import annotations

import pandas as pd
import pytest

from fingan.apps.credit import CreditEvaluation, credit_report, evaluate_credit
from fingan.baselines import GaussianCopulaBaseline
from fingan.datasets import GERMAN_CREDIT_TARGET, load_german_credit


@pytest.fixture(scope="module")
def evaluation() -> CreditEvaluation:
    target = GERMAN_CREDIT_TARGET
    table = load_german_credit().iloc[:300]
    return evaluate_credit(
        table,
        target,
        "bad",
        augmenters={
            "copula": lambda seed: GaussianCopulaBaseline(class_column=target, random_state=seed)
        },
        classifiers=["gradient_boosting"],
        n_splits=2,
        n_repeats=1,
        feature_reliance=True,
        n_explained=12,
    )


def test_the_reliance_is_in_the_metrics(evaluation: CreditEvaluation) -> None:
    assert evaluation.reliance is not None
    summary = evaluation.to_dict()["feature_reliance"]
    features = set(load_german_credit().columns) - {GERMAN_CREDIT_TARGET}
    assert set(summary["importance"]["real"]) == features
    assert set(summary["rank_correlation"]) == {"copula"}
    assert -1.0 <= summary["rank_correlation"]["copula"] <= 1.0
    assert set(summary["deletion"]) == {"real", "copula"}
    assert set(summary["defaulter_distances"]["copula"]) == features


def test_the_report_has_the_section(evaluation: CreditEvaluation) -> None:
    html = credit_report(evaluation).to_html()
    section = html.split("Feature reliance (first fold)", 1)[1]
    assert section.count("<img") == 1
    assert "rank correlation with real" in section
    assert "differ most from the real defaulters" in section


def test_without_the_flag_nothing_changes(evaluation: CreditEvaluation) -> None:
    target = GERMAN_CREDIT_TARGET
    plain = evaluate_credit(
        load_german_credit().iloc[:300],
        target,
        "bad",
        augmenters={
            "copula": lambda seed: GaussianCopulaBaseline(class_column=target, random_state=seed)
        },
        classifiers=["gradient_boosting"],
        n_splits=2,
        n_repeats=1,
    )
    assert plain.reliance is None
    assert "feature_reliance" not in plain.to_dict()
    pd.testing.assert_frame_equal(plain.scores, evaluation.scores)
