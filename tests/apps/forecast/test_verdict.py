"""The forecast verdict names the model with the lowest CRPS and reads the DM tests."""

from __future__ import annotations

import pytest

from fingan.apps.forecast import evaluate_forecasts
from fingan.apps.forecast.report import forecast_report, forecast_verdict
from fingan.baselines import GARCHBaseline
from fingan.datasets import load_market
from tests.apps.forecast.test_report import Wide
from tests.report.reading import tables, verdict


@pytest.fixture(scope="module")
def evaluation():
    returns = load_market(["sp500"], "2013-01-01", "2016-12-31")
    return evaluate_forecasts(
        returns,
        {"wide": Wide(), "garch_t": GARCHBaseline()},
        horizon=2,
        start="2016-10-03",
        refit="never",
        n_paths=200,
        benchmark="wide",
    )


def test_verdict_names_the_lowest_crps_of_each_target(evaluation):
    scores = evaluation.scores()
    verdict = forecast_verdict(evaluation)
    for target, name in (("return", "log return"), ("realised_vol", "realised volatility")):
        best = scores.xs(target, level="target")["crps"].idxmin()
        assert f"2-day {name}: {best} has the lowest mean CRPS" in verdict
    assert "Against wide (Diebold-Mariano at 5%), " in verdict
    assert "Do not over-read this:" in verdict


def test_verdict_reads_the_diebold_mariano_tests(evaluation):
    tests = evaluation.dm_tests().xs("return", level="target")
    verdict = forecast_verdict(evaluation).split("realised volatility", 1)[0]
    row = tests.loc["garch_t"]
    if row["p_value"] < 0.05:
        side = "better" if row["mean_difference"] < 0 else "worse"
        assert f"significantly {side}: garch_t" in verdict
    else:
        assert "no significant difference: garch_t" in verdict


def test_crps_intervals_hold_the_mean(evaluation):
    intervals = evaluation.crps_intervals()
    assert (intervals["ci_low"] < intervals["crps"]).all()
    assert (intervals["crps"] < intervals["ci_high"]).all()
    assert intervals["crps"].to_numpy() == pytest.approx(evaluation.scores()["crps"].to_numpy())


def test_verdict_comes_right_after_the_title(evaluation):
    html = forecast_report(evaluation).to_html()
    assert html.index("<h2>Verdict</h2>") < html.index("Out-of-sample forecasts")
    assert html.index("<h2>Verdict</h2>") < html.index("<h2>Scores</h2>")


def test_verdict_names_the_lowest_crps_in_bold_in_the_score_table(evaluation):
    html = forecast_report(evaluation).to_html()
    shown = verdict(html)
    assert shown == evaluation.verdict()
    (scores,) = tables(html, "Scores")
    best = scores.best("CRPS")
    assert [target for target, _ in best] == ["return", "realised_vol"]  # one per target
    names = {"return": "log return", "realised_vol": "realised volatility"}
    for target, model in best:
        assert f"2-day {names[target]}: {model} has the lowest mean CRPS" in shown
    for target, model in scores.best("CRPS skill"):
        assert (target, model) in best  # the skill ranks as the CRPS does
    coverage = evaluation.scores()["coverage"]
    for target, model in scores.best("Coverage"):
        gaps = (coverage.xs(target, level="target") - evaluation.interval).abs()
        assert gaps[model] == gaps.min()
    assert scores.best("PIT p value") == []  # p-values have no best value
