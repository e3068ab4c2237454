"""Which cells of a table hold the best value of their column, for the report to show in bold.

A column's best value is its highest (``"higher"``), its lowest (``"lower"``) or, given a
number, the one closest to that number (a violation rate closest to the expected rate, an
interval's coverage closest to its nominal level). Columns with no best value, such as
p-values, are simply not named. Rows can be compared in groups (``within`` an index level),
so that a table of several targets or classifiers marks the best of each.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"crps": [0.3, 0.1, 0.2], "coverage": [0.95, 0.7, 0.88]})
>>> best_cells(frame, {"crps": "lower", "coverage": 0.9})
{0: [1], 1: [2]}
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Mapping
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["Better", "best_cells"]

Better: TypeAlias = Literal["higher", "lower"] | float
"""Which value of a column is best: the highest, the lowest, or the closest to a number."""

_TIE = 1e-9
"""Values within this share of the column's largest magnitude tie (all of them are marked)."""


def best_cells(
    frame: pd.DataFrame,
    better: Mapping[Any, Better],
    *,
    within: Hashable | None = None,
    values: pd.DataFrame | None = None,
) -> dict[int, list[int]]:
    """Return ``{column position: row positions}`` of the best value of each named column.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table shown.
    better : mapping
        ``{column: "higher" | "lower" | number}``; a number means the value closest to it is
        best. Columns not in ``frame`` are ignored.
    within : hashable, optional
        An index level (name or position): the best value is found separately among the rows
        of each of its values. By default all rows are compared.
    values : pandas.DataFrame, optional
        The numbers compared, with the index and columns of ``frame``, when its cells are text
        (``"0.61 [0.58, 0.64]"``). By default the numbers of ``frame`` itself.

    Returns
    -------
    dict of int to list of int
        Rows tied for the best are all marked; missing values never are; where every row of a
        group ties (or a group has one value), nothing is marked, since nothing was beaten.

    Raises
    ------
    ValueError
        If a direction is neither ``"higher"``, ``"lower"`` nor a finite number.
    """
    numbers_shown = frame if values is None else values.reindex(frame.index)
    if within is None:
        groups = [np.arange(len(frame))]
    else:
        positions = pd.Series(np.arange(len(frame)), index=frame.index)
        groups = [
            np.asarray(rows, dtype=np.int64)
            for rows in positions.groupby(level=within, sort=False).indices.values()
        ]
    best: dict[int, list[int]] = {}
    for column, direction in better.items():
        _check_direction(column, direction)
        if column not in frame.columns or column not in numbers_shown.columns:
            continue
        position = frame.columns.get_loc(column)
        if not isinstance(position, int):
            continue
        column_values = pd.to_numeric(numbers_shown[column], errors="coerce")
        distance = _distance(column_values.to_numpy(dtype=float), direction)
        marked = [int(row) for rows in groups for row in _best_of(distance, rows)]
        if marked:
            best[position] = sorted(marked)
    return best


def _check_direction(column: object, direction: object) -> None:
    if direction in ("higher", "lower"):
        return
    if (
        not isinstance(direction, bool)
        and isinstance(direction, numbers.Real)
        and math.isfinite(direction)
    ):
        return
    raise ValueError(
        f"better[{column!r}] must be 'higher', 'lower' or a finite number, got {direction!r}"
    )


def _distance(values: npt.NDArray[np.float64], direction: Better) -> npt.NDArray[np.float64]:
    """How far each value is from the best conceivable one (smaller is better)."""
    if direction == "higher":
        return -values
    if direction == "lower":
        return values
    return np.abs(values - float(direction))


def _best_of(distance: npt.NDArray[np.float64], rows: npt.NDArray[np.int64]) -> list[int]:
    """Rows of one group at the smallest distance; none when all of them tie."""
    finite = rows[np.isfinite(distance[rows])]
    if finite.size < 2:
        return []
    scores = distance[finite]
    tolerance = _TIE * max(float(np.abs(scores).max()), 1e-300)
    winners = finite[scores <= scores.min() + tolerance]
    return [] if winners.size == finite.size else winners.tolist()
