"""Roughness of the volatility-clustering and leverage curves across neighbouring lags.

The autocorrelation of ``|r|`` and the leverage curve of real daily returns decay smoothly with
the lag. A generator built from dilated convolutions can leave its dilations showing through:
the curves then zigzag from lag to lag (high at lags 2-3, low at 4, high again at 5). The
roughness of a curve ``c(1) .. c(K)`` is the mean absolute second difference

``mean_k |c(k + 1) - 2 c(k) + c(k - 1)|`` for ``k = 2 .. K - 1``,

which is 0 for a straight line, small for a smooth (e.g. geometric) decay and large for a curve
that alternates. Curves of many paths are averaged over the paths first (as in
:func:`fingan.metrics.stylized.path_acf`), so sampling noise shrinks with the number of paths;
one real series carries its full sampling noise, which sets the level a smooth generator can
reach on it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

from fingan.core.exceptions import ConfigError, ShapeError
from fingan.metrics.arrays import SyntheticReturns, as_series_or_paths
from fingan.metrics.stylized import acf, leverage, path_acf, path_leverage

__all__ = ["ACFRoughness", "acf_roughness", "curve_roughness"]


@dataclass(frozen=True)
class ACFRoughness:
    """Roughness of the two curves of one series or one asset's paths.

    Attributes
    ----------
    abs_acf : float
        Mean absolute second difference of the autocorrelation of ``|r|`` over lags.
    leverage : float
        The same for the leverage curve ``corr(r_t, r_{t+k}^2)``.
    max_lag : int
        Largest lag of the curves.
    """

    abs_acf: float
    leverage: float
    max_lag: int

    def summary(self) -> str:
        """One line: both roughnesses and the lags they span."""
        return (
            f"roughness over lags 1-{self.max_lag}: ACF of |r| {self.abs_acf:.4f}, "
            f"leverage {self.leverage:.4f}"
        )

    def to_dict(self) -> dict[str, float | int]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def curve_roughness(curve: npt.ArrayLike) -> float:
    """Mean absolute second difference of a curve over its points.

    Parameters
    ----------
    curve : array-like of shape (K,)
        Values at consecutive lags; ``K`` at least 3.

    Returns
    -------
    float
        ``mean |c[k + 1] - 2 c[k] + c[k - 1]|``; NaN if the curve holds NaN.

    Examples
    --------
    >>> round(curve_roughness([0.3, 0.2, 0.1, 0.0]), 12)
    0.0
    >>> round(curve_roughness([0.3, 0.1, 0.3, 0.1]), 3)
    0.4
    """
    values = np.asarray(curve, dtype=np.float64)
    if values.ndim != 1 or values.size < 3:
        raise ShapeError(f"a curve needs at least 3 points in one dimension; got {values.shape}")
    return float(np.mean(np.abs(np.diff(values, n=2))))


def acf_roughness(returns_or_paths: SyntheticReturns, max_lag: int = 20) -> ACFRoughness:
    """Roughness of the ACF of ``|r|`` and of the leverage curve over lags ``1 .. max_lag``.

    Parameters
    ----------
    returns_or_paths : array-like of shape (T,) or (n_paths, horizon), or ReturnPaths
        One real series of daily log returns, or one asset's paths (a one-asset
        ``ReturnPaths``).
    max_lag : int, default 20
        Largest lag, at least 3 and smaller than the length of the series or paths.

    Returns
    -------
    ACFRoughness
        The two roughnesses (see :func:`curve_roughness`).

    Raises
    ------
    ConfigError
        If ``max_lag`` is not an integer of at least 3.
    TooFewRowsError
        If the series or paths are not longer than ``max_lag``.
    """
    if isinstance(max_lag, bool) or not isinstance(max_lag, int | np.integer) or max_lag < 3:
        raise ConfigError(f"max_lag must be an integer of at least 3; got {max_lag!r}")
    values = as_series_or_paths(returns_or_paths)
    if values.ndim == 1:
        abs_curve, leverage_curve = acf(np.abs(values), max_lag), leverage(values, max_lag)
    else:
        abs_curve = path_acf(np.abs(values), max_lag)
        leverage_curve = path_leverage(values, max_lag)
    return ACFRoughness(
        abs_acf=curve_roughness(abs_curve),
        leverage=curve_roughness(leverage_curve),
        max_lag=int(max_lag),
    )
