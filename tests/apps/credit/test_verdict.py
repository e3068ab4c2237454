"""The credit verdict names the best augmenter of the score table and reports the tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.apps.credit import CreditEvaluation
from fingan.apps.credit.classifiers import METRICS
from fingan.apps.credit.report import credit_report, credit_verdict
from tests.report.reading import tables, verdict


def _evaluation(
    gain: dict[str, float], boosting: dict[str, float] | None = None
) -> CreditEvaluation:
    """Fold scores where each augmenter adds ``gain[name]`` to a noisy base score.

    With ``boosting``, a second classifier (gradient boosting) gets those gains.
    """
    rng = np.random.default_rng(3)
    gains = {"logistic": gain, **({"gradient_boosting": boosting} if boosting else {})}
    rows = []
    for repeat in range(2):
        for fold in range(5):
            base = rng.normal(0.5, 0.02)
            for classifier, by_augmenter in gains.items():
                for name, shift in by_augmenter.items():
                    for metric in METRICS:
                        sign = 1.0 if METRICS[metric] else -1.0  # Brier: lower is better
                        value = base + sign * shift + rng.normal(0, 0.002)
                        rows.append((repeat, fold, name, classifier, metric, value))
    scores = pd.DataFrame(
        rows, columns=["repeat", "fold", "augmenter", "classifier", "metric", "value"]
    )
    return CreditEvaluation(
        target="default",
        positive="bad",
        class_counts={"positive": 300, "negative": 700},
        n_splits=5,
        n_repeats=2,
        scores=scores,
        n_train=800.0,
        n_test=200.0,
        pairs=[("gan", "smote"), ("gan", "none")],
    )


@pytest.mark.parametrize(
    ("gain", "best"),
    [
        ({"none": 0.0, "smote": 0.01, "gan": 0.05}, "gan"),
        ({"none": 0.0, "smote": 0.05, "gan": 0.01}, "smote"),
    ],
)
def test_verdict_names_the_best_augmenter_of_the_table(gain, best):
    evaluation = _evaluation(gain)
    means = evaluation.intervals().xs(("logistic", "pr_auc"), level=("classifier", "metric"))
    assert means["mean"].idxmax() == best
    verdict = credit_verdict(evaluation)
    assert verdict.startswith(f"With logistic, {best} gives the best mean PR-AUC")
    assert "gan minus smote (logistic)" in verdict
    assert "significant at 5%" in verdict
    assert "Do not over-read this: 10 test folds" in verdict


def test_verdict_says_when_a_difference_is_not_significant():
    verdict = credit_verdict(_evaluation({"none": 0.0, "smote": 0.0, "gan": 0.0}))
    assert "gan minus none (logistic): " in verdict
    assert verdict.count("not significant") >= 2


def test_verdict_sits_right_after_the_title():
    html = credit_report(_evaluation({"none": 0.0, "smote": 0.01, "gan": 0.05})).to_html()
    body = html.split("<body>", 1)[1]
    assert body.index("Verdict") < body.index("cross-validation")
    assert body.index("<h2>Verdict</h2>") < body.index("<h2>Scores")


def test_verdict_names_the_augmenter_in_bold_in_the_score_table():
    evaluation = _evaluation(
        {"none": 0.0, "smote": 0.01, "gan": 0.05}, boosting={"none": 0.0, "smote": 0.04, "gan": 0.0}
    )
    html = credit_report(evaluation).to_html()
    (scores,) = tables(html, "Scores")
    best = {classifier: augmenter for augmenter, classifier in scores.best("PR-AUC")}
    assert best == {"logistic": "gan", "gradient_boosting": "smote"}  # one per classifier
    shown = verdict(html)
    assert shown == evaluation.verdict()
    for classifier, augmenter in best.items():
        assert f"With {classifier}, {augmenter} gives the best mean PR-AUC" in shown
    for header in ("ROC-AUC", "Recall at 80 precision", "Brier"):  # every score has its best
        assert {c: a for a, c in scores.best(header)} == best, header
