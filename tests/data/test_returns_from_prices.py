"""Tests for the price and simple-return conversions of fingan.data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fingan.core.exceptions import DataValidationError, NonPositivePriceError, TooFewRowsError
from fingan.data import infer_kind, log_returns_from_simple, returns_from_prices


def test_hand_computed_log_returns() -> None:
    index = pd.DatetimeIndex(["2020-01-01", "2020-01-02", "2020-01-03"], name="date")
    prices = pd.DataFrame({"a": [100.0, 110.0, 99.0], "b": [50.0, 25.0, 50.0]}, index=index)
    returns = returns_from_prices(prices)
    assert returns.index.tolist() == list(index[1:])
    assert returns["a"].tolist() == pytest.approx([math.log(1.1), math.log(0.9)], rel=1e-12)
    assert returns["b"].tolist() == pytest.approx([-math.log(2.0), math.log(2.0)], rel=1e-12)


def test_series_gives_one_column_frame() -> None:
    returns = returns_from_prices(pd.Series([1.0, 2.0, 4.0], name="p"))
    assert isinstance(returns, pd.DataFrame)
    assert returns.columns.tolist() == ["p"]
    assert returns["p"].tolist() == pytest.approx([math.log(2.0)] * 2)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=1e-3, max_value=1e6, allow_nan=False), min_size=2, max_size=30))
def test_returns_sum_to_log_of_total_growth(prices: list[float]) -> None:
    returns = returns_from_prices(pd.Series(prices))
    total = math.log(prices[-1] / prices[0])
    assert float(returns.iloc[:, 0].sum()) == pytest.approx(total, abs=1e-9)
    # Cumulating the returns rebuilds the prices (the inverse of the conversion).
    rebuilt = prices[0] * np.exp(np.cumsum(returns.iloc[:, 0].to_numpy()))
    np.testing.assert_allclose(rebuilt, prices[1:], rtol=1e-9)


def test_non_positive_price_names_column_value_and_date() -> None:
    index = pd.DatetimeIndex(["2020-01-01", "2020-01-02"])
    with pytest.raises(NonPositivePriceError) as info:
        returns_from_prices(pd.DataFrame({"a": [1.0, 2.0], "b": [1.0, -3.0]}, index=index))
    message = str(info.value)
    assert "'b'" in message
    assert "-3" in message
    assert "2020-01-02" in message


def test_one_price_is_too_few() -> None:
    with pytest.raises(TooFewRowsError):
        returns_from_prices(pd.Series([100.0]))


def test_simple_returns() -> None:
    simple = pd.DataFrame({"a": [0.1, -0.5, 0.0]})
    log = log_returns_from_simple(simple)
    assert log["a"].tolist() == pytest.approx([math.log(1.1), math.log(0.5), 0.0])
    with pytest.raises(DataValidationError, match="greater than -1"):
        log_returns_from_simple(pd.DataFrame({"a": [0.1, -1.0]}))


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        ([100.0, 101.0, 99.5], "prices"),
        ([0.6, 0.61, 0.59], "prices"),
        ([0.01, -0.02, 0.015], "log_returns"),
        ([0.4, -0.45, 0.3], "log_returns"),
        ([0.01, 75.0, -0.01], "log_returns"),  # one outlier does not move the median
    ],
)
def test_infer_kind_uses_median_absolute_value(values: list[float], kind: str) -> None:
    assert infer_kind(pd.DataFrame({"a": values})) == kind
