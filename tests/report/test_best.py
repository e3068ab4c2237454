"""The best value of a column, in bold: highest, lowest, or closest to a target; per group."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.report import HtmlReport
from fingan.report.best import best_cells
from tests.report.reading import tables

RATES = pd.DataFrame(
    {
        "n_violations": [2, 9, 4, 7],
        "violation_rate": [0.004, 0.018, 0.008, 0.014],
        "kupiec_p_value": [0.08, 0.04, 0.62, 0.31],
    },
    index=pd.Index(["calm", "wild", "right", "wide"], name="model"),
)
"""Violations in 500 days at 99%: 5 expected (rate 1%)."""


def test_closest_to_a_target_marks_the_value_nearest_it():
    best = best_cells(RATES, {"n_violations": 5.0, "violation_rate": 0.01})
    assert best == {0: [2], 1: [2]}  # 4 violations (0.8%) are closest to 5 (1%)


def test_closest_to_a_target_marks_both_sides_of_a_tie():
    frame = pd.DataFrame({"rate": [0.013, 0.007, 0.02]})  # as floats, 0.013 - 0.01 < 0.003
    assert frame["rate"][0] - 0.01 != 0.01 - frame["rate"][1]
    assert best_cells(frame, {"rate": 0.01}) == {0: [0, 1]}


def test_columns_not_named_are_not_marked_and_the_page_shows_bold_cells():
    report = HtmlReport("VaR")
    report.add_table(RATES, better={"n_violations": 5.0, "violation_rate": 0.01})
    (table,) = tables(report.to_html())
    assert table.best("n violations") == [("right",)]
    assert table.best("Violation rate") == [("right",)]
    assert table.best("Kupiec p value") == []  # p-values have no best value


def test_within_marks_the_best_of_each_group():
    index = pd.MultiIndex.from_product(
        [["return", "realised_vol"], ["garch", "gan"]], names=["target", "model"]
    )
    frame = pd.DataFrame(
        {"crps": [0.010, 0.012, 0.30, 0.20], "coverage": [0.95, 0.88, 0.85, 0.99]}, index=index
    )
    better = {"crps": "lower", "coverage": 0.9}
    assert best_cells(frame, better) == {0: [0], 1: [1]}  # all rows compared: return wins CRPS
    assert best_cells(frame, better, within="target") == {0: [0, 3], 1: [1, 2]}
    report = HtmlReport("Forecasts")
    report.add_table(frame, better=better, within="target")
    (table,) = tables(report.to_html())
    assert table.best("CRPS") == [("return", "garch"), ("realised_vol", "gan")]
    assert table.best("Coverage") == [("return", "gan"), ("realised_vol", "garch")]


def test_text_cells_are_compared_by_the_numbers_given():
    means = pd.DataFrame({"pr_auc": [0.61, 0.64], "brier": [0.18, 0.21]}, index=["none", "gan"])
    text = means.map(lambda value: f"{value:.2f} [{value - 0.05:.2f}, {value + 0.05:.2f}]")
    assert best_cells(text, {"pr_auc": "higher", "brier": "lower"}) == {}  # text: no numbers
    report = HtmlReport("Credit")
    report.add_table(text, better={"pr_auc": "higher", "brier": "lower"}, values=means)
    (table,) = tables(report.to_html())
    assert table.best("PR-AUC") == [("gan",)]
    assert table.best("Brier") == [("none",)]
    assert "0.64 [0.59, 0.69]" in table.column("PR-AUC")


def test_ties_are_all_marked_and_a_column_of_equals_is_not():
    frame = pd.DataFrame({"rank": [1, 1, 3], "same": [2.0, 2.0, 2.0], "one": [np.nan, 1.0, np.nan]})
    assert best_cells(frame, {"rank": "lower", "same": "higher", "one": "higher"}) == {0: [0, 1]}


@pytest.mark.parametrize("direction", ["best", True, float("nan"), None])
def test_an_unknown_direction_is_refused(direction):
    with pytest.raises(ValueError, match="must be 'higher', 'lower' or a finite number"):
        best_cells(RATES, {"n_violations": direction})
