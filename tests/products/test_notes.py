"""Protected note, buffer note and reverse convertible: closed forms and hand-worked paths."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.products import BufferNote, ProtectedNote, ReverseConvertible, evaluate
from tests.products.prices import from_prices, levels, random_paths


def test_an_uncapped_protected_note_is_protection_plus_a_call():
    paths = random_paths(1, 2000, 60)
    note = ProtectedNote(underlyings=("a",), maturity=60, protection=0.9, participation=0.7)
    final = levels(paths)[:, 60, 0]
    expected = 0.9 + 0.7 * np.maximum(final - 1.0, 0.0)
    np.testing.assert_allclose(evaluate(note, paths).returns, expected - 1.0, rtol=0, atol=1e-12)


def test_a_cap_turns_the_call_into_a_call_spread():
    paths = random_paths(2, 2000, 60)
    note = ProtectedNote(underlyings=("a",), maturity=60, protection=1.0, cap=1.1)
    final = levels(paths)[:, 60, 0]
    expected = 1.0 + np.maximum(final - 1.0, 0.0) - np.maximum(final - 1.1, 0.0)
    np.testing.assert_allclose(evaluate(note, paths).returns, expected - 1.0, atol=1e-12)
    assert evaluate(note, paths).returns.max() == pytest.approx(0.1)


def test_a_protected_note_by_hand():
    paths = from_prices([[100, 110, 120], [100, 90, 80], [100, 101, 104]])
    note = ProtectedNote(underlyings=("a",), maturity=2, protection=0.9, participation=0.5, cap=1.1)
    # 0.9 + 0.5 * min(0.2, 0.1); 0.9 + 0; 0.9 + 0.5 * 0.04
    np.testing.assert_allclose(evaluate(note, paths).returns, [-0.05, -0.1, -0.08])


def test_a_protected_note_on_two_underlyings_follows_the_worst():
    paths = from_prices([[100, 100], [115, 90], [130, 105]], assets=("a", "b"))
    note = ProtectedNote(underlyings=("a", "b"), maturity=2, protection=1.0)
    np.testing.assert_allclose(evaluate(note, paths).returns, [0.05])


def test_a_buffer_note_by_hand():
    paths = from_prices([[100, 104, 110], [100, 120, 130], [100, 97, 95], [100, 85, 80]])
    note = BufferNote(underlyings=("a",), maturity=2, buffer=0.1, participation=1.5, cap=1.2)
    # rise 10 % x 1.5; rise capped at 20 % x 1.5; fall within the buffer; 20 % fall - 10 %
    np.testing.assert_allclose(evaluate(note, paths).returns, [0.15, 0.3, 0.0, -0.1])


def test_a_buffer_note_matches_its_formula_on_random_paths():
    paths = random_paths(3, 1000, 40)
    note = BufferNote(underlyings=("a",), maturity=40, buffer=0.15)
    final = levels(paths)[:, 40, 0]
    expected = np.where(final >= 1, final, np.where(final >= 0.85, 1.0, final + 0.15))
    np.testing.assert_allclose(evaluate(note, paths).returns, expected - 1.0, atol=1e-12)


def test_a_reverse_convertible_whose_barrier_is_never_touched_pays_notional_and_coupon():
    paths = random_paths(4, 2000, 50, volatility=0.01)
    note = ReverseConvertible(underlyings=("a",), maturity=50, coupon=0.06, knock_in=0.9)
    lowest = levels(paths)[:, 1:51, 0].min(axis=1)
    final = levels(paths)[:, 50, 0]
    returns = evaluate(note, paths).returns
    untouched = lowest > 0.9
    assert untouched.sum() > 500
    assert (final[untouched] < 1).sum() > 100
    np.testing.assert_allclose(returns[untouched], 0.06, atol=1e-12)
    knocked = ~untouched & (final < 1)
    np.testing.assert_allclose(returns[knocked], final[knocked] + 0.06 - 1.0, atol=1e-12)
    np.testing.assert_allclose(returns[~untouched & (final >= 1)], 0.06, atol=1e-12)


@pytest.mark.parametrize(
    ("observation", "expected"),
    [("daily", [0.9 + 0.05 - 1, 0.05, 0.05, 0.65 + 0.05 - 1]), ("maturity", [0.05] * 3 + [-0.3])],
)
def test_a_reverse_convertible_by_hand(observation, expected):
    prices = [[100, 60, 90], [100, 60, 110], [100, 95, 90], [100, 80, 65]]
    note = ReverseConvertible(
        underlyings=("a",),
        maturity=2,
        coupon=0.05,
        knock_in=0.7,
        knock_in_observation=observation,
    )
    np.testing.assert_allclose(evaluate(note, from_prices(prices)).returns, expected)


def test_a_worst_of_reverse_convertible_is_knocked_in_by_either_underlying():
    prices = [[100, 100], [99, 65], [95, 98]]  # b touches 70 %, then a ends lowest
    note = ReverseConvertible(underlyings=("a", "b"), maturity=2, coupon=0.04, knock_in=0.7)
    np.testing.assert_allclose(evaluate(note, from_prices(prices, ("a", "b"))).returns, [-0.01])


def test_days_after_maturity_are_ignored():
    paths = from_prices([100, 95, 99, 10, 5])
    note = ReverseConvertible(underlyings=("a",), maturity=2, coupon=0.03, knock_in=0.8)
    np.testing.assert_allclose(evaluate(note, paths).returns, [0.03])
