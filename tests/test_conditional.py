"""Conditions are checked against the fitted categories; rejection returns exactly n rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.conditions import MAX_ROUNDS, check_conditions, sample_matching
from fingan.core.exceptions import ConfigError, FinganError

CATEGORIES = {"grade": ["A", "B", "C"], "defaulted": [False, True]}


def test_check_conditions_returns_the_fitted_category():
    checked = check_conditions({"grade": "B", "defaulted": np.True_}, CATEGORIES)
    assert checked == {"grade": "B", "defaulted": True}
    assert type(checked["defaulted"]) is bool
    assert check_conditions(None, CATEGORIES) == {}


def test_unknown_column_or_value_is_a_config_error():
    with pytest.raises(ConfigError, match=r"'income'.*categorical columns: 'grade', 'defaulted'"):
        check_conditions({"income": 3}, CATEGORIES)
    with pytest.raises(ConfigError, match="'D' is not a category of column 'grade'; known"):
        check_conditions({"grade": "D"}, CATEGORIES)
    with pytest.raises(ConfigError, match="categorical columns: none"):
        check_conditions({"grade": "A"}, {})


def make_draw(seed, shares=(0.6, 0.3, 0.1)):
    rng = np.random.default_rng(seed)
    calls = []

    def draw(size):
        calls.append(size)
        return pd.DataFrame(
            {
                "grade": rng.choice(CATEGORIES["grade"], size=size, p=shares),
                "amount": rng.normal(size=size),
            },
            index=rng.permutation(size) + 100,
        )

    return draw, calls


def test_rejection_returns_exactly_n_matching_rows():
    draw, calls = make_draw(0)
    rows = sample_matching(draw, 250, {"grade": "C"})
    assert len(rows) == 250
    assert (rows["grade"] == "C").all()
    assert rows.index.equals(pd.RangeIndex(250))
    assert len(calls) > 1  # a 10% category needs more than one round
    assert rows["amount"].nunique() == 250


def test_no_conditions_draws_once():
    draw, calls = make_draw(1)
    rows = sample_matching(draw, 40, {})
    assert calls == [40]
    assert rows.index.equals(pd.RangeIndex(40))


def test_gives_up_when_the_draw_never_matches():
    draw, calls = make_draw(2, shares=(0.5, 0.5, 0.0))
    with pytest.raises(FinganError, match=f"only 0 of 10 rows with grade='C' in {MAX_ROUNDS}"):
        sample_matching(draw, 10, {"grade": "C"})
    assert len(calls) == MAX_ROUNDS
