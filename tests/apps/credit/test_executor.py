"""The credit study's folds are independent pieces: the same figures on every executor."""

from __future__ import annotations

import pytest

from fingan.apps.credit import evaluate_credit
from fingan.baselines import GaussianCopulaBaseline
from fingan.datasets import load_german_credit
from fingan.evaluation import make_executor


@pytest.mark.slow
def test_the_folds_give_the_same_scores_in_local_processes():
    data = load_german_credit()
    options = {
        "augmenters": {"copula": lambda seed: GaussianCopulaBaseline(random_state=seed)},
        "classifiers": ["logistic"],
        "n_splits": 2,
        "n_repeats": 2,
        "random_state": 3,
    }
    serial = evaluate_credit(data, "creditability", "bad", **options)
    pooled = evaluate_credit(
        data, "creditability", "bad", executor=make_executor("processes", workers=2), **options
    )
    assert pooled.scores.equals(serial.scores)
    assert pooled.to_dict()["first_fold"] == serial.to_dict()["first_fold"]
    assert len(serial.scores) == 4 * 2 * 4  # folds x augmenters (none, copula) x metrics
