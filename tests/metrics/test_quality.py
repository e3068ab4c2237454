"""SDMetrics' quality score: known answers, and SDMetrics itself as the reference.

``test_matches_sdmetrics`` runs ``sdmetrics`` beside fingan where it is importable. It cannot be
installed beside fingan's own stack (sdmetrics 0.32 pins pandas < 3), so it is skipped there;
run this file with a Python that has both, e.g. a virtual environment with
``--system-site-packages`` and ``pip install sdmetrics==0.32.0``. The figures in
``test_matches_recorded_sdmetrics`` were recorded that way, from SDMetrics 0.32.0 on the same
table, so the comparison also runs where SDMetrics is missing.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError
from fingan.datasets.credit import load_german_credit
from fingan.metrics.quality import (
    SDMETRICS_ASSOCIATION_THRESHOLD,
    SDMETRICS_CORRELATION_THRESHOLD,
    QualityReport,
    column_pair_trends,
    column_shapes,
    pair_dependence,
    quality_score,
)

NO_THRESHOLDS = {"real_correlation_threshold": 0.0, "real_association_threshold": 0.0}


def perturbed_credit() -> tuple[pd.DataFrame, pd.DataFrame]:
    """German Credit and a damaged copy built from integer draws only (stable across numpy).

    The copy resamples the rows, breaks the links of ``age_in_years`` and ``purpose``, adds
    noise with decimals to ``credit_amount``, gives ``job`` a category the real table lacks and
    makes ``number_of_people_being_liable_to_provide_maintenance_for`` constant.
    """
    real = load_german_credit()
    real = real.astype({name: str for name in real.columns if real[name].dtype == "category"})
    rng = np.random.default_rng(20261130)
    n = len(real)
    synthetic = real.iloc[rng.integers(0, n, n)].reset_index(drop=True)
    for name in ("age_in_years", "purpose"):
        synthetic[name] = synthetic[name].to_numpy()[rng.permutation(n)]
    synthetic["credit_amount"] = synthetic["credit_amount"] + rng.integers(-900, 901, n) / 7.0
    synthetic.loc[rng.integers(0, n, 30), "job"] = "robot"
    synthetic["number_of_people_being_liable_to_provide_maintenance_for"] = 1
    return real, synthetic


def random_table(seed: int, n: int) -> pd.DataFrame:
    """Mixed columns with dependence, a boolean, a rare category and a wide numeric range."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    y = 0.7 * x + 0.5 * rng.standard_normal(n)
    level = np.where(x + 0.4 * rng.standard_normal(n) > 0.2, "high", "low")
    colour = rng.choice(["red", "green", "blue", "violet"], size=n, p=[0.5, 0.3, 0.18, 0.02])
    return pd.DataFrame(
        {
            "x": x,
            "y": y * 1e4,
            "count": rng.poisson(np.exp(0.5 * x + 1.0)),
            "level": pd.Categorical(level),
            "colour": colour,
            "flag": rng.random(n) < 0.3 + 0.4 * (x > 0),
        }
    )


# Recorded with sdmetrics 0.32.0 (QualityReport, text categories, metadata as in _metadata) on
# perturbed_credit(): overall score, column shapes, column pair trends; thresholds 0.5 / 0.3
# and 0 / 0.
RECORDED = {
    "default": (0.9673048867483903, 0.9708571428737142, 0.9637526306230665),
    "no_thresholds": (0.9252693896450284, 0.9708571428737142, 0.8796816364163427),
}


def _metadata(table: pd.DataFrame) -> dict[str, Any]:
    def sdtype(column: pd.Series) -> str:
        if pd.api.types.is_bool_dtype(column.dtype):
            return "boolean"
        return "numerical" if pd.api.types.is_numeric_dtype(column.dtype) else "categorical"

    return {"columns": {name: {"sdtype": sdtype(table[name])} for name in table.columns}}


def test_matches_recorded_sdmetrics() -> None:
    real, synthetic = perturbed_credit()
    for key, thresholds in (("default", {}), ("no_thresholds", NO_THRESHOLDS)):
        report = quality_score(real, synthetic, **thresholds)
        measured = (report.score, report.column_shape_score, report.pair_trend_score)
        np.testing.assert_allclose(measured, RECORDED[key], rtol=0, atol=1e-9)


@pytest.mark.parametrize("case", ["credit", "random", "small"])
def test_matches_sdmetrics(case: str) -> None:
    pytest.importorskip("sdmetrics", reason="sdmetrics is not installed (it needs pandas < 3)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        from sdmetrics.reports.single_table import (  # type: ignore[import-not-found]
            QualityReport as SDMetricsReport,
        )

    if case == "credit":
        real, synthetic = perturbed_credit()
    elif case == "random":
        real = random_table(0, 800)
        synthetic = random_table(1, 600).assign(x=lambda frame: frame["x"] * 1.3 + 0.2)
    else:  # a constant column, an unseen category and a value far out of range
        real = random_table(2, 40)
        synthetic = random_table(3, 25).assign(count=4)
        synthetic.loc[0, "colour"] = "black"
        synthetic.loc[1, "y"] = 1e7
    for thresholds in ({}, NO_THRESHOLDS):
        reference = SDMetricsReport()
        if thresholds:
            reference.real_correlation_threshold = 0
            reference.real_association_threshold = 0
        reference.generate(real, synthetic, _metadata(real), verbose=False)
        ours = quality_score(real, synthetic, **thresholds)
        properties = reference.get_properties()["Score"].to_numpy(dtype=float)
        assert ours.score == pytest.approx(reference.get_score(), abs=1e-9)
        assert ours.column_shape_score == pytest.approx(properties[0], abs=1e-9)
        np.testing.assert_allclose(ours.pair_trend_score, properties[1], atol=1e-9)
        shapes = reference.get_details("Column Shapes")["Score"].to_numpy(dtype=float)
        np.testing.assert_allclose(ours.column_shapes.to_numpy(), shapes, atol=1e-9)
        details = reference.get_details("Column Pair Trends")
        counted = details["Meets Threshold?"].fillna(False).to_numpy(dtype=bool)
        counted &= details["Score"].notna().to_numpy()
        np.testing.assert_array_equal(ours.counted.to_numpy(), counted)
        scored = ours.column_pair_trends.to_numpy()[counted]
        expected = details["Score"].to_numpy(dtype=float)[counted]
        np.testing.assert_allclose(scored, expected, atol=1e-9)


def test_identical_tables_score_one() -> None:
    table = random_table(0, 500)
    report = quality_score(table, table.sample(frac=1.0, random_state=0))
    assert report.score == pytest.approx(1.0)
    np.testing.assert_allclose(report.column_pair_trends.to_numpy(), 1.0)
    assert report.to_dict() == pytest.approx(
        {"score": 1.0, "column_shapes": 1.0, "column_pair_trends": 1.0}
    )


def test_only_dependent_pairs_count() -> None:
    table = random_table(0, 2_000)
    dependence = pair_dependence(table)
    # x and y: rho = 0.7 / sqrt(0.74) = 0.81; colour is independent of everything.
    assert dependence[("x", "y")] == pytest.approx(0.81, abs=0.03)
    assert dependence[("x", "colour")] < 0.1
    report = quality_score(table, random_table(1, 2_000))
    strong = (dependence > SDMETRICS_ASSOCIATION_THRESHOLD).to_numpy(copy=True)
    strong[0] = dependence.iloc[0] > SDMETRICS_CORRELATION_THRESHOLD  # (x, y): numeric pair
    np.testing.assert_array_equal(report.counted.to_numpy(), strong)
    assert 0 < report.counted.sum() < len(report.counted)
    assert report.pair_trend_score == pytest.approx(
        report.column_pair_trends[report.counted].mean()
    )
    everything = quality_score(table, random_table(1, 2_000), **NO_THRESHOLDS)
    assert everything.counted.all()
    assert "over 15 of 15 pairs" in everything.summary()


def test_mixed_pairs_bin_each_table_over_its_own_range() -> None:
    # SDMetrics cuts each table's column into 10 equal-width bins of its own range, so a
    # column shifted far away keeps its pair trends while its shape drops to zero.
    table = random_table(0, 500)
    shifted = table.assign(x=table["x"] + 100.0)
    assert column_shapes(table, shifted)["x"] == pytest.approx(0.0)
    trends = column_pair_trends(table, shifted)
    assert trends[("x", "level")] == pytest.approx(1.0)
    assert trends[("x", "y")] == pytest.approx(1.0)


def test_unseen_category_counts_as_a_tiny_real_share() -> None:
    real = pd.DataFrame({"c": ["a"] * 50 + ["b"] * 50})
    synthetic = pd.DataFrame({"c": ["a"] * 80 + ["c"] * 20})
    share = 1e-6 / (100 + 1e-6)  # SDMetrics' count of 1e-6 real rows for "c"
    tvd = 0.5 * (abs(0.5 * (1 - share) - 0.8) + 0.5 * (1 - share) + abs(share - 0.2))
    assert column_shapes(real, synthetic)["c"] == pytest.approx(1.0 - tvd, abs=1e-15)


def test_constant_column_has_no_correlation_trend() -> None:
    table = random_table(0, 300)
    flat = table.assign(x=1.5)
    trends = column_pair_trends(table, flat)
    assert np.isnan(trends[("x", "y")])
    assert np.isfinite(trends[("x", "level")])
    report = quality_score(table, flat, **NO_THRESHOLDS)
    assert not report.counted[("x", "y")]
    assert report.counted[("x", "level")]


def test_without_counted_pairs_the_score_is_the_shape_score() -> None:
    rng = np.random.default_rng(5)
    real = pd.DataFrame({"a": rng.standard_normal(400), "b": rng.standard_normal(400)})
    synthetic = pd.DataFrame({"a": rng.standard_normal(300), "b": rng.standard_normal(300)})
    report = quality_score(real, synthetic)
    assert not report.counted.any()
    assert np.isnan(report.to_dict()["column_pair_trends"])
    assert report.score == report.column_shape_score
    single = quality_score(real[["a"]], synthetic[["a"]])
    assert isinstance(single, QualityReport)
    assert len(single.column_pair_trends) == 0
    assert single.score == single.column_shapes["a"]


@pytest.mark.parametrize("name", ["real_correlation_threshold", "real_association_threshold"])
def test_threshold_outside_unit_interval_raises(name: str) -> None:
    table = random_table(0, 50)
    with pytest.raises(ConfigError, match=name):
        quality_score(table, table, **{name: 1.5})
    with pytest.raises(ConfigError, match=name):
        quality_score(table, table, **{name: "0.3"})  # type: ignore[arg-type]
