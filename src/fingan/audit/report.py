"""One privacy audit of a synthetic table: DCR share, the anonymeter risks and a membership attack.

:func:`privacy_audit` runs, on the training rows, a holdout of real rows the generator never
saw, and the synthetic rows:

- the DCR share (:func:`fingan.metrics.privacy.dcr_share`, SDMetrics'
  ``DCROverfittingProtection``) on real tables of equal size, the larger one subsampled when
  they differ (:func:`equal_sizes`): ideal 0.5, with a permutation p-value
  (:func:`~fingan.metrics.privacy.dcr_share_p_value`), and how close the closest synthetic
  rows come to the training rows against unseen real rows
  (:func:`~fingan.metrics.privacy.leakage_report`);
- singling-out (univariate and multivariate), linkability and inference risks as Giomi et al.
  (2022) define them (:mod:`fingan.audit.singling_out`, :mod:`fingan.audit.linkability`,
  :mod:`fingan.audit.inference`), the holdout as their control rows: ideal 0;
- the density-ratio membership attack (:mod:`fingan.audit.membership`): ideal AUC 0.5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from fingan.audit.inference import inference_risk
from fingan.audit.linkability import linkability_risk
from fingan.audit.membership import MembershipAttack, membership_attack
from fingan.audit.risk import AttackRisk
from fingan.audit.singling_out import singling_out_risk
from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.core.random import RandomState, draw_seed
from fingan.metrics.encoding import check_comparable
from fingan.metrics.privacy import (
    DCRShare,
    LeakageReport,
    dcr_share,
    dcr_share_p_value,
    leakage_report,
)

__all__ = ["PrivacyAudit", "equal_sizes", "privacy_audit"]


@dataclass(frozen=True)
class PrivacyAudit:
    """Results of :func:`privacy_audit`.

    How to read it: a synthetic table that protects the people in its training rows has a
    DCR share near 0.5 (``dcr_pooled.closer_to_training``) or, when it is not, a large
    ``dcr_p_value`` (a random split of the real rows reads as high) or closest rows no nearer
    the training rows than unseen real rows come (``leakage.nearer_than_unseen`` false: the
    share then reflects which rows fell in the training half, not copies), every anonymeter risk
    near 0 with an interval reaching 0, and a membership AUC near 0.5 with an interval
    covering it. A risk is only meaningful when its attack beats random guessing
    (``better_than_baseline``).

    Attributes
    ----------
    dcr : DCRShare
        Share of synthetic rows closer to the training rows than to the holdout rows, each
        distance on its own table's numeric ranges (SDMetrics' ``DCROverfittingProtection``).
    dcr_pooled : DCRShare
        The same with both distances on the pooled real rows' ranges: the statistic that
        ``dcr_p_value`` tests, and the one the verdict reads (a half holding a column's
        extremes shrinks every distance to it on its own scale).
    dcr_p_value : float
        How often a random split of the real rows reads a share at least as high
        (:func:`~fingan.metrics.privacy.dcr_share_p_value`): small for a generator that
        memorises, large when a high share is the luck of the split.
    leakage : LeakageReport
        Distances to the closest training row of the synthetic rows against the holdout's.
    singling_out_univariate, singling_out_multivariate : AttackRisk
        Singling-out risks with one-column and multi-column predicates.
    linkability : AttackRisk
        Linkability risk.
    inference : tuple of AttackRisk
        Inference risk of each secret column audited.
    membership : MembershipAttack
        The membership attack's AUC.
    n_attacks : int
        Attacks per anonymeter attack.
    random_state : int
        Seed the audit ran with.
    """

    dcr: DCRShare
    dcr_pooled: DCRShare
    dcr_p_value: float
    leakage: LeakageReport
    singling_out_univariate: AttackRisk
    singling_out_multivariate: AttackRisk
    linkability: AttackRisk
    inference: tuple[AttackRisk, ...]
    membership: MembershipAttack
    n_attacks: int
    random_state: int

    @property
    def risks(self) -> list[AttackRisk]:
        """Every anonymeter risk, inference risks last."""
        return [
            self.singling_out_univariate,
            self.singling_out_multivariate,
            self.linkability,
            *self.inference,
        ]

    @property
    def dcr_finds_copies(self) -> bool:
        """Whether the DCR evidence points to copied training rows.

        The pooled share is above 0.55, a random relabelling of the real rows rarely reads as high
        (``dcr_p_value`` below 0.05), and the closest synthetic rows sit nearer the training
        rows than unseen real rows do (``leakage.nearer_than_unseen``). The first two alone
        also hold for a smooth model of a training half that differs from the holdout by
        chance: on one German Credit split a copula fitted on the training half reads 0.59
        with p 0.003, its closest rows 1.4 times as far from the training rows as unseen ones.
        """
        return (
            self.dcr_pooled.closer_to_training > 0.55
            and self.dcr_p_value < 0.05
            and self.leakage.nearer_than_unseen
        )

    @property
    def worst_inference(self) -> AttackRisk:
        """The inference risk of the secret most at risk."""
        return max(self.inference, key=lambda risk: risk.risk)

    def to_frame(self) -> pd.DataFrame:
        """One row per measure: its value, interval, and the success rates of the attacks."""
        rows: list[dict[str, Any]] = [
            {
                "measure": "dcr_share",
                "value": self.dcr.closer_to_training,
                "ideal": 0.5,
            },
            {
                "measure": "dcr_share_pooled",
                "value": self.dcr_pooled.closer_to_training,
                "ideal": 0.5,
                "p_value": self.dcr_p_value,
            },
            {"measure": "dcr_p05_ratio", "value": self.leakage.p05_ratio, "ideal": 1.0},
            {
                "measure": "membership_auc",
                "value": self.membership.auc,
                "low": self.membership.auc_low,
                "high": self.membership.auc_high,
                "ideal": 0.5,
            },
        ]
        for risk in self.risks:
            rows.append(
                {
                    "measure": risk.name,
                    "value": risk.risk,
                    "low": risk.risk_low,
                    "high": risk.risk_high,
                    "ideal": 0.0,
                    "attack_rate": risk.attack_rate,
                    "control_rate": risk.control_rate,
                    "baseline_rate": risk.baseline_rate,
                }
            )
        return pd.DataFrame(rows).set_index("measure")

    def summary(self) -> str:
        """Return a few lines: the DCR share, the membership AUC and the anonymeter risks."""
        member = self.membership
        lines = [
            f"Privacy audit ({self.n_attacks} attacks each, seed {self.random_state})",
            f"  DCR share closer to training  {self.dcr.closer_to_training:.3f}  (ideal 0.5; "
            f"SDMetrics score {self.dcr.score:.3f})",
            f"  the same on one scale         {self.dcr_pooled.closer_to_training:.3f}  "
            f"(random splits as high: p {self.dcr_p_value:.3f})",
            f"  closest 5 % vs unseen rows    {self.leakage.p05_ratio:.3f}  (synthetic over "
            "held-out distance to the training rows; below 1: nearer than unseen rows)",
            f"  membership attack AUC         {member.auc:.3f}  "
            f"[{member.auc_low:.3f}, {member.auc_high:.3f}]  (ideal 0.5)",
        ]
        for risk in [*self.risks[:3], self.worst_inference]:
            note = "" if risk.better_than_baseline else ", not better than random guessing"
            lines.append(
                f"  {risk.name:<30}{risk.risk:.3f}  [{risk.risk_low:.3f}, {risk.risk_high:.3f}]  "
                f"(attack {risk.attack_rate:.3f}, control {risk.control_rate:.3f}{note})"
            )
        if len(self.inference) > 1:
            lines.append(f"  (the inference risk shown is the highest of {len(self.inference)})")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the results as a JSON-ready dict."""
        return {
            "dcr": self.dcr.to_dict(),
            "dcr_pooled": self.dcr_pooled.to_dict(),
            "dcr_p_value": self.dcr_p_value,
            "leakage": self.leakage.to_dict(),
            "membership": self.membership.to_dict(),
            "singling_out_univariate": self.singling_out_univariate.to_dict(),
            "singling_out_multivariate": self.singling_out_multivariate.to_dict(),
            "linkability": self.linkability.to_dict(),
            "inference": [risk.to_dict() for risk in self.inference],
            "n_attacks": self.n_attacks,
            "random_state": self.random_state,
        }


def privacy_audit(
    train: pd.DataFrame,
    holdout: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    secret: str | Sequence[str] | None = None,
    aux_columns: tuple[Sequence[str], Sequence[str]] | None = None,
    n_attacks: int = 500,
    n_columns: int = 3,
    confidence: float = 0.95,
    n_resamples: int = 200,
    random_state: RandomState = 0,
) -> PrivacyAudit:
    """Audit how much a synthetic table reveals about the rows it was generated from.

    Parameters
    ----------
    train : pandas.DataFrame
        The rows the generator was fitted on.
    holdout : pandas.DataFrame
        Real rows of the same source the generator never saw (e.g. a random half of the data,
        set aside before fitting): the control rows of the attacks. When it is not as large
        as ``train``, the DCR share compares with a subsample of the larger table
        (:func:`equal_sizes`), so that its ideal stays 0.5.
    synthetic : pandas.DataFrame
        The generator's rows; all three tables share one set of columns.
    secret : str or sequence of str, optional
        Column(s) whose inference risk is measured, each with every other column known to the
        attacker (default: every column in turn).
    aux_columns : (sequence of str, sequence of str), optional
        The linkability attacker's two column sets (default: a random split in halves).
    n_attacks : int, default 500
        Attacks per anonymeter attack (capped at the rows available).
    n_columns : int, default 3
        Columns per multivariate singling-out predicate (at most the table's columns).
    confidence : float, default 0.95
        Confidence level of every interval.
    n_resamples : int, default 200
        Bootstrap resamples of the membership AUC interval.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of every attack.

    Returns
    -------
    PrivacyAudit

    Raises
    ------
    ShapeError, EmptyDataError, MissingValueError
        If the tables do not share columns, are empty or hold missing values.
    TooFewRowsError
        If a table has fewer than 4 rows.
    ConfigError
        If a secret or auxiliary column is unknown.

    Examples
    --------
    >>> from fingan.datasets import load_german_credit
    >>> credit = load_german_credit()
    >>> train, holdout = credit.iloc[:500], credit.iloc[500:]
    >>> audit = privacy_audit(train, holdout, train, secret="creditability", n_attacks=100)
    >>> audit.dcr.closer_to_training, audit.membership.auc > 0.9
    (1.0, True)
    """
    holdout = check_comparable(train, holdout, ("train", "holdout"))
    synthetic = check_comparable(train, synthetic, ("train", "synthetic"))
    for frame, name in ((train, "train"), (holdout, "holdout"), (synthetic, "synthetic")):
        if len(frame) < 4:
            raise TooFewRowsError(f"{name} has {len(frame)} rows; a privacy audit needs 4")
    secrets = list(train.columns) if secret is None else _as_list(secret)
    unknown = sorted(map(str, set(secrets) - set(train.columns)))
    if unknown:
        raise ConfigError(f"secret column(s) not in the table: {unknown}")
    seed = draw_seed(random_state)
    seeds = np.random.default_rng(seed).integers(0, 2**32, size=5 + len(secrets))
    tables = (train, holdout, synthetic)
    split_seed, permutation_seed = np.random.default_rng(int(seeds[4])).integers(0, 2**32, 2)
    halves = equal_sizes(train, holdout, random_state=int(split_seed))
    return PrivacyAudit(
        dcr=dcr_share(*halves, synthetic),
        dcr_pooled=dcr_share(*halves, synthetic, scale="pooled"),
        dcr_p_value=dcr_share_p_value(*halves, synthetic, random_state=int(permutation_seed)),
        leakage=leakage_report(train, holdout, synthetic),
        singling_out_univariate=singling_out_risk(
            *tables,
            mode="univariate",
            n_attacks=n_attacks,
            confidence=confidence,
            random_state=int(seeds[0]),
        ),
        singling_out_multivariate=singling_out_risk(
            *tables,
            mode="multivariate",
            n_attacks=n_attacks,
            n_columns=min(n_columns, train.shape[1]),
            confidence=confidence,
            random_state=int(seeds[1]),
        ),
        linkability=linkability_risk(
            *tables,
            aux_columns=aux_columns,
            n_attacks=n_attacks,
            confidence=confidence,
            random_state=int(seeds[2]),
        ),
        inference=tuple(
            inference_risk(
                *tables, name, n_attacks=n_attacks, confidence=confidence, random_state=int(s)
            )
            for name, s in zip(secrets, seeds[5:], strict=True)
        ),
        membership=membership_attack(
            train,
            holdout,
            synthetic,
            n_resamples=n_resamples,
            confidence=confidence,
            random_state=int(seeds[3]),
        ),
        n_attacks=n_attacks,
        random_state=seed,
    )


def _as_list(secret: str | Sequence[str]) -> list[str]:
    return [secret] if isinstance(secret, str) else list(secret)


def equal_sizes(
    train: pd.DataFrame, holdout: pd.DataFrame, *, random_state: RandomState = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the two real tables with the larger one subsampled to the smaller one's size.

    The DCR share's ideal of 0.5 holds only for real tables of equal size: a synthetic row
    from the same source as both lies nearest to one of the ``n_train + n_holdout`` real rows
    at random, so with 400 training and 169 held-out rows an honest generator would read
    400 / 569 = 0.70. Rows are drawn without replacement and kept in their order.

    Examples
    --------
    >>> train, holdout = pd.DataFrame({"x": range(10)}), pd.DataFrame({"x": range(4)})
    >>> [len(table) for table in equal_sizes(train, holdout)]
    [4, 4]
    """
    size = min(len(train), len(holdout))
    rng = np.random.default_rng(draw_seed(random_state))

    def cut(table: pd.DataFrame) -> pd.DataFrame:
        if len(table) == size:
            return table
        return table.iloc[np.sort(rng.choice(len(table), size=size, replace=False))]

    return cut(train), cut(holdout)
