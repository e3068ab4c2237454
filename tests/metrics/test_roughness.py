"""Tests of the lag-to-lag roughness of the ACF of |r| and of the leverage curve."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.core.exceptions import ConfigError, ShapeError, TooFewRowsError
from fingan.metrics.roughness import ACFRoughness, acf_roughness, curve_roughness

from .conftest import SEED, simulate_gjr_garch


def test_curve_roughness_of_line_and_geometric_decay_is_small() -> None:
    lags = np.arange(1, 21)
    assert curve_roughness(0.3 - 0.01 * lags) == pytest.approx(0.0, abs=1e-12)
    ar_like = 0.3 * 0.9 ** (lags - 1)
    assert curve_roughness(ar_like) < 0.003


def test_curve_roughness_of_alternating_curve_is_large() -> None:
    lags = np.arange(1, 21)
    zigzag = 0.3 * 0.9 ** (lags - 1) + 0.05 * (-1.0) ** lags
    # each second difference of the alternating part is +-0.2
    assert curve_roughness(zigzag) > 0.15
    assert curve_roughness(zigzag) > 50 * curve_roughness(0.3 * 0.9 ** (lags - 1))


def test_curve_roughness_needs_three_points() -> None:
    with pytest.raises(ShapeError):
        curve_roughness([0.1, 0.2])


def test_smooth_process_paths_score_lower_than_an_alternating_one() -> None:
    rng = np.random.default_rng(SEED)
    smooth = simulate_gjr_garch(rng, 100, 500)
    # Volatility that switches with a period of 2 days makes the ACF of |r| alternate in sign.
    period_two = np.where(np.arange(500) % 2 == 0, 2.0, 0.5)
    alternating = rng.standard_normal((100, 500)) * period_two * 0.01
    smooth_score = acf_roughness(smooth)
    alternating_score = acf_roughness(alternating)
    assert smooth_score.abs_acf < 0.02
    assert alternating_score.abs_acf > 10 * smooth_score.abs_acf


def test_one_series_and_paths_agree_in_kind() -> None:
    rng = np.random.default_rng(SEED + 1)
    series = simulate_gjr_garch(rng, 1, 3000)[0]
    score = acf_roughness(series, max_lag=10)
    assert isinstance(score, ACFRoughness)
    assert score.max_lag == 10
    assert 0.0 < score.abs_acf < 0.1
    assert 0.0 < score.leverage < 0.1
    assert set(score.to_dict()) == {"abs_acf", "leverage", "max_lag"}
    assert "lags 1-10" in score.summary()


@pytest.mark.parametrize("max_lag", [2, 0, 2.5, True])
def test_bad_max_lag_raises(max_lag: object) -> None:
    with pytest.raises(ConfigError):
        acf_roughness(np.zeros(50) + np.arange(50), max_lag=max_lag)  # type: ignore[arg-type]


def test_too_short_series_raises() -> None:
    with pytest.raises(TooFewRowsError):
        acf_roughness(np.random.default_rng(0).standard_normal(10), max_lag=20)
