"""Nearest neighbours in mixed numeric/categorical tables, as the anonymeter attacks search them.

The distance between two rows is a sum over columns: for a numeric column the absolute
difference divided by the column's range over *both* tables searched together (so every
term is at most 1), for a categorical column 0 when the values are equal and 1 otherwise —
a Gower distance, the one anonymeter's ``MixedTypeKNeighbors`` uses. Ties are broken by the
lower candidate index. Columns are read as :mod:`fingan.metrics.encoding` describes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.metrics.encoding import (
    categorical_columns,
    category_codes,
    check_comparable,
    numeric_values,
)

__all__ = ["mixed_neighbours"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_CHUNK_CELLS = 2**22  # query rows x candidate rows held in memory at once


def mixed_neighbours(
    candidates: pd.DataFrame, queries: pd.DataFrame, n_neighbors: int = 1
) -> IntArray:
    """Positions of each query row's nearest candidate rows, closest first.

    Parameters
    ----------
    candidates : pandas.DataFrame
        The rows searched (e.g. the synthetic table restricted to the attacker's columns).
    queries : pandas.DataFrame
        The rows whose neighbours are wanted; the same set of columns.
    n_neighbors : int, default 1
        Neighbours per query row (at most the number of candidates).

    Returns
    -------
    numpy.ndarray of shape (len(queries), n_neighbors)
        Row positions in ``candidates``.

    Examples
    --------
    A different category weighs as much as the whole numeric range:

    >>> candidates = pd.DataFrame({"x": [0.0, 10.0], "c": ["a", "b"]})
    >>> queries = pd.DataFrame({"x": [9.0, 9.0], "c": ["a", "b"]})
    >>> mixed_neighbours(candidates, queries).tolist()
    [[0], [1]]
    """
    queries = check_comparable(candidates, queries, ("candidates", "queries"))
    n_neighbors = min(int(n_neighbors), len(candidates))
    categorical = categorical_columns(candidates, queries)
    scaled: list[tuple[FloatArray, FloatArray]] = []
    exact: list[tuple[IntArray, IntArray]] = []
    for column in candidates.columns:
        if column in categorical:
            (candidate_codes, query_codes), _ = category_codes(candidates[column], queries[column])
            exact.append((candidate_codes, query_codes))
            continue
        candidate_values = numeric_values(candidates[column])
        query_values = numeric_values(queries[column])
        both = np.concatenate([candidate_values, query_values])
        span = float(np.ptp(both))
        span = span if span > 0 else 1.0
        scaled.append((candidate_values / span, query_values / span))
    chunk = max(1, _CHUNK_CELLS // len(candidates))
    found = np.empty((len(queries), n_neighbors), dtype=np.intp)
    for start in range(0, len(queries), chunk):
        stop = min(start + chunk, len(queries))
        total = np.zeros((stop - start, len(candidates)), dtype=np.float64)  # (queries, candidates)
        for candidate_values, query_values in scaled:
            total += np.abs(query_values[start:stop, None] - candidate_values[None, :])
        for candidate_codes, query_codes in exact:
            total += query_codes[start:stop, None] != candidate_codes[None, :]
        found[start:stop] = np.argsort(total, axis=1, kind="stable")[:, :n_neighbors]
    return found
