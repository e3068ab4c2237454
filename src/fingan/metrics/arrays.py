"""Checks and conversions of metric inputs and outputs, shared by the metric modules.

Returns and paths of the stylized facts and scores: :func:`as_real_and_synthetic` (many assets),
:func:`as_series`, :func:`as_paths` and :func:`as_series_or_paths` (one asset). Forecast series of
the backtests: :func:`check_series`, :func:`aligned_series` and :func:`check_violations`. Small
checks and conversions: :func:`check_probability`, :func:`safe_scale` and :func:`json_number`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.exceptions import (
    ConfigError,
    DataValidationError,
    MissingValueError,
    ShapeError,
    TooFewRowsError,
)
from fingan.core.paths import ReturnPaths

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Real returns: one series (T,) or one column per asset (T, n_assets).
RealReturns = npt.ArrayLike | pd.Series | pd.DataFrame
#: Synthetic paths: ``ReturnPaths``, (n_paths, horizon, n_assets) or one asset (n_paths, horizon).
SyntheticReturns = ReturnPaths | npt.ArrayLike


def as_real_and_synthetic(
    real: RealReturns, synthetic: SyntheticReturns
) -> tuple[FloatArray, FloatArray]:
    """Check and convert real returns and synthetic paths to float arrays of matching assets.

    Parameters
    ----------
    real : array-like, pandas.Series or pandas.DataFrame
        Shape ``(T,)`` (one asset) or ``(T, n_assets)``.
    synthetic : ReturnPaths or array-like
        Shape ``(n_paths, horizon, n_assets)``, or ``(n_paths, horizon)`` for one asset.

    Returns
    -------
    real : ndarray of shape (T, n_assets)
    synthetic : ndarray of shape (n_paths, horizon, n_assets)

    Raises
    ------
    ShapeError
        If a shape is wrong or the numbers of assets differ.
    MissingValueError
        If either holds NaN or infinite values.
    """
    real_values = check_finite(np.asarray(real, dtype=np.float64), "real returns")
    if real_values.ndim == 1:
        real_values = real_values[:, None]
    if real_values.ndim != 2:
        raise ShapeError(
            f"real returns must have shape (T,) or (T, n_assets); got {real_values.shape}"
        )
    raw = synthetic.values if isinstance(synthetic, ReturnPaths) else synthetic
    synthetic_values = check_finite(np.asarray(raw, dtype=np.float64), "synthetic paths")
    if synthetic_values.ndim == 2:
        synthetic_values = synthetic_values[:, :, None]
    if synthetic_values.ndim != 3:
        raise ShapeError(
            "synthetic paths must have shape (n_paths, horizon, n_assets) or (n_paths, horizon);"
            f" got {synthetic_values.shape}"
        )
    if real_values.shape[1] != synthetic_values.shape[2]:
        raise ShapeError(
            f"real returns have {real_values.shape[1]} assets, synthetic paths"
            f" {synthetic_values.shape[2]}"
        )
    return real_values, synthetic_values


def as_series(x: RealReturns) -> FloatArray:
    """One real series as a float array of shape (T,); (T, 1) is accepted."""
    values = check_finite(np.asarray(x, dtype=np.float64), "returns")
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        raise ShapeError(f"expected one series of shape (T,); got shape {values.shape}")
    return values


def as_paths(x: SyntheticReturns) -> FloatArray:
    """One asset's paths as a float array of shape (n_paths, horizon)."""
    raw = x.values if isinstance(x, ReturnPaths) else x
    values = check_finite(np.asarray(raw, dtype=np.float64), "paths")
    if values.ndim == 3 and values.shape[2] == 1:
        values = values[:, :, 0]
    if values.ndim != 2:
        raise ShapeError(
            f"expected one asset's paths of shape (n_paths, horizon); got {values.shape}"
        )
    return values


def as_series_or_paths(x: SyntheticReturns) -> FloatArray:
    """One series of shape (T,) or one asset's paths, as floats."""
    if isinstance(x, ReturnPaths):
        return as_paths(x)
    values = np.asarray(x, dtype=np.float64)
    return as_series(values) if values.ndim == 1 else as_paths(values)


def check_finite(values: FloatArray, what: str) -> FloatArray:
    """Return ``values``, checked to be non-empty and finite; ``what`` names them in errors."""
    if values.size == 0:
        raise ShapeError(f"{what} are empty")
    if not np.isfinite(values).all():
        raise MissingValueError(f"{what} hold NaN or infinite values")
    return values


def check_series(values: npt.ArrayLike, name: str) -> FloatArray:
    """Return a non-empty, finite 1-D float array; ``name`` is used in errors."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ShapeError(f"{name} must be one-dimensional; got shape {array.shape}")
    if array.size == 0:
        raise TooFewRowsError(f"{name} is empty")
    if not np.all(np.isfinite(array)):
        raise MissingValueError(f"{name} holds NaN or infinite values")
    return array


def aligned_series(
    values: npt.ArrayLike, size: int, name: str, *, reference: str = "returns"
) -> FloatArray:
    """Return a forecast series of length ``size`` (that of ``reference``), repeating a scalar."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        array = np.full(size, float(array))
    array = check_series(array, name)
    if array.size != size:
        raise ShapeError(f"{name} has {array.size} values but {reference} has {size}")
    return array


def check_violations(violations: npt.ArrayLike) -> BoolArray:
    """Return 1-D violation indicators as booleans; 0/1 numbers are accepted."""
    array = np.asarray(violations)
    if array.ndim != 1:
        raise ShapeError(f"violations must be one-dimensional; got shape {array.shape}")
    if array.size == 0:
        raise TooFewRowsError("violations is empty")
    if array.dtype != np.bool_:
        numeric = np.asarray(array, dtype=np.float64)
        if not np.all(np.isfinite(numeric)):
            raise MissingValueError("violations holds NaN or infinite values")
        if not np.all((numeric == 0) | (numeric == 1)):
            raise DataValidationError("violations must be booleans or 0/1 values")
        array = numeric == 1
    return array


def check_probability(value: float, name: str) -> None:
    """Check that ``value`` lies in the open interval (0, 1)."""
    if not 0.0 < value < 1.0:
        raise ConfigError(f"{name} must be in (0, 1); got {value!r}")


def safe_scale(scale: FloatArray) -> FloatArray:
    """Replace non-positive scales by 1, so that dividing by them is safe."""
    return np.where(scale > 0, scale, 1.0)


def json_number(value: float | int | None) -> float | int | None:
    """Return a number for JSON: ``None`` for ``None``, NaN or infinity."""
    if value is None or isinstance(value, int):
        return value
    return float(value) if np.isfinite(value) else None
