"""The design search: grids, constraints, common random numbers, frontier and choice."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fingan.core.exceptions import ConfigError
from fingan.products import Autocallable, ReverseConvertible, evaluate
from fingan.products.design import (
    SharedObservations,
    design_search,
    evaluate_candidates,
    grid_candidates,
    pareto_front,
)
from fingan.products.design_terms import (
    METRICS,
    Constraint,
    grid_points,
    parse_constraints,
    parse_grid,
)

from .prices import random_paths

NOTE = ReverseConvertible(underlyings=("a",), maturity=60, coupon=0.05, knock_in=0.7)
PHOENIX = Autocallable(
    underlyings=("a", "b"),
    maturity=120,
    observation_days=(30, 60, 90, 120),
    coupon=0.02,
    coupon_barrier=0.8,
    memory=True,
    knock_in=0.6,
)


@pytest.fixture(scope="module")
def paths():
    return random_paths(3, 2_000, 120, ("a", "b"), volatility=0.02)


# --- grids -----------------------------------------------------------------------------------


def test_range_bounds_are_both_included_without_round_off():
    values = parse_grid("knock_in=0.5:0.8:0.05")["knock_in"]
    assert values == (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
    assert parse_grid("coupon=0.04:0.10:0.01")["coupon"][-1] == 0.1
    assert len(parse_grid("x=0.1:0.3:0.1")["x"]) == 3  # 0.1 + 2 * 0.1 is not 0.3 in floats
    assert parse_grid("x=1:2:0.3")["x"] == (1, 1.3, 1.6, 1.9)  # a stop off the grid is left out
    assert parse_grid("maturity=126:252:126")["maturity"] == (126, 252)
    assert all(isinstance(v, int) for v in parse_grid("maturity=126:252:126")["maturity"])


def test_lists_words_flags_and_single_values():
    grid = parse_grid(" coupon=0.04|0.06 , knock_in_observation=daily|maturity, memory=true, k=2")
    assert grid == {
        "coupon": (0.04, 0.06),
        "knock_in_observation": ("daily", "maturity"),
        "memory": (True,),
        "k": (2,),
    }
    points = grid_points(grid)
    assert len(points) == 4
    assert points[1] == {"coupon": 0.04, "knock_in_observation": "maturity", "memory": True, "k": 2}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "coupon",
        "coupon=",
        "=0.1",
        "coupon=0.1:0.2",
        "coupon=0.1:0.2:0",
        "coupon=0.2:0.1:0.01",
        "coupon=0.1:x:0.01",
        "coupon=0.1|-",
        "coupon=0.1|0.2.3",
        "coupon=0.1|0.1",
        "coupon=0.1,coupon=0.2",
        "Coupon=0.1",
        "coupon=0:1:0.00001",
        "__import__('os')=1",
    ],
)
def test_a_bad_grid_is_a_config_error(text):
    with pytest.raises(ConfigError):
        parse_grid(text)


def test_candidates_replace_fields_and_keep_the_rest():
    candidates = grid_candidates(NOTE, "knock_in=0.5:0.8:0.05,coupon=0.04:0.10:0.01")
    assert len(candidates) == 7 * 7
    assert all(candidate.valid for candidate in candidates)
    first, last = candidates[0].spec, candidates[-1].spec
    assert (first.knock_in, first.coupon, last.knock_in, last.coupon) == (0.5, 0.04, 0.8, 0.1)
    assert first.maturity == NOTE.maturity
    assert first.underlyings == NOTE.underlyings


def test_a_candidate_the_spec_refuses_is_invalid_not_an_error():
    candidates = grid_candidates(PHOENIX, "knock_in=0.8:1.2:0.1")  # trigger 1.0; at most 1
    assert [c.valid for c in candidates] == [True, True, True, False, False]
    assert "knock_in" in candidates[-1].error


@pytest.mark.parametrize(
    ("grid", "match"),
    [
        ("barrier=0.5:0.8:0.05", "has no field 'barrier'"),
        ("coupn=0.1", "did you mean 'coupon'"),
        ("underlyings=a", "cannot be varied"),
        ("knock_in=1.1:1.5:0.1", "none of the 5 candidates"),
        ("coupon=nan", "none of the 1 candidates"),
    ],
)
def test_unknown_fields_and_empty_grids_are_config_errors(grid, match):
    with pytest.raises(ConfigError, match=match):
        grid_candidates(NOTE, grid)


# --- constraints -----------------------------------------------------------------------------


def test_constraints_are_parsed_not_evaluated():
    parsed = parse_constraints(["p_loss<=10%", "es_99 <= 0.2, expected_return>-0.01"])
    assert parsed == (
        Constraint("p_loss", "<=", 0.1),
        Constraint("es_99", "<=", 0.2),
        Constraint("expected_return", ">", -0.01),
    )
    assert parse_constraints(None) == () == parse_constraints("")
    assert parsed[0].holds(np.array([0.05, 0.1, 0.2])).tolist() == [True, True, False]
    assert parsed[2].holds(-0.01) is False


@pytest.mark.parametrize(
    "text",
    [
        "p_loss",
        "p_loss<=",
        "p_loss=0.1",
        "p_loss==0.1",
        "p_loss<=0.1 or True",
        "__import__('os').system('true')<=1",
        "p_loss<=1e",
        "volatility<=0.1",
        "p_loss<=0.1%%",
    ],
)
def test_a_bad_constraint_is_a_config_error(text):
    with pytest.raises(ConfigError):
        parse_constraints(text)


# --- common random numbers -------------------------------------------------------------------


def test_shared_observations_give_evaluate_exactly(paths):
    candidates = grid_candidates(PHOENIX, "knock_in=0.5:0.7:0.1,coupon=0.01|0.03,memory=true|false")
    specs = [c.spec for c in candidates]
    for spec, outcome in zip(specs, evaluate_candidates(specs, paths), strict=True):
        alone = evaluate(spec, paths)
        np.testing.assert_array_equal(outcome.returns, alone.returns)
        np.testing.assert_array_equal(outcome.call_day, alone.call_day)


def test_a_higher_coupon_raises_every_path_by_the_difference(paths):
    candidates = grid_candidates(NOTE, "coupon=0.02:0.08:0.02")
    outcomes = list(evaluate_candidates([c.spec for c in candidates], paths))
    base = outcomes[0].returns
    for candidate, outcome in zip(candidates[1:], outcomes[1:], strict=True):
        shift = candidate.spec.coupon - 0.02
        np.testing.assert_allclose(outcome.returns - base, shift, rtol=0, atol=1e-12)


def test_the_daily_minimum_is_computed_once_per_path(paths, monkeypatch):
    shared = SharedObservations(paths, ("a", "b"), 120, (30, 60))
    calls = []
    original = SharedObservations.__mro__[1].worst_minimum

    def counting(self, rows=None):
        calls.append(int(np.count_nonzero(rows)))
        return original(self, rows)

    monkeypatch.setattr(SharedObservations.__mro__[1], "worst_minimum", counting)
    rows = np.zeros(paths.n_paths, dtype=bool)
    rows[:300] = True
    first = shared.worst_minimum(rows)
    rows[200:500] = True
    second = shared.worst_minimum(rows)
    np.testing.assert_array_equal(second[:300], first)
    assert calls == [300, 200]
    assert shared.worst_minimum(rows).size == 500
    assert calls == [300, 200]


# --- frontier and choice ---------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-5, 5), st.integers(0, 5)),
        min_size=1,
        max_size=30,
    ),
    st.booleans(),
    st.booleans(),
)
def test_the_frontier_is_exactly_the_undominated_points(points, higher, lower):
    gain = np.array([p[0] for p in points], dtype=float)
    cost = np.array([p[1] for p in points], dtype=float)
    front = pareto_front(gain, cost, higher_objective=higher, lower_risk=lower)
    g = gain if higher else -gain
    c = cost if lower else -cost
    for i in range(len(points)):
        dominated = np.any((g >= g[i]) & (c <= c[i]) & ((g > g[i]) | (c < c[i])))
        assert front[i] == (not dominated)
    assert front.any()


def test_invalid_points_are_never_on_the_frontier():
    front = pareto_front([1.0, np.nan, 0.5], [0.1, 0.0, 0.2])
    assert front.tolist() == [True, False, False]


def test_the_chosen_design_is_the_best_feasible_one(paths):
    candidates = grid_candidates(PHOENIX, "knock_in=0.5:1.1:0.1,coupon=0.01:0.03:0.01")
    search = design_search(candidates, paths, constraints="p_loss<=0.2", risk="es_99")
    frame = search.frame
    assert list(frame.index) == list(range(len(candidates)))
    assert (~frame["valid"]).sum() == 3  # knock_in 1.1 lies above the trigger
    assert frame.loc[~frame["valid"], list(METRICS)].isna().all().all()
    assert frame.loc[~frame["valid"], "error"].str.contains("knock_in").all()
    feasible = frame[frame["feasible"]]
    assert 0 < len(feasible) < frame["valid"].sum()  # the constraint binds
    assert (feasible["p_loss"] <= 0.2).all()
    assert not (frame.loc[frame["valid"] & ~frame["feasible"], "p_loss"] <= 0.2).any()
    chosen = search.chosen
    assert chosen is not None
    assert frame["chosen"].sum() == 1
    assert frame.loc[chosen, "expected_return"] == feasible["expected_return"].max()
    assert search.chosen_spec == candidates[chosen].spec
    assert not frame.loc[~frame["valid"], "frontier"].any()


def test_a_risk_objective_is_minimised_and_an_impossible_constraint_chooses_nothing(paths):
    candidates = grid_candidates(NOTE, "knock_in=0.5:0.9:0.1")
    search = design_search(candidates, paths, objective="p_loss")
    assert search.frame.loc[search.chosen, "p_loss"] == search.frame["p_loss"].min()
    none = design_search(candidates, paths, constraints="p_loss<0")
    assert none.chosen is None
    assert none.chosen_spec is None
    assert not none.frame["feasible"].any()


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"objective": "sharpe"}, "unknown objective"),
        ({"risk": "vol"}, "unknown risk figure"),
        ({"constraints": "p_loss<=x"}, "cannot read the constraint"),
    ],
)
def test_bad_search_options_are_config_errors(paths, options, match):
    candidates = grid_candidates(NOTE, "coupon=0.05")
    with pytest.raises(ConfigError, match=match):
        design_search(candidates, paths, **options)
