"""Covered call and CPPI: hand-worked paths, closed forms and the CPPI floor."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from fingan.core.paths import ReturnPaths
from fingan.products import CPPI, CoveredCall, evaluate
from tests.products.prices import from_prices, levels, random_paths


def test_a_covered_call_by_hand():
    paths = from_prices([100, 110, 112, 100, 90])
    spec = CoveredCall(underlyings=("a",), maturity=4, strike=1.05, roll_days=2)
    # roll 1: 112 / 100 capped at 1.05; roll 2: 90 / 112, below the strike
    np.testing.assert_allclose(evaluate(spec, paths).returns, [1.05 * 90 / 112 - 1])
    with_premium = CoveredCall(
        underlyings=("a",), maturity=4, strike=1.05, roll_days=2, premium=0.01
    )
    np.testing.assert_allclose(
        evaluate(with_premium, paths).returns, [1.06 * (90 / 112 + 0.01) - 1]
    )


def test_a_covered_call_is_the_stock_less_a_call_at_each_roll():
    paths = random_paths(5, 500, 50)
    spec = CoveredCall(underlyings=("a",), maturity=50, strike=1.02, roll_days=21)
    level = levels(paths)[:, :, 0]
    value = np.ones(paths.n_paths)
    for start, end in [(0, 21), (21, 42), (42, 50)]:  # the last call runs to maturity
        ratio = level[:, end] / level[:, start]
        value *= ratio - np.maximum(ratio - 1.02, 0.0)
    np.testing.assert_allclose(evaluate(spec, paths).returns, value - 1, atol=1e-12)


def test_one_roll_is_the_stock_less_one_call():
    paths = random_paths(6, 500, 30)
    spec = CoveredCall(underlyings=("a",), maturity=30, strike=0.98, roll_days=30)
    final = levels(paths)[:, 30, 0]
    stock_less_call = final - np.maximum(final - 0.98, 0.0)
    np.testing.assert_allclose(evaluate(spec, paths).returns, stock_less_call - 1, atol=1e-12)


def cppi(**terms) -> CPPI:
    return CPPI(**{"underlyings": ("a",), "maturity": 2, "multiplier": 2.0, "floor": 0.8, **terms})


def test_cppi_by_hand():
    # day 0: cushion 0.2, exposure 0.4 -> 0.4 * 1.1 + 0.6 = 1.04
    # day 1: cushion 0.24, exposure 0.48 -> 0.48 * 0.9 + 0.56 = 0.992
    np.testing.assert_allclose(evaluate(cppi(), from_prices([100, 110, 99])).returns, [-0.008])


def test_cppi_exposure_is_capped_at_the_value():
    spec = cppi(multiplier=10.0, floor=0.5)  # 10 x 0.5 cushion: fully invested, no borrowing
    np.testing.assert_allclose(evaluate(spec, from_prices([100, 110, 121])).returns, [0.21])


def test_cppi_rebalanced_every_two_days_holds_between_rebalancing():
    spec = cppi(maturity=3, rebalance_days=2)
    # day 0: exposure 0.4 held to day 2 (121 %): 0.4 * 1.21 + 0.6 = 1.084
    # day 2: cushion 0.284, exposure 0.568, day 3 at 90 % of day 2
    expected = 0.568 * 0.9 + (1.084 - 0.568)
    np.testing.assert_allclose(
        evaluate(spec, from_prices([100, 50, 121, 108.9])).returns, [expected - 1]
    )


def reference(spec: CPPI, path: np.ndarray) -> float:
    """One path, day by day, with the floor's present value and the riskless growth."""
    value, days = 1.0, [*range(0, spec.maturity, spec.rebalance_days), spec.maturity]
    for start, end in itertools.pairwise(days):
        floor = spec.floor * (1 + spec.rate) ** ((start - spec.maturity) / 252)
        exposure = min(spec.multiplier * max(value - floor, 0.0), spec.max_exposure * value)
        growth = (1 + spec.rate) ** ((end - start) / 252)
        value = exposure * path[end] / path[start] + (value - exposure) * growth
    return value - 1.0


@pytest.mark.parametrize("rebalance_days", [1, 5])
def test_cppi_matches_a_path_by_path_reference(rebalance_days):
    paths = random_paths(7, 200, 60, volatility=0.03)
    spec = cppi(
        maturity=60,
        multiplier=4.0,
        floor=0.85,
        rebalance_days=rebalance_days,
        rate=0.03,
        max_exposure=1.5,
    )
    expected = [reference(spec, path) for path in levels(paths)[:, :, 0]]
    np.testing.assert_allclose(evaluate(spec, paths).returns, expected, atol=1e-12)


def test_daily_cppi_never_ends_below_the_floor_without_gaps_beyond_one_over_the_multiplier():
    rng = np.random.default_rng(8)
    multiplier = 5.0
    # wild paths, but no day falls by more than 1 / multiplier = 20 %
    values = np.clip(0.08 * rng.standard_normal((2000, 250, 1)), np.log(1 - 0.199), None)
    paths = ReturnPaths(values, ("a",))
    spec = cppi(maturity=250, multiplier=multiplier, floor=0.9)
    returns = evaluate(spec, paths).returns
    assert returns.min() >= -0.1 - 1e-12
    assert (returns < -0.09).mean() > 0.1  # many paths end near the floor


def test_a_gap_beyond_one_over_the_multiplier_breaks_the_floor():
    # exposure 4 x 0.2 = 0.8; a 50 % fall leaves 0.4 + 0.2 = 0.6, then nothing is invested
    spec = cppi(maturity=3, multiplier=4.0, floor=0.8)
    np.testing.assert_allclose(evaluate(spec, from_prices([100, 50, 80, 120])).returns, [-0.4])
