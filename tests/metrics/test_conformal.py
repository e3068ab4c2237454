"""Adaptive conformal calibration: long-run coverage whatever the model, and honest levels."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.metrics.conformal import adaptive_conformal


def test_coverage_is_restored_for_a_model_with_thin_tails(rng: np.random.Generator) -> None:
    """A model whose 1 % quantile is crossed 3 % of the time is brought back to about 1 %."""
    pit = rng.uniform(size=20_000) ** 1.3  # P(pit < 0.01) = 0.01 ** (1 / 1.3), about 2.9 %
    raw_rate = np.mean(pit < 0.01)
    assert raw_rate > 0.02
    result = adaptive_conformal(pit, 0.99, learning_rate=0.005)
    bound = (max(0.01, 0.99) + 0.005) / (0.005 * len(pit))  # Gibbs & Candès, Prop. 4.1
    assert abs(result.violations.mean() - 0.01) <= bound
    # It got there by asking the model for more extreme quantiles: the evidence of a bad model.
    assert np.median(result.probabilities[len(pit) // 2 :]) < 0.01


def test_a_calibrated_model_is_left_about_where_it_was(rng: np.random.Generator) -> None:
    result = adaptive_conformal(rng.uniform(size=20_000), 0.99)
    assert abs(np.mean(result.probabilities) - 0.01) < 0.003


@pytest.mark.parametrize("pit", [[0.5, 1.2], [np.nan, 0.1]])
def test_bad_pit_is_refused(pit: list[float]) -> None:
    with pytest.raises(ValueError, match="pit"):
        adaptive_conformal(pit, 0.99)
