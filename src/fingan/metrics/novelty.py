"""Novelty of generated windows: new windows, or copies of those a model was trained on.

Scores such as TimeGAN's discriminative and predictive scores compare generated windows with
the very windows the generator was trained on, so a generator that copies training windows wins
them. :func:`novelty_ratio` puts the distance from generated windows to their nearest training
window beside the distance between real windows that do not overlap in time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fingan.core.exceptions import ShapeError, TooFewRowsError

__all__ = ["NoveltyRatio", "nearest_distances", "novelty_ratio"]

FloatArray = npt.NDArray[np.float64]
_CHUNK = 512  # query rows per block of the distance matrix


@dataclass(frozen=True)
class NoveltyRatio:
    """Median nearest-neighbour distances of generated and real windows, and their ratio.

    Attributes
    ----------
    ratio : float
        ``generated_median / real_median``: 0 for copies of training windows; at least 1 when
        generated windows are as far from the training windows as real windows from other,
        non-overlapping real windows.
    generated_median : float
        Median Euclidean distance from each generated window to its nearest training window.
    real_median : float
        Median Euclidean distance from each real window to its nearest real window that does
        not overlap it in time.
    """

    ratio: float
    generated_median: float
    real_median: float

    def summary(self) -> str:
        """One line: the ratio and both medians."""
        return (
            f"novelty ratio {self.ratio:.3f} (generated→train median {self.generated_median:.4g}"
            f", real→non-overlapping real median {self.real_median:.4g})"
        )

    def to_dict(self) -> dict[str, float]:
        """Return the three numbers by name."""
        return {
            "ratio": self.ratio,
            "generated_median": self.generated_median,
            "real_median": self.real_median,
        }


def nearest_distances(
    queries: npt.ArrayLike,
    reference: npt.ArrayLike,
    *,
    query_starts: npt.ArrayLike | None = None,
    reference_starts: npt.ArrayLike | None = None,
    min_gap: int = 0,
) -> FloatArray:
    """Euclidean distance from each query window to its nearest reference window.

    Parameters
    ----------
    queries, reference : array-like of shape (n, window, n_features) or (n, d)
        Windows, compared flattened.
    query_starts, reference_starts : array-like of int, optional
        Time index at which each window starts; with ``min_gap > 0`` both are required, and a
        reference window whose start is closer than ``min_gap`` to the query's is skipped.
    min_gap : int, default 0
        Skip reference windows starting fewer than this many days from the query's start
        (``window`` excludes every window that overlaps in time).

    Returns
    -------
    numpy.ndarray of shape (n_queries,)
    """
    query = _flat(queries, "queries")
    ref = _flat(reference, "reference")
    if query.shape[1] != ref.shape[1]:
        raise ShapeError(
            f"queries have {query.shape[1]} values per window, reference {ref.shape[1]}"
        )
    if min_gap > 0:
        if query_starts is None or reference_starts is None:
            raise ShapeError("min_gap needs query_starts and reference_starts")
        q_starts = _starts(query_starts, len(query), "query_starts")
        r_starts = _starts(reference_starts, len(ref), "reference_starts")
    ref_norms = np.einsum("ij,ij->i", ref, ref)
    nearest = np.empty(len(query))
    for begin in range(0, len(query), _CHUNK):
        block = query[begin : begin + _CHUNK]
        squared = np.einsum("ij,ij->i", block, block)[:, None] + ref_norms[None] - 2 * block @ ref.T
        if min_gap > 0:
            gap = np.abs(q_starts[begin : begin + _CHUNK, None] - r_starts[None])
            squared = np.where(gap < min_gap, np.inf, squared)
        nearest[begin : begin + len(block)] = squared.min(axis=1)
    if not bool(np.isfinite(nearest).all()):
        raise TooFewRowsError("some window has no reference window far enough from it in time")
    return np.sqrt(np.maximum(nearest, 0.0))


def novelty_ratio(
    generated: npt.ArrayLike,
    real: npt.ArrayLike,
    *,
    starts: npt.ArrayLike | None = None,
) -> NoveltyRatio:
    """How far generated windows are from the training windows, relative to real windows.

    The median distance from each generated window to its nearest real (training) window,
    divided by the median distance from each real window to its nearest real window that does
    not overlap it in time. A generator that copies training windows scores 0; one whose
    windows are as new as the real windows are to each other scores about 1.

    Parameters
    ----------
    generated : array-like of shape (n_generated, window, n_features)
        Generated windows, on the same scale as ``real``.
    real : array-like of shape (n_real, window, n_features)
        The training windows.
    starts : array-like of int of shape (n_real,), optional
        Time index at which each real window starts (any order). Default: ``0, 1, 2, ...``,
        windows in time order with stride 1.

    Returns
    -------
    NoveltyRatio
    """
    generated_values = np.asarray(generated, dtype=np.float64)
    real_values = np.asarray(real, dtype=np.float64)
    if real_values.ndim != 3 or generated_values.ndim != 3:
        raise ShapeError("generated and real windows must have shape (n, window, n_features)")
    window = real_values.shape[1]
    real_starts = np.arange(len(real_values)) if starts is None else starts
    generated_median = float(np.median(nearest_distances(generated_values, real_values)))
    real_median = float(
        np.median(
            nearest_distances(
                real_values,
                real_values,
                query_starts=real_starts,
                reference_starts=real_starts,
                min_gap=window,
            )
        )
    )
    ratio = generated_median / real_median if real_median > 0 else float("nan")
    return NoveltyRatio(ratio=ratio, generated_median=generated_median, real_median=real_median)


def _flat(values: npt.ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim < 2:
        raise ShapeError(f"{name} must hold windows of shape (n, ...); got {array.shape}")
    if len(array) == 0:
        raise TooFewRowsError(f"{name} holds no windows")
    if not bool(np.isfinite(array).all()):
        raise ShapeError(f"{name} hold NaN or infinite values")
    return array.reshape(len(array), -1)


def _starts(values: npt.ArrayLike, n: int, name: str) -> npt.NDArray[np.int64]:
    array = np.asarray(values)
    if array.shape != (n,) or not np.issubdtype(array.dtype, np.integer):
        raise ShapeError(f"{name} must be {n} integers; got shape {array.shape}")
    return array.astype(np.int64)
