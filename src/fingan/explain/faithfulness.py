"""Is an explanation faithful? A deletion test for any attribution of any model.

An attribution says which inputs a model relies on. :func:`deletion_test` checks the claim the
way a sceptic would: for every row it replaces the ``k`` features the attribution ranks highest
(by absolute value; ties in random order) with the values of another row, and, separately,
the ``k`` it ranks lowest, and measures how much the model's output moves. If the attribution
is faithful, deleting the top features moves the output more than deleting the bottom ones.
The test reports the mean gap (top change minus bottom change) with a percentile bootstrap
interval over rows; it passes when the interval lies above zero.

Replacing by values of other rows (rather than by zeros or a mean) keeps the perturbed inputs
on the data's own marginals, so a model is not judged on inputs it never sees. The top and the
bottom deletion of a row use the same donor rows, so the two changes are paired.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from fingan.core.exceptions import ConfigError, ShapeError
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int

__all__ = ["DeletionTest", "deletion_test"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class DeletionTest:
    """How much the output moves when the top-k or the bottom-k attributed features are replaced.

    Attributes
    ----------
    top_change : float
        Mean absolute change of the output when a row's top-``k`` features are replaced.
    bottom_change : float
        The same when its bottom-``k`` features are replaced.
    gap : float
        ``top_change - bottom_change``.
    low, high : float
        Percentile bootstrap interval of ``gap`` over rows, at ``level``.
    k : int
        Features replaced each time.
    passed : bool
        Whether ``low > 0``: deleting the top features moves the output more, significantly.
    level : float
        Coverage of the interval.
    n_rows : int
        Rows tested.
    """

    top_change: float
    bottom_change: float
    gap: float
    low: float
    high: float
    k: int
    passed: bool
    level: float = 0.95
    n_rows: int = 0

    def summary(self) -> str:
        """Return the test as one line of text."""
        verdict = "passed" if self.passed else "FAILED"
        return (
            f"deletion test (k={self.k}, {self.n_rows} rows): top {self.top_change:.4g}, "
            f"bottom {self.bottom_change:.4g}, gap {self.gap:.4g} "
            f"[{self.low:.4g}, {self.high:.4g}] at {self.level:.0%}: {verdict}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict (non-finite numbers as ``None``)."""
        return {
            key: (float(value) if np.isfinite(value) else None)
            if isinstance(value, float)
            else value
            for key, value in asdict(self).items()
        }


def deletion_test(
    predict: Callable[[np.ndarray], np.ndarray],
    features: np.ndarray,
    attributions: np.ndarray,
    *,
    k: int = 3,
    donors: np.ndarray | None = None,
    paired: bool = False,
    n_repeats: int = 20,
    n_boot: int = 1000,
    level: float = 0.95,
    random_state: RandomState = 0,
) -> DeletionTest:
    """Test an attribution by deleting the features it ranks highest and lowest.

    Parameters
    ----------
    predict : callable
        Maps a ``(m, n_features)`` array to ``m`` outputs (e.g. one-day VaR per row).
    features : numpy.ndarray
        The rows explained, shape ``(n_rows, n_features)``.
    attributions : numpy.ndarray
        Per-row attributions, shape ``(n_rows, n_features)``, or one global attribution,
        shape ``(n_features,)``; features are ranked by absolute value.
    k : int
        Features replaced each time; at most ``n_features // 2`` so the top and bottom sets
        are disjoint.
    donors : numpy.ndarray, optional
        Rows the replacement values are drawn from, shape ``(n_donors, n_features)``; by
        default the other rows of ``features``.
    paired : bool, default False
        Row ``i`` takes its replacement values from ``donors[i]`` (e.g. the day before, to
        test an attribution of the change from it); ``donors`` must then have the shape of
        ``features``, and ``n_repeats`` is 1.
    n_repeats : int
        Donor rows drawn per row; the changes are averaged over them.
    n_boot : int
        Bootstrap resamples of the rows.
    level : float
        Coverage of the interval, in (0, 1).
    random_state : int, numpy.random.Generator or None
        Seed of the donor draws and the bootstrap.

    Returns
    -------
    DeletionTest

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(50, 6))
    >>> result = deletion_test(lambda rows: 3.0 * rows[:, 0], x, np.eye(6)[0], k=2)
    >>> result.passed, result.bottom_change
    (True, 0.0)
    """
    x = _matrix(features, "features")
    n_rows, n_features = x.shape
    k = check_int(k, "k", minimum=1)
    if 2 * k > n_features:
        raise ConfigError(
            f"k must be at most n_features // 2 = {n_features // 2} so that the top and bottom "
            f"features differ; got {k}"
        )
    n_repeats = check_int(n_repeats, "n_repeats", minimum=1)
    n_boot = check_int(n_boot, "n_boot", minimum=1)
    if not 0.0 < level < 1.0:
        raise ConfigError(f"level must be in (0, 1); got {level!r}")
    weights = np.abs(_attribution_matrix(attributions, x.shape))
    pool = x if donors is None else _matrix(donors, "donors")
    if pool.shape[1] != n_features:
        raise ShapeError(f"donors must have {n_features} columns; got {pool.shape[1]}")
    if paired and pool.shape != x.shape:
        raise ShapeError(f"paired donors must have the shape of features {x.shape}")
    if donors is None and n_rows < 2:
        raise ShapeError("features must have at least 2 rows to draw donors from other rows")
    rng = np.random.default_rng(draw_seed(random_state))

    tie_break = rng.random(weights.shape)  # ties ranked at random, not by column order
    order = np.lexsort((tie_break, -weights), axis=1)  # (n_rows, n_features), largest first
    top, bottom = order[:, :k], order[:, -k:]
    if paired:
        picks = np.arange(n_rows)[:, None]
    elif donors is None:  # another row: draw from n_rows - 1 and skip the row itself
        picks = rng.integers(0, n_rows - 1, size=(n_rows, n_repeats))
        picks = picks + (picks >= np.arange(n_rows)[:, None])
    else:
        picks = rng.integers(0, pool.shape[0], size=(n_rows, n_repeats))
    base = _predict(predict, x, n_rows)
    top_change = _mean_change(predict, x, pool, picks, top, base)
    bottom_change = _mean_change(predict, x, pool, picks, bottom, base)
    gaps = top_change - bottom_change  # (n_rows,)

    resamples = rng.integers(0, n_rows, size=(n_boot, n_rows))
    boot = gaps[resamples].mean(axis=1)
    tail = 50.0 * (1.0 - level)
    low, high = (float(value) for value in np.percentile(boot, [tail, 100.0 - tail]))
    return DeletionTest(
        top_change=float(top_change.mean()),
        bottom_change=float(bottom_change.mean()),
        gap=float(gaps.mean()),
        low=low,
        high=high,
        k=k,
        passed=bool(low > 0.0),
        level=float(level),
        n_rows=n_rows,
    )


def _matrix(values: np.ndarray, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] < 1 or array.shape[1] < 2:
        raise ShapeError(f"{name} must be a 2-D array with at least 2 columns; got {array.shape}")
    if not np.isfinite(array).all():
        raise ShapeError(f"{name} hold NaN or infinite values")
    return array


def _attribution_matrix(attributions: np.ndarray, shape: tuple[int, int]) -> FloatArray:
    array = np.asarray(attributions, dtype=np.float64)
    if array.shape == (shape[1],):
        array = np.broadcast_to(array, shape)
    if array.shape != shape:
        raise ShapeError(
            f"attributions must have shape {shape} or ({shape[1]},); got {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ShapeError("attributions hold NaN or infinite values")
    return array


def _predict(predict: Callable[[np.ndarray], np.ndarray], rows: FloatArray, n: int) -> FloatArray:
    output = np.asarray(predict(rows), dtype=np.float64).reshape(-1)
    if output.shape != (n,):
        raise ShapeError(f"predict must return one value per row ({n}); got {output.shape}")
    return output


def _mean_change(
    predict: Callable[[np.ndarray], np.ndarray],
    x: FloatArray,
    pool: FloatArray,
    picks: npt.NDArray[np.int64],
    columns: npt.NDArray[np.intp],
    base: FloatArray,
) -> FloatArray:
    """Mean over repeats of ``|predict(row with columns from a donor) - predict(row)|``."""
    n_rows, n_repeats = picks.shape
    perturbed = np.repeat(x[:, None, :], n_repeats, axis=1)  # (n_rows, n_repeats, n_features)
    rows = np.arange(n_rows)[:, None, None]
    reps = np.arange(n_repeats)[None, :, None]
    cols = columns[:, None, :]  # (n_rows, 1, k)
    perturbed[rows, reps, cols] = pool[picks[:, :, None], cols]
    flat = perturbed.reshape(n_rows * n_repeats, x.shape[1])
    output = _predict(predict, flat, flat.shape[0]).reshape(n_rows, n_repeats)
    change: FloatArray = np.abs(output - base[:, None]).mean(axis=1)
    return change
