"""Tests for the built-in S&P 500 and NASDAQ returns."""

from __future__ import annotations

import datetime
import math

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import (
    DataValidationError,
    DateParseError,
    EmptyDataError,
    UnknownDatasetError,
)
from fingan.datasets import MARKET_DATASETS, load_market, load_nasdaq, load_sp500


@pytest.fixture(scope="module")
def sp500() -> pd.Series:
    return load_sp500()["sp500"]


def test_single_markets_load_as_frames_like_load_market() -> None:
    for load, name in ((load_sp500, "sp500"), (load_nasdaq, "nasdaq")):
        frame = load("2018-01-01", "2018-06-30")
        assert isinstance(frame, pd.DataFrame)
        pd.testing.assert_frame_equal(frame, load_market(name, "2018-01-01", "2018-06-30"))


def test_sp500_shape_and_types(sp500: pd.Series) -> None:
    assert len(sp500) == 5030
    assert sp500.name == "sp500"
    assert sp500.dtype == np.float64
    assert isinstance(sp500.index, pd.DatetimeIndex)
    assert sp500.index.name == "date"
    assert sp500.index.is_monotonic_increasing
    assert sp500.index.is_unique
    assert not sp500.isna().any()
    assert sp500.index[0] == pd.Timestamp("1999-01-05")
    assert sp500.index[-1] == pd.Timestamp("2018-12-31")


def test_sp500_known_answers(sp500: pd.Series) -> None:
    # Adjusted closes from arch.data.sp500: 1228.099976 (1999-01-04), 1244.780029
    # (1999-01-05), 899.219971 (2008-10-10), 1003.349976 (2008-10-13), 2506.850098 (2018-12-31).
    assert sp500.iloc[0] == pytest.approx(math.log(1244.780029 / 1228.099976), rel=1e-9)
    assert sp500["2008-10-13"] == pytest.approx(math.log(1003.349976 / 899.219971), rel=1e-9)
    assert sp500["2008-10-13"] == pytest.approx(0.109572, abs=1e-6)
    assert sp500.idxmax() == pd.Timestamp("2008-10-13")
    assert sp500.sum() == pytest.approx(math.log(2506.850098 / 1228.099976), rel=1e-9)
    assert sp500.std() == pytest.approx(0.01204, abs=1e-5)


def test_nasdaq_matches_sp500_dates(sp500: pd.Series) -> None:
    nasdaq = load_nasdaq()["nasdaq"]
    assert nasdaq.name == "nasdaq"
    assert len(nasdaq) == 5030
    assert not nasdaq.isna().any()
    assert nasdaq.index.equals(sp500.index)
    assert nasdaq.sum() == pytest.approx(math.log(6635.279785 / 2208.050049), rel=1e-9)


def test_start_and_end_are_inclusive() -> None:
    window = load_sp500("2008-10-10", pd.Timestamp("2008-10-13"))
    assert window.index.tolist() == [pd.Timestamp("2008-10-10"), pd.Timestamp("2008-10-13")]
    assert load_sp500(start=datetime.date(2018, 12, 28)).index.tolist() == [
        pd.Timestamp("2018-12-28"),
        pd.Timestamp("2018-12-31"),
    ]


def test_load_market_accepts_names_in_every_form(sp500: pd.Series) -> None:
    for names in ("sp500,nasdaq", " SP500 , nasdaq ", ["sp500", "nasdaq"], ("sp500", "nasdaq")):
        frame = load_market(names)
        assert frame.columns.tolist() == ["sp500", "nasdaq"]
        assert frame.index.name == "date"
        assert len(frame) == 5030
    single = load_market("sp500")
    pd.testing.assert_series_equal(single["sp500"], sp500)
    assert load_market("nasdaq,sp500,nasdaq").columns.tolist() == ["nasdaq", "sp500"]


def test_load_market_window() -> None:
    frame = load_market("sp500,nasdaq", start="2018-12-24", end="2018-12-27")
    assert frame.shape == (3, 2)
    assert frame.index[0] == pd.Timestamp("2018-12-24")


def test_market_datasets_constant() -> None:
    assert MARKET_DATASETS == ("sp500", "nasdaq")


def test_unknown_name_lists_known_names() -> None:
    with pytest.raises(UnknownDatasetError) as info:
        load_market("sp500,dax")
    message = str(info.value)
    assert isinstance(info.value, KeyError)
    assert not message.startswith(("'", '"'))
    assert "'dax'" in message
    assert all(name in message for name in MARKET_DATASETS)
    assert "\n" not in message


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: load_market(""), DataValidationError, "no market dataset"),
        (lambda: load_sp500(start="not a date"), DateParseError, "start="),
        (lambda: load_sp500("2010-01-01", "2009-01-01"), DataValidationError, "after end"),
        (lambda: load_sp500(start="2020-01-01"), EmptyDataError, "2018-12-31"),
        (lambda: load_nasdaq(end="1990-01-01"), EmptyDataError, "1999-01-05"),
    ],
    ids=["no-name", "bad-date", "start-after-end", "after-data", "before-data"],
)
def test_errors(call: object, error: type[Exception], fragment: str) -> None:
    with pytest.raises(DataValidationError) as info:
        call()  # type: ignore[operator]
    assert type(info.value) is error
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)
