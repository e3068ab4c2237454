"""Tests for fingan.data.validate_returns_frame, the check estimators run on in-memory data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import (
    DataValidationError,
    DateParseError,
    DuplicateDateError,
    EmptyDataError,
    MissingValueError,
    NonNumericError,
    ShapeError,
    TooFewRowsError,
)
from fingan.data import validate_returns_frame


def dated(values: list[float], dates: list[str]) -> pd.Series:
    return pd.Series(values, index=pd.DatetimeIndex(dates, name="date"), name="r")


def test_clean_frame_passes_as_float64_copy() -> None:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.normal(size=(50, 2)), columns=["a", "b"])
    checked = validate_returns_frame(frame, min_rows=50)
    pd.testing.assert_frame_equal(checked, frame, check_column_type=False)
    assert checked is not frame
    checked.iloc[0, 0] = 99.0
    assert frame.iloc[0, 0] != 99.0


def test_integers_series_and_arrays_are_accepted() -> None:
    assert validate_returns_frame(pd.DataFrame({"a": [1, 2]})).dtypes.tolist() == [np.float64]
    assert validate_returns_frame(pd.Series([0.1, 0.2], name="x")).columns.tolist() == ["x"]
    from_array = validate_returns_frame(np.zeros((3, 2)))
    assert from_array.columns.tolist() == ["0", "1"]
    assert from_array.shape == (3, 2)
    assert validate_returns_frame(np.zeros(4)).shape == (4, 1)


def test_column_names_become_strings() -> None:
    checked = validate_returns_frame(pd.DataFrame({0: [0.1], 1: [0.2]}))
    assert checked.columns.tolist() == ["0", "1"]


def test_unsorted_dates_are_sorted() -> None:
    checked = validate_returns_frame(dated([0.2, 0.1], ["2020-01-02", "2020-01-01"]))
    assert checked["r"].tolist() == [0.1, 0.2]
    assert checked.index.is_monotonic_increasing


def test_numeric_text_in_object_column_is_converted() -> None:
    checked = validate_returns_frame(pd.Series(["0.1", " 2e-2", 3], dtype=object, name="x"))
    assert checked["x"].tolist() == [0.1, 0.02, 3.0]


@pytest.mark.parametrize(
    ("data", "error", "fragments"),
    [
        (pd.DataFrame(), ShapeError, ["no columns"]),
        (np.zeros((2, 2, 2)), ShapeError, ["3 dimensions"]),
        (pd.DataFrame([[0.1, 0.2]], columns=["a", "a"]), ShapeError, ["'a'", "more than once"]),
        (pd.DataFrame({"a": pd.Series([], dtype=float)}), EmptyDataError, ["no rows"]),
        (dated([0.1, 0.2], ["2020-01-01", "2020-01-01"]), DuplicateDateError, ["2020-01-01"]),
        (
            pd.Series([0.1], index=pd.DatetimeIndex([pd.NaT]), name="r"),
            DateParseError,
            ["NaT"],
        ),
        (
            pd.DataFrame({"a": [0.1, "oops"]}),
            NonNumericError,
            ["'a'", "'oops'", "index 1"],
        ),
        (pd.DataFrame({"a": [True, False]}), NonNumericError, ["'a'", "true/false"]),
        (
            pd.DataFrame({"a": pd.date_range("2020", periods=2)}),
            NonNumericError,
            ["'a'", "datetime64"],
        ),
        (
            dated([0.1, np.nan], ["2020-01-01", "2020-01-02"]),
            MissingValueError,
            ["'r'", "missing", "2020-01-02"],
        ),
        (
            dated([0.1, -np.inf], ["2020-01-01", "2020-01-02"]),
            MissingValueError,
            ["'r'", "infinite", "2020-01-02"],
        ),
        (pd.array([0.1, None], dtype="Float64"), MissingValueError, ["missing"]),
    ],
    ids=[
        "no-columns",
        "3d",
        "duplicate-names",
        "no-rows",
        "duplicate-date",
        "NaT",
        "text",
        "bool",
        "datetimes",
        "nan",
        "inf",
        "masked-NA",
    ],
)
def test_each_problem_has_its_own_error(
    data: object, error: type[Exception], fragments: list[str]
) -> None:
    if isinstance(data, pd.api.extensions.ExtensionArray):
        data = pd.Series(data)
    with pytest.raises(DataValidationError) as info:
        validate_returns_frame(data)  # type: ignore[arg-type]
    assert type(info.value) is error
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_too_few_rows() -> None:
    with pytest.raises(TooFewRowsError) as info:
        validate_returns_frame(np.zeros((3, 1)), min_rows=10)
    assert "3 found" in str(info.value)
    assert "at least 10" in str(info.value)


def test_other_types_are_type_errors() -> None:
    with pytest.raises(TypeError, match="list"):
        validate_returns_frame([0.1, 0.2])  # type: ignore[arg-type]
