"""Fidelity of synthetic tables with numeric and categorical columns.

The scores follow SDMetrics (DataCebo) and the CTGAN paper (Xu et al., 2019): column shapes and
column-pair trends compare marginals and pairwise dependence, the detection score asks whether a
classifier can tell the two tables apart, and machine-learning efficacy asks whether a model
trained on the synthetic table predicts the real test set as well as one trained on real data.

A column's kind is decided by :func:`fingan.data.tables.column_kind` (``category``, ``object``,
string and ``bool`` columns are categorical, other numbers numeric); the same column must have
the same kind in every table compared. Missing values are rejected with :class:`MissingValueError`.
Tables are encoded as :mod:`fingan.metrics.encoding` describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from fingan.core.exceptions import DataValidationError, ShapeError, TooFewRowsError
from fingan.core.random import RandomState, library_seed
from fingan.core.threads import one_openmp_thread
from fingan.core.validation import check_int
from fingan.metrics.encoding import (
    categorical_columns,
    category_codes,
    check_comparable,
    numeric_values,
    one_hot_standardised,
    ordinal_encode,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_N_BINS = 10
_N_FOLDS = 5


@dataclass(frozen=True)
class QualityReport:
    """Overall fidelity of a synthetic table, as SDMetrics' quality report defines it.

    Attributes
    ----------
    score : float
        Mean of the mean column shape and the mean column-pair trend, in [0, 1]; 1 when the
        marginals and pairwise dependence of the two tables agree exactly. With a single
        column there are no pairs and the score is the mean column shape.
    column_shapes : pandas.Series
        Output of :func:`column_shapes`.
    column_pair_trends : pandas.Series
        Output of :func:`column_pair_trends`.
    """

    score: float
    column_shapes: pd.Series
    column_pair_trends: pd.Series

    def to_dict(self) -> dict[str, float]:
        """Return the overall score and the two means as plain floats, for JSON."""
        return {
            "score": self.score,
            "column_shapes": float(self.column_shapes.mean()),
            "column_pair_trends": float(self.column_pair_trends.mean())
            if len(self.column_pair_trends)
            else float("nan"),
        }


def column_shapes(real: pd.DataFrame, synthetic: pd.DataFrame) -> pd.Series:
    """Similarity of each column's marginal distribution in the two tables.

    Numeric columns score ``1 - KS``, the two-sample Kolmogorov-Smirnov statistic (largest gap
    between the empirical CDFs); categorical columns score ``1 - TVD``, the total variation
    distance ``0.5 * sum_k |p_k - q_k|`` between the category frequencies.

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
            shapes[column] = 1.0 - _tvd(
                _frequencies(real_codes, n_levels), _frequencies(synthetic_codes, n_levels)
            )
        else:
            statistic = stats.ks_2samp(
                numeric_values(real[column]), numeric_values(synthetic[column])
            )
            shapes[column] = 1.0 - float(statistic.statistic)
    return pd.Series(shapes, name="column_shape", dtype=np.float64)


def column_pair_trends(
    real: pd.DataFrame, synthetic: pd.DataFrame, *, n_bins: int = _N_BINS
) -> pd.Series:
    """Similarity of the dependence between every pair of columns in the two tables.

    A pair of numeric columns scores ``1 - |rho_real - rho_synthetic| / 2`` with Pearson's
    correlation (a constant column counts as uncorrelated). Any other pair scores ``1 - TVD`` of
    the two normalised 2-D contingency tables, after each numeric column of the pair is cut into
    ``n_bins`` bins at the quantiles of its real values (the outer bins are open, so synthetic
    values outside the real range still count).

    Parameters
    ----------
    real, synthetic : pandas.DataFrame
        Tables with the same set of columns (the order may differ).
    n_bins : int
        Quantile bins per numeric column in mixed pairs (fewer when the real values repeat).

    Returns
    -------
    pandas.Series
        One value in [0, 1] per pair ``(a, b)`` with ``a`` before ``b`` in ``real``'s column
        order, indexed by a two-level MultiIndex; empty for a single column.
    """
    synthetic = check_comparable(real, synthetic, ("real", "synthetic"))
    n_bins = check_int(n_bins, "n_bins", minimum=2)
    categorical = categorical_columns(real, synthetic)
    codes: dict[str, tuple[IntArray, IntArray, int]] = {}
    for column in real.columns:
        if column in categorical:
            (real_codes, synthetic_codes), n_levels = category_codes(
                real[column], synthetic[column]
            )
            codes[column] = (real_codes, synthetic_codes, n_levels)
        else:
            codes[column] = _bin_codes(
                numeric_values(real[column]), numeric_values(synthetic[column]), n_bins
            )
    trends: dict[tuple[str, str], float] = {}
    for first, second in combinations(real.columns, 2):
        if first not in categorical and second not in categorical:
            rho_real = _pearson(numeric_values(real[first]), numeric_values(real[second]))
            rho_synthetic = _pearson(
                numeric_values(synthetic[first]), numeric_values(synthetic[second])
            )
            trends[(first, second)] = 1.0 - abs(rho_real - rho_synthetic) / 2.0
        else:
            real_a, synthetic_a, levels_a = codes[first]
            real_b, synthetic_b, levels_b = codes[second]
            n_cells = levels_a * levels_b
            trends[(first, second)] = 1.0 - _tvd(
                _frequencies(real_a * levels_b + real_b, n_cells),
                _frequencies(synthetic_a * levels_b + synthetic_b, n_cells),
            )
    index = pd.MultiIndex.from_tuples(list(trends), names=["column_a", "column_b"])
    return pd.Series(list(trends.values()), index=index, name="pair_trend", dtype=np.float64)


def quality_score(real: pd.DataFrame, synthetic: pd.DataFrame) -> QualityReport:
    """Overall fidelity: the mean of the mean column shape and the mean column-pair trend.

    Parameters
    ----------
    real, synthetic : pandas.DataFrame
        Tables with the same set of columns (the order may differ).

    Returns
    -------
    QualityReport
        The score in [0, 1] (1 = identical marginals and pairwise trends) and both breakdowns.
    """
    shapes = column_shapes(real, synthetic)
    trends = column_pair_trends(real, synthetic)
    parts = [float(shapes.mean())]
    if len(trends):
        parts.append(float(trends.mean()))
    return QualityReport(
        score=float(np.mean(parts)), column_shapes=shapes, column_pair_trends=trends
    )


def detection_score(
    real: pd.DataFrame, synthetic: pd.DataFrame, *, random_state: RandomState = None
) -> float:
    """How hard it is for a classifier to tell real rows from synthetic ones.

    SDMetrics' ``LogisticDetection``: the rows of both tables are labelled by origin, categorical
    columns are one-hot encoded over the categories of both tables and numeric columns are
    standardised with the mean and standard deviation of the pooled rows; a logistic regression
    is scored by ROC-AUC in stratified 5-fold cross-validation. The mean AUC becomes
    ``2 * (1 - max(auc, 0.5))``. A linear model sees differences in marginals and in linear
    dependence, not subtle non-linear ones, so a high score is necessary, not sufficient.

    Parameters
    ----------
    real, synthetic : pandas.DataFrame
        Tables with the same set of columns and at least 5 rows each.
    random_state : int, numpy.random.Generator or None
        Seed of the folds.

    Returns
    -------
    float
        In [0, 1]: 1 when the classifier does no better than chance, 0 when it separates the
        two tables perfectly.
    """
    synthetic = check_comparable(real, synthetic, ("real", "synthetic"))
    if min(len(real), len(synthetic)) < _N_FOLDS:
        raise TooFewRowsError(f"detection_score needs at least {_N_FOLDS} rows per table")
    seed = library_seed(random_state)
    features = one_hot_standardised(real, synthetic)
    labels = np.repeat([1, 0], [len(real), len(synthetic)])
    folds = StratifiedKFold(n_splits=_N_FOLDS, shuffle=True, random_state=seed)
    aucs = []
    for train_rows, test_rows in folds.split(features, labels):
        model = LogisticRegression(max_iter=1000)
        model.fit(features[train_rows], labels[train_rows])
        probabilities = model.predict_proba(features[test_rows])[:, 1]
        aucs.append(float(roc_auc_score(labels[test_rows], probabilities)))
    return 2.0 * (1.0 - max(float(np.mean(aucs)), 0.5))


def ml_efficacy(
    real_train: pd.DataFrame,
    synthetic: pd.DataFrame,
    real_test: pd.DataFrame,
    *,
    target: str,
    positive: object,
    random_state: RandomState = None,
) -> pd.Series:
    """Machine-learning efficacy: train on synthetic, test on real, against train on real.

    The same classifier, scikit-learn's ``HistGradientBoostingClassifier`` (default
    hyperparameters, no early stopping, categorical columns handled natively as integer codes
    over the categories of all three tables; a column with more than
    :data:`~fingan.metrics.encoding.MAX_NATIVE_CATEGORIES` categories is passed as its codes
    instead), is fitted once on ``synthetic`` and once on ``real_train`` to predict
    ``target == positive``, with the same seed, and both are scored on ``real_test``. A training
    table that holds only one class gives a constant prediction (ROC-AUC 0.5, PR-AUC equal to
    the positive share of ``real_test``).

    Parameters
    ----------
    real_train, synthetic, real_test : pandas.DataFrame
        Tables with the same set of columns, including ``target``.
    target : str
        The label column; every other column is a feature.
    positive : object
        The label value that counts as the positive class.
    random_state : int, numpy.random.Generator or None
        Seed of the classifiers.

    Returns
    -------
    pandas.Series
        ROC-AUC (``roc_auc``) and PR-AUC (``pr_auc``, average precision) of the model trained
        on ``"synthetic"`` and on ``"real"``, and their ``"ratio"`` (synthetic / real; 1 means
        the synthetic table is as useful as the real one), indexed by ``(source, metric)``.
    """
    synthetic = check_comparable(real_train, synthetic, ("real_train", "synthetic"))
    real_test = check_comparable(real_train, real_test, ("real_train", "real_test"))
    if target not in real_train.columns:
        raise ShapeError(f"target column {target!r} is not in the tables")
    labels_test = (real_test[target] == positive).to_numpy(dtype=np.int64)
    if labels_test.min() == labels_test.max():
        raise DataValidationError(f"real_test must hold both {positive!r} and other labels")
    encoded, native = ordinal_encode(
        [frame.drop(columns=target) for frame in (real_train, synthetic, real_test)]
    )
    seed = library_seed(random_state)
    scores: dict[tuple[str, str], float] = {}
    for source, features, frame in (
        ("synthetic", encoded[1], synthetic),
        ("real", encoded[0], real_train),
    ):
        labels = (frame[target] == positive).to_numpy(dtype=np.int64)
        if labels.min() == labels.max():
            scores_test = np.zeros(len(labels_test))
        else:
            model = HistGradientBoostingClassifier(
                categorical_features=native, early_stopping=False, random_state=seed
            )
            with one_openmp_thread():
                model.fit(features, labels)
                scores_test = model.predict_proba(encoded[2])[:, 1]
        scores[(source, "roc_auc")] = float(roc_auc_score(labels_test, scores_test))
        scores[(source, "pr_auc")] = float(average_precision_score(labels_test, scores_test))
    for metric in ("roc_auc", "pr_auc"):
        scores[("ratio", metric)] = scores[("synthetic", metric)] / scores[("real", metric)]
    index = pd.MultiIndex.from_tuples(list(scores), names=["source", "metric"])
    return pd.Series(list(scores.values()), index=index, name="ml_efficacy", dtype=np.float64)


def _bin_codes(
    real: FloatArray, synthetic: FloatArray, n_bins: int
) -> tuple[IntArray, IntArray, int]:
    """Bin indices of both samples at the inner quantiles of the real one."""
    edges = np.unique(np.quantile(real, np.linspace(0.0, 1.0, n_bins + 1)[1:-1]))
    real_codes = np.searchsorted(edges, real, side="right").astype(np.intp)
    synthetic_codes = np.searchsorted(edges, synthetic, side="right").astype(np.intp)
    return real_codes, synthetic_codes, len(edges) + 1


def _frequencies(codes: IntArray, n_levels: int) -> FloatArray:
    counts: FloatArray = np.bincount(codes, minlength=n_levels).astype(np.float64)
    frequencies: FloatArray = counts / counts.sum()
    return frequencies


def _tvd(p: FloatArray, q: FloatArray) -> float:
    return float(np.clip(0.5 * np.abs(p - q).sum(), 0.0, 1.0))


def _pearson(x: FloatArray, y: FloatArray) -> float:
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return 0.0
    return float(np.clip(np.corrcoef(x, y)[0, 1], -1.0, 1.0))
