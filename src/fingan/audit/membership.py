"""A membership-inference attack against a generator, after DOMIAS (van Breugel et al., 2023).

The attacker holds the synthetic table and some real rows of the same population that were
not used for training (the *reference* rows), and asks of a candidate row: was it a training
row? A generator that overfits puts more synthetic density near its training rows than the
population has there, so DOMIAS scores a candidate by the density ratio
``p_synthetic(x) / p_reference(x)``: high means "member". Dividing by the reference density is
what separates local overfitting from rows that are merely typical.

Densities are Gaussian kernel density estimates with an isotropic kernel in an encoded,
standardised space: numeric columns centred and scaled by the mean and standard deviation of
the synthetic and reference rows together, each categorical column one-hot with indicators
of ``1/sqrt(2)`` (so a different category is at distance 1, like one standard deviation). The
bandwidth of each density is Scott's factor ``n^(-1/(d + 4))``, with ``d`` the number of
columns and ``n`` the rows it is estimated from, unless one is given for both. (DOMIAS uses
scipy's full-covariance KDE or a normalising flow; the one-hot columns of a table make the full
covariance singular.)

Scoring: the holdout rows are split in two halves; each half in turn is the reference set while
the other half are the *non-members* scored, and as many training rows (*members*, drawn
without replacement) are scored against the same reference. The attack AUC is the probability
that a member scores above a non-member (0.5: no better than a coin; 1: every member above
every non-member), with a percentile bootstrap interval that resamples members and non-members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.special import logsumexp
from scipy.stats import rankdata

from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.core.random import RandomState
from fingan.metrics.bootstrap import percentile_bootstrap
from fingan.metrics.encoding import (
    categorical_columns,
    category_codes,
    check_comparable,
    numeric_values,
)

__all__ = ["MembershipAttack", "membership_attack"]

FloatArray = npt.NDArray[np.float64]

_CHUNK_CELLS = 2**22


@dataclass(frozen=True)
class MembershipAttack:
    """The membership attack's AUC on training members against held-out non-members.

    How to read it: ``auc`` near 0.5 (its interval covering 0.5) means the attacker cannot
    tell the rows the generator saw from rows it never saw; above about 0.55 the synthetic
    table leaks membership. A generator that returns its training rows with a little noise
    scores close to 1.

    Attributes
    ----------
    auc, auc_low, auc_high : float
        Attack AUC and its percentile bootstrap interval.
    confidence : float
        Coverage of the interval.
    n_members, n_non_members : int
        Candidates scored of each kind.
    bandwidth : float
        Kernel width used, in the standardised space.
    """

    auc: float
    auc_low: float
    auc_high: float
    confidence: float
    n_members: int
    n_non_members: int
    bandwidth: float

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict."""
        return asdict(self)


def membership_attack(
    train: pd.DataFrame,
    holdout: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    bandwidth: float | None = None,
    n_resamples: int = 200,
    confidence: float = 0.95,
    random_state: RandomState = None,
) -> MembershipAttack:
    """Run the density-ratio membership attack and return its AUC.

    Parameters
    ----------
    train : pandas.DataFrame
        The rows the generator was fitted on (the members).
    holdout : pandas.DataFrame
        Real rows the generator never saw, at least 4: half are the attacker's reference rows,
        half the non-members scored, and the roles swap.
    synthetic : pandas.DataFrame
        The generator's rows; all three tables share one set of columns.
    bandwidth : float, optional
        Kernel width in the standardised space (default: Scott's factor).
    n_resamples : int, default 200
        Bootstrap resamples of the interval.
    confidence : float, default 0.95
        Coverage of the interval.
    random_state : int, numpy.random.Generator or None
        Seed of the split, the members drawn and the bootstrap.

    Returns
    -------
    MembershipAttack

    Raises
    ------
    TooFewRowsError
        If the holdout has fewer than 4 rows or the training table fewer than 2.
    ConfigError
        If ``bandwidth`` is not positive.
    """
    holdout = check_comparable(train, holdout, ("train", "holdout"))
    synthetic = check_comparable(train, synthetic, ("train", "synthetic"))
    if len(holdout) < 4 or len(train) < 2:
        raise TooFewRowsError(
            f"the membership attack needs at least 4 holdout and 2 training rows; "
            f"got {len(holdout)} and {len(train)}"
        )
    if bandwidth is not None and not bandwidth > 0:
        raise ConfigError(f"bandwidth must be positive; got {bandwidth!r}")
    rng = np.random.default_rng(random_state)
    order = rng.permutation(len(holdout))
    halves = (order[: len(order) // 2], order[len(order) // 2 :])
    n_members = min(len(train), len(holdout))
    members = rng.choice(len(train), size=n_members, replace=False)
    member_parts = (members[: len(halves[1])], members[len(halves[1]) :])
    member_scores, non_member_scores, widths = [], [], []
    for reference, scored, member_part in (
        (halves[0], halves[1], member_parts[0]),
        (halves[1], halves[0], member_parts[1]),
    ):
        if len(member_part) == 0:
            continue
        encoded = _encode(
            synthetic, holdout.iloc[reference], holdout.iloc[scored], train.iloc[member_part]
        )
        queries = np.vstack(encoded[2:])
        width = bandwidth or _scott(len(encoded[0]), train.shape[1])
        reference_width = bandwidth or _scott(len(encoded[1]), train.shape[1])
        score = _log_kde(encoded[0], queries, width) - _log_kde(
            encoded[1], queries, reference_width
        )
        non_member_scores.append(score[: len(scored)])
        member_scores.append(score[len(scored) :])
        widths.append(width)
    positives, negatives = np.concatenate(member_scores), np.concatenate(non_member_scores)

    def auc_of(indices: Sequence[npt.NDArray[np.int64]]) -> float:
        return _auc(positives[indices[0]], negatives[indices[1]])

    interval = percentile_bootstrap(
        auc_of,
        [len(positives), len(negatives)],
        n_resamples=n_resamples,
        confidence=confidence,
        random_state=rng,
    )
    return MembershipAttack(
        auc=interval.estimate,
        auc_low=interval.low,
        auc_high=interval.high,
        confidence=confidence,
        n_members=len(positives),
        n_non_members=len(negatives),
        bandwidth=float(np.mean(widths)),
    )


def _scott(n_rows: int, n_columns: int) -> float:
    return float(n_rows ** (-1.0 / (n_columns + 4)))


def _encode(
    synthetic: pd.DataFrame, reference: pd.DataFrame, *scored: pd.DataFrame
) -> list[FloatArray]:
    """Encode the tables in one space standardised on the synthetic and reference rows."""
    frames = [synthetic, reference, *scored]
    categorical = categorical_columns(*frames)
    blocks: list[list[FloatArray]] = [[] for _ in frames]
    for column in synthetic.columns:
        if column in categorical:
            codes, n_levels = category_codes(*(frame[column] for frame in frames))
            eye = np.eye(n_levels) / np.sqrt(2.0)
            for block, code in zip(blocks, codes, strict=True):
                block.append(eye[code])
            continue
        values = [numeric_values(frame[column]) for frame in frames]
        known = np.concatenate(values[:2])
        scale = float(known.std()) or 1.0
        for block, numbers in zip(blocks, values, strict=True):
            block.append(((numbers - known.mean()) / scale)[:, None])
    return [np.hstack(block) for block in blocks]


def _log_kde(points: FloatArray, queries: FloatArray, width: float) -> FloatArray:
    """Log density at ``queries`` of an isotropic Gaussian KDE on ``points``."""
    dim = points.shape[1]
    norm = np.log(len(points)) + 0.5 * dim * np.log(2.0 * np.pi * width**2)
    squared_points = (points**2).sum(axis=1)
    out = np.empty(len(queries), dtype=np.float64)
    chunk = max(1, _CHUNK_CELLS // len(points))
    for start in range(0, len(queries), chunk):
        part = queries[start : start + chunk]
        distances = (part**2).sum(axis=1)[:, None] + squared_points[None, :] - 2 * part @ points.T
        out[start : start + chunk] = logsumexp(-np.maximum(distances, 0.0) / (2 * width**2), axis=1)
    return np.asarray(out - norm, dtype=np.float64)


def _auc(positives: FloatArray, negatives: FloatArray) -> float:
    """Probability that a positive scores above a negative (ties count half)."""
    ranks = rankdata(np.concatenate([positives, negatives]))
    n_pos, n_neg = len(positives), len(negatives)
    return float((ranks[:n_pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
