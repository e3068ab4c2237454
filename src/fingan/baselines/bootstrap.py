"""Stationary block bootstrap of whole rows of returns (Politis & Romano, 1994)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from arch.bootstrap import optimal_block_length

from fingan.baselines.base import FloatArray, PathBaseline
from fingan.core.exceptions import ConfigError

__all__ = ["StationaryBootstrapBaseline"]


class StationaryBootstrapBaseline(PathBaseline):
    """Paths glued from blocks of consecutive days of real returns, of random length.

    The stationary bootstrap of Politis & Romano (1994) resamples whole rows, so each day keeps
    every asset's return of one real date and the cross-correlation with it; within a block
    the days follow each other as in the data, so short-range dependence such as volatility
    clustering survives up to the block length. Each path starts at a uniformly drawn day;
    every following day either continues the block with the next day of data (probability
    ``1 - 1 / block_length``) or starts a new block at a uniformly drawn day. Block lengths
    are therefore geometric with mean ``block_length``. A block that runs past the last day
    wraps around to the first, as ``arch.bootstrap.StationaryBootstrap`` does, so every day is
    equally likely to be drawn.

    Paths are drawn for all paths at once in NumPy; ``arch`` only chooses the block length.

    Parameters
    ----------
    block_length : float or None, default None
        Expected block length in days, at least 1 (1 is the i.i.d. bootstrap of rows).
        ``None`` chooses it in ``fit`` with ``arch.bootstrap.optimal_block_length`` (the
        Politis & White (2004) rule, with the Patton, Politis & White (2009) correction): the
        ``"stationary"`` estimate of each asset, the largest over assets, and at least 1.

    Attributes
    ----------
    assets_ : tuple of str
        The fitted asset names.
    block_length_ : float
        The expected block length used for sampling.
    returns_ : ndarray of shape (n_rows, n_assets)
        The fitted returns, the rows that paths are made of.

    Notes
    -----
    At least 10 rows are needed to fit. Paths never hold a return that is not in the data:
    tails and crashes are exactly those of the sample.

    References
    ----------
    Politis, D. N., & Romano, J. P. (1994). The stationary bootstrap. *Journal of the American
    Statistical Association*, 89(428), 1303-1313.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> model = StationaryBootstrapBaseline(block_length=20).fit(load_sp500())
    >>> model.sample(1000, 252, random_state=0).values.shape
    (1000, 252, 1)
    """

    def __init__(self, *, block_length: float | None = None) -> None:
        self.block_length = block_length

    def _check_params(self) -> None:
        value = self.block_length
        if value is None:
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float | np.integer | np.floating)
            or not np.isfinite(value)
            or value < 1
        ):
            raise ConfigError(f"block_length must be a number >= 1 or None; got {value!r}")

    def _min_rows(self) -> int:
        return 10

    def _fit_values(self, values: FloatArray) -> None:
        if self.block_length is None:
            estimates = optimal_block_length(values)["stationary"].to_numpy(dtype=np.float64)
            self.block_length_ = float(max(1.0, np.nanmax(estimates, initial=1.0)))
        else:
            self.block_length_ = float(self.block_length)
        self.returns_ = values.copy()

    def _simulate(self, n_paths: int, horizon: int, rng: np.random.Generator) -> FloatArray:
        rows = stationary_bootstrap_indices(
            len(self.returns_), n_paths, horizon, self.block_length_, rng
        )
        return self.returns_[rows]  # (n_paths, horizon, n_assets)


def stationary_bootstrap_indices(
    n_rows: int,
    n_paths: int,
    horizon: int,
    block_length: float,
    rng: np.random.Generator,
) -> npt.NDArray[np.intp]:
    """Draw the row indices of stationary-bootstrap paths, all paths at once.

    Parameters
    ----------
    n_rows : int
        Number of rows in the data.
    n_paths, horizon : int
        Shape of the result.
    block_length : float
        Expected block length, at least 1.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    ndarray of shape (n_paths, horizon)
        Row indices in ``[0, n_rows)``: within a block each index is the previous one plus
        one, modulo ``n_rows``.
    """
    new_block = rng.random((n_paths, horizon)) < 1.0 / block_length  # (n_paths, horizon)
    new_block[:, 0] = True
    flat = new_block.ravel()
    starts_at = np.flatnonzero(flat)  # flat position where each block begins
    first_row = rng.integers(0, n_rows, size=len(starts_at), dtype=np.intp)
    # Within block b, flat position i holds row first_row[b] + (i - starts_at[b]).
    shift = first_row - starts_at  # (n_blocks,)
    block = np.cumsum(flat, dtype=np.intp)  # 1 + the block each flat position belongs to
    block -= 1
    rows: npt.NDArray[np.intp] = np.arange(flat.size, dtype=np.intp)
    rows += shift[block]
    rows %= n_rows
    return rows.reshape(n_paths, horizon)
