"""Known-answer checks of the post-hoc scores: discriminative and predictive."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.core.exceptions import TooFewRowsError
from fingan.metrics import discriminative_score, predictive_score


def test_discriminative_score_is_low_for_one_process_and_high_for_two(rng):
    real = rng.standard_normal(20_000)  # 1,000 windows of 20 days
    same = rng.standard_normal((100, 2000))
    heavy = rng.standard_t(2, (100, 2000)) / np.sqrt(2)
    assert discriminative_score(real, same, random_state=0) < 0.1
    assert discriminative_score(real, heavy, random_state=0) > 0.2
    assert discriminative_score(real, same, random_state=3) == discriminative_score(
        real, same, random_state=3
    )
    with pytest.raises(TooFewRowsError):
        discriminative_score(real[:100], same, random_state=0)


def test_predictive_score_rewards_volatility_clustering(market):
    real, generators = market
    true_process = predictive_score(real, generators["true_process"], random_state=0)
    gaussian = predictive_score(real, generators["gaussian"], random_state=0)
    assert true_process.mae_real == gaussian.mae_real > 0
    assert true_process.ratio == pytest.approx(1.0, abs=0.05)
    assert gaussian.ratio > true_process.ratio + 0.03
