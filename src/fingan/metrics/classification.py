"""Scores of a binary classifier's predicted probabilities (default prediction)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    precision_recall_curve,
    roc_auc_score,
)

__all__ = ["PRECISION_FLOOR", "classification_scores"]

#: Precision that ``recall_at_80_precision`` must keep.
PRECISION_FLOOR = 0.8


def classification_scores(labels: npt.ArrayLike, probabilities: npt.ArrayLike) -> dict[str, float]:
    """PR-AUC, ROC-AUC, recall at 80 % precision and Brier score of predicted probabilities.

    Parameters
    ----------
    labels : array-like of bool or {0, 1}
        True classes, 1 for the positive class.
    probabilities : array-like of float
        Predicted probabilities of the positive class.

    Returns
    -------
    dict of str to float
        Keyed by :data:`METRICS`. Recall at 80 % precision is the largest recall over the
        thresholds whose precision is at least 0.8, and 0 if there is none.
    """
    truth = np.asarray(labels).astype(np.int64)
    scores = np.asarray(probabilities, dtype=np.float64)
    precision, recall, _ = precision_recall_curve(truth, scores)
    reached = recall[precision >= PRECISION_FLOOR]
    return {
        "pr_auc": float(average_precision_score(truth, scores)),
        "roc_auc": float(roc_auc_score(truth, scores)),
        "recall_at_80_precision": float(reached.max()) if len(reached) else 0.0,
        "brier": float(brier_score_loss(truth, scores)),
    }
