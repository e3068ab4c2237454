"""Feature reliance of classifiers trained on synthetic rows only, against real rows.

A table generator can match every marginal and still teach a classifier the wrong lesson. The
check here is the one a credit modeller would make: fit the same classifier on real rows and on
synthetic rows only, explain both on the *same* real rows with SHAP values (Lundberg & Lee,
2017), and compare the mean absolute SHAP value of each feature -- how much each classifier
relies on it -- by their Spearman rank correlation (1: the same order of importance).
:func:`column_distances` says where the generated rows differ from the real ones (e.g. the
defaulters), column by column.

SHAP values are estimated by :class:`shap.PermutationExplainer` on the original columns
(categories passed through as codes and decoded before the classifier sees them), so any
prediction callable works and a categorical column is one feature however it is encoded
inside the classifier. Each explanation is checked by a deletion test
(:func:`~fingan.explain.faithfulness.deletion_test`).

References
----------
Lundberg, S. M., & Lee, S.-I. (2017). A unified approach to interpreting model predictions.
*Advances in Neural Information Processing Systems*, 30.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from fingan.core.exceptions import ConfigError, ShapeError
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
from fingan.explain.faithfulness import DeletionTest, deletion_test
from fingan.metrics import column_shapes
from fingan.metrics.encoding import categorical_columns

__all__ = [
    "FeatureReliance",
    "ShapImportance",
    "column_distances",
    "feature_reliance",
    "rank_correlation",
    "shap_importance",
]

FloatArray = npt.NDArray[np.float64]
Predict = Callable[[pd.DataFrame], Any]
"""Maps a table of feature rows to one score per row (e.g. the probability of default)."""

_EXTRA = 'SHAP importances need shap: pip install "fingan[explain]"'


@dataclass(frozen=True)
class ShapImportance:
    """SHAP values of one classifier on a set of rows.

    Attributes
    ----------
    values : pandas.DataFrame
        One SHAP value per row and feature (columns: the features).
    deletion : DeletionTest
        Deletion test of the per-row SHAP values (top-``k`` features replaced by values of
        background rows move the score more than the bottom-``k``).
    """

    values: pd.DataFrame
    deletion: DeletionTest

    @property
    def importance(self) -> pd.Series:
        """Mean absolute SHAP value per feature: how much the classifier relies on it."""
        return self.values.abs().mean().rename("importance")


@dataclass(frozen=True)
class FeatureReliance:
    """Mean absolute SHAP values of several classifiers on the same rows, side by side.

    Attributes
    ----------
    importance : pandas.DataFrame
        Index: the features; one column per classifier (e.g. ``"real"``, ``"gan"``).
    reference : str
        The classifier the others are compared with (trained on real rows).
    rank_correlation : dict of str to float
        Spearman correlation of each other classifier's importances with the reference's.
    deletion : dict of str to DeletionTest
        Deletion test of each classifier's SHAP values.
    n_rows : int
        Rows explained.
    """

    importance: pd.DataFrame
    reference: str
    rank_correlation: dict[str, float]
    deletion: dict[str, DeletionTest] = field(default_factory=dict)
    n_rows: int = 0

    def summary(self) -> str:
        """Return the importances, rank correlations and deletion tests as text."""
        lines = [f"Feature reliance: mean |SHAP| on {self.n_rows} rows"]
        lines.append(self.to_frame().to_string(float_format=lambda value: f"{value:.4f}"))
        for name, value in self.rank_correlation.items():
            lines.append(f"rank correlation {name} vs {self.reference}: {value:.3f}")
        lines.extend(f"{name}: {test.summary()}" for name, test in self.deletion.items())
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """Return the importances, features sorted by the reference's importance."""
        return self.importance.sort_values(self.reference, ascending=False)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "reference": self.reference,
            "n_rows": self.n_rows,
            "importance": {
                name: {str(key): float(value) for key, value in column.items()}
                for name, column in self.importance.items()
            },
            "rank_correlation": {
                name: _plain(value) for name, value in self.rank_correlation.items()
            },
            "deletion": {name: test.to_dict() for name, test in self.deletion.items()},
        }


def shap_importance(
    predict: Predict,
    rows: pd.DataFrame,
    *,
    background: pd.DataFrame | None = None,
    n_background: int = 50,
    n_permutations: int = 5,
    k: int = 3,
    random_state: RandomState = 0,
) -> ShapImportance:
    """Estimate SHAP values of ``predict`` on ``rows`` by the permutation method.

    Parameters
    ----------
    predict : callable
        Maps a table with the columns of ``rows`` to one score per row.
    rows : pandas.DataFrame
        The rows explained (e.g. held-out real rows); numeric and categorical columns.
    background : pandas.DataFrame, optional
        Rows whose values stand in for a "missing" feature (default: ``rows``); also the
        donors of the deletion test.
    n_background : int, default 50
        Background rows used (a random subset when there are more).
    n_permutations : int, default 5
        Feature orderings per row (each evaluated forwards and backwards).
    k : int, default 3
        Features replaced in the deletion test (reduced to ``n_features // 2`` when fewer).
    random_state : int, numpy.random.Generator or None
        Seed of the background subset, the orderings and the deletion test.

    Returns
    -------
    ShapImportance

    Raises
    ------
    ImportError
        If shap is not installed.
    """
    try:
        import shap
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(_EXTRA) from error
    n_background = check_int(n_background, "n_background", minimum=1)
    n_permutations = check_int(n_permutations, "n_permutations", minimum=1)
    background = rows if background is None else background
    codec = _Codec(rows, background)
    x, pool = codec.encode(rows), codec.encode(background)
    seed = draw_seed(random_state)
    rng = np.random.default_rng(seed)
    if len(pool) > n_background:
        pool_sample = pool[rng.choice(len(pool), size=n_background, replace=False)]
    else:
        pool_sample = pool

    def score(matrix: FloatArray) -> FloatArray:
        output = np.asarray(predict(codec.decode(matrix)), dtype=np.float64).reshape(-1)
        if output.shape != (len(matrix),):
            raise ShapeError(f"predict must return one score per row; got {output.shape}")
        return output

    n_features = x.shape[1]
    masker = shap.maskers.Independent(pool_sample, max_samples=len(pool_sample))
    explainer = shap.explainers.Permutation(score, masker, seed=seed % (2**31))
    explanation = explainer(x, max_evals=2 * n_permutations * (n_features + 1), silent=True)
    values = pd.DataFrame(
        np.asarray(explanation.values, dtype=np.float64),
        columns=list(rows.columns),
        index=rows.index,
    )
    test = deletion_test(
        score,
        x,
        values.to_numpy(),
        k=max(1, min(k, n_features // 2)),
        donors=pool,
        random_state=seed,
    )
    return ShapImportance(values=values, deletion=test)


def feature_reliance(
    predictors: Mapping[str, Predict],
    rows: pd.DataFrame,
    *,
    reference: str = "real",
    background: pd.DataFrame | None = None,
    n_background: int = 50,
    n_permutations: int = 5,
    k: int = 3,
    random_state: RandomState = 0,
) -> FeatureReliance:
    """Compare the SHAP importances of several classifiers on the same rows.

    Parameters
    ----------
    predictors : mapping of str to callable
        Score functions by name (e.g. a classifier trained on real rows under ``"real"`` and
        ones trained on each generator's rows only).
    rows : pandas.DataFrame
        The rows explained, the same for all (held-out real rows).
    reference : str, default "real"
        The name the others are compared with.
    background, n_background, n_permutations, k, random_state
        As in :func:`shap_importance` (every classifier gets the same seed).

    Returns
    -------
    FeatureReliance

    Raises
    ------
    ConfigError
        If ``reference`` is not among ``predictors``.
    """
    if reference not in predictors:
        raise ConfigError(f"reference {reference!r} is not among the predictors {list(predictors)}")
    seed = draw_seed(random_state)
    explained = {
        name: shap_importance(
            predict,
            rows,
            background=background,
            n_background=n_background,
            n_permutations=n_permutations,
            k=k,
            random_state=seed,
        )
        for name, predict in predictors.items()
    }
    importance = pd.DataFrame({name: result.importance for name, result in explained.items()})
    correlations = {
        name: rank_correlation(importance[reference], importance[name])
        for name in importance.columns
        if name != reference
    }
    return FeatureReliance(
        importance=importance,
        reference=reference,
        rank_correlation=correlations,
        deletion={name: result.deletion for name, result in explained.items()},
        n_rows=len(rows),
    )


def rank_correlation(first: pd.Series, second: pd.Series) -> float:
    """Spearman rank correlation of two importances over their shared features.

    Returns NaN when either is constant (no order to compare).

    Raises
    ------
    ShapeError
        If they share fewer than two features.
    """
    shared = first.index.intersection(second.index)
    if len(shared) < 2:
        raise ShapeError("the importances share fewer than two features")
    a = first.loc[shared].to_numpy(dtype=np.float64)
    b = second.loc[shared].to_numpy(dtype=np.float64)
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return float("nan")
    return float(stats.spearmanr(a, b).statistic)


def column_distances(real: pd.DataFrame, synthetic: pd.DataFrame) -> pd.Series:
    """How far each column of the synthetic rows is from the real ones, largest first.

    Numeric columns: the Kolmogorov-Smirnov statistic; categorical columns: the total variation
    distance of the category frequencies (``1 - ``:func:`~fingan.metrics.column_shapes`). Give
    e.g. the real and the generated defaulters.

    Returns
    -------
    pandas.Series
        One distance in [0, 1] per column (0: identical marginals), sorted descending.
    """
    distances = (1.0 - column_shapes(real, synthetic)).rename("distance")
    return distances.sort_values(ascending=False, kind="stable")


class _Codec:
    """Turns a mixed table into a float matrix (categories as codes) and back."""

    def __init__(self, *frames: pd.DataFrame) -> None:
        first = frames[0]
        for frame in frames[1:]:
            if list(frame.columns) != list(first.columns):
                raise ShapeError("rows and background must have the same columns in order")
        self.columns = list(first.columns)
        self.dtypes = {column: first[column].dtype for column in self.columns}
        categorical = set(categorical_columns(*frames))
        self.levels: dict[str, pd.Index] = {}
        for column in self.columns:
            if column in categorical:
                pooled = pd.concat([frame[column].astype(object) for frame in frames])
                self.levels[column] = pd.Index(pd.unique(pooled))

    def encode(self, frame: pd.DataFrame) -> FloatArray:
        parts = [
            self.levels[column]
            .get_indexer(pd.Index(frame[column].astype(object)))
            .astype(np.float64)
            if column in self.levels
            else frame[column].to_numpy(dtype=np.float64)
            for column in self.columns
        ]
        return np.column_stack(parts)

    def decode(self, matrix: FloatArray) -> pd.DataFrame:
        data: dict[str, Any] = {}
        for position, column in enumerate(self.columns):
            values = matrix[:, position]
            dtype = self.dtypes[column]
            if column in self.levels:
                codes = np.rint(values).astype(np.intp)
                if isinstance(dtype, pd.CategoricalDtype):  # codes of the dtype: no casting
                    lookup = dtype.categories.get_indexer(self.levels[column])
                    data[column] = pd.Categorical.from_codes(lookup[codes], dtype=dtype)
                else:
                    data[column] = pd.Series(self.levels[column].to_numpy()[codes]).astype(dtype)
            elif pd.api.types.is_integer_dtype(dtype):
                data[column] = pd.Series(np.rint(values)).astype(dtype)
            else:
                data[column] = values
        return pd.DataFrame(data)


def _plain(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
