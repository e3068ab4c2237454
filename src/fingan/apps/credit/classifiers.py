"""The default classifiers of the credit study: scikit-learn pipelines scored on a test fold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from fingan.core.threads import one_openmp_thread
from fingan.metrics.classification import classification_scores
from fingan.metrics.encoding import (
    categorical_columns,
    encoder_input,
    learned_encoder,
    native_categorical,
)

__all__ = ["CLASSIFIERS", "METRICS", "fit_classifier", "score_classifier"]

CLASSIFIERS: tuple[str, ...] = ("gradient_boosting", "logistic")
"""Classifiers :func:`~fingan.apps.credit.evaluate_credit` can train."""

METRICS: dict[str, bool] = {
    "pr_auc": True,
    "roc_auc": True,
    "recall_at_80_precision": True,
    "brier": False,
}
"""Scores of the test folds (:func:`fingan.metrics.classification_scores`), each mapped to
whether higher is better."""


def score_classifier(
    classifier: str,
    train: pd.DataFrame,
    test: pd.DataFrame,
    target: str,
    positive: Any,
    seed: int,
) -> dict[str, float]:
    """Fit one classifier on ``train`` and score it on ``test`` by :data:`METRICS`.

    Every column but ``target`` is a feature. The encoding of the features is learnt from
    ``train`` alone (:func:`fingan.metrics.encoding.learned_encoder`): categories unseen there
    are ignored (one-hot, logistic regression) or treated as missing (gradient boosting).

    Parameters
    ----------
    classifier : str
        One of :data:`CLASSIFIERS`.
    train, test : pandas.DataFrame
        Training and test rows with the same columns.
    target : str
        The label column.
    positive : object
        The label of the positive class.
    seed : int
        Seed of the classifier.
    """
    predict = fit_classifier(classifier, train, target, positive, seed)
    probabilities = predict(test)
    return classification_scores((test[target] == positive).to_numpy(), probabilities)


def fit_classifier(
    classifier: str,
    train: pd.DataFrame,
    target: str,
    positive: Any,
    seed: int,
) -> Callable[[pd.DataFrame], np.ndarray]:
    """Fit one classifier on ``train``; return the probability of ``positive`` for any rows.

    Every column but ``target`` is a feature, encoded as :func:`score_classifier` describes.
    The returned function reads the feature columns of the rows it is given (``target`` may be
    absent) and returns one probability per row.
    """
    features = [column for column in train.columns if column != target]
    categorical = categorical_columns(train[features])
    x_train = encoder_input(train[features], categorical)
    model = _pipeline(classifier, x_train, categorical, seed)
    with one_openmp_thread():
        model.fit(x_train, (train[target] == positive).to_numpy())

    def predict(rows: pd.DataFrame) -> np.ndarray:
        x = encoder_input(rows[features], categorical)
        with one_openmp_thread():
            return np.asarray(model.predict_proba(x)[:, 1], dtype=np.float64)

    return predict


def _pipeline(name: str, x_train: pd.DataFrame, categorical: list[str], seed: int) -> Pipeline:
    """Return an unfitted pipeline whose encodings are learnt from the training rows in ``fit``."""
    numeric = [column for column in x_train.columns if column not in categorical]
    if name == "logistic":
        encode = learned_encoder("one_hot", categorical, numeric)
        return Pipeline([("encode", encode), ("model", LogisticRegression(max_iter=2000))])
    encode = learned_encoder("ordinal", categorical, numeric)
    native = [native_categorical(x_train[column].nunique()) for column in categorical]
    model = HistGradientBoostingClassifier(
        categorical_features=np.array(native + [False] * len(numeric)),
        early_stopping=False,
        random_state=seed,
    )
    return Pipeline([("encode", encode), ("model", model)])
