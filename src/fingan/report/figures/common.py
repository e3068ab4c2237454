"""What the figure modules share: grids of panels and histogram bins."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["grid_shape", "hide_unused", "histogram_edges"]


def grid_shape(n_panels: int, max_columns: int) -> tuple[int, int]:
    """Return the rows and columns of a grid of ``n_panels`` panels at most ``max_columns`` wide.

    Examples
    --------
    >>> grid_shape(5, 3)
    (2, 3)
    >>> grid_shape(2, 4)
    (1, 2)
    """
    columns = max(1, min(max_columns, n_panels))
    rows = max(1, -(-n_panels // columns))
    return rows, columns


def hide_unused(axes: npt.NDArray[Any], n_used: int) -> None:
    """Hide every panel of a grid after the first ``n_used`` (in row order)."""
    for panel in np.ravel(axes)[n_used:]:
        panel.set_visible(False)


def histogram_edges(
    values: npt.ArrayLike, bins: int, *, widen: float = 0.0
) -> npt.NDArray[np.float64]:
    """Return ``bins + 1`` equal-width bin edges over the range of ``values``.

    Parameters
    ----------
    values : array-like
        The sample whose range the bins span (the real data, so every sample shares them).
    bins : int
        Number of bins.
    widen : float
        Share of the range added on each side (0.2 leaves room for wider synthetic tails).
        A constant sample spans a range of one.

    Examples
    --------
    >>> histogram_edges([0.0, 1.0, 2.0], 4).tolist()
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    array = np.asarray(values, dtype=np.float64)
    low, high = float(array.min()), float(array.max())
    if not high > low:
        high = low + 1.0
    pad = widen * (high - low)
    return np.linspace(low - pad, high + pad, bins + 1)
