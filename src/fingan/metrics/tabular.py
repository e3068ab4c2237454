"""Fidelity of synthetic tables with numeric and categorical columns.

The scores follow SDMetrics (DataCebo) and the CTGAN paper (Xu et al., 2019): SDMetrics' quality
score (column shapes and column-pair trends, which compare marginals and pairwise dependence) lives
in :mod:`fingan.metrics.quality` and is re-exported here; the detection score asks whether a
classifier can tell the two tables apart, and machine-learning efficacy asks whether a model
trained on the synthetic table predicts the real test set as well as one trained on real data.

A column's kind is decided by :func:`fingan.data.tables.column_kind` (``category``, ``object``,
string and ``bool`` columns are categorical, other numbers numeric); the same column must have
the same kind in every table compared. Missing values are rejected with :class:`MissingValueError`.
Tables are encoded as :mod:`fingan.metrics.encoding` describes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from fingan.core.exceptions import DataValidationError, ShapeError, TooFewRowsError
from fingan.core.random import RandomState, library_seed
from fingan.core.threads import one_openmp_thread
from fingan.metrics.encoding import check_comparable, one_hot_standardised, ordinal_encode
from fingan.metrics.quality import QualityReport, column_pair_trends, column_shapes, quality_score

__all__ = [
    "QualityReport",
    "column_pair_trends",
    "column_shapes",
    "detection_score",
    "ml_efficacy",
    "quality_score",
]

_N_FOLDS = 5


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
