"""Evaluation over paths: checks of the paths, blocks, dtypes and the outcome object."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.core.exceptions import ConfigError, MissingValueError
from fingan.core.paths import ReturnPaths
from fingan.products import Autocallable, Observations, ProtectedNote, ReverseConvertible, evaluate
from tests.products.prices import random_paths

AUTOCALL = Autocallable(
    underlyings=("c", "a"),
    maturity=40,
    observation_days=(10, 20, 30, 40),
    coupon=0.02,
    coupon_barrier=0.8,
    memory=True,
    knock_in=0.75,
)


def test_a_missing_underlying_is_named():
    paths = random_paths(0, 5, 40, ("a", "b"))
    with pytest.raises(ConfigError, match="no asset 'c' \\(they have a, b\\)"):
        evaluate(AUTOCALL, paths)


def test_paths_shorter_than_the_maturity_are_refused():
    paths = random_paths(0, 5, 39, ("a", "c"))
    with pytest.raises(ConfigError, match="runs 40 trading days but the paths cover only 39"):
        evaluate(AUTOCALL, paths)


def test_non_finite_returns_before_maturity_are_refused_and_after_it_ignored():
    values = random_paths(0, 5, 45, ("a", "c")).values.copy()
    values[2, 44, 0] = np.nan
    assert np.isfinite(evaluate(AUTOCALL, ReturnPaths(values, ("a", "c"))).returns).all()
    values[3, 17, 1] = np.inf
    with pytest.raises(MissingValueError, match="NaN or infinite"):
        evaluate(AUTOCALL, ReturnPaths(values, ("a", "c")))


def test_the_underlyings_are_picked_by_name_from_more_assets():
    paths = random_paths(1, 300, 40, ("a", "b", "c"), volatility=0.03)
    alone = ReturnPaths(paths.values[:, :, [2, 0]].copy(), ("c", "a"))
    first, second = evaluate(AUTOCALL, paths), evaluate(AUTOCALL, alone)
    np.testing.assert_array_equal(first.returns, second.returns)
    np.testing.assert_array_equal(first.call_day, second.call_day)


def test_small_blocks_and_float32_paths_give_the_same_outcome():
    paths = random_paths(2, 300, 40, ("a", "c"), volatility=0.03)
    reference = evaluate(AUTOCALL, paths)
    blocked = evaluate(AUTOCALL, paths, block_bytes=1000)
    np.testing.assert_allclose(blocked.returns, reference.returns, atol=1e-12)
    single = ReturnPaths(paths.values.astype(np.float32), paths.assets)
    np.testing.assert_allclose(evaluate(AUTOCALL, single).returns, reference.returns, atol=1e-5)


def test_the_daily_minimum_of_some_paths_equals_that_of_all():
    paths = random_paths(3, 50, 30, ("a", "b"))
    observations = Observations(paths, ("b", "a"), 30, block_bytes=2000)
    rows = np.arange(50) % 3 == 0
    full = observations.worst_minimum()
    np.testing.assert_allclose(observations.worst_minimum(rows), full[rows])
    cumulative = paths.cumulative()[:, :30]
    np.testing.assert_allclose(full, np.exp(cumulative.min(axis=(1, 2))))
    np.testing.assert_array_equal(observations.log_level(0), np.zeros((50, 2)))
    with pytest.raises(ValueError, match="day 7 is not an observation day"):
        observations.log_level(7)


def test_the_notional_scales_the_payoff_not_the_return():
    paths = random_paths(4, 100, 20)
    small = ReverseConvertible(underlyings=("a",), maturity=20, coupon=0.05, knock_in=0.8)
    large = ReverseConvertible(
        underlyings=("a",), maturity=20, coupon=0.05, knock_in=0.8, notional=1000.0
    )
    np.testing.assert_array_equal(evaluate(small, paths).returns, evaluate(large, paths).returns)
    outcome = evaluate(large, paths)
    np.testing.assert_allclose(outcome.payoffs, 1000.0 * (1 + outcome.returns))


def test_products_without_calls_have_a_plain_frame():
    outcome = evaluate(
        ProtectedNote(underlyings=("a",), maturity=5, protection=1.0), random_paths(5, 4, 5)
    )
    assert outcome.call_day is None
    assert outcome.called is None
    frame = outcome.to_frame()
    assert list(frame.columns) == ["return"]
    assert frame.index.name == "path"
    assert outcome.n_paths == 4
    assert outcome.kind == "protected_note"
