"""Fewer real defaulters: the credit study's scores as the training folds keep less of them.

Augmentation is meant for the case where the positive class (defaulters) is scarce. The credit
study runs each fold again with only a share of its training positives (chosen at random, the
same rows for every augmenter), every augmenter then balancing the classes from what is left,
and scores on the untouched test fold: the curve over the share shows where, if anywhere, an
augmenter starts to beat training on the real rows alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from fingan.apps.credit.models import NO_AUGMENTATION
from fingan.apps.serialise import finite_or_none
from fingan.core.exceptions import ConfigError
from fingan.metrics.comparison import corrected_paired_test

if TYPE_CHECKING:
    from fingan.report import HtmlReport

__all__ = [
    "DEFAULTER_SHARES",
    "DefaulterShareCurve",
    "check_shares",
    "keep_positives",
    "parse_shares",
]

DEFAULTER_SHARES: tuple[float, ...] = (0.3, 0.1, 0.05, 0.02)
"""Shares of the training defaulters kept, as the issue suggests (``--defaulter-shares``)."""

MIN_KEPT = 6
"""Training positives always kept: SMOTE's default five neighbours must exist in the class."""


def check_shares(shares: Sequence[float]) -> tuple[float, ...]:
    """Return the shares sorted from largest to smallest, each checked to lie in (0, 1].

    Raises
    ------
    ConfigError
        For an empty list, a repeated share or one outside (0, 1].
    """
    values = tuple(float(share) for share in shares)
    if not values:
        raise ConfigError("give at least one defaulter share, e.g. 0.3,0.1")
    bad = [share for share in values if not 0.0 < share <= 1.0]
    if bad:
        raise ConfigError(f"defaulter shares must lie in (0, 1]; got {bad[0]!r}")
    if len(set(values)) != len(values):
        raise ConfigError("defaulter shares must differ from each other")
    return tuple(sorted(values, reverse=True))


def parse_shares(text: str) -> tuple[float, ...]:
    """Parse ``--defaulter-shares`` (``"0.3,0.1,0.05"``) and check it (:func:`check_shares`).

    Raises
    ------
    ConfigError
        For text that is not a comma-separated list of numbers in (0, 1].
    """
    items = [item.strip() for item in text.split(",") if item.strip()]
    try:
        values = [float(item) for item in items]
    except ValueError:
        raise ConfigError(f"--defaulter-shares takes numbers like 0.3,0.1; got {text!r}") from None
    return check_shares(values)


def keep_positives(
    train_rows: np.ndarray, labels: np.ndarray, share: float, seed: int
) -> np.ndarray:
    """Return ``train_rows`` with only ``share`` of its positive rows (at least :data:`MIN_KEPT`).

    The kept positives are a seeded random choice; every negative row stays.
    """
    positives = train_rows[labels[train_rows]]
    keep = min(len(positives), max(MIN_KEPT, round(share * len(positives))))
    kept = np.random.default_rng(seed).choice(positives, size=keep, replace=False)
    return np.sort(np.concatenate([train_rows[~labels[train_rows]], kept]))


@dataclass(frozen=True)
class DefaulterShareCurve:
    """Test-fold scores of every augmenter with a share of the training positives kept.

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per share, test fold, augmenter, classifier and metric: columns ``share``,
        ``repeat``, ``fold``, ``augmenter``, ``classifier``, ``metric``, ``value``.
    kept : dict of float to float
        Mean number of real training positives kept per share.
    n_train, n_test : float
        Mean rows of a full training fold and of a test fold (for the corrected tests).
    """

    scores: pd.DataFrame
    kept: dict[float, float]
    n_train: float
    n_test: float

    @property
    def shares(self) -> list[float]:
        """The shares, largest first."""
        return sorted(self.kept, reverse=True)

    def table(self, metric: str = "pr_auc") -> pd.DataFrame:
        """Mean ``metric`` per share (rows) and (classifier, augmenter) (columns)."""
        part = self.scores[self.scores["metric"] == metric]
        means = part.pivot_table(
            index="share", columns=["classifier", "augmenter"], values="value", sort=False
        )
        return means.sort_index(ascending=False)

    def gains(self, metric: str = "pr_auc") -> pd.DataFrame:
        """Each augmenter against no augmentation, per share and classifier.

        Returns
        -------
        pandas.DataFrame
            Columns ``gain`` (mean of augmenter minus none, fold by fold) and ``p_value`` (the
            corrected resampled paired t-test, two-sided), indexed by
            ``(share, classifier, augmenter)``.
        """
        part = self.scores[self.scores["metric"] == metric]
        table = part.pivot_table(
            index=["share", "repeat", "fold"], columns=["classifier", "augmenter"], values="value"
        )
        rows: dict[tuple[float, str, str], tuple[float, float]] = {}
        for share in self.shares:
            folds = table.loc[share]
            for column in folds.columns:
                classifier, augmenter = (str(level) for level in column)
                if augmenter == NO_AUGMENTATION:
                    continue
                gain, _, p_value = corrected_paired_test(
                    folds[column].to_numpy(np.float64),
                    folds[(classifier, NO_AUGMENTATION)].to_numpy(np.float64),
                    n_train=self.n_train,
                    n_test=self.n_test,
                )
                rows[(share, classifier, augmenter)] = (gain, p_value)
        index = pd.MultiIndex.from_tuples(list(rows), names=["share", "classifier", "augmenter"])
        return pd.DataFrame(list(rows.values()), index=index, columns=["gain", "p_value"])

    def verdict(self, metric: str = "pr_auc", alpha: float = 0.05) -> str:
        """Say, per classifier, from which share down an augmenter beats none significantly."""
        gains = self.gains(metric).reset_index().to_dict("records")
        label = metric.replace("_", "-").upper()
        parts = []
        for classifier in dict.fromkeys(row["classifier"] for row in gains):
            rows = [row for row in gains if row["classifier"] == classifier]
            helped = [row for row in rows if row["gain"] > 0 and row["p_value"] < alpha]
            if not helped:
                best = max(rows, key=lambda row: row["gain"])
                parts.append(
                    f"With {classifier}, no augmenter beats training on the real rows alone "
                    f"at {alpha:.0%} at any share (largest mean gain in {label}: "
                    f"{best['gain']:+.3f}, {best['augmenter']} with {best['share']:.0%} of the "
                    "defaulters kept)."
                )
                continue
            found = ", ".join(
                f"{row['augmenter']} at {row['share']:.0%} ({row['gain']:+.3f}, "
                f"p = {row['p_value']:.3f})"
                for row in helped
            )
            parts.append(f"With {classifier}, augmentation helps significantly: {found}.")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready curve: kept positives, mean scores and gains over none per share."""
        means = self.scores.groupby(["share", "classifier", "augmenter", "metric"], sort=False)
        curve: dict[str, Any] = {}
        for row in means["value"].mean().reset_index().to_dict("records"):
            entry = curve.setdefault(f"{row['share']:g}", {}).setdefault(row["classifier"], {})
            entry.setdefault(row["augmenter"], {})[row["metric"]] = finite_or_none(row["value"])
        for row in self.gains().reset_index().to_dict("records"):
            entry = curve[f"{row['share']:g}"][row["classifier"]][row["augmenter"]]
            entry["pr_auc_gain_over_none"] = finite_or_none(row["gain"])
            entry["pr_auc_gain_p_value"] = finite_or_none(row["p_value"])
        return {
            "kept_positives": {f"{share:g}": kept for share, kept in self.kept.items()},
            "scores": curve,
            "verdict": self.verdict(),
        }

    def summary(self) -> str:
        """Return the mean PR-AUC per share and the verdict as text."""
        table = self.table().to_string(float_format=lambda value: f"{value:.4f}")
        return f"PR-AUC with a share of the training defaulters kept:\n{table}\n{self.verdict()}"

    def add_to(self, report: HtmlReport) -> None:
        """Add the curve, its table of gains and the verdict to ``report``."""
        from fingan.report.figures.credit import share_curve

        report.add_heading("Fewer real defaulters: where augmentation starts to help")
        kept = ", ".join(f"{share:.0%}: {count:.0f}" for share, count in self.kept.items())
        report.add_text(
            "Every fold again, with only a share of its training defaulters (a seeded random "
            "choice, the same rows for every augmenter; mean defaulters kept per fold: "
            f"{kept}). Each augmenter then balances the classes from the defaulters left; the "
            "test folds are untouched. Gains are fold-by-fold differences from training on "
            "the real rows alone, with corrected resampled t-tests."
        )
        report.add_text(self.verdict())
        report.add_figure(share_curve(self.table()), "Mean test-fold PR-AUC by share kept")
        report.add_table(self.gains(), float_format="{:+.4f}")
