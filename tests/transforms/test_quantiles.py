"""Quantile normalisation of a numeric column."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from fingan.core.exceptions import CheckpointError
from fingan.transforms.quantiles import QuantileNormalizer


@pytest.fixture
def months(rng: np.random.Generator) -> np.ndarray:
    """Loan durations: a few values shared by many rows (atoms) and a long right tail."""
    common = rng.choice([12, 24, 36], size=600, p=[0.5, 0.3, 0.2])
    rare = rng.integers(4, 73, size=200)
    return np.concatenate([common, rare]).astype(np.float64)


def test_encoding_is_standard_normal_and_decodes_exactly_between_the_outer_knots(months):
    normalizer = QuantileNormalizer(random_state=0).fit(months)
    knots = normalizer.knots_
    assert knots is not None
    assert knots.size == len(months) // 5
    alpha, modes = normalizer.transform(months)
    assert (modes == 0).all()
    # Ties are spread over the share they hold, so the encoding has no atoms left.
    assert stats.kstest(4.0 * alpha, "norm").pvalue > 0.05
    decoded = normalizer.inverse_transform(alpha, modes)
    inner = (months >= knots[0]) & (months <= knots[-1])
    np.testing.assert_allclose(decoded[inner], months[inner], rtol=1e-12)
    # The most extreme rows come back as the outer knots, which lie among several rows.
    np.testing.assert_array_equal(decoded[~inner], np.clip(months, knots[0], knots[-1])[~inner])
    assert (months >= knots[-1]).sum() >= 2
    again, _ = normalizer.transform(months)
    np.testing.assert_array_equal(again, alpha)  # the tie draws are fixed in fit


def test_a_generator_with_the_encodings_distribution_gets_the_columns_shape(months, rng):
    """What the encoding is for: normal alphas decode to the column's atoms and quantiles."""
    normalizer = QuantileNormalizer(random_state=0).fit(months)
    decoded = normalizer.inverse_transform(rng.normal(0.0, 0.25, size=200_000), None)
    for value in (12, 24, 36):
        assert np.mean(decoded == value) == pytest.approx(np.mean(months == value), abs=0.01)
    levels = [0.01, 0.1, 0.5, 0.9, 0.99]
    np.testing.assert_allclose(
        np.quantile(decoded, levels), np.quantile(months, levels), rtol=0.05, atol=1.0
    )
    assert months.min() <= decoded.min()
    assert decoded.max() <= months.max()


def test_more_rows_than_knots_interpolate_between_them(rng):
    values = rng.lognormal(size=5000)
    normalizer = QuantileNormalizer(n_quantiles=200, random_state=0).fit(values)  # 25 rows each
    assert normalizer.knots_ is not None
    assert normalizer.knots_.size == 200
    alpha, modes = normalizer.transform(values)
    decoded = normalizer.inverse_transform(alpha, modes)
    inside = (values > normalizer.knots_[0]) & (values < normalizer.knots_[-1])
    assert np.abs(decoded - values)[inside].max() < np.diff(normalizer.knots_).max()


def test_saved_state_round_trips_and_bad_state_is_refused(months):
    normalizer = QuantileNormalizer(random_state=3).fit(months)
    state = json.loads(json.dumps(normalizer.to_dict()))
    rebuilt = QuantileNormalizer.from_dict(state)
    np.testing.assert_array_equal(rebuilt.transform(months)[0], normalizer.transform(months)[0])
    for bad in (
        {**state, "knots": [1.0]},
        {**state, "knots": [2.0, 1.0]},
        {**state, "knots": [0.0, float("nan")]},
        {**state, "seed": -1},
        {"knots": state["knots"]},
    ):
        with pytest.raises(CheckpointError):
            QuantileNormalizer.from_dict(bad)
