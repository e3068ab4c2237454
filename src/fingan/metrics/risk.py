"""Tail risk of a sample of returns."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fingan.core.exceptions import ConfigError


def value_at_risk(returns: npt.ArrayLike, level: float = 0.99) -> float:
    """Historical value at risk: the loss exceeded with probability ``1 - level``.

    Parameters
    ----------
    returns : array-like
        Returns (gains positive).
    level : float
        Confidence level in (0, 1), e.g. 0.99.

    Returns
    -------
    float
        ``-q`` where ``q`` is the ``1 - level`` quantile of the returns (a loss is positive).
    """
    _check_level(level)
    values = np.asarray(returns, dtype=np.float64).ravel()
    return float(-np.quantile(values, 1.0 - level))


def expected_shortfall(returns: npt.ArrayLike, level: float = 0.99) -> float:
    """Historical expected shortfall: the mean loss beyond the value at risk.

    Parameters
    ----------
    returns : array-like
        Returns (gains positive).
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    float
        Minus the mean of the returns at or below their ``1 - level`` quantile.
    """
    _check_level(level)
    values = np.asarray(returns, dtype=np.float64).ravel()
    threshold = np.quantile(values, 1.0 - level)
    return float(-values[values <= threshold].mean())


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ConfigError(f"level must be in (0, 1); got {level!r}")
