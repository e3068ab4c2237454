"""``fingan tabular evaluate``: how faithful, useful and private a synthetic table is.

The real table is the one the generator was fitted on; the holdout is real rows from the same
source the generator never saw. Fidelity is SDMetrics' quality score and a detection score,
usefulness is train-on-synthetic-test-on-real against train-on-real (when a target column is
given), and privacy is :func:`fingan.audit.privacy_audit`: the DCR share, the three
anonymeter risks and a membership attack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.audit import PrivacyAudit, privacy_audit
from fingan.core.exceptions import ConfigError, ShapeError
from fingan.core.random import RandomState, draw_seed
from fingan.metrics import (
    LeakageReport,
    QualityReport,
    detection_score,
    distance_to_closest_record,
    ml_efficacy,
    quality_score,
)

if TYPE_CHECKING:
    from fingan.report import HtmlReport

__all__ = ["TabularEvaluation", "evaluate_tabular"]

MIN_ROWS = 10
"""The fewest rows each table must have."""


@dataclass(frozen=True)
class TabularEvaluation:
    """Fidelity, usefulness and privacy of one synthetic table.

    Attributes
    ----------
    n_real, n_holdout, n_synthetic : int
        Rows of each table.
    quality : QualityReport
        SDMetrics' quality of the synthetic rows against the real ones.
    detection : float
        SDMetrics' logistic detection score (1: indistinguishable).
    efficacy : pandas.Series, optional
        ROC-AUC and PR-AUC of a classifier trained on synthetic and on real rows, scored on
        the holdout (with a target).
    target, positive : optional
        The label column and the value counted as positive.
    audit : PrivacyAudit
        The attack-based privacy audit.
    privacy_spend : dict, optional
        The differential-privacy budget the generator spent, when known.
    real, synthetic : pandas.DataFrame, optional
        The two tables compared, for the report's figures (not in :meth:`to_dict`).
    synthetic_dcr, holdout_dcr : ndarray, optional
        Each synthetic and each held-out row's distance to its closest training row
        (:func:`~fingan.metrics.distance_to_closest_record`), for the report's figure.
    """

    REPORT_KIND: ClassVar[str] = "tabular report"

    n_real: int
    n_holdout: int
    n_synthetic: int
    quality: QualityReport
    detection: float
    efficacy: pd.Series | None
    target: str | None
    positive: Any
    audit: PrivacyAudit
    privacy_spend: dict[str, Any] | None = None
    real: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    synthetic: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    synthetic_dcr: npt.NDArray[np.float64] | None = field(default=None, compare=False, repr=False)
    holdout_dcr: npt.NDArray[np.float64] | None = field(default=None, compare=False, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """Return the headline figures: one row each, with the value and its ideal."""
        rows: list[tuple[str, float, float | None]] = [
            ("quality", self.quality.score, 1.0),
            ("detection", self.detection, 1.0),
        ]
        if self.efficacy is not None:
            rows += [
                ("tstr_roc_auc", float(self.efficacy[("synthetic", "roc_auc")]), None),
                ("trtr_roc_auc", float(self.efficacy[("real", "roc_auc")]), None),
            ]
        rows += [
            ("dcr_share", self.audit.dcr.closer_to_training, 0.5),
            ("dcr_share_pooled", self.audit.dcr_pooled.closer_to_training, 0.5),
            ("dcr_share_p_value", self.audit.dcr_p_value, None),
            ("dcr_p05_ratio", self.audit.leakage.p05_ratio, 1.0),
            ("membership_auc", self.audit.membership.auc, 0.5),
        ]
        rows += [(risk.name, risk.risk, 0.0) for risk in self.audit.risks]
        frame = pd.DataFrame(rows, columns=["measure", "value", "ideal"]).set_index("measure")
        return frame

    def verdict(self) -> str:
        """Say in a few sentences how faithful, useful and private the table is."""
        audit = self.audit
        parts = [
            f"The synthetic table's SDMetrics quality is {self.quality.score:.3f} (1 is "
            f"perfect) and a logistic classifier tells it from the real rows with a detection "
            f"score of {self.detection:.3f} (1: it cannot)."
        ]
        if self.efficacy is not None:
            synthetic = float(self.efficacy[("synthetic", "roc_auc")])
            real = float(self.efficacy[("real", "roc_auc")])
            parts.append(
                f"A classifier of {self.target} trained on the synthetic rows reaches ROC-AUC "
                f"{synthetic:.3f} on the held-out real rows, against {real:.3f} when trained on "
                "the real rows."
            )
        member = audit.membership
        dcr, pooled = audit.dcr.closer_to_training, audit.dcr_pooled.closer_to_training
        leaks = member.auc_low > 0.5 or audit.dcr_finds_copies
        worst = max(audit.risks, key=lambda risk: risk.risk)
        parts.append(
            f"Privacy: {dcr:.1%} of the synthetic rows lie closer to a training row than to a "
            f"held-out one ({pooled:.1%} with both distances on one scale; 0.5 if nothing is "
            f"memorised; a random split of the real rows reads as high with p = "
            f"{audit.dcr_p_value:.3f}), {_closest_rows(audit.leakage)}, the "
            f"membership attack's AUC is "
            f"{member.auc:.3f} [{member.auc_low:.3f}, {member.auc_high:.3f}], "
            f"and the highest anonymeter risk is {worst.name} at {worst.risk:.3f}."
        )
        parts.append(
            "The audit finds signs that training rows leak into the synthetic table."
            if leaks
            else "The audit finds no sign that training rows leak into the synthetic table; "
            "attacks bound what is found, not what could be."
        )
        if self.privacy_spend is not None:
            parts.append(
                f"The generator was trained with differential privacy: epsilon "
                f"{self.privacy_spend['epsilon']:.3g}, delta {self.privacy_spend['delta']:.3g}."
            )
        return " ".join(parts)

    def summary(self) -> str:
        """Return the verdict and the headline figures as text."""
        table = self.to_frame().to_string(float_format=lambda value: f"{value:.4f}")
        return f"{self.verdict()}\n{table}"

    def to_dict(self) -> dict[str, Any]:
        """Return every figure, JSON-ready."""
        efficacy = None
        if self.efficacy is not None:
            efficacy = {
                ".".join(map(str, key)): float(value)  # type: ignore[call-overload]
                for key, value in self.efficacy.items()
            }
        return {
            "rows": {"real": self.n_real, "holdout": self.n_holdout, "synthetic": self.n_synthetic},
            "quality": self.quality.to_dict(),
            "detection": self.detection,
            "target": self.target,
            "positive": None if self.positive is None else str(self.positive),
            "efficacy": efficacy,
            "privacy_audit": self.audit.to_dict(),
            "privacy_spend": self.privacy_spend,
        }

    def report(self) -> HtmlReport:
        """Return the HTML report (:func:`fingan.apps.tabular.report.tabular_report`)."""
        from fingan.apps.tabular.report import tabular_report

        return tabular_report(self)


def _closest_rows(leakage: LeakageReport) -> str:
    """How near the closest synthetic rows come to the training rows, in words."""
    if np.isfinite(leakage.p05_ratio):
        return (
            f"the closest 5 % of them lie {leakage.p05_ratio:.2f} times as far from the training "
            "rows as the closest 5 % of unseen real rows (about 1 for fresh rows, far below 1 "
            "for copies)"
        )
    return (
        "the closest 5 % of unseen real rows equal a training row, so distances cannot tell "
        "copies from fresh rows"
    )


def evaluate_tabular(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    holdout: pd.DataFrame,
    *,
    target: str | None = None,
    positive: object = None,
    privacy_spend: dict[str, Any] | None = None,
    random_state: RandomState = 0,
) -> TabularEvaluation:
    """Score a synthetic table against the real rows it came from and held-out real rows.

    Parameters
    ----------
    real : pandas.DataFrame
        The rows the generator was fitted on.
    synthetic : pandas.DataFrame
        The generated rows.
    holdout : pandas.DataFrame
        Real rows the generator never saw, with the same columns.
    target : str, optional
        A label column: adds train-on-synthetic-test-on-real.
    positive : object, optional
        The label value counted as positive (default: the rarest value in ``real``).
    privacy_spend : dict, optional
        The generator's differential-privacy spend, reported as it is.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the classifiers and attacks.

    Raises
    ------
    ShapeError
        If the tables do not have the same columns.
    ConfigError
        If a table has fewer than :data:`MIN_ROWS` rows or the target is unknown.
    """
    for name, table in (("real", real), ("synthetic", synthetic), ("holdout", holdout)):
        if len(table) < MIN_ROWS:
            raise ConfigError(f"the {name} table has {len(table)} rows; at least {MIN_ROWS} needed")
    for name, table in (("synthetic", synthetic), ("holdout", holdout)):
        if set(table.columns) != set(real.columns):
            extra = sorted(map(str, set(table.columns) ^ set(real.columns)))
            raise ShapeError(
                f"the {name} table's columns differ from the real table's ({', '.join(extra)})"
            )
    seed = draw_seed(random_state)
    efficacy = None
    label = None
    if target is not None:
        if target not in real.columns:
            raise ConfigError(f"--target {target!r} is not a column of the tables")
        counts = real[target].value_counts()
        label = counts.index[-1] if positive is None else _label(real[target], positive)
        efficacy = ml_efficacy(
            real, synthetic, holdout, target=target, positive=label, random_state=seed
        )
    return TabularEvaluation(
        n_real=len(real),
        n_holdout=len(holdout),
        n_synthetic=len(synthetic),
        quality=quality_score(real, synthetic),
        detection=detection_score(real, synthetic, random_state=seed),
        efficacy=efficacy,
        target=target,
        positive=label,
        audit=privacy_audit(real, holdout, synthetic, random_state=seed),
        privacy_spend=privacy_spend,
        real=real,
        synthetic=synthetic,
        synthetic_dcr=distance_to_closest_record(real, synthetic),
        holdout_dcr=distance_to_closest_record(real, holdout),
    )


def _label(values: pd.Series, positive: object) -> Any:
    unique = values.unique()
    matches = [value for value in unique if value == positive or str(value) == str(positive)]
    if not matches:
        shown = ", ".join(map(str, unique[:10]))
        raise ConfigError(f"--positive {positive!r} is not a value of the target ({shown})")
    return matches[0]
