"""Tests of fingan.explain.importance: SHAP feature reliance and column distances."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from fingan.core.exceptions import ConfigError
from fingan.explain.importance import (
    column_distances,
    feature_reliance,
    rank_correlation,
    shap_importance,
)


@pytest.fixture
def table() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 300
    return pd.DataFrame(
        {
            "income": rng.normal(size=n),
            "age": rng.integers(20, 70, size=n),
            "purpose": pd.Categorical(rng.choice(["car", "house", "other"], size=n)),
            "noise": rng.normal(size=n),
            "savings": rng.normal(size=n),
            "debt": rng.normal(size=n),
        }
    )


def _labels(table: pd.DataFrame) -> np.ndarray:
    """Only ``income`` matters."""
    return (table["income"] > 0).to_numpy()


def _fitted(table: pd.DataFrame, labels: np.ndarray):
    numeric = table.drop(columns="purpose").to_numpy(dtype=np.float64)
    model = LogisticRegression().fit(numeric, labels)

    def predict(frame: pd.DataFrame) -> np.ndarray:
        assert set(frame["purpose"].astype(str)) <= {"car", "house", "other"}
        return model.predict_proba(frame.drop(columns="purpose").to_numpy(dtype=np.float64))[:, 1]

    return predict


def test_the_only_feature_that_matters_ranks_first(table: pd.DataFrame) -> None:
    predict = _fitted(table, _labels(table))
    result = shap_importance(
        predict, table.iloc[:40], background=table.iloc[40:], n_background=20, random_state=1
    )
    importance = result.importance
    assert importance.idxmax() == "income"
    assert importance["income"] > 5 * importance.drop("income").max()
    assert result.deletion.passed
    # SHAP values of one row add up to its score minus the mean background score
    assert result.values.shape == (40, table.shape[1])


def test_identical_training_data_give_rank_correlation_one(table: pd.DataFrame) -> None:
    labels = _labels(table) ^ (table["debt"].to_numpy() > 1.2)
    real = _fitted(table, labels)
    same = _fitted(table.copy(), labels.copy())
    result = feature_reliance(
        {"real": real, "synthetic": same}, table.iloc[:30], n_background=20, random_state=0
    )
    assert result.rank_correlation["synthetic"] == pytest.approx(1.0)
    assert set(result.to_dict()["importance"]) == {"real", "synthetic"}
    assert "rank correlation synthetic vs real" in result.summary()


def test_a_classifier_relying_on_another_feature_correlates_less(table: pd.DataFrame) -> None:
    real = _fitted(table, _labels(table))
    other = _fitted(table, (table["savings"] > 0).to_numpy())
    result = feature_reliance(
        {"real": real, "other": other}, table.iloc[:30], n_background=20, random_state=0
    )
    assert result.importance["other"].idxmax() == "savings"
    assert result.rank_correlation["other"] < 0.9


def test_rank_correlation_of_constant_importance_is_nan() -> None:
    a = pd.Series([1.0, 2.0, 3.0], index=list("abc"))
    assert np.isnan(rank_correlation(a, pd.Series(1.0, index=list("abc"))))
    assert rank_correlation(a, a[::-1]) == pytest.approx(1.0)  # aligned by name
    assert rank_correlation(a, -a) == pytest.approx(-1.0)


def test_unknown_reference_is_a_config_error(table: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="reference"):
        feature_reliance({"gan": lambda frame: np.zeros(len(frame))}, table)


def test_column_distances_find_the_shifted_column(table: pd.DataFrame) -> None:
    shifted = table.copy()
    shifted["savings"] = shifted["savings"] + 2.0
    distances = column_distances(table, shifted)
    assert distances.index[0] == "savings"
    assert distances.drop("savings").max() == 0.0


def test_the_reliance_figure_draws_one_bar_per_feature_and_model() -> None:
    from fingan.report.figures.attribution import feature_reliance_figure

    importance = pd.DataFrame(
        {"real": [0.3, 0.1, 0.0], "gan": [0.2, 0.2, 0.1]}, index=["income", "age", "purpose"]
    )
    figure = feature_reliance_figure(importance)
    (axes,) = figure.axes
    assert len(axes.patches) == 6
    assert [label.get_text() for label in axes.get_yticklabels()] == ["purpose", "age", "income"]
