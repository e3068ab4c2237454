"""Tests for OHLCVGAN (a few training steps: the wiring, not the quality)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fingan.core.exceptions import CheckpointError, ConfigError, NotFittedError
from fingan.models.market_gan import MarketGAN
from fingan.models.ohlcv import OHLCVGAN, default_gan
from fingan.training import TrainingConfig


def bars(rng: np.random.Generator, n: int = 120) -> np.ndarray:
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.02, n)))
    open_ = close * np.exp(rng.normal(0, 0.01, n))
    high = np.maximum(open_, close) * np.exp(np.abs(rng.normal(0, 0.01, n)))
    low = np.minimum(open_, close) * np.exp(-np.abs(rng.normal(0, 0.01, n)))
    volume = 1e6 * np.exp(rng.normal(0, 0.3, n))
    return np.column_stack([open_, high, low, close, close, volume])  # adjusted == close


def quick_gan() -> MarketGAN:
    return default_gan(12, 5).set_params(training=TrainingConfig(n_steps=3, batch_size=8))


def test_fit_and_sample_valid_bars(rng: np.random.Generator) -> None:
    data = bars(rng)
    model = OHLCVGAN(window=12, gan=quick_gan(), random_state=0).fit(data)
    assert model.varying_ == [0, 1, 2, 3, 5]  # the adjustment never varies here
    assert model.gan_.window == 12
    windows = model.sample(40, random_state=1)
    assert windows.shape == (40, 12, 6)
    open_, high, low, close, adjusted, volume = np.moveaxis(windows, -1, 0)
    assert (high >= np.maximum(open_, close)).all()
    assert (low <= np.minimum(open_, close)).all()
    np.testing.assert_allclose(adjusted, close)
    assert (volume > 0).all()
    np.testing.assert_array_equal(model.sample(40, random_state=1), windows)


def test_first_close_moves_from_a_real_anchor(rng: np.random.Generator) -> None:
    data = bars(rng)
    model = OHLCVGAN(window=12, gan=quick_gan(), random_state=0).fit(data)
    first_close = model.sample(30, random_state=2)[:, 0, 3]
    anchors = data[: len(data) - 12, 3]
    # Each window's first close is one generated return away from some real close.
    nearest = np.abs(np.log(first_close[:, None] / anchors[None])).min(axis=1)
    assert nearest.max() < 2.0 * np.abs(np.diff(np.log(data[:, 3]))).max() + 1e-12


def test_errors(rng: np.random.Generator) -> None:
    with pytest.raises(NotFittedError):
        OHLCVGAN().sample(3)
    with pytest.raises(ConfigError):
        OHLCVGAN(gan="gan").fit(bars(rng))  # type: ignore[arg-type]


def test_save_and_load(rng: np.random.Generator, tmp_path: Path) -> None:
    model = OHLCVGAN(window=12, gan=quick_gan(), random_state=0).fit(bars(rng))
    model.save(tmp_path / "model")
    loaded = OHLCVGAN.load(tmp_path / "model", device="cpu")
    np.testing.assert_allclose(
        loaded.sample(10, random_state=4), model.sample(10, random_state=4), rtol=1e-6
    )
    with pytest.raises(CheckpointError):
        model.save(tmp_path / "model")
    (tmp_path / "model" / "ohlcv.json").write_text('{"window": 12}', encoding="utf-8")
    with pytest.raises(CheckpointError):
        OHLCVGAN.load(tmp_path / "model")
