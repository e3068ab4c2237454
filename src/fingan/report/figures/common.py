"""What the figure modules share: grids of panels, histogram bins, model colours, legends."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from fingan.report.palette import colours

__all__ = [
    "grid_shape",
    "hide_unused",
    "histogram_edges",
    "legend_below",
    "legend_right",
    "model_colour_map",
    "model_handles",
    "robust_edges",
]


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


def robust_edges(
    values: npt.ArrayLike, *, min_bins: int = 10, max_bins: int = 60, widen: float = 0.0
) -> npt.NDArray[np.float64]:
    """Return bin edges of Freedman-Diaconis width over the (widened) range of ``values``.

    The width ``2 IQR / n^(1/3)`` follows the bulk of the data, so a few outliers neither
    squeeze the bins nor multiply them; the count is kept between ``min_bins`` and
    ``max_bins``.

    Examples
    --------
    >>> len(robust_edges(np.arange(1000.0))) - 1
    10
    """
    array = np.asarray(values, dtype=np.float64).ravel()
    array = array[np.isfinite(array)]
    if array.size < 2:
        return histogram_edges(array if array.size else np.zeros(1), min_bins, widen=widen)
    low, high = float(array.min()), float(array.max())
    span = (high - low) * (1.0 + 2.0 * widen)
    q75, q25 = np.percentile(array, [75, 25])
    width = 2.0 * float(q75 - q25) / array.size ** (1.0 / 3.0)
    bins = int(np.ceil(span / width)) if width > 0 and span > 0 else min_bins
    return histogram_edges(array, int(np.clip(bins, min_bins, max_bins)), widen=widen)


def model_colour_map(names: Iterable[object], given: Mapping[str, str] | None) -> dict[str, str]:
    """Return a distinct colour for every name: ``given`` where it has one, unused ones else."""
    order = [str(name) for name in dict.fromkeys(names)]
    base = dict(given or {})
    mapping = {name: base[name] for name in order if name in base}
    spare = (colour for colour in colours(len(base) + len(order)) if colour not in mapping.values())
    return {name: mapping[name] if name in mapping else next(spare) for name in order}


def legend_right(axes: Axes, **kwargs: Any) -> None:
    """Put the legend of ``axes`` to the right of its panel, outside the data."""
    kwargs.setdefault("fontsize", 8)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False,
                **kwargs)  # fmt: skip


def legend_below(figure: Figure, handles: Sequence[Any], labels: Sequence[str]) -> None:
    """Put one legend under the panels of a constrained-layout ``figure``."""
    figure.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 5),
                  frameon=False, fontsize=8)  # fmt: skip


def model_handles(colour_map: Mapping[str, str], **line: Any) -> list[Line2D]:
    """Return one legend line per model in its colour."""
    line.setdefault("lw", 2.0)
    return [Line2D([], [], color=colour, label=name, **line) for name, colour in colour_map.items()]
