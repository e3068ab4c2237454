"""validate_table names each problem of a mixed table; column_kind sorts columns in two kinds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import (
    DataValidationError,
    EmptyDataError,
    MissingValueError,
    NonNumericError,
    ShapeError,
    TooFewRowsError,
)
from fingan.data.tables import column_kind, validate_table


@pytest.fixture
def loans():
    return pd.DataFrame(
        {
            "amount": [1200.0, 560.5, 9800.0],
            "months": np.array([12, 6, 48], dtype=np.int64),
            "purpose": pd.Categorical(["car", "tv", "car"]),
            "owner": [True, False, True],
            "city": ["Bonn", "Köln", "Bonn"],
        }
    )


def test_happy_path_returns_the_frame_itself(loans):
    assert validate_table(loans) is loans
    kinds = [column_kind(loans[name]) for name in loans.columns]
    assert kinds == ["numeric", "numeric", "categorical", "categorical", "categorical"]
    assert column_kind(pd.Series(["a", "b"], dtype="string")) == "categorical"
    assert column_kind(pd.Series([1, 2], dtype="Int64")) == "numeric"


def test_text_of_numbers_only_is_accepted():
    validate_table(pd.DataFrame({"code": ["01", "02", "10"]}))


@pytest.mark.parametrize(
    ("frame", "error", "message"),
    [
        ([[1, 2]], ShapeError, "must be a pandas DataFrame; got list"),
        (pd.DataFrame(index=range(3)), ShapeError, "has no columns"),
        (pd.DataFrame([[1, 2]], columns=["a", "a"]), ShapeError, "'a' more than once"),
        (pd.DataFrame({"a": pd.Series([], dtype=float)}), EmptyDataError, "has no rows"),
    ],
)
def test_shape_errors(frame, error, message):
    with pytest.raises(error, match=message):
        validate_table(frame, what="the loans")


def test_too_few_rows(loans):
    with pytest.raises(TooFewRowsError, match="has 3 rows; at least 10 are needed"):
        validate_table(loans, min_rows=10)


def test_all_missing_column_is_named(loans):
    loans = loans.assign(notes=[None, None, None])
    with pytest.raises(MissingValueError, match="'notes' holds only missing values"):
        validate_table(loans)


@pytest.mark.parametrize("column", ["amount", "purpose", "city"])
def test_one_missing_value_gives_its_row_number(loans, column):
    loans = loans.copy()
    loans.loc[2, column] = np.nan
    with pytest.raises(MissingValueError, match=f"{column!r} has a missing value in row 3;"):
        validate_table(loans)
    loans.loc[0, column] = np.nan
    with pytest.raises(MissingValueError, match=r"row 1, 1 more after it; .* drop or fill"):
        validate_table(loans)


def test_infinite_value(loans):
    loans = loans.copy()
    loans.loc[1, "amount"] = -np.inf
    with pytest.raises(MissingValueError, match="'amount' holds infinite values"):
        validate_table(loans)


def test_numbers_mixed_with_text(loans):
    loans = loans.assign(income=["3000", "about 2k", "4100"])
    with pytest.raises(DataValidationError, match=r"'income' mixes numbers \('3000'\)"):
        validate_table(loans)


@pytest.mark.parametrize(
    "values",
    [
        pd.to_datetime(["2024-01-31", "2024-02-29", "2024-03-31"]),
        pd.to_timedelta([1, 2, 3], unit="D"),
        np.array([1 + 1j, 2, 3]),
    ],
)
def test_dates_and_other_dtypes_are_rejected(loans, values):
    loans = loans.assign(other=values)
    with pytest.raises(NonNumericError, match=r"'other' has dtype .* neither numeric nor"):
        validate_table(loans)
