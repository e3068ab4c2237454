"""Daily log returns beyond +/-1 are refused as implausible unless the user says they are real."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fingan.apps.market import market_data
from fingan.core.exceptions import DataValidationError, ImplausibleDataError
from fingan.data import MAX_ABS_LOG_RETURN, check_plausible_returns, load_returns
from fingan.datasets import load_market

DATES = pd.bdate_range("2021-01-04", periods=40)


def write_prices(tmp_path: Path, prices: np.ndarray, name: str = "prices.csv") -> Path:
    path = tmp_path / name
    pd.DataFrame({"date": DATES[: len(prices)], "x": prices}).to_csv(path, index=False)
    return path


def ordinary_prices() -> np.ndarray:
    rng = np.random.default_rng(0)
    return 100 * np.exp(np.cumsum(rng.normal(0, 0.02, len(DATES))))


def assert_one_line(error: BaseException, *fragments: str) -> None:
    message = str(error)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_a_price_of_1e300_is_refused(tmp_path: Path) -> None:
    prices = ordinary_prices()
    prices[20] = 1e300
    path = write_prices(tmp_path, prices)
    with pytest.raises(ImplausibleDataError) as info:
        load_returns(path)
    assert isinstance(info.value, DataValidationError)
    jump = math.log(1e300 / prices[19])
    assert_one_line(
        info.value,
        "column 'x'",
        f"daily log return of {jump:.4g}",
        "1e+300",
        f"on {DATES[20]:%Y-%m-%d}",
        "allow_extreme=True / --allow-extreme",
    )
    assert "look like prices" not in str(info.value)
    with pytest.raises(ImplausibleDataError):
        load_returns(path, kind="prices")


@pytest.mark.parametrize("kind", ["log_returns", "simple_returns"])
def test_prices_read_as_returns_are_refused_with_a_hint(tmp_path: Path, kind: str) -> None:
    path = write_prices(tmp_path, ordinary_prices())
    with pytest.raises(ImplausibleDataError) as info:
        load_returns(path, kind=kind)  # type: ignore[arg-type]
    assert_one_line(
        info.value,
        "column 'x'",
        f"on {DATES[0]:%Y-%m-%d}",
        'look like prices, not returns: read them with kind="prices"',
        "--allow-extreme",
    )


def test_allow_extreme_accepts_what_the_user_says_is_real(tmp_path: Path) -> None:
    prices = ordinary_prices()
    prices[20] = 1e300
    returns = load_returns(write_prices(tmp_path, prices), allow_extreme=True)
    assert returns["x"].max() == pytest.approx(math.log(1e300 / prices[19]))
    as_returns = load_returns(
        write_prices(tmp_path, ordinary_prices()), kind="log_returns", allow_extreme=True
    )
    assert as_returns["x"].min() > 50


def test_ordinary_data_and_big_real_moves_are_unaffected(tmp_path: Path) -> None:
    prices = ordinary_prices()
    prices[20:] *= 0.4  # a 60 % crash in a day: log return -0.92
    returns = load_returns(write_prices(tmp_path, prices))
    expected = np.diff(np.log(prices))
    np.testing.assert_allclose(returns["x"].to_numpy(), expected, rtol=1e-12)
    assert returns["x"].min() < -0.9


def test_the_limit_is_one_in_log_return(tmp_path: Path) -> None:
    assert MAX_ABS_LOG_RETURN == 1.0
    index = pd.DatetimeIndex(["2021-01-04", "2021-01-05"])
    check_plausible_returns(pd.DataFrame({"x": [1.0, -1.0]}, index=index))
    with pytest.raises(ImplausibleDataError) as info:
        check_plausible_returns(pd.DataFrame({"x": [0.01, -1.01]}, index=index))
    assert_one_line(info.value, "'x'", "-1.01", "on 2021-01-05", "beyond +/-1")
    # Returns in percent are read as log returns (the median is below 0.5) and refused.
    text = "date,x\n2021-01-04,0.3\n2021-01-05,-2.5\n2021-01-06,0.1\n"
    path = tmp_path / "percent.csv"
    path.write_text(text)
    with pytest.raises(ImplausibleDataError, match=r"-2\.5 on 2021-01-05"):
        load_returns(path, min_rows=1)


def test_market_data_passes_allow_extreme(tmp_path: Path) -> None:
    prices = ordinary_prices()
    prices[20] = 1e300
    path = str(write_prices(tmp_path, prices))
    with pytest.raises(ImplausibleDataError, match="--allow-extreme"):
        market_data(path)
    assert len(market_data(path, allow_extreme=True)) == len(DATES) - 1
    # Built-in data do not go through the file loaders and are unaffected.
    pd.testing.assert_frame_equal(
        market_data("sp500", start="2008-01-01", end="2008-12-31"),
        load_market(["sp500"], "2008-01-01", "2008-12-31"),
    )
