"""The result of the credit study: test-fold scores, their statistics, and the first fold's rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.apps.credit.classifiers import METRICS
from fingan.apps.credit.data import plain_label
from fingan.apps.serialise import finite_or_none
from fingan.core.validation import check_choice
from fingan.metrics.comparison import corrected_interval, corrected_paired_test
from fingan.metrics.privacy import LeakageReport, distance_to_closest_record, leakage_report
from fingan.metrics.tabular import QualityReport, quality_score

if TYPE_CHECKING:
    from fingan.apps.credit.reliance import CreditReliance
    from fingan.apps.credit.scarcity import DefaulterShareCurve
    from fingan.report import HtmlReport

__all__ = ["CreditEvaluation", "FoldSample"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FoldSample:
    """What the augmenters produced in the first fold, for the report's figures.

    Attributes
    ----------
    train : pandas.DataFrame
        The real training fold (both classes) the augmenters were fitted on.
    holdout : pandas.DataFrame
        The real positives of the test fold, which no augmenter saw.
    synthetic : dict of str to pandas.DataFrame
        The positives each augmenter generated.
    quality : dict of str to QualityReport
        Fidelity of each augmenter's positives to the real training positives (target dropped).
    leakage : dict of str to LeakageReport
        Distance to closest training record of the synthetic rows against the holdout's.
    synthetic_dcr : dict of str to numpy.ndarray
        Each synthetic row's distance to its closest training row.
    holdout_dcr : numpy.ndarray
        Each holdout row's distance to its closest training row.
    """

    train: pd.DataFrame
    holdout: pd.DataFrame
    synthetic: dict[str, pd.DataFrame]
    quality: dict[str, QualityReport]
    leakage: dict[str, LeakageReport]
    synthetic_dcr: dict[str, FloatArray]
    holdout_dcr: FloatArray

    @classmethod
    def measure(
        cls,
        train: pd.DataFrame,
        holdout: pd.DataFrame,
        synthetic: dict[str, pd.DataFrame],
        target: str,
        positive: Any,
    ) -> FoldSample:
        """Measure the fidelity and privacy of each augmenter's rows in one fold.

        Parameters
        ----------
        train : pandas.DataFrame
            The training fold.
        holdout : pandas.DataFrame
            The positives of the test fold.
        synthetic : dict of str to pandas.DataFrame
            The positives each augmenter generated.
        target : str
            The label column, dropped for the quality score.
        positive : object
            The positive label.
        """
        real_positives = train[train[target] == positive].drop(columns=target)
        holdout_dcr = distance_to_closest_record(train, holdout)
        return cls(
            train=train,
            holdout=holdout,
            synthetic=synthetic,
            quality={
                name: quality_score(real_positives, rows.drop(columns=target))
                for name, rows in synthetic.items()
            },
            leakage={
                name: leakage_report(train, holdout, rows) for name, rows in synthetic.items()
            },
            synthetic_dcr={
                name: distance_to_closest_record(train, rows) for name, rows in synthetic.items()
            },
            holdout_dcr=holdout_dcr,
        )


@dataclass(frozen=True)
class CreditEvaluation:
    """Test-fold scores of classifiers trained with and without synthetic positives.

    Attributes
    ----------
    target : str
        The label column.
    positive : object
        The label value of the positive class (defaulters).
    class_counts : dict of str to int
        Rows of the positive class (``"positive"``) and of the others (``"negative"``).
    n_splits, n_repeats : int
        Folds per repeat and repeats of the cross-validation.
    scores : pandas.DataFrame
        One row per test fold, augmenter, classifier and metric: columns ``repeat``, ``fold``,
        ``augmenter``, ``classifier``, ``metric``, ``value``.
    n_train, n_test : float
        Mean number of real rows in a training and in a test fold.
    fit_seconds : dict of str to float
        Mean wall time per fold of fitting each augmenter and generating its rows.
    pairs : list of (str, str)
        Augmenter pairs compared by default in :meth:`paired_tests`.
    first_fold : FoldSample or None
        The first fold's real and synthetic rows and their fidelity and privacy; ``None`` when
        no rows were generated (the positive class is not the minority).
    reliance : CreditReliance or None
        The first fold's feature reliance of classifiers trained on synthetic rows only
        (``evaluate_credit(..., feature_reliance=True)``); ``None`` otherwise.
    share_curve : DefaulterShareCurve or None
        The scores with fewer real training positives
        (``evaluate_credit(..., defaulter_shares=...)``); ``None`` otherwise.
    """

    target: str
    positive: Any
    class_counts: dict[str, int]
    n_splits: int
    n_repeats: int
    scores: pd.DataFrame
    n_train: float
    n_test: float
    fit_seconds: dict[str, float] = field(default_factory=dict)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    first_fold: FoldSample | None = None
    reliance: CreditReliance | None = None
    share_curve: DefaulterShareCurve | None = None

    REPORT_KIND: ClassVar[str] = "credit report"
    """What a folder with this result's report holds."""

    @property
    def augmenters(self) -> list[str]:
        """Augmenter names, ``"none"`` first."""
        return list(dict.fromkeys(self.scores["augmenter"]))

    @property
    def classifiers(self) -> list[str]:
        """Classifier names."""
        return list(dict.fromkeys(self.scores["classifier"]))

    def summary(self) -> str:
        """Return the set-up, the mean scores and the PR-AUC paired tests as text."""
        counts = self.class_counts
        lines = [
            f"{self.n_repeats} x {self.n_splits}-fold cross-validation of {self.target!r}: "
            f"{counts['positive']:,} rows of the positive class {self.positive!r}, "
            f"{counts['negative']:,} others",
            "mean test-fold scores (Brier: lower is better):",
            self._mean_scores().to_string(float_format=lambda value: f"{value:.4f}"),
        ]
        tests = self.paired_tests()
        if len(tests):
            pr_auc = tests.xs("pr_auc", level="metric")[["mean_difference", "p_value"]]
            lines += [
                "PR-AUC difference a - b, corrected resampled t-test:",
                pr_auc.to_string(float_format=lambda value: f"{value:.4f}"),
            ]
        if self.share_curve is not None:
            lines.append(self.share_curve.summary())
        return "\n".join(lines)

    def verdict(self) -> str:
        """Return the verdict of the report (see :func:`fingan.apps.credit.report.credit_verdict`).

        The best augmenter per classifier on PR-AUC, with its corrected interval, the paired
        tests, and what not to conclude.
        """
        from fingan.apps.credit.report import credit_verdict

        return credit_verdict(self)

    def to_frame(self) -> pd.DataFrame:
        """Return the fold-level scores (a copy of :attr:`scores`)."""
        return self.scores.copy()

    def intervals(self, confidence: float = 0.95) -> pd.DataFrame:
        """Mean and corrected confidence interval per augmenter, classifier and metric.

        Parameters
        ----------
        confidence : float
            Coverage of the interval.

        Returns
        -------
        pandas.DataFrame
            Columns ``mean``, ``ci_low``, ``ci_high``, indexed by ``(augmenter, classifier,
            metric)`` in the order evaluated.
        """
        rows = {
            key: corrected_interval(
                group["value"].to_numpy(np.float64),
                n_train=self.n_train,
                n_test=self.n_test,
                confidence=confidence,
            )
            for key, group in self._groups()
        }
        index = pd.MultiIndex.from_tuples(list(rows), names=["augmenter", "classifier", "metric"])
        return pd.DataFrame(list(rows.values()), index=index, columns=["mean", "ci_low", "ci_high"])

    def paired_tests(self, pairs: Sequence[tuple[str, str]] | None = None) -> pd.DataFrame:
        """Corrected resampled paired t-tests of augmenter ``a`` against ``b``, fold by fold.

        Parameters
        ----------
        pairs : sequence of (str, str), optional
            Augmenter pairs ``(a, b)``; default :attr:`pairs`.

        Returns
        -------
        pandas.DataFrame
            Columns ``mean_difference`` (``a - b``), ``t_statistic`` and ``p_value``
            (two-sided), indexed by ``(a, b, classifier, metric)``.
        """
        wanted = list(self.pairs if pairs is None else pairs)
        known = self.augmenters
        for pair in wanted:
            for name in pair:
                check_choice(name, "augmenter", known)
        table = self.scores.pivot_table(
            index=["repeat", "fold"],
            columns=["augmenter", "classifier", "metric"],
            values="value",
        )
        rows: dict[tuple[str, str, str, str], tuple[float, float, float]] = {}
        for first, second in wanted:
            for classifier in self.classifiers:
                for metric in METRICS:
                    rows[(first, second, classifier, metric)] = corrected_paired_test(
                        table[(first, classifier, metric)].to_numpy(np.float64),
                        table[(second, classifier, metric)].to_numpy(np.float64),
                        n_train=self.n_train,
                        n_test=self.n_test,
                    )
        index = pd.MultiIndex.from_tuples(list(rows), names=["a", "b", "classifier", "metric"])
        return pd.DataFrame(
            list(rows.values()),
            index=index,
            columns=["mean_difference", "t_statistic", "p_value"],
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready results: setup, means with intervals, paired tests, fidelity, privacy."""
        results: dict[str, Any] = {}
        for record in _records(self.intervals()):
            entry = results.setdefault(record.pop("augmenter"), {})
            entry.setdefault(record.pop("classifier"), {})[record.pop("metric")] = record
        tests = _records(self.paired_tests())
        fold = self.first_fold
        summary: dict[str, Any] = {
            "target": self.target,
            "positive": plain_label(self.positive),
            "class_counts": self.class_counts,
            "cross_validation": {
                "n_splits": self.n_splits,
                "n_repeats": self.n_repeats,
                "n_train": self.n_train,
                "n_test": self.n_test,
                "interval": "95% Nadeau-Bengio corrected resampled t-interval",
            },
            "metrics": {name: {"higher_is_better": higher} for name, higher in METRICS.items()},
            "results": results,
            "paired_tests": tests,
            "fit_seconds": self.fit_seconds,
            "first_fold": None
            if fold is None
            else {
                "quality": {name: report.to_dict() for name, report in fold.quality.items()},
                "leakage": {name: report.to_dict() for name, report in fold.leakage.items()},
            },
        }
        if self.reliance is not None:
            summary["feature_reliance"] = self.reliance.to_dict()
        if self.share_curve is not None:
            summary["defaulter_share_curve"] = self.share_curve.to_dict()
        return summary

    def report(self, *, title: str | None = None) -> HtmlReport:
        """Return the HTML report (see :func:`fingan.apps.credit.report.credit_report`)."""
        from fingan.apps.credit.report import credit_report

        return credit_report(self, title=title)

    def _groups(self) -> Any:
        return self.scores.groupby(["augmenter", "classifier", "metric"], sort=False)

    def _mean_scores(self) -> pd.DataFrame:
        """Mean scores, a row per augmenter and classifier (in the order evaluated)."""
        means = self.intervals()["mean"].unstack("metric")
        rows = pd.MultiIndex.from_product(
            [self.augmenters, self.classifiers], names=["augmenter", "classifier"]
        )
        return means.reindex(
            index=rows, columns=[metric for metric in METRICS if metric in means.columns]
        )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a frame with index levels as JSON-ready dicts (non-finite numbers as None)."""
    return [
        {
            str(key): finite_or_none(value) if isinstance(value, float) else str(value)
            for key, value in row.items()
        }
        for row in frame.reset_index().to_dict("records")
    ]
