"""The forecast report: every figure and table is there, and the folder is all or nothing."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
import pytest

from fingan.apps.forecast import ForecastEvaluation, evaluate_forecasts, forecast_report
from fingan.apps.forecast import report as report_module
from fingan.apps.reporting import write_report
from fingan.baselines import GARCHBaseline
from fingan.core.paths import ReturnPaths
from fingan.datasets import load_market
from fingan.report import HtmlReport
from fingan.report.figures.forecast import crps_over_time, fan_chart, pit_histograms
from tests.report.reading import verdict


class Wide:
    """GARCH-t scenarios three times too wide."""

    def fit(self, returns):
        self.model_ = GARCHBaseline().fit(returns)
        return self

    def sample_paths(self, history, n_paths, horizon, *, random_state=None):
        paths = self.model_.sample_paths(history, n_paths, horizon, random_state=random_state)
        return ReturnPaths(3.0 * paths.values, paths.assets)


@pytest.fixture(scope="module")
def evaluation():
    returns = load_market(["sp500"], "2013-01-01", "2016-12-31")
    return evaluate_forecasts(
        returns,
        {"garch_t": GARCHBaseline(), "wide": Wide()},
        horizon=2,
        start="2016-10-03",
        refit="never",
        n_paths=300,
    )


def test_report_holds_scores_tests_and_figures(evaluation, tmp_path):
    path = write_report(evaluation, tmp_path / "out")
    assert path == tmp_path / "out" / "report.html"
    html = path.read_text()
    for text in (
        "Scores",
        "Diebold-Mariano tests against garch_t",
        "Fan chart of the log return",
        "Fan chart of the realised volatility",
        "PIT histograms of the log return",
        "CRPS of the realised volatility over time",
        "Fits and timings",
        "crps_skill",
    ):
        assert text in html
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 6  # fan chart, PIT histograms, CRPS per target
    assert all(base64.b64decode(image).startswith(b"\x89PNG") for image in images)
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert metrics["verdict"] == verdict(html) == evaluation.verdict()
    assert metrics["horizon"] == 2
    wide = metrics["targets"]["return"]["wide"]
    assert wide["dm_test_vs_benchmark"]["statistic"] > 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".fingan-output.json",
        "metrics.json",
        "report.html",
    ]


def test_failed_report_leaves_nothing(evaluation, tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_report(evaluation, out)
    before = (out / "metrics.json").read_text()

    def broken(*args, **kwargs):
        raise RuntimeError("figure failed")

    monkeypatch.setattr(report_module, "forecast_report", broken)
    with pytest.raises(RuntimeError):
        write_report(evaluation, out)
    with pytest.raises(RuntimeError):
        write_report(evaluation, out, overwrite=True)
    with pytest.raises(RuntimeError):
        write_report(evaluation, tmp_path / "new")
    assert (out / "metrics.json").read_text() == before  # the old folder is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_custom_title(evaluation):
    assert "my title" in forecast_report(evaluation, title="my title").to_html()
    assert isinstance(evaluation.report(), HtmlReport)
    assert ForecastEvaluation.REPORT_KIND == "forecast report"


def test_fan_chart_has_a_panel_per_model_and_marks_misses():
    dates = pd.bdate_range("2020-01-01", periods=40)
    observed = pd.Series(np.linspace(-0.02, 0.02, 40), index=dates)
    band = pd.DataFrame({0.05: -0.01, 0.5: 0.0, 0.95: 0.01}, index=dates)
    figure = fan_chart(observed, {"a": band, "b": 2 * band})
    axes = figure.axes
    assert len(axes) == 2
    misses = next(line for line in axes[0].get_lines() if line.get_marker() == "x")
    assert len(misses.get_xdata()) == int((observed.abs() > 0.01).sum())


def test_pit_histograms_show_densities():
    flat = np.linspace(0.0, 1.0, 100, endpoint=False) + 0.005
    figure = pit_histograms({"flat": flat, "u": np.r_[np.zeros(50), np.ones(50) * 0.99]})
    heights = [patch.get_height() for patch in figure.axes[0].patches[-10:]]  # the bars
    np.testing.assert_allclose(heights, 1.0)
    assert len(figure.axes) == 2


def test_crps_over_time_draws_a_line_per_model():
    dates = pd.bdate_range("2020-01-01", periods=30)
    crps = {name: pd.Series(np.arange(30.0), index=dates) for name in ("a", "b", "c")}
    figure = crps_over_time(crps, window=5)
    lines = figure.axes[0].get_lines()
    assert len(lines) == 3
    assert lines[0].get_ydata()[-1] == pytest.approx(np.mean(np.arange(25.0, 30.0)))
