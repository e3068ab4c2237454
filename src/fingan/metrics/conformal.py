r"""Adaptive conformal calibration of a VaR level (Gibbs & Candès, 2021).

A VaR model that is crossed too often can be recalibrated online: after each day the tail
probability it is asked for moves against its last error,

.. math::

    \alpha_{t+1} = \alpha_t + \gamma (\alpha - \mathrm{err}_t),

where :math:`\mathrm{err}_t = 1` when day :math:`t`'s return fell below the model's
:math:`\alpha_t`-quantile. Whatever the model, the long-run share of violations tends to
:math:`\alpha` (:math:`|\bar{\mathrm{err}} - \alpha| \le (\max(\alpha_1, 1 - \alpha_1) +
\gamma) / (\gamma T)`). The guarantee is about frequency only: a bad model is recalibrated by
asking it for ever more extreme quantiles, which its VaR (and the size of its losses) shows —
report both.

The calibration needs each day's forecast distribution only at the realised return: its
probability integral transform ``pit_t`` (the share of scenarios at or below the realised
return); the day is a violation at level :math:`\alpha_t` when ``pit_t < alpha_t``.

References
----------
Gibbs, I., & Candès, E. (2021). Adaptive conformal inference under distribution shift.
*Advances in Neural Information Processing Systems*, 34.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fingan.metrics.arrays import check_probability, check_series

__all__ = ["ConformalCalibration", "adaptive_conformal"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class ConformalCalibration:
    r"""Tail probabilities asked of a model day by day, and the violations they gave.

    Attributes
    ----------
    probabilities : ndarray of shape (n_days,)
        :math:`\alpha_t`, the tail probability used on each day (may leave [0, 1]: below 0
        the VaR is infinite and never crossed, above 1 it is always crossed).
    violations : ndarray of shape (n_days,)
        Whether the realised return fell below the calibrated VaR.
    target : float
        :math:`\alpha`, the tail probability aimed at.
    """

    probabilities: FloatArray
    violations: BoolArray
    target: float


def adaptive_conformal(
    pit: npt.ArrayLike, level: float, *, learning_rate: float = 0.005
) -> ConformalCalibration:
    r"""Calibrate a VaR at ``level`` online from each day's PIT of the realised return.

    Parameters
    ----------
    pit : array-like, shape (n_days,)
        Share of each day's scenarios at or below the realised return, in [0, 1], in date
        order.
    level : float
        VaR confidence level in (0, 1); the target tail probability is ``1 - level``.
    learning_rate : float, default 0.005
        :math:`\gamma`: how fast the level moves (Gibbs & Candès use 0.005).

    Returns
    -------
    ConformalCalibration

    Examples
    --------
    >>> result = adaptive_conformal([0.5, 0.001, 0.3, 0.2], level=0.99, learning_rate=0.01)
    >>> result.violations.tolist()
    [False, True, False, False]
    >>> [round(float(p), 4) for p in result.probabilities]
    [0.01, 0.0101, 0.0002, 0.0003]
    """
    check_probability(level, "level")
    check_probability(learning_rate, "learning_rate")
    values = check_series(pit, "pit")
    if np.any((values < 0.0) | (values > 1.0)):
        raise ValueError("pit must lie in [0, 1]")
    target = 1.0 - level
    probabilities = np.empty_like(values)
    violations = np.empty(values.size, dtype=bool)
    alpha = target
    for t, u in enumerate(values):
        probabilities[t] = alpha
        violations[t] = u < alpha
        alpha += learning_rate * (target - float(violations[t]))
    return ConformalCalibration(probabilities, violations, target)
