"""Tests for the novelty ratio."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.core.exceptions import TooFewRowsError
from fingan.metrics.novelty import nearest_distances, novelty_ratio


def stride_windows(series: np.ndarray, window: int) -> np.ndarray:
    return np.stack([series[i : i + window] for i in range(len(series) - window + 1)])


def ar1(rng: np.random.Generator, n: int = 400) -> np.ndarray:
    noise = rng.normal(size=(n, 2))
    series = np.zeros_like(noise)
    for t in range(1, n):
        series[t] = 0.5 * series[t - 1] + noise[t]
    return series


@pytest.fixture
def real(rng: np.random.Generator) -> np.ndarray:
    return stride_windows(ar1(rng), 10)


def test_nearest_distances_match_brute_force(rng: np.random.Generator) -> None:
    query, reference = rng.normal(size=(30, 4, 2)), rng.normal(size=(50, 4, 2))
    brute = np.sqrt(((query[:, None] - reference[None]) ** 2).sum(axis=(2, 3))).min(axis=1)
    np.testing.assert_allclose(nearest_distances(query, reference), brute, atol=1e-9)
    starts = np.arange(30)
    ref_starts = np.arange(50)
    gap = np.abs(starts[:, None] - ref_starts[None]) < 5
    full = np.sqrt(((query[:, None] - reference[None]) ** 2).sum(axis=(2, 3)))
    expected = np.where(gap, np.inf, full).min(axis=1)
    found = nearest_distances(
        query, reference, query_starts=starts, reference_starts=ref_starts, min_gap=5
    )
    np.testing.assert_allclose(found, expected, atol=1e-9)


def test_copies_score_zero(real: np.ndarray, rng: np.random.Generator) -> None:
    copies = real[rng.integers(0, len(real), size=len(real))]
    result = novelty_ratio(copies, real)
    assert result.ratio == 0.0
    assert result.real_median > 0


def test_a_fresh_path_of_the_same_process_scores_about_one(
    real: np.ndarray, rng: np.random.Generator
) -> None:
    fresh = stride_windows(ar1(rng), 10)
    ratio = novelty_ratio(fresh, real).ratio
    assert 0.7 < ratio < 1.5


def test_shuffled_windows_with_their_starts_give_the_same_ratio(
    real: np.ndarray, rng: np.random.Generator
) -> None:
    generated = real + rng.normal(0, 0.1, size=real.shape)
    order = rng.permutation(len(real))
    plain = novelty_ratio(generated, real)
    shuffled = novelty_ratio(generated, real[order], starts=order)
    assert shuffled.ratio == pytest.approx(plain.ratio)
    assert 0 < plain.ratio < 1  # small noise on copies is still closer than real neighbours
    assert "novelty ratio" in plain.summary()
    assert set(plain.to_dict()) == {"ratio", "generated_median", "real_median"}


def test_no_non_overlapping_window_raises(rng: np.random.Generator) -> None:
    windows = rng.normal(size=(5, 10, 1))
    with pytest.raises(TooFewRowsError):
        novelty_ratio(windows, windows)
