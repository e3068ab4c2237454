"""Autocallables and Phoenix notes: hand-worked paths and a slow reference on random paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.products import NOT_CALLED, Autocallable, evaluate
from tests.products.prices import from_prices, levels, random_paths


def note(**terms) -> Autocallable:
    defaults = {
        "underlyings": ("a",),
        "maturity": 3,
        "observation_days": (1, 2, 3),
        "coupon": 0.05,
        "knock_in": 0.5,
    }
    return Autocallable(**{**defaults, **terms})


def test_a_call_at_the_first_observation_pays_the_coupon_and_stops():
    paths = from_prices([[100, 102, 40, 30]])  # called on day 1; the crash after is ignored
    outcome = evaluate(note(), paths)
    np.testing.assert_allclose(outcome.returns, [0.05])
    assert outcome.call_day.tolist() == [1]


def test_phoenix_memory_coupons_are_paid_later():
    prices = [[100, 65, 60, 90]]  # coupons missed on days 1 and 2, barrier met on day 3
    with_memory = note(coupon_barrier=0.7, memory=True)
    without = note(coupon_barrier=0.7)
    # not called (90 % < 100 %); knock-in 50 % never touched: par back
    np.testing.assert_allclose(evaluate(with_memory, from_prices(prices)).returns, [0.15])
    np.testing.assert_allclose(evaluate(without, from_prices(prices)).returns, [0.05])
    assert evaluate(with_memory, from_prices(prices)).call_day.tolist() == [NOT_CALLED]


def test_memory_counts_from_the_last_coupon_paid():
    # paid on day 1, missed on days 2 and 3, paid with both on day 4
    spec = note(maturity=4, observation_days=(1, 2, 3, 4), coupon_barrier=0.8, memory=True)
    paths = from_prices([[100, 90, 70, 75, 95]])
    np.testing.assert_allclose(evaluate(spec, paths).returns, [0.05 + 3 * 0.05])


def test_a_knocked_in_note_pays_back_the_worst_performance():
    paths = from_prices([[100, 80, 45, 68]])  # a coupon on day 1; 45 % touches the 50 % barrier
    np.testing.assert_allclose(evaluate(note(coupon_barrier=0.7), paths).returns, [0.05 - 0.32])
    at_maturity = note(coupon_barrier=0.7, knock_in_observation="maturity")
    np.testing.assert_allclose(evaluate(at_maturity, paths).returns, [0.05])


def test_worst_of_uses_the_worst_underlying():
    # a is up all along; b is at 95 % on day 1 (coupon, no call), 102 % on day 2 (called)
    prices = [[100, 100], [130, 95], [140, 102], [150, 20]]
    spec = note(underlyings=("a", "b"), coupon_barrier=0.9)
    outcome = evaluate(spec, from_prices(prices, ("a", "b")))
    np.testing.assert_allclose(outcome.returns, [0.1])
    assert outcome.call_day.tolist() == [2]
    swapped = evaluate(
        note(underlyings=("b", "a"), coupon_barrier=0.9), from_prices(prices, ("a", "b"))
    )
    np.testing.assert_allclose(swapped.returns, outcome.returns)
    only_b = evaluate(note(underlyings=("b",), coupon_barrier=0.9), from_prices(prices, ("a", "b")))
    np.testing.assert_allclose(only_b.returns, outcome.returns)


def test_a_step_down_trigger_calls_at_maturity():
    paths = from_prices([[100, 80, 85, 92]])
    outcome = evaluate(note(autocall_trigger=0.9, coupon_barrier=0.9), paths)
    np.testing.assert_allclose(outcome.returns, [0.05])
    assert outcome.call_day.tolist() == [3]


def reference(spec: Autocallable, prices: np.ndarray) -> tuple[float, int]:
    """One path, day by day: (return, call day), obviously correct and slow."""
    worst = prices.min(axis=1)  # (days + 1,) worst performance of each day
    cash, missed, barrier = 0.0, 0, spec.coupon_barrier
    for day in spec.observation_days:
        if worst[day] >= barrier:
            cash += spec.coupon * (1 + (missed if spec.memory else 0))
            missed = 0
        else:
            missed += 1
        if worst[day] >= spec.autocall_trigger:
            return cash, day  # par back: the return is the coupons
    final = worst[spec.maturity]
    if spec.knock_in_observation == "daily":
        touched = worst[1 : spec.maturity + 1].min() <= spec.knock_in
    else:
        touched = final <= spec.knock_in
    redemption = final if touched and final < 1.0 else 1.0
    return cash + redemption - 1.0, NOT_CALLED


@pytest.mark.parametrize("memory", [False, True])
@pytest.mark.parametrize("observation", ["daily", "maturity"])
def test_the_vectorised_payoff_matches_a_path_by_path_reference(memory, observation):
    paths = random_paths(11, 400, 70, ("a", "b"), volatility=0.03)
    spec = Autocallable(
        underlyings=("a", "b"),
        maturity=60,
        observation_days=(15, 30, 45, 60),
        autocall_trigger=1.02,
        coupon=0.03,
        coupon_barrier=0.8,
        memory=memory,
        knock_in=0.7,
        knock_in_observation=observation,
    )
    outcome = evaluate(spec, paths)
    expected = [reference(spec, path) for path in levels(paths)]
    np.testing.assert_allclose(outcome.returns, [value for value, _ in expected], atol=1e-12)
    assert outcome.call_day.tolist() == [day for _, day in expected]
    called = outcome.called
    assert 0.1 < called.mean() < 0.9  # both kinds of path are exercised
    assert (outcome.returns < -0.25).any()  # and knocked-in ones


def test_the_outcome_frame_marks_paths_never_called():
    paths = from_prices([[100, 102, 40, 30], [100, 90, 80, 85]])
    frame = evaluate(note(), paths).to_frame()
    assert list(frame.columns) == ["return", "call_day"]
    assert frame["call_day"].dtype == "Int64"
    assert frame["call_day"].iloc[0] == 1
    assert frame["call_day"].iloc[1] is pd.NA
