"""Tests for the TimeGAN Stocks loader and the protocol's windows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import FileMissingError, NonPositivePriceError, ShapeError
from fingan.datasets.stocks import STOCKS_COLUMNS, load_stocks, timegan_windows

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "stock_data.csv"
needs_file = pytest.mark.skipif(
    not SHARED.is_file(), reason=f"the TimeGAN Stocks file is not at {SHARED}"
)


@needs_file
def test_loads_the_published_file() -> None:
    stocks = load_stocks(SHARED)
    assert stocks.shape == (3685, 6)
    assert tuple(stocks.columns) == STOCKS_COLUMNS
    assert stocks["Close"].iloc[0] == pytest.approx(49.845802)  # oldest first
    assert stocks["Close"].iloc[-1] == pytest.approx(1197.25)


@needs_file
def test_published_protocol_windows() -> None:
    stocks = load_stocks(SHARED)
    windows = timegan_windows(stocks, random_state=0)
    assert windows.windows.shape == (3661, 24, 6)  # the reference stops one window short
    assert windows.windows.min() == 0.0
    assert windows.windows.max() < 1.0
    # Reversed rows: the window starting at row 0 ends with the file's oldest day.
    first = windows.windows[int(np.flatnonzero(windows.starts == 0)[0])]
    assert np.allclose(first[0], windows.scale(stocks.to_numpy()[-1]))
    np.testing.assert_allclose(first[-1], windows.scale(stocks.to_numpy()[-24]))


def test_windows_without_reversal_or_shuffle_keep_time_order() -> None:
    values = np.arange(1.0, 61.0).reshape(30, 2)
    windows = timegan_windows(values, 5, reverse=False, shuffle=False)
    assert windows.windows.shape == (25, 5, 2)
    np.testing.assert_array_equal(windows.starts, np.arange(25))
    np.testing.assert_allclose(windows.windows[3], windows.scale(values[3:8]))
    shuffled = timegan_windows(values, 5, reverse=False, random_state=1)
    order = np.argsort(shuffled.starts)
    np.testing.assert_allclose(shuffled.windows[order], windows.windows)


def test_missing_file_raises_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError, match="no Stocks file"):
        load_stocks(tmp_path / "absent.csv")


def test_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "stocks.csv"
    pd.DataFrame({"Open": [1.0, 2.0]}).to_csv(path, index=False)
    with pytest.raises(ShapeError, match="lacks"):
        load_stocks(path)
    frame = pd.DataFrame({name: [1.0, 2.0, 3.0] for name in STOCKS_COLUMNS})
    frame.loc[1, "Volume"] = 0.0
    frame.to_csv(path, index=False)
    with pytest.raises(NonPositivePriceError):
        load_stocks(path)
