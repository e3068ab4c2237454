"""Classification scores against hand-worked examples."""

import numpy as np
import pytest

from fingan.metrics.classification import classification_scores


def test_classification_scores_by_hand():
    labels = np.array([1, 1, 1, 0, 1, 0, 0, 0])
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
    result = classification_scores(labels, scores)
    # Thresholds with precision >= 0.8: top 3 (3/3), top 5 (4/5); the best recall is 4/4.
    assert result["recall_at_80_precision"] == 1.0
    assert result["roc_auc"] == pytest.approx(15 / 16)
    assert result["brier"] == pytest.approx(np.mean((scores - labels) ** 2))
    hopeless = classification_scores(labels, scores[::-1])
    assert hopeless["recall_at_80_precision"] == 0.0
