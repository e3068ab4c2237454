"""SDMetrics' quality score of a synthetic table: column shapes and column-pair trends.

:func:`quality_score` reproduces ``sdmetrics.reports.single_table.QualityReport`` (SDMetrics
0.32, DataCebo) to floating-point rounding, with the metadata SDMetrics would be given for the
table: a column that :func:`fingan.data.tables.column_kind` calls categorical has SDMetrics type
``categorical`` (``boolean`` for ``bool`` columns, which SDMetrics treats alike), any other
column ``numerical``. ``bench/sdmetrics_check.py`` runs SDMetrics itself beside it.

- **Column shapes**: per column, ``KSComplement`` (``1 - KS``, the two-sample
  Kolmogorov-Smirnov statistic, on values rounded to 14 decimals) for numeric columns and
  ``TVComplement`` (``1 - TVD`` of the category frequencies) for categorical ones; the property
  score is their mean.
- **Column-pair trends**: a pair of numeric columns scores ``CorrelationSimilarity``,
  ``1 - |rho_real - rho_synthetic| / 2`` with Pearson's correlation; any other pair scores
  ``ContingencySimilarity``, ``1 - TVD`` of the two normalised contingency tables, a numeric
  column of the pair first cut into ``n_bins`` (10) bins of equal width. As in SDMetrics, each
  table's numeric column is cut over *its own* range (:func:`numpy.histogram_bin_edges` and
  :func:`numpy.digitize`; the column's maximum lands in a bin of its own), so bin ``k`` of the
  synthetic table covers other values than bin ``k`` of the real one when the ranges differ.
- **Which pairs count**: SDMetrics' report averages only the pairs that are dependent in the
  real table: ``|rho_real| > 0.5`` for numeric pairs and Cramér's V of the real contingency
  table ``> 0.3`` for the others (:data:`SDMETRICS_CORRELATION_THRESHOLD`,
  :data:`SDMETRICS_ASSOCIATION_THRESHOLD`). On German Credit that is 6 of 210 pairs, so the
  property score rests on few pairs; thresholds of 0 average every pair, as SDMetrics' report
  did before it added them (a numeric pair still counts only where ``rho_real != 0``).
- **Overall score**: the mean of the two property scores (the column-shape score alone when no
  pair counts).

A pair with a constant numeric column in either table has no correlation: SDMetrics scores it
as an error and leaves it out, and so does fingan. SDMetrics computes contingency pairs of
tables over 50,000 rows on a random subsample of 50,000 rows; fingan always uses every row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats
from scipy.stats.contingency import association

from fingan.core.exceptions import ConfigError
from fingan.core.validation import check_int
from fingan.metrics.encoding import (
    categorical_columns,
    category_codes,
    check_comparable,
    numeric_values,
)

__all__ = [
    "SDMETRICS_ASSOCIATION_THRESHOLD",
    "SDMETRICS_CORRELATION_THRESHOLD",
    "QualityReport",
    "column_pair_trends",
    "column_shapes",
    "pair_dependence",
    "quality_score",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

SDMETRICS_CORRELATION_THRESHOLD = 0.5
"""``|rho|`` a numeric pair must exceed in the real table to count (SDMetrics' default)."""

SDMETRICS_ASSOCIATION_THRESHOLD = 0.3
"""Cramér's V any other pair must exceed in the real table to count (SDMetrics' default)."""

_N_BINS = 10
_KS_DECIMALS = 14  # SDMetrics rounds to sys.float_info.dig - 1 decimals before the KS test
_UNSEEN_COUNT = 1e-6  # SDMetrics' count, in the real table, of a category only synthetic has


@dataclass(frozen=True)
class QualityReport:
    """Overall fidelity of a synthetic table, as SDMetrics' quality report defines it.

    Attributes
    ----------
    score : float
        Mean of the column-shape score and the column-pair-trend score, in [0, 1]; the
        column-shape score alone when no pair counts (a single column, or no pair dependent
        enough in the real table).
    column_shapes : pandas.Series
        Output of :func:`column_shapes`.
    column_pair_trends : pandas.Series
        Output of :func:`column_pair_trends`: every pair, counted or not.
    real_dependence : pandas.Series
        Output of :func:`pair_dependence` for the real table.
    counted : pandas.Series
        Per pair, whether it enters the column-pair-trend score.
    """

    score: float
    column_shapes: pd.Series
    column_pair_trends: pd.Series
    real_dependence: pd.Series
    counted: pd.Series

    @property
    def column_shape_score(self) -> float:
        """Mean column shape."""
        return float(self.column_shapes.mean())

    @property
    def pair_trend_score(self) -> float:
        """Mean trend of the counted pairs; NaN when none counts."""
        counted = self.column_pair_trends[self.counted.to_numpy(dtype=bool)]
        return float(counted.mean()) if len(counted) else float("nan")

    def summary(self) -> str:
        """One line: the score, both property scores and how many pairs count."""
        return (
            f"quality {self.score:.3f} (column shapes {self.column_shape_score:.3f}, "
            f"column-pair trends {self.pair_trend_score:.3f} over "
            f"{int(self.counted.sum())} of {len(self.counted)} pairs)"
        )

    def to_dict(self) -> dict[str, float]:
        """Return the overall score and the two property scores as plain floats, for JSON."""
        return {
            "score": self.score,
            "column_shapes": self.column_shape_score,
            "column_pair_trends": self.pair_trend_score,
        }


def column_shapes(real: pd.DataFrame, synthetic: pd.DataFrame) -> pd.Series:
    """Similarity of each column's marginal distribution in the two tables.

    Numeric columns score ``1 - KS``, the two-sample Kolmogorov-Smirnov statistic (largest gap
    between the empirical CDFs); categorical columns score ``1 - TVD``, the total variation
    distance ``0.5 * sum_k |p_k - q_k|`` between the category frequencies (SDMetrics'
    ``KSComplement`` and ``TVComplement``, including their rounding of numbers to 14 decimals
    and their count of ``1e-6`` real rows for a category only the synthetic table holds).

    Parameters
    ----------
    real, synthetic : pandas.DataFrame
        Tables with the same set of columns (the order may differ).

    Returns
    -------
    pandas.Series
        One value in [0, 1] per column of ``real``, 1 when the marginals are identical.
    """
    synthetic = check_comparable(real, synthetic, ("real", "synthetic"))
    categorical = categorical_columns(real, synthetic)
    shapes: dict[str, float] = {}
    for column in real.columns:
        if column in categorical:
            (real_codes, synthetic_codes), n_levels = category_codes(
                real[column], synthetic[column]
            )
            shapes[column] = 1.0 - _category_tvd(real_codes, synthetic_codes, n_levels)
        else:
            statistic = stats.ks_2samp(
                np.round(numeric_values(real[column]), _KS_DECIMALS),
                np.round(numeric_values(synthetic[column]), _KS_DECIMALS),
            )
            shapes[column] = 1.0 - float(statistic.statistic)
    return pd.Series(shapes, name="column_shape", dtype=np.float64)


def column_pair_trends(
    real: pd.DataFrame, synthetic: pd.DataFrame, *, n_bins: int = _N_BINS
) -> pd.Series:
    """Similarity of the dependence between every pair of columns in the two tables.

    A pair of numeric columns scores ``1 - |rho_real - rho_synthetic| / 2`` with Pearson's
    correlation (NaN when a column of the pair is constant in either table). Any other pair
    scores ``1 - TVD`` of the two normalised 2-D contingency tables, after each numeric column
    of the pair is cut into ``n_bins`` equal-width bins over its range in each table separately,
    as SDMetrics does (see the module notes). :func:`quality_score` averages only some pairs.

    Parameters
    ----------
    real, synthetic : pandas.DataFrame
        Tables with the same set of columns (the order may differ).
    n_bins : int
        Equal-width bins per numeric column in mixed pairs.

    Returns
    -------
    pandas.Series
        One value in [0, 1] per pair ``(a, b)`` with ``a`` before ``b`` in ``real``'s column
        order, indexed by a two-level MultiIndex; empty for a single column.
    """
    synthetic = check_comparable(real, synthetic, ("real", "synthetic"))
    n_bins = check_int(n_bins, "n_bins", minimum=1)
    categorical = categorical_columns(real, synthetic)
    trends: dict[tuple[str, str], float] = {}
    for (first, second), real_pair, synthetic_pair in _pairs(real, synthetic, n_bins):
        if first not in categorical and second not in categorical:
            rho_real = _pearson(numeric_values(real[first]), numeric_values(real[second]))
            rho_synthetic = _pearson(
                numeric_values(synthetic[first]), numeric_values(synthetic[second])
            )
            trends[(first, second)] = 1.0 - abs(rho_real - rho_synthetic) / 2.0
        else:
            trends[(first, second)] = 1.0 - _pair_tvd(real_pair, synthetic_pair)
    return _pair_series(trends, "pair_trend")


def pair_dependence(table: pd.DataFrame, *, n_bins: int = _N_BINS) -> pd.Series:
    """Strength of the dependence between every pair of columns of one table.

    ``|rho|``, Pearson's correlation, for a pair of numeric columns (NaN when one is constant);
    Cramér's V of the contingency table (without continuity correction) for any other pair,
    numeric columns cut as in :func:`column_pair_trends` (NaN when a column of the pair takes a
    single value or bin). These are the figures SDMetrics compares with its thresholds.

    Parameters
    ----------
    table : pandas.DataFrame
        The table, with no missing values.
    n_bins : int
        Equal-width bins per numeric column in mixed pairs.

    Returns
    -------
    pandas.Series
        One value in [0, 1] per pair, indexed like :func:`column_pair_trends`.
    """
    table = check_comparable(table, table, ("table", "table"))
    n_bins = check_int(n_bins, "n_bins", minimum=1)
    categorical = categorical_columns(table)
    dependence: dict[tuple[str, str], float] = {}
    for (first, second), pair, _ in _pairs(table, table, n_bins):
        if first not in categorical and second not in categorical:
            rho = _pearson(numeric_values(table[first]), numeric_values(table[second]))
            dependence[(first, second)] = abs(rho)
        else:
            dependence[(first, second)] = _cramers_v(*pair)
    return _pair_series(dependence, "dependence")


def quality_score(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    real_correlation_threshold: float = SDMETRICS_CORRELATION_THRESHOLD,
    real_association_threshold: float = SDMETRICS_ASSOCIATION_THRESHOLD,
) -> QualityReport:
    """SDMetrics' quality score: the mean of the column-shape and column-pair-trend scores.

    Parameters
    ----------
    real, synthetic : pandas.DataFrame
        Tables with the same set of columns (the order may differ).
    real_correlation_threshold : float
        A numeric pair counts when ``|rho|`` in ``real`` exceeds it (SDMetrics: 0.5).
    real_association_threshold : float
        Any other pair counts when Cramér's V in ``real`` exceeds it (SDMetrics: 0.3); at 0
        every such pair counts.

    Returns
    -------
    QualityReport
        The score in [0, 1] (1 = identical marginals and pairwise trends) and its parts.
    """
    for value, name in (
        (real_correlation_threshold, "real_correlation_threshold"),
        (real_association_threshold, "real_association_threshold"),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ConfigError(f"{name} must be in [0, 1]; got {value!r}")
    shapes = column_shapes(real, synthetic)
    trends = column_pair_trends(real, synthetic)
    dependence = pair_dependence(real)
    numeric = set(real.columns) - set(categorical_columns(real))
    both_numeric = np.array([a in numeric and b in numeric for a, b in trends.index], dtype=bool)
    strength = dependence.to_numpy()
    strong = np.where(
        both_numeric,
        strength > real_correlation_threshold,
        (strength > real_association_threshold) | (real_association_threshold == 0.0),
    )
    counted = pd.Series(strong & trends.notna().to_numpy(), index=trends.index, name="counted")
    shape_score = float(shapes.mean())
    pair_score = float(trends[counted].mean()) if counted.any() else float("nan")
    return QualityReport(
        score=shape_score if np.isnan(pair_score) else float(np.mean([shape_score, pair_score])),
        column_shapes=shapes,
        column_pair_trends=trends,
        real_dependence=dependence,
        counted=counted,
    )


Codes = tuple[IntArray, IntArray, int]


def _pairs(
    real: pd.DataFrame, synthetic: pd.DataFrame, n_bins: int
) -> Iterator[tuple[tuple[str, str], Codes, Codes]]:
    """Every pair with its codes in each table: ``(codes_a, codes_b, levels_b)``."""
    categorical = categorical_columns(real, synthetic)
    codes: dict[str, tuple[IntArray, IntArray, int]] = {}
    for column in real.columns:
        if column in categorical:
            (real_codes, synthetic_codes), n_levels = category_codes(
                real[column], synthetic[column]
            )
            codes[column] = (real_codes, synthetic_codes, n_levels)
        else:
            codes[column] = (
                _bin_codes(numeric_values(real[column]), n_bins),
                _bin_codes(numeric_values(synthetic[column]), n_bins),
                n_bins + 2,
            )
    for first, second in combinations(real.columns, 2):
        real_a, synthetic_a, _ = codes[first]
        real_b, synthetic_b, levels_b = codes[second]
        yield (first, second), (real_a, real_b, levels_b), (synthetic_a, synthetic_b, levels_b)


def _pair_series(values: dict[tuple[str, str], float], name: str) -> pd.Series:
    index = pd.MultiIndex.from_tuples(list(values), names=["column_a", "column_b"])
    if not values:
        index = pd.MultiIndex.from_arrays([[], []], names=["column_a", "column_b"])
    return pd.Series(list(values.values()), index=index, name=name, dtype=np.float64)


def _bin_codes(values: FloatArray, n_bins: int) -> IntArray:
    """SDMetrics' discretisation: equal-width bins over the values' own range, 0..n_bins + 1."""
    edges = np.histogram_bin_edges(values, bins=n_bins)
    return np.digitize(values, bins=edges).astype(np.intp)


def _pair_tvd(real: Codes, synthetic: Codes) -> float:
    """Total variation distance of the joint frequencies of two pairs of codes."""
    levels_b = real[2]
    n_real = len(real[0])
    cells = np.concatenate([real[0] * levels_b + real[1], synthetic[0] * levels_b + synthetic[1]])
    _, cell_codes = np.unique(cells, return_inverse=True)
    n_cells = int(cell_codes.max()) + 1
    p = np.bincount(cell_codes[:n_real], minlength=n_cells) / n_real
    q = np.bincount(cell_codes[n_real:], minlength=n_cells) / (len(cells) - n_real)
    return float(np.clip(0.5 * np.abs(p - q).sum(), 0.0, 1.0))


def _category_tvd(real: IntArray, synthetic: IntArray, n_levels: int) -> float:
    """SDMetrics' TVD of category frequencies, counting unseen categories as 1e-6 real rows."""
    real_counts = np.bincount(real, minlength=n_levels).astype(np.float64)
    synthetic_counts = np.bincount(synthetic, minlength=n_levels).astype(np.float64)
    real_counts[(real_counts == 0) & (synthetic_counts > 0)] = _UNSEEN_COUNT
    p = real_counts / real_counts.sum()
    q = synthetic_counts / synthetic_counts.sum()
    return float(np.clip(0.5 * np.abs(p - q).sum(), 0.0, 1.0))


def _cramers_v(codes_a: IntArray, codes_b: IntArray, levels_b: int) -> float:
    counts = np.zeros((int(codes_a.max()) + 1, levels_b), dtype=np.int64)
    np.add.at(counts, (codes_a, codes_b), 1)
    counts = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]
    if min(counts.shape) < 2:
        return float("nan")
    return float(association(counts, method="cramer"))


def _pearson(x: FloatArray, y: FloatArray) -> float:
    """Pearson's correlation; NaN when either is constant (SDMetrics: an error, not scored)."""
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.clip(stats.pearsonr(x, y).statistic, -1.0, 1.0))
