"""What a product sees of its paths: the underlyings' levels on its observation days.

Paths hold daily log returns; the level of an underlying after ``d`` days, relative to its
level at the start, is ``exp(sum of its first d returns)``. Day offsets count trading days from
the start: day 0 is the start (level 1), day ``d`` the close ``d`` days later.

Memory and speed. A product reads its levels on a few days (observation dates, rolls,
rebalancing dates) and, for a barrier observed daily, the lowest level of its worst underlying
over the holding period. The first are sums of the returns between consecutive days
(``np.add.reduceat``: no copy of the paths). The second needs the running sum of every day and
is computed lazily, only for the paths that ask for it (a reverse convertible's or an
autocallable's paths that end below their initial level and are not called), in blocks of paths
of at most :data:`BLOCK_BYTES`. So evaluating a product holds the paths once, plus a few
arrays of one value per path and observation day and one block.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from fingan.core.exceptions import ConfigError, MissingValueError
from fingan.core.paths import ReturnPaths

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

BLOCK_BYTES = 32 * 2**20
"""Largest block of float64 running sums held at once when a barrier is observed daily."""


def check_paths(paths: ReturnPaths, underlyings: Sequence[str], maturity: int) -> None:
    """Raise :class:`ConfigError` unless ``paths`` hold every underlying for ``maturity`` days.

    Examples
    --------
    >>> check_paths(ReturnPaths(np.zeros((2, 5, 1)), ("sp500",)), ("nasdaq",), 5)
    Traceback (most recent call last):
    ...
    fingan.core.exceptions.ConfigError: the paths have no asset 'nasdaq' (they have sp500)
    """
    missing = [name for name in underlyings if name not in paths.assets]
    if missing:
        raise ConfigError(
            f"the paths have no asset {missing[0]!r} (they have {', '.join(paths.assets)})"
        )
    if paths.horizon < maturity:
        raise ConfigError(
            f"the product runs {maturity} trading days but the paths cover only {paths.horizon}"
        )


class Observations:
    """The levels of a product's underlyings on its observation days, path by path.

    Parameters
    ----------
    paths : ReturnPaths
        Daily log returns, shape (n_paths, horizon, n_assets).
    underlyings : sequence of str
        The assets the product is written on, in the product's order.
    maturity : int
        The holding period in trading days; the levels at maturity are always observed.
    days : iterable of int
        The other day offsets (in ``[0, maturity]``) whose levels the product reads.
    block_bytes : int, default BLOCK_BYTES
        Memory of one block of running sums (see the module's notes).

    Raises
    ------
    ConfigError
        If an underlying is missing from the paths or the paths are shorter than the maturity.
    MissingValueError
        If a path holds a NaN or infinite return before maturity.
    """

    def __init__(
        self,
        paths: ReturnPaths,
        underlyings: Sequence[str],
        maturity: int,
        days: Iterable[int] = (),
        *,
        block_bytes: int = BLOCK_BYTES,
    ) -> None:
        check_paths(paths, underlyings, maturity)
        self._values = paths.values
        self._columns = [paths.assets.index(name) for name in underlyings]
        self._all_columns = self._columns == list(range(len(paths.assets)))
        self._maturity = maturity
        self._block_bytes = block_bytes
        wanted = sorted({int(day) for day in days if day != 0} | {maturity})
        if wanted[0] < 0 or wanted[-1] > maturity:
            raise ValueError(f"observation days must lie in [0, {maturity}]; got {wanted}")
        self._position = {day: index for index, day in enumerate(wanted)}
        self._log_levels = self._levels(np.array(wanted))
        if not np.isfinite(self._log_levels).all():
            raise MissingValueError("the paths hold NaN or infinite returns before maturity")

    @property
    def n_paths(self) -> int:
        """Number of paths."""
        return int(self._values.shape[0])

    @property
    def maturity(self) -> int:
        """The holding period in trading days."""
        return self._maturity

    def log_level(self, day: int) -> FloatArray:
        """Log level of each underlying after ``day`` days, shape (n_paths, n_underlyings)."""
        if day == 0:
            return np.zeros((self.n_paths, len(self._columns)))
        if day not in self._position:
            raise ValueError(f"day {day} is not an observation day of this product")
        return self._log_levels[:, self._position[day]]

    def performance(self, day: int) -> FloatArray:
        """Level of each underlying after ``day`` days over its initial level, (n_paths, k)."""
        return np.exp(self.log_level(day))

    def worst(self, day: int) -> FloatArray:
        """Return the worst underlying's performance after ``day`` days, shape (n_paths,)."""
        worst: FloatArray = np.exp(self.log_level(day).min(axis=1))
        return worst

    def worst_minimum(self, rows: BoolArray | None = None) -> FloatArray:
        """Lowest performance of the worst underlying over days 1 to maturity.

        Parameters
        ----------
        rows : bool ndarray of shape (n_paths,), optional
            The paths to compute it for (default all); the others cost nothing.

        Returns
        -------
        ndarray of shape (rows.sum(),) or (n_paths,)
            ``min over days t and underlyings k`` of ``S_k(t) / S_k(0)``.
        """
        index = np.arange(self.n_paths) if rows is None else np.flatnonzero(rows)
        lowest = np.empty(index.size)
        width = self._maturity * self._values.shape[2] * 8
        step = max(1, self._block_bytes // width)
        contiguous = rows is None
        buffer = np.empty((min(step, index.size), self._maturity, self._values.shape[2]))
        for start in range(0, index.size, step):
            stop = min(start + step, index.size)
            if contiguous:  # a view of the paths, summed into the reused buffer
                block = self._values[start:stop, : self._maturity]
            else:  # the chosen paths, copied
                block = self._values[index[start:stop], : self._maturity]
            sums = buffer[: stop - start]
            np.add.accumulate(block, axis=1, dtype=np.float64, out=sums)
            chosen = sums if self._all_columns else sums[:, :, self._columns]
            lowest[start:stop] = chosen.min(axis=(1, 2))
        return np.exp(lowest)

    def _levels(self, days: npt.NDArray[np.int_]) -> FloatArray:
        """Cumulative log returns at ``days`` (sorted, positive), (n_paths, len(days), k)."""
        starts = np.concatenate([[0], days[:-1]])
        window = self._values[:, : days[-1]]
        n_paths, n_assets = window.shape[0], window.shape[2]
        step = max(1, self._block_bytes // max(1, days[-1] * n_assets * 8))
        sums = np.empty((n_paths, days.size, n_assets))
        for start in range(0, n_paths, step):
            block = window[start : start + step]
            sums[start : start + step] = np.add.reduceat(block, starts, axis=1, dtype=np.float64)
        chosen = sums if self._all_columns else sums[:, :, self._columns]
        levels: FloatArray = np.cumsum(chosen, axis=1)
        return levels
