"""TimeGAN's "Stocks" data (daily Google OHLCV, 2004-2019) and the windows its papers score.

The file is not shipped with fingan: pass the path of ``stock_data.csv`` from the TimeGAN
repository (jsyoon0823/TimeGAN, ``data/stock_data.csv``, Apache License 2.0) to
:func:`load_stocks`, or drop a copy into ``fingan/datasets/data/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.exceptions import (
    FileMissingError,
    NonPositivePriceError,
    ShapeError,
    TooFewRowsError,
)
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
from fingan.data.validation import validate_returns_frame

__all__ = ["STOCKS_COLUMNS", "TimeGANWindows", "load_stocks", "timegan_windows"]

#: The columns of :func:`load_stocks`, in the file's order (the last one is the target of the
#: TimeGAN predictive score).
STOCKS_COLUMNS: tuple[str, ...] = ("Open", "High", "Low", "Close", "Adj_Close", "Volume")

_FILE_NAME = "stock_data.csv"
_EPSILON = 1e-7  # the TimeGAN min-max scaler's guard against a zero range

FloatArray = npt.NDArray[np.float64]


def load_stocks(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load TimeGAN's Stocks data: daily Google Open, High, Low, Close, Adj Close and Volume.

    The benchmark data of TimeGAN (Yoon, Jarrett and van der Schaar, NeurIPS 2019), used by
    TimeGAN, Diffusion-TS and most time-series GAN papers: 3,685 trading days from August 2004
    to 2019, oldest first, no date column.

    Parameters
    ----------
    path : str or os.PathLike, optional
        The ``stock_data.csv`` file of the TimeGAN repository. By default a copy in
        ``fingan/datasets/data/`` is used when one is there.

    Returns
    -------
    pandas.DataFrame
        One float64 column per name in :data:`STOCKS_COLUMNS`, a ``RangeIndex`` in time order
        (oldest first).

    Raises
    ------
    FileMissingError
        If no path is given and no copy is installed, or the path is not a file.
    ShapeError
        If the file lacks one of the columns.
    NonPositivePriceError
        If a price or volume is zero or negative.
    """
    source = _stocks_file(path)
    frame = pd.read_csv(source)
    missing = [name for name in STOCKS_COLUMNS if name not in frame.columns]
    if missing:
        raise ShapeError(f"{source} lacks the Stocks column(s) {missing}")
    frame = validate_returns_frame(frame.loc[:, list(STOCKS_COLUMNS)], min_rows=2)
    if bool((frame.to_numpy() <= 0).any()):
        raise NonPositivePriceError(f"{source} holds a zero or negative price or volume")
    return frame.reset_index(drop=True)


def _stocks_file(path: str | os.PathLike[str] | None) -> Path:
    if path is None:
        packaged = resources.files("fingan.datasets").joinpath("data").joinpath(_FILE_NAME)
        candidate = Path(str(packaged))
        if not candidate.is_file():
            raise FileMissingError(
                "the TimeGAN Stocks data are not shipped with fingan; pass the path of "
                "stock_data.csv from github.com/jsyoon0823/TimeGAN (data/stock_data.csv)"
            )
        return candidate
    candidate = Path(path)
    if not candidate.is_file():
        raise FileMissingError(f"no Stocks file at {candidate}")
    return candidate


@dataclass(frozen=True)
class TimeGANWindows:
    """Min-max scaled windows cut as TimeGAN's ``real_data_loading`` cuts them.

    Attributes
    ----------
    windows : numpy.ndarray of shape (n_windows, window, n_features)
        Scaled windows, in the order the protocol leaves them (shuffled unless asked not to).
    starts : numpy.ndarray of shape (n_windows,)
        Row of the (reversed, when ``reversed_rows``) series at which each window starts:
        two windows overlap in time when their starts are closer than ``window``.
    minimum, maximum : numpy.ndarray of shape (n_features,)
        Each column's range over the whole series, used by :meth:`scale`.
    reversed_rows : bool
        Whether the rows were reversed first (the published protocol; on a file that is
        oldest first the windows then run backwards in time).
    """

    windows: FloatArray
    starts: npt.NDArray[np.int64]
    minimum: FloatArray
    maximum: FloatArray
    reversed_rows: bool

    def scale(self, values: npt.ArrayLike) -> FloatArray:
        """Scale raw values (last axis = features) with the series' min-max range."""
        array = np.asarray(values, dtype=np.float64)
        return (array - self.minimum) / (self.maximum - self.minimum + _EPSILON)

    @property
    def window(self) -> int:
        """Days per window."""
        return int(self.windows.shape[1])


def timegan_windows(
    data: pd.DataFrame | npt.ArrayLike,
    window: int = 24,
    *,
    reverse: bool = True,
    shuffle: bool = True,
    random_state: RandomState = None,
) -> TimeGANWindows:
    """Cut the windows the TimeGAN protocol scores: reverse, min-max scale, stride 1, shuffle.

    As TimeGAN's ``real_data_loading``: the rows are reversed (``reverse=True``), each column
    is scaled to ``(x - min) / (max - min + 1e-7)`` over the whole series, and the windows
    starting at rows ``0, 1, ..., T - window - 1`` are kept (the reference stops one window
    short of the end) and shuffled.

    Parameters
    ----------
    data : pandas.DataFrame or array-like of shape (T, n_features)
        The series, in file order.
    window : int, default 24
        Days per window.
    reverse : bool, default True
        Reverse the rows first (the published protocol); ``False`` keeps file order.
    shuffle : bool, default True
        Shuffle the windows.
    random_state : int, numpy.random.Generator or None
        Seed of the shuffle.

    Returns
    -------
    TimeGANWindows
    """
    window = check_int(window, "window", minimum=2)
    values = np.asarray(data, dtype=np.float64)
    if values.ndim != 2:
        raise ShapeError(f"data must be a table of shape (T, n_features); got {values.shape}")
    if len(values) <= window + 1:
        raise TooFewRowsError(f"{len(values)} rows cannot hold windows of {window} days")
    series = values[::-1] if reverse else values
    minimum = series.min(axis=0)
    maximum = series.max(axis=0)
    scaled = (series - minimum) / (maximum - minimum + _EPSILON)
    starts = np.arange(len(series) - window, dtype=np.int64)
    if shuffle:
        starts = np.random.default_rng(draw_seed(random_state)).permutation(starts)
    windows = np.stack([scaled[start : start + window] for start in starts])
    return TimeGANWindows(
        windows=windows,
        starts=starts,
        minimum=minimum,
        maximum=maximum,
        reversed_rows=bool(reverse),
    )
