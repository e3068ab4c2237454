"""Known answers of the tabular fidelity metrics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import EmptyDataError, MissingValueError, ShapeError
from fingan.datasets.credit import load_german_credit
from fingan.metrics import (
    QualityReport,
    column_pair_trends,
    column_shapes,
    detection_score,
    ml_efficacy,
    quality_score,
)


def _mixed_table(seed: int, n: int = 1_000) -> pd.DataFrame:
    """Correlated numeric columns and a category that depends on them."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    y = 0.8 * x + 0.6 * rng.standard_normal(n)
    label = np.where(x + 0.3 * rng.standard_normal(n) > 0, "high", "low")
    colour = rng.choice(["red", "green", "blue"], size=n, p=[0.5, 0.3, 0.2])
    return pd.DataFrame(
        {
            "x": x,
            "y": y,
            "label": pd.Categorical(label),
            "colour": pd.Series(colour, dtype=object),
        }
    )


@pytest.fixture
def table() -> pd.DataFrame:
    return _mixed_table(0)


def test_identical_tables_score_one(table: pd.DataFrame) -> None:
    shuffled = table.sample(frac=1.0, random_state=1)[["colour", "label", "y", "x"]]
    shapes = column_shapes(table, shuffled)
    trends = column_pair_trends(table, shuffled)
    report = quality_score(table, shuffled)
    np.testing.assert_allclose(shapes.to_numpy(), 1.0)
    np.testing.assert_allclose(trends.to_numpy(), 1.0)
    assert list(shapes.index) == ["x", "y", "label", "colour"]
    assert len(trends) == 6
    assert trends.index.names == ["column_a", "column_b"]
    assert isinstance(report, QualityReport)
    assert report.score == pytest.approx(1.0)
    assert report.to_dict()["score"] == pytest.approx(1.0)


def test_identical_tables_are_undetectable(table: pd.DataFrame) -> None:
    assert detection_score(table, table.copy(), random_state=0) >= 0.8


def test_shuffled_column_keeps_shapes_but_breaks_trends(table: pd.DataFrame) -> None:
    rng = np.random.default_rng(2)
    broken = table.copy()
    broken["x"] = rng.permutation(broken["x"].to_numpy())
    shapes = column_shapes(table, broken)
    trends = column_pair_trends(table, broken)
    np.testing.assert_allclose(shapes.to_numpy(), 1.0)
    assert trends[("x", "y")] < 0.7  # rho 0.8 -> about 0: 1 - 0.8 / 2
    assert trends[("x", "label")] < 0.8
    assert trends[("y", "colour")] == pytest.approx(1.0)
    assert quality_score(table, broken).score < quality_score(table, table).score - 0.05


def test_column_shifted_past_its_range_has_shape_zero(table: pd.DataFrame) -> None:
    span = float(table["y"].max() - table["y"].min())
    shifted = table.assign(y=table["y"] + 1.5 * span)  # no overlap at all: KS = 1
    shapes = column_shapes(table, shifted)
    assert shapes["y"] == pytest.approx(0.0)
    assert shapes["x"] == pytest.approx(1.0)


def test_three_sd_shift_scores_low() -> None:
    # N(0, 1) against N(3, 1): KS = 2 * Phi(1.5) - 1 = 0.866, so the shape is about 0.13.
    rng = np.random.default_rng(3)
    real = pd.DataFrame({"v": rng.standard_normal(2_000)})
    synthetic = pd.DataFrame({"v": rng.standard_normal(2_000) + 3.0})
    assert column_shapes(real, synthetic)["v"] == pytest.approx(1.0 - 0.866, abs=0.05)
    far = pd.DataFrame({"v": rng.standard_normal(2_000) + 12.0})
    assert column_shapes(real, far)["v"] == pytest.approx(0.0, abs=1e-3)


def test_categorical_shape_is_one_minus_tvd() -> None:
    real = pd.DataFrame({"c": ["a"] * 50 + ["b"] * 50})
    synthetic = pd.DataFrame({"c": ["a"] * 80 + ["c"] * 20})
    # p = (0.5, 0.5, 0), q = (0.8, 0, 0.2): TVD = (0.3 + 0.5 + 0.2) / 2 = 0.5
    assert column_shapes(real, synthetic)["c"] == pytest.approx(0.5)


def test_independent_sample_scores_high(table: pd.DataFrame) -> None:
    report = quality_score(table, _mixed_table(10))
    assert report.score > 0.9
    assert detection_score(table, _mixed_table(10), random_state=0) > 0.8


def test_detection_spots_shifted_table(table: pd.DataFrame) -> None:
    shifted = table.assign(x=table["x"] + 3.0)
    assert detection_score(table, shifted, random_state=0) < 0.1


def test_ml_efficacy_identical_when_synthetic_is_real_train() -> None:
    credit = load_german_credit()
    rng = np.random.default_rng(7)
    rows = rng.permutation(len(credit))
    train, test = credit.iloc[rows[:700]], credit.iloc[rows[700:]]
    scores = ml_efficacy(
        train, train.copy(), test, target="creditability", positive="bad", random_state=0
    )
    assert scores[("synthetic", "roc_auc")] == scores[("real", "roc_auc")]
    assert scores[("synthetic", "pr_auc")] == scores[("real", "pr_auc")]
    assert scores[("ratio", "roc_auc")] == pytest.approx(1.0)
    assert scores[("real", "roc_auc")] > 0.65
    assert scores[("real", "pr_auc")] > 0.3  # the positive share


def test_ml_efficacy_single_class_synthetic_scores_chance() -> None:
    credit = load_german_credit()
    train, test = credit.iloc[:700], credit.iloc[700:]
    only_good = train[train["creditability"] == "good"]
    scores = ml_efficacy(
        train, only_good, test, target="creditability", positive="bad", random_state=0
    )
    assert scores[("synthetic", "roc_auc")] == pytest.approx(0.5)
    assert scores[("ratio", "roc_auc")] < 1.0


def test_different_columns_raise_shape_error(table: pd.DataFrame) -> None:
    with pytest.raises(ShapeError, match="different columns"):
        column_shapes(table, table.drop(columns="x"))
    with pytest.raises(ShapeError):
        quality_score(table, table.rename(columns={"x": "z"}))
    with pytest.raises(ShapeError, match="target"):
        ml_efficacy(table, table, table, target="missing", positive="high")


def test_mismatched_kinds_raise_shape_error(table: pd.DataFrame) -> None:
    with pytest.raises(ShapeError, match="categorical"):
        column_shapes(table, table.assign(x=table["x"].astype(str)))


def test_empty_frame_raises_empty_data_error(table: pd.DataFrame) -> None:
    with pytest.raises(EmptyDataError):
        column_shapes(table, table.iloc[:0])
    with pytest.raises(EmptyDataError):
        detection_score(table.iloc[:0], table)


def test_missing_values_rejected(table: pd.DataFrame) -> None:
    with_nan = table.copy()
    with_nan.loc[0, "x"] = np.nan
    with pytest.raises(MissingValueError):
        column_pair_trends(table, with_nan)
