"""Payoff pieces that several products share, so that each is written once.

- :func:`capped_upside`: participation in the rise of the underlying, optionally capped
  (protected note, buffer note);
- :func:`barrier_redemption`: par back unless a knock-in barrier was touched and the worst
  underlying ends below its initial level (reverse convertible, autocallable).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fingan.products.observations import Observations

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

KNOCK_IN_OBSERVATIONS = ("daily", "maturity")
"""How a knock-in barrier is observed: at every close up to maturity, or at maturity only."""


def capped_upside(performance: FloatArray, participation: float, cap: float | None) -> FloatArray:
    """Participation in the rise of the underlying above its initial level, up to ``cap``.

    ``participation * (max(P - 1, 0) - max(P - cap, 0))``: a call spread struck at 1 and at
    the cap, or a plain at-the-money call without a cap.

    Examples
    --------
    >>> capped_upside(np.array([0.8, 1.1, 1.5]), 0.5, 1.2)
    array([0.  , 0.05, 0.1 ])
    """
    gain = np.maximum(performance - 1.0, 0.0)
    if cap is not None:
        gain -= np.maximum(performance - cap, 0.0)
    result: FloatArray = participation * gain
    return result


def barrier_redemption(
    observations: Observations,
    knock_in: float,
    observation: str,
    rows: BoolArray | None = None,
) -> FloatArray:
    """Redemption at maturity per unit notional under a knock-in barrier.

    Par (1.0), unless the worst underlying ends below its initial level and the barrier was
    touched (daily: its worst level at any close up to maturity; maturity: its final level is
    at or below ``knock_in``); then the worst underlying's final performance (a loss as if the
    investor held it).

    Parameters
    ----------
    observations : Observations
        The underlyings' levels.
    knock_in : float
        The barrier as a fraction of the initial level.
    observation : {"daily", "maturity"}
        How the barrier is observed.
    rows : bool ndarray of shape (n_paths,), optional
        The paths that reach maturity; the daily minimum is computed only for those of them
        that end below par. The value on other paths is 1.0 and meaningless.

    Returns
    -------
    ndarray of shape (n_paths,)
    """
    final = observations.worst(observations.maturity)
    redemption = np.ones(observations.n_paths)
    below = final < 1.0 if rows is None else (final < 1.0) & rows
    if observation == "daily":
        touched = observations.worst_minimum(below) <= knock_in
    else:
        touched = final[below] <= knock_in
    redemption[below] = np.where(touched, final[below], 1.0)
    return redemption
