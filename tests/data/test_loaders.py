"""Tests for fingan.data.load_returns: reading files, conversions and one error per problem."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fingan.core.exceptions import (
    DataValidationError,
    DateParseError,
    DuplicateDateError,
    EmptyDataError,
    FileMissingError,
    MissingValueError,
    NonNumericError,
    NonPositivePriceError,
    ShapeError,
    TooFewRowsError,
    UnsupportedFormatError,
)
from fingan.data import load_returns


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def price_csv(n_rows: int, *, start: float = 100.0) -> str:
    dates = pd.date_range("2021-01-04", periods=n_rows, freq="B")
    lines = ["date,AAA,BBB"]
    lines += [f"{d:%Y-%m-%d},{start + i},{2 * start + i}" for i, d in enumerate(dates)]
    return "\n".join(lines) + "\n"


def assert_valid_returns(frame: pd.DataFrame) -> None:
    assert isinstance(frame.index, pd.DatetimeIndex)
    assert frame.index.name == "date"
    assert frame.index.is_monotonic_increasing
    assert frame.index.is_unique
    assert frame.shape[1] >= 1
    assert all(dtype == np.float64 for dtype in frame.dtypes)
    assert all(isinstance(name, str) for name in frame.columns)
    assert np.isfinite(frame.to_numpy()).all()


def assert_one_line(exc: BaseException, *fragments: str) -> None:
    message = str(exc)
    assert message
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


# --- conversions ------------------------------------------------------------------------------


def test_prices_become_log_returns_hand_computed(tmp_path: Path) -> None:
    path = write(tmp_path, "date,x\n2020-01-01,100\n2020-01-02,110\n2020-01-03,99\n")
    returns = load_returns(path, kind="prices", min_rows=2)
    assert list(returns.index) == [pd.Timestamp("2020-01-02"), pd.Timestamp("2020-01-03")]
    assert returns["x"].tolist() == pytest.approx([math.log(1.1), math.log(0.9)], rel=1e-12)
    assert_valid_returns(returns)


def test_simple_returns_become_log1p(tmp_path: Path) -> None:
    path = write(tmp_path, "date,x\n2020-01-01,0.10\n2020-01-02,-0.5\n")
    returns = load_returns(path, kind="simple_returns", min_rows=2)
    assert returns["x"].tolist() == pytest.approx([math.log(1.1), math.log(0.5)], rel=1e-12)


def test_log_returns_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "date,x\n2020-01-01,0.01\n2020-01-02,-0.02\n")
    returns = load_returns(path, kind="log_returns", min_rows=2)
    assert returns["x"].tolist() == [0.01, -0.02]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date,x\n2020-01-01,100\n2020-01-02,101\n2020-01-03,102\n", [math.log(101 / 100)]),
        ("date,x\n2020-01-01,0.01\n2020-01-02,-0.02\n2020-01-03,0.03\n", [0.01]),
    ],
    ids=["prices", "log_returns"],
)
def test_auto_kind_tells_prices_from_returns(
    tmp_path: Path, text: str, expected: list[float]
) -> None:
    returns = load_returns(write(tmp_path, text), min_rows=1)
    assert returns["x"].iloc[0] == pytest.approx(expected[0], rel=1e-12)


def test_auto_kind_uses_median_absolute_value(tmp_path: Path) -> None:
    # One huge outlier does not make returns look like prices: the median decides.
    text = "date,x\n2020-01-01,0.01\n2020-01-02,50\n2020-01-03,-0.02\n"
    returns = load_returns(write(tmp_path, text), min_rows=1, allow_extreme=True)
    assert len(returns) == 3


def test_unsorted_dates_are_sorted(tmp_path: Path) -> None:
    text = "date,x\n2020-01-03,0.03\n2020-01-01,0.01\n2020-01-02,0.02\n"
    returns = load_returns(write(tmp_path, text), min_rows=1)
    assert returns["x"].tolist() == [0.01, 0.02, 0.03]
    assert_valid_returns(returns)


# --- layout -----------------------------------------------------------------------------------


def test_first_column_is_the_date_by_default(tmp_path: Path) -> None:
    # The layout pandas' DataFrame.to_csv writes: an unnamed index column first.
    text = ",a,b\n2020-01-01,0.01,0.02\n2020-01-02,0.03,0.04\n"
    returns = load_returns(write(tmp_path, text), min_rows=1)
    assert returns.columns.tolist() == ["a", "b"]


@pytest.mark.parametrize("name", ["date", "Date", "DATE", "timestamp"])
def test_named_date_column_is_found_anywhere(tmp_path: Path, name: str) -> None:
    text = f"a,{name},b\n0.01,2020-01-01,0.02\n0.03,2020-01-02,0.04\n"
    returns = load_returns(write(tmp_path, text), min_rows=1)
    assert returns.columns.tolist() == ["a", "b"]
    assert returns.index[0] == pd.Timestamp("2020-01-01")


def test_date_column_argument(tmp_path: Path) -> None:
    text = "a,when,b\n0.01,2020-01-01,0.02\n0.03,2020-01-02,0.04\n"
    returns = load_returns(write(tmp_path, text), date_column="when", min_rows=1)
    assert returns.columns.tolist() == ["a", "b"]


def test_numeric_column_names_are_strings(tmp_path: Path) -> None:
    text = "date,1,2\n2020-01-01,0.01,0.02\n2020-01-02,0.03,0.04\n"
    returns = load_returns(write(tmp_path, text), min_rows=1)
    assert returns.columns.tolist() == ["1", "2"]


def test_us_style_dates(tmp_path: Path) -> None:
    text = "date,x\n01/30/2020,0.01\n01/31/2020,0.02\n"
    returns = load_returns(write(tmp_path, text), min_rows=1)
    assert returns.index.tolist() == [pd.Timestamp("2020-01-30"), pd.Timestamp("2020-01-31")]


def test_parquet_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    index = pd.DatetimeIndex(pd.date_range("2020-01-01", periods=40, freq="B"), name="date")
    original = pd.DataFrame(rng.normal(0, 0.01, (40, 2)), index=index, columns=["a", "b"])
    for name in ("r.parquet", "r.pq"):
        original.to_parquet(tmp_path / name)
        loaded = load_returns(tmp_path / name, kind="log_returns")
        pd.testing.assert_frame_equal(loaded, original, check_freq=False, check_index_type=False)
    # A date column instead of an index works as well.
    original.reset_index().to_parquet(tmp_path / "column.parquet", index=False)
    loaded = load_returns(tmp_path / "column.parquet")
    np.testing.assert_array_equal(loaded.to_numpy(), original.to_numpy())


def test_csv_and_parquet_agree(tmp_path: Path) -> None:
    csv_path = write(tmp_path, price_csv(40))
    from_csv = load_returns(csv_path)
    pd.read_csv(csv_path).to_parquet(tmp_path / "p.parquet", index=False)
    from_parquet = load_returns(tmp_path / "p.parquet")
    pd.testing.assert_frame_equal(from_csv, from_parquet, check_index_type=False)
    assert len(from_csv) == 39


# --- one error per problem --------------------------------------------------------------------

BAD_FILES = [
    pytest.param("", "auto", EmptyDataError, ["empty"], id="empty-file"),
    pytest.param("date,x\n", "auto", EmptyDataError, ["no data rows"], id="header-only"),
    pytest.param("date\n2020-01-01\n", "auto", ShapeError, ["no asset columns"], id="no-assets"),
    pytest.param(
        "date,x,x\n2020-01-01,1,2\n", "auto", ShapeError, ["'x'", "more than once"], id="dup-name"
    ),
    pytest.param("date,,y\n2020-01-01,1,2\n", "auto", ShapeError, ["column 2"], id="no-name"),
    pytest.param(
        "date,x\n2020-01-01,1\nyesterday,2\n",
        "auto",
        DateParseError,
        ["'yesterday'", "data row 2"],
        id="bad-date",
    ),
    pytest.param(
        "date,x\n2020-01-01,1\n,2\n",
        "auto",
        DateParseError,
        ["missing date", "row 2"],
        id="no-date",
    ),
    pytest.param(
        "x,y\n100,101\n102,103\n", "auto", DateParseError, ["'100'", "as a date"], id="no-date-col"
    ),
    pytest.param(
        "date,x\n2020-01-01,1\n2020-01-02,2\n2020-01-01,3\n",
        "auto",
        DuplicateDateError,
        ["2020-01-01", "more than once"],
        id="duplicate-date",
    ),
    pytest.param(
        "date,x\n2020-01-01,1\n2020-01-02,abc\n",
        "auto",
        NonNumericError,
        ["'x'", "'abc'", "2020-01-02"],
        id="text-in-numbers",
    ),
    pytest.param(
        "date,x\n2020-01-01,1\n2020-01-02,\n2020-01-03,2\n2020-01-04,\n",
        "prices",
        MissingValueError,
        ["'x'", "missing", "2020-01-02", "1 more after it", "drop or fill those days first"],
        id="empty-cell",
    ),
    pytest.param(
        "date,x\n2020-01-01,1\n2020-01-02,NA\n",
        "prices",
        MissingValueError,
        ["'x'", "2020-01-02"],
        id="NA",
    ),
    pytest.param(
        "date,x\n2020-01-01,1\n2020-01-02,inf\n",
        "prices",
        MissingValueError,
        ["'x'", "infinite", "2020-01-02"],
        id="inf",
    ),
    pytest.param(
        "date,x\n2020-01-01,100\n2020-01-02,0\n",
        "prices",
        NonPositivePriceError,
        ["'x'", "non-positive", "2020-01-02"],
        id="zero-price",
    ),
    pytest.param(
        "date,x\n2020-01-01,100\n2020-01-02,-5\n",
        "auto",
        NonPositivePriceError,
        ["'x'", "-5", "2020-01-02"],
        id="negative-price",
    ),
    pytest.param(
        "date,x\n2020-01-01,0.1\n2020-01-02,-1\n",
        "simple_returns",
        DataValidationError,
        ["'x'", "simple return", "-1", "2020-01-02"],
        id="simple-return-minus-one",
    ),
    pytest.param(
        "date,x\n2020-01-01,1,2\n",
        "auto",
        UnsupportedFormatError,
        ["CSV", "Expected 2 fields"],
        id="ragged-rows",
    ),
]


@pytest.mark.parametrize(("text", "kind", "error", "fragments"), BAD_FILES)
def test_each_problem_has_its_own_error(
    tmp_path: Path, text: str, kind: str, error: type[Exception], fragments: list[str]
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataValidationError) as info:
        load_returns(path, kind=kind, min_rows=1)  # type: ignore[arg-type]
    assert type(info.value) is error
    assert_one_line(info.value, *fragments)


def test_too_few_rows_says_how_many(tmp_path: Path) -> None:
    path = write(tmp_path, price_csv(11))
    with pytest.raises(TooFewRowsError) as info:
        load_returns(path)
    assert_one_line(info.value, "too few rows", "10 found", "11 prices", "at least 30")
    assert len(load_returns(path, min_rows=10)) == 10


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError) as info:
        load_returns(tmp_path / "nowhere.csv")
    assert isinstance(info.value, FileNotFoundError)
    assert_one_line(info.value, "file not found", "nowhere.csv")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError):
        load_returns(tmp_path)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = write(tmp_path, price_csv(40), name="data.xlsx")
    with pytest.raises(UnsupportedFormatError) as info:
        load_returns(path)
    assert_one_line(info.value, ".xlsx", ".csv", ".parquet")


def test_undecodable_csv(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("date,prix\n2020-01-01,1\n".encode("utf-16"))
    with pytest.raises(UnsupportedFormatError) as info:
        load_returns(path)
    assert_one_line(info.value, "cannot parse", "as CSV")


def test_corrupt_parquet(tmp_path: Path) -> None:
    good = tmp_path / "good.parquet"
    pd.DataFrame({"date": pd.date_range("2020", periods=40), "x": 1.0}).to_parquet(good)
    corrupt = tmp_path / "corrupt.parquet"
    corrupt.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    for path in (corrupt, write(tmp_path, "not parquet at all", name="text.parquet")):
        with pytest.raises(UnsupportedFormatError) as info:
            load_returns(path)
        assert_one_line(info.value, "as Parquet")


def test_unknown_date_column(tmp_path: Path) -> None:
    with pytest.raises(DateParseError) as info:
        load_returns(write(tmp_path, price_csv(40)), date_column="when")
    assert_one_line(info.value, "'when'", "not found", "'AAA'")


def test_bad_arguments_are_value_errors(tmp_path: Path) -> None:
    path = write(tmp_path, price_csv(40))
    with pytest.raises(ValueError, match="kind"):
        load_returns(path, kind="percent")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="min_rows"):
        load_returns(path, min_rows=-1)


# --- arbitrary input never escapes as anything but a DataValidationError ----------------------


def check_outcome(path: Path, kind: str) -> None:
    try:
        frame = load_returns(path, kind=kind, min_rows=1)  # type: ignore[arg-type]
    except DataValidationError as exc:
        assert_one_line(exc)
    else:
        assert_valid_returns(frame)


KINDS = st.sampled_from(["auto", "prices", "log_returns", "simple_returns"])
CELLS = st.one_of(
    st.sampled_from(
        [
            "2020-01-01",
            "2020-01-02",
            "2020-01-03",
            "01/04/2020",
            "20200105",
            "2020-13-45",
            "1.5",
            "100",
            "-2",
            "0",
            "-1",
            "0.01",
            "1e999",
            "inf",
            "nan",
            "NA",
            "",
            " ",
            "abc",
            '"1,5"',
            "true",
            "date",
            "x",
        ]
    ),
    st.text(max_size=6),
)
ROWS = st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=0, max_size=6)
FAST = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(text=st.text(max_size=200), kind=KINDS)
def test_arbitrary_text_raises_only_validation_errors(tmp_path: Path, text: str, kind: str) -> None:
    check_outcome(write(tmp_path, text), kind)


@FAST
@given(data=st.binary(max_size=200), suffix=st.sampled_from([".csv", ".parquet"]))
def test_arbitrary_bytes_raise_only_validation_errors(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"blob{suffix}"
    path.write_bytes(data)
    check_outcome(path, "auto")


@FAST
@given(rows=ROWS, kind=KINDS)
def test_csv_like_garbage_raises_only_validation_errors(
    tmp_path: Path, rows: list[list[str]], kind: str
) -> None:
    text = "\n".join(",".join(row) for row in [["date", "a", "b"], *rows])
    check_outcome(write(tmp_path, text), kind)
