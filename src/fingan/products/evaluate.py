"""Run a product spec on scenario paths: its return over the holding period, path by path."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fingan.core.paths import ReturnPaths
from fingan.products.base import NOT_CALLED, FloatArray, IntArray, ProductSpec
from fingan.products.observations import BLOCK_BYTES, Observations


@dataclass(frozen=True)
class ProductOutcome:
    """A product's outcome on each path.

    Attributes
    ----------
    kind : str
        The product type (``"autocallable"``, ...).
    notional : float
        The amount invested.
    returns : ndarray of shape (n_paths,)
        The simple return over the holding period, ``payoff / notional - 1``, where the payoff
        sums every coupon and the redemption (neither reinvested nor discounted).
    call_day : ndarray of int of shape (n_paths,), optional
        For autocallables: the day each path was called, or ``-1`` (:data:`NOT_CALLED`).
    """

    kind: str
    notional: float
    returns: FloatArray
    call_day: IntArray | None = None

    @property
    def n_paths(self) -> int:
        """Number of paths."""
        return int(self.returns.size)

    @property
    def payoffs(self) -> FloatArray:
        """The amount paid on each path, ``notional * (1 + return)``."""
        result: FloatArray = self.notional * (1.0 + self.returns)
        return result

    @property
    def called(self) -> np.ndarray | None:
        """Whether each path was called (autocallables only)."""
        return None if self.call_day is None else self.call_day != NOT_CALLED

    def to_frame(self) -> pd.DataFrame:
        """One row per path: ``return`` and, for autocallables, ``call_day`` (missing if none).

        Examples
        --------
        >>> frame = ProductOutcome("buffer_note", 1.0, np.array([0.1, -0.2])).to_frame()
        >>> frame.shape, list(frame.columns), frame.index.name
        ((2, 1), ['return'], 'path')
        """
        columns: dict[str, object] = {"return": self.returns}
        if self.call_day is not None:
            called = pd.Series(self.call_day).where(self.call_day != NOT_CALLED)
            columns["call_day"] = called.astype("Int64")
        frame = pd.DataFrame(columns)
        frame.index.name = "path"
        return frame


def evaluate(
    spec: ProductSpec, paths: ReturnPaths, *, block_bytes: int = BLOCK_BYTES
) -> ProductOutcome:
    """Evaluate a product on every path at once.

    Parameters
    ----------
    spec : ProductSpec
        The product (:class:`ProtectedNote`, :class:`Autocallable`, ...).
    paths : ReturnPaths
        Daily log returns of shape (n_paths, horizon, n_assets); the assets must include the
        spec's underlyings and the horizon must reach its maturity (later days are ignored).
    block_bytes : int, default 32 MiB
        Memory of one block of running sums, for barriers observed daily.

    Returns
    -------
    ProductOutcome
        The return of each path over the holding period (and call days).

    Raises
    ------
    ConfigError
        If an underlying is missing from the paths or they are shorter than the maturity.
    MissingValueError
        If a path holds a NaN or infinite return before maturity.

    Examples
    --------
    >>> from fingan.products import ReverseConvertible
    >>> note = ReverseConvertible(underlyings=("sp500",), maturity=2, coupon=0.05, knock_in=0.7)
    >>> flat = ReturnPaths(np.zeros((3, 2, 1)), ("sp500",))
    >>> evaluate(note, flat).returns
    array([0.05, 0.05, 0.05])
    """
    observations = Observations(
        paths, spec.underlyings, spec.maturity, spec.level_days, block_bytes=block_bytes
    )
    payoff = spec.payoff(observations)
    return ProductOutcome(spec.kind, spec.notional, payoff.cash - 1.0, payoff.call_day)
