"""The report of the credit study: whether augmentation helps, and at what risk."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fingan.apps.credit.classifiers import METRICS
from fingan.apps.credit.reliance import add_reliance_section
from fingan.apps.credit.result import CreditEvaluation, FoldSample
from fingan.apps.verdict import ALPHA, caveats, join_names, significance
from fingan.data.tables import column_kind
from fingan.report import HtmlReport
from fingan.report.best import Better
from fingan.report.figures.tabular import (
    column_distributions,
    dcr_distributions,
    metric_intervals,
    pair_gap_heatmaps,
)

__all__ = ["credit_report", "credit_verdict"]

_LISTED = 4
"""Significant differences on metrics other than the verdict's that the verdict names."""

_FIDELITY_SOURCES = ("gan", "copula")
"""Augmenters whose pairwise dependence is drawn (the others add little: SMOTE interpolates)."""

_SCORES_BETTER: dict[str, Better] = {
    metric: "higher" if higher else "lower" for metric, higher in METRICS.items()
}
"""Best value of each score of the test folds."""

_QUALITY_BETTER: dict[str, Better] = dict.fromkeys(
    ("score", "column_shapes", "column_pair_trends"), "higher"
)
"""Best value of each fidelity score: 1 is a perfect match of the real positives."""

_LEAKAGE_BETTER: dict[str, Better] = {
    "median_ratio": 1.0,
    "p05_ratio": 1.0,
    "exact_copy_share": "lower",
}
"""Best value of the privacy columns: synthetic rows as far from the training rows as unseen
real rows (ratios closest to 1; below 1 copies, above 1 lacks fidelity), and fewest copies.
The distances themselves have no best value."""


def credit_report(evaluation: CreditEvaluation, *, title: str | None = None) -> HtmlReport:
    """Build the report: scores with intervals, paired tests, fidelity and privacy figures.

    :func:`fingan.apps.reporting.write_report` writes it, with ``metrics.json``, into a folder.
    """
    counts = evaluation.class_counts
    report = HtmlReport(title or f"fingan credit report: {evaluation.target}")
    report.add_heading("Verdict")
    report.add_text(evaluation.verdict())
    report.add_text(
        f"{counts['positive']:,} rows of the positive class {evaluation.positive!r} and "
        f"{counts['negative']:,} others, in {evaluation.n_repeats} repeats of stratified "
        f"{evaluation.n_splits}-fold cross-validation ({evaluation.n_splits * evaluation.n_repeats}"
        f" test folds of about {evaluation.n_test:.0f} rows). In each fold every augmenter was "
        "fitted on the training fold only and generated positive rows until both classes were "
        "equally frequent there; 'none' trains on the real training fold alone. Scores are on "
        "the untouched test folds."
    )
    report.add_heading("Scores (mean and 95% interval)")
    report.add_text(
        "Intervals are Nadeau-Bengio corrected resampled t-intervals: the folds share training "
        "rows, so the naive interval would be too narrow. Higher is better except for the Brier "
        "score; a classifier trained on balanced data predicts probabilities for a 50% prior, "
        "which raises its Brier score without changing its ranking of applicants. The best "
        "mean of each score and classifier is in bold."
    )
    intervals = evaluation.intervals()
    means = intervals["mean"].unstack("metric")
    report.add_table(
        _with_intervals(intervals), better=_SCORES_BETTER, within="classifier", values=means
    )
    report.add_figure(metric_intervals(intervals), "Mean and 95% corrected interval per augmenter")
    report.add_heading("Paired tests")
    report.add_text(
        "Corrected resampled t-tests of the fold-by-fold differences a - b (two-sided)."
    )
    report.add_table(evaluation.paired_tests(), float_format="{:.4f}")
    report.add_heading("Fit and generation time")
    seconds = pd.DataFrame({"seconds per fold": pd.Series(evaluation.fit_seconds)})
    report.add_table(seconds, float_format="{:.2f}")
    if evaluation.share_curve is not None:
        evaluation.share_curve.add_to(report)
    if evaluation.first_fold is None:
        report.add_text(
            "No rows were generated: the positive class is not the minority of the data."
        )
        return report
    _add_first_fold(report, evaluation.first_fold, evaluation.target, evaluation.positive)
    if evaluation.reliance is not None:
        add_reliance_section(report, evaluation.reliance)
    return report


def credit_verdict(evaluation: CreditEvaluation, metric: str = "pr_auc") -> str:
    """Write the verdict: best augmenter per classifier on ``metric``, paired tests, limits.

    Built from :meth:`CreditEvaluation.intervals` (the best mean and its corrected interval)
    and :meth:`CreditEvaluation.paired_tests` (every metric, counted at 5%).
    """
    higher = METRICS[metric]
    label = metric.replace("_", "-").upper() if metric.endswith("auc") else metric
    intervals = evaluation.intervals()
    parts = []
    for classifier in evaluation.classifiers:
        rows = intervals.xs((classifier, metric), level=("classifier", "metric"))
        best = str(rows["mean"].idxmax() if higher else rows["mean"].idxmin())
        row = rows.loc[best]
        text = (
            f"With {classifier}, {best} gives the best mean {label} "
            f"({row['mean']:.3f}, 95% corrected interval [{row['ci_low']:.3f}, "
            f"{row['ci_high']:.3f}])"
        )
        if best != "none" and "none" in rows.index:
            base = rows.loc["none"]
            text += (
                f" against {base['mean']:.3f} [{base['ci_low']:.3f}, {base['ci_high']:.3f}] "
                "without augmentation"
            )
        parts.append(text + ".")
    tests = evaluation.paired_tests()
    if len(tests):
        records = tests.reset_index().to_dict("records")
        for test in records:
            if test["metric"] == metric:
                parts.append(
                    f"{test['a']} minus {test['b']} ({test['classifier']}): "
                    f"{test['mean_difference']:+.3f} {label}, "
                    f"{significance(float(test['p_value']))}."
                )
        significant = [test for test in records if test["p_value"] < ALPHA]
        others = [
            f"{test['metric']} {test['a']} vs {test['b']} ({test['classifier']}): "
            f"{_winner(test)} better"
            for test in significant
            if test["metric"] != metric
        ]
        shown = others[:_LISTED] + (
            [f"{len(others) - _LISTED} more"] if len(others) > _LISTED else []
        )
        parts.append(
            f"Across all {len(METRICS)} metrics, {len(significant)} of {len(tests)} paired "
            f"differences are significant at {ALPHA:.0%}"
            + (f"; on the other metrics: {join_names(shown)}." if others else ".")
        )
    n_folds = evaluation.n_splits * evaluation.n_repeats
    parts.append(
        caveats(
            [
                f"{n_folds} test folds of about {evaluation.n_test:.0f} rows from one data set "
                f"({evaluation.class_counts['positive']:,} positives)",
                f"the {len(tests)} tests are not adjusted for multiple comparisons"
                if len(tests) > 1
                else "",
                "the corrected t-test is approximate and folds are not independent",
                "the Brier score of augmented models is raised by the balanced training prior",
            ]
        )
    )
    return " ".join(parts)


def _winner(test: dict[Any, Any]) -> str:
    """Name the better augmenter of a paired-test record (``a - b`` of a metric)."""
    higher_is_better = METRICS[str(test["metric"])]
    return str(test["a"] if (test["mean_difference"] > 0) == higher_is_better else test["b"])


def _add_first_fold(report: HtmlReport, fold: FoldSample, target: str, positive: object) -> None:
    """Add the fidelity and privacy of the synthetic positives of the first fold."""
    real = fold.train[fold.train[target] == positive].drop(columns=target)
    synthetic = {name: rows.drop(columns=target) for name, rows in fold.synthetic.items()}
    report.add_heading("Fidelity of the synthetic positives (first fold)")
    report.add_text(
        "Quality score (SDMetrics' QualityReport, reproduced exactly): mean of column shapes "
        "(1 - KS or 1 - TVD per column) and column-pair trends over the pairs dependent in the "
        "real positives (|Pearson| > 0.5 or Cramér's V > 0.3), against the real positives of the "
        "training fold; 1 is perfect."
    )
    quality = pd.DataFrame({name: item.to_dict() for name, item in fold.quality.items()}).T
    report.add_table(quality, float_format="{:.3f}", better=_QUALITY_BETTER)
    for kind in ("numeric", "categorical"):
        columns = [name for name in real.columns if column_kind(real[name]) == kind]
        if columns:
            report.add_figure(
                column_distributions(real, synthetic, columns=columns),
                f"{kind.capitalize()} columns: real positives of the training fold against each "
                "augmenter's generated positives",
            )
    gaps = {
        name: 1.0 - fold.quality[name].column_pair_trends
        for name in _FIDELITY_SOURCES
        if name in fold.quality
    }
    if gaps:
        report.add_figure(
            pair_gap_heatmaps(gaps, list(real.columns)),
            "Dependence gap per column pair, real vs synthetic positives: half the difference "
            "of Pearson correlations for two numeric columns, the total variation distance of "
            "the contingency tables otherwise (0 = the same dependence)",
        )
    report.add_heading("Privacy: distance to the closest training record (first fold)")
    report.add_text(
        "Synthetic positives should lie about as far from the training rows as real positives "
        "of the test fold do; ratios well below 1 or exact copies mean the augmenter copies "
        "training rows (SMOTE interpolates between them by design)."
    )
    leakage = pd.DataFrame({name: item.to_dict() for name, item in fold.leakage.items()}).T
    report.add_table(leakage.astype(float), float_format="{:.3f}", better=_LEAKAGE_BETTER)
    report.add_figure(
        dcr_distributions(fold.holdout_dcr, fold.synthetic_dcr),
        "Distance to the closest training row: held-out real positives against each "
        "augmenter's synthetic positives",
    )


def _with_intervals(intervals: pd.DataFrame) -> pd.DataFrame:
    """Return "mean [low, high]", one column per metric, a row per augmenter and classifier."""
    text = intervals.apply(
        lambda row: f"{row['mean']:.3f} [{row['ci_low']:.3f}, {row['ci_high']:.3f}]", axis=1
    )
    table = text.unstack("metric")
    return table[[metric for metric in METRICS if metric in table.columns]]
