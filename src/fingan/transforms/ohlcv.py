"""Daily price bars (open, high, low, close, adjusted close, volume) in relative terms, and back.

A GAN learns returns better than price levels: :func:`ohlcv_features` turns ``T`` bars into
``T - 1`` rows of scale-free daily features, and :func:`ohlcv_from_features` rebuilds bars from
features and a starting close and volume (the *anchor*: the bar before the first feature row).
The round trip is exact for valid bars (``low <= min(open, close)``, ``high >= max(open, close)``);
generated features that break those inequalities are clipped so that every rebuilt bar is valid.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fingan.core.exceptions import NonPositivePriceError, ShapeError, TooFewRowsError

__all__ = ["OHLCV_FEATURES", "ohlcv_features", "ohlcv_from_features"]

#: The features of :func:`ohlcv_features`, in column order. For day ``t`` with bar
#: ``(O, H, L, C, A, V)``: ``close_return = log C_t / C_{t-1}``, ``gap = log O_t / C_{t-1}``,
#: ``upper_wick = log H_t / max(O_t, C_t)``, ``lower_wick = log min(O_t, C_t) / L_t``,
#: ``adjustment = log A_t / C_t`` and ``volume_change = log V_t / V_{t-1}``.
OHLCV_FEATURES: tuple[str, ...] = (
    "close_return",
    "gap",
    "upper_wick",
    "lower_wick",
    "adjustment",
    "volume_change",
)

FloatArray = npt.NDArray[np.float64]
_N_COLUMNS = 6


def ohlcv_features(bars: npt.ArrayLike) -> FloatArray:
    """Turn daily bars into daily relative features (see :data:`OHLCV_FEATURES`).

    Parameters
    ----------
    bars : array-like of shape (T, 6)
        Open, high, low, close, adjusted close and volume, in time order; all positive.

    Returns
    -------
    numpy.ndarray of shape (T - 1, 6)
        One row per day after the first.

    Raises
    ------
    ShapeError
        If ``bars`` is not a table of six columns.
    TooFewRowsError
        If there are fewer than two bars.
    NonPositivePriceError
        If a value is zero, negative or not finite.
    """
    values = _check_bars(bars)
    logs = np.log(values)
    open_, high, low, close, adjusted, volume = logs.T
    body_top = np.maximum(open_, close)
    body_bottom = np.minimum(open_, close)
    features = np.column_stack(
        [
            np.diff(close),
            open_[1:] - close[:-1],
            (high - body_top)[1:],
            (body_bottom - low)[1:],
            (adjusted - close)[1:],
            np.diff(volume),
        ]
    )
    return features


def ohlcv_from_features(
    features: npt.ArrayLike, anchor_close: npt.ArrayLike, anchor_volume: npt.ArrayLike
) -> FloatArray:
    """Rebuild daily bars from features and the close and volume of the bar before them.

    Parameters
    ----------
    features : array-like of shape (n_paths, horizon, 6) or (horizon, 6)
        Rows of :data:`OHLCV_FEATURES`. Negative wicks are read as zero.
    anchor_close, anchor_volume : float or array-like of shape (n_paths,)
        Close and volume of the day before each path's first row (positive).

    Returns
    -------
    numpy.ndarray of shape (n_paths, horizon, 6) or (horizon, 6)
        Open, high, low, close, adjusted close and volume, like ``features``' shape.
    """
    values = np.asarray(features, dtype=np.float64)
    single = values.ndim == 2
    if single:
        values = values[None]
    if values.ndim != 3 or values.shape[-1] != _N_COLUMNS:
        raise ShapeError(f"features must have shape (n_paths, horizon, 6); got {values.shape}")
    n_paths = values.shape[0]
    log_close0 = _anchor_logs(anchor_close, n_paths, "anchor_close")
    log_volume0 = _anchor_logs(anchor_volume, n_paths, "anchor_volume")
    returns, gap, upper, lower, adjustment, volume_change = np.moveaxis(values, -1, 0)
    close = log_close0[:, None] + np.cumsum(returns, axis=1)  # (n_paths, horizon)
    previous_close = np.concatenate([log_close0[:, None], close[:, :-1]], axis=1)
    open_ = previous_close + gap
    high = np.maximum(open_, close) + np.maximum(upper, 0.0)
    low = np.minimum(open_, close) - np.maximum(lower, 0.0)
    volume = log_volume0[:, None] + np.cumsum(volume_change, axis=1)
    bars: FloatArray = np.exp(
        np.stack([open_, high, low, close, close + adjustment, volume], axis=-1)
    )
    return bars[0] if single else bars


def _check_bars(bars: npt.ArrayLike) -> FloatArray:
    values = np.asarray(bars, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] != _N_COLUMNS:
        raise ShapeError(f"bars must have shape (T, 6); got {values.shape}")
    if len(values) < 2:
        raise TooFewRowsError(f"need at least 2 bars; got {len(values)}")
    if not bool(np.isfinite(values).all()) or bool((values <= 0).any()):
        raise NonPositivePriceError("bars must be finite and positive")
    return values


def _anchor_logs(anchor: npt.ArrayLike, n_paths: int, name: str) -> FloatArray:
    values = np.broadcast_to(np.asarray(anchor, dtype=np.float64), (n_paths,))
    if not bool(np.isfinite(values).all()) or bool((values <= 0).any()):
        raise NonPositivePriceError(f"{name} must be finite and positive")
    return np.log(values)
