"""The percentile bootstrap against a plain loop, and the stylized errors it resamples."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.core.exceptions import ConfigError
from fingan.metrics import (
    STYLIZED_GROUPS,
    percentile_bootstrap,
    stylized_errors,
    stylized_facts_scores,
)


def test_matches_a_plain_loop(rng):
    a, b = rng.normal(0.0, 1.0, 40), rng.normal(0.5, 1.0, 30)

    def difference(indices):
        return float(a[indices[0]].mean() - b[indices[1]].mean())

    result = percentile_bootstrap(difference, [a.size, b.size], n_resamples=300, random_state=5)
    draws = np.random.default_rng(5)
    reference = [
        a[draws.integers(0, 40, 40)].mean() - b[draws.integers(0, 30, 30)].mean()
        for _ in range(300)
    ]
    assert result.estimate == pytest.approx(a.mean() - b.mean())
    assert result.low == pytest.approx(np.percentile(reference, 2.5))
    assert result.high == pytest.approx(np.percentile(reference, 97.5))
    assert result.n_resamples == 300
    assert result.seconds >= 0


def test_interval_of_a_mean_is_near_the_normal_one(rng):
    values = rng.normal(1.0, 2.0, 400)
    result = percentile_bootstrap(
        lambda idx: float(values[idx[0]].mean()), [values.size], n_resamples=400, random_state=0
    )
    half = 1.96 * values.std() / np.sqrt(values.size)
    assert result.high - result.low == pytest.approx(2 * half, rel=0.2)
    assert result.excludes(0.0)
    assert not result.excludes(values.mean())
    assert result.to_dict()["confidence"] == 0.95


def test_non_finite_resamples_are_left_out():
    result = percentile_bootstrap(
        lambda idx: float("nan") if idx[0].sum() % 2 else 1.0, [5], n_resamples=50, random_state=0
    )
    assert 0 < result.n_resamples < 50
    assert result.low == result.high == 1.0


@pytest.mark.parametrize(
    "kwargs", [{"n_resamples": 0}, {"confidence": 1.0}, {"sizes": []}, {"sizes": [0]}]
)
def test_bad_settings_are_refused(kwargs):
    arguments = {"sizes": [3], **kwargs}
    with pytest.raises(ConfigError):
        percentile_bootstrap(lambda idx: 0.0, **arguments)


def test_stylized_errors_are_those_of_the_scoreboard(rng):
    real = rng.standard_t(4, (300, 2)) * 0.01
    paths = rng.standard_t(4, (10, 300, 2)) * 0.01
    errors = stylized_errors(real, paths)
    full = stylized_facts_scores(real, paths, random_state=0)
    stylized = full[full.index.get_level_values("group").isin(STYLIZED_GROUPS)]
    assert errors.index.equals(stylized.index)
    np.testing.assert_allclose(errors.to_numpy(), stylized.to_numpy())
