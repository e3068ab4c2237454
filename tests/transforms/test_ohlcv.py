"""Tests for the OHLCV features and their inverse."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fingan.core.exceptions import NonPositivePriceError, ShapeError
from fingan.transforms.ohlcv import OHLCV_FEATURES, ohlcv_features, ohlcv_from_features


def random_bars(rng: np.random.Generator, n: int) -> np.ndarray:
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.02, n)))
    open_ = close * np.exp(rng.normal(0, 0.01, n))
    high = np.maximum(open_, close) * np.exp(np.abs(rng.normal(0, 0.01, n)))
    low = np.minimum(open_, close) * np.exp(-np.abs(rng.normal(0, 0.01, n)))
    adjusted = close * 0.9
    volume = 1e6 * np.exp(rng.normal(0, 0.3, n))
    return np.column_stack([open_, high, low, close, adjusted, volume])


@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=2, max_value=40))
def test_round_trip(seed: int, n: int) -> None:
    bars = random_bars(np.random.default_rng(seed), n)
    features = ohlcv_features(bars)
    assert features.shape == (n - 1, len(OHLCV_FEATURES))
    rebuilt = ohlcv_from_features(features, bars[0, 3], bars[0, 5])
    np.testing.assert_allclose(rebuilt, bars[1:], rtol=1e-10)


def test_features_are_scale_free(rng: np.random.Generator) -> None:
    bars = random_bars(rng, 30)
    np.testing.assert_allclose(ohlcv_features(bars * 7.0), ohlcv_features(bars), atol=1e-12)


def test_any_features_give_valid_bars(rng: np.random.Generator) -> None:
    features = rng.normal(0, 0.05, size=(50, 10, 6))
    bars = ohlcv_from_features(features, np.full(50, 10.0), np.full(50, 1e5))
    open_, high, low, close, _, volume = np.moveaxis(bars, -1, 0)
    assert (high >= np.maximum(open_, close)).all()
    assert (low <= np.minimum(open_, close)).all()
    assert (bars > 0).all()
    assert (volume > 0).all()


def test_bad_input() -> None:
    with pytest.raises(ShapeError):
        ohlcv_features(np.ones((10, 5)))
    with pytest.raises(NonPositivePriceError):
        ohlcv_features(np.zeros((10, 6)))
    with pytest.raises(NonPositivePriceError):
        ohlcv_from_features(np.zeros((2, 3, 6)), [1.0, -1.0], 1.0)
