"""The risk report: written all or nothing, numbers as in the JSON, every figure rendered."""

from __future__ import annotations

import json

import pytest

from fingan.apps.reporting import check_report_folder, write_report
from fingan.apps.risk import RiskBacktest, backtest_var, default_risk_models, risk_report
from fingan.apps.risk.report import rank_models
from fingan.core.exceptions import OutputPathError
from fingan.datasets import load_market
from fingan.report import HtmlReport
from fingan.report.figures.risk import traffic_light_bounds
from tests.apps.risk.test_study import TooCalm
from tests.report.browser import needs_chromium, shown_figures
from tests.report.reading import tables, verdict

# The violation counts with the Basel zones, and the forecast panels.
EXPECTED_FIGURES = 2


@pytest.fixture(scope="module")
def backtest():
    returns = load_market(["sp500", "nasdaq"], "2013-01-01", "2018-12-31")
    models = {"too_calm": lambda seed: TooCalm(), **default_risk_models(names=["garch_t"])}
    return backtest_var(
        returns,
        {"sp500": 0.6, "nasdaq": 0.4},
        models,
        start="2018-01-02",
        end="2018-04-30",
        refit="monthly",
        n_paths=1000,
    )


def test_report_folder_holds_json_and_html(backtest, tmp_path):
    out = tmp_path / "report"
    path = write_report(backtest, out)
    assert path == out / "report.html"
    assert sorted(item.name for item in out.iterdir()) == [
        ".fingan-output.json",
        "metrics.json",
        "report.html",
    ]
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics.pop("provenance")["version"]
    assert metrics.pop("verdict") == verdict(path.read_text()) == backtest.verdict()
    assert metrics == json.loads(json.dumps(backtest.to_dict()))
    for name in ("too_calm", "garch_t"):
        model = metrics["models"][name]
        test = backtest.backtests[name]
        assert model["n_violations"] == test.n_violations
        assert model["kupiec_p_value"] == pytest.approx(test.kupiec_p_value)
        assert model["traffic_light"] == test.traffic_light
        for key in ("independence_p_value", "conditional_coverage_p_value", "es_p_value"):
            assert key in model
    assert metrics["models"]["too_calm"]["traffic_light"] == "red"
    html = path.read_text()
    assert html.count("<img") == EXPECTED_FIGURES
    for heading in ("Backtests", "Traffic lights", "Forecasts and violations", "Fits"):
        assert heading in html
    p_value = backtest.backtests["garch_t"].kupiec_p_value
    assert f"{p_value:.4f}" in html
    yellow, red = traffic_light_bounds(backtest.backtests["garch_t"].n_days, 0.99)
    assert f"green below {yellow} violations" in html
    assert f"red from {red}" in html


def test_test_table_ranks_the_models_as_the_verdict_does_and_marks_the_best(backtest):
    html = risk_report(backtest).to_html()
    (table,) = tables(html, "Backtests")
    order = rank_models(backtest)
    assert [row[0].text for row in table.rows] == order  # best first
    assert table.column("Rank") == [str(rank) for rank in range(1, len(order) + 1)]
    assert table.best("Rank") == [(order[0],)]
    assert verdict(html).startswith(f"{order[0]} is the best of {len(order)} models")
    tests = backtest.backtests
    expected = {name: test.n_days * test.expected_rate for name, test in tests.items()}
    gaps = {name: abs(test.n_violations - expected[name]) for name, test in tests.items()}
    closest = [(name,) for name in order if gaps[name] == min(gaps.values())]
    assert table.best("Violations") == closest
    assert table.best("Rate") == closest
    for header in ("Kupiec p", "Kupiec LR", "Independence p", "ES (McNeil-Frey) p"):
        assert table.best(header) == [], header  # tests have no best value


def test_failed_report_leaves_no_folder(backtest, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("figure failed")

    monkeypatch.setattr("fingan.apps.risk.report.var_forecast_panels", broken)
    with pytest.raises(RuntimeError):
        write_report(backtest, tmp_path / "report")
    assert list(tmp_path.iterdir()) == []


def test_result_gives_its_report_and_folder_kind(backtest, tmp_path):
    assert RiskBacktest.REPORT_KIND == "risk report"
    assert isinstance(backtest.report(), HtmlReport)
    assert "my title" in risk_report(backtest, title="my title").to_html()
    assert "too_calm" in backtest.summary()
    write_report(backtest, tmp_path / "report")
    with pytest.raises(OutputPathError):
        check_report_folder(RiskBacktest, tmp_path / "report")
    assert check_report_folder(RiskBacktest, tmp_path / "report", overwrite=True)


def test_traffic_light_bounds_match_basel():
    # The Basel Committee's table for 250 days at 99 %: green 0-4, yellow 5-9, red 10+.
    assert traffic_light_bounds(250, 0.99) == (5, 10)


@needs_chromium
def test_report_renders_every_figure_in_chromium(backtest, tmp_path):
    html = risk_report(backtest).to_html()
    assert shown_figures(html, tmp_path) == (EXPECTED_FIGURES, EXPECTED_FIGURES)
