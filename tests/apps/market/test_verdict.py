"""The market verdict names the best generator of the ranking, with a bootstrap interval."""

from __future__ import annotations

import dataclasses
import json

import pytest

from fingan.apps.market import MarketEvaluation, market_report
from fingan.apps.market.report import market_verdict
from fingan.apps.reporting import write_report
from tests.report.reading import tables, verdict

N_RESAMPLES = 10


@pytest.fixture(scope="module")
def interval(tiny_market_evaluation):
    return tiny_market_evaluation.overall_difference(n_resamples=N_RESAMPLES, random_state=1)


def test_interval_is_of_the_best_minus_the_runner_up(tiny_market_evaluation, interval):
    overall = tiny_market_evaluation.ranking["overall"]
    assert interval.estimate == pytest.approx(overall.iloc[0] - overall.iloc[1])
    assert interval.estimate <= 0
    assert interval.low <= interval.high
    assert interval.n_resamples == N_RESAMPLES


def test_interval_is_seeded(tiny_market_evaluation, interval):
    again = tiny_market_evaluation.overall_difference(n_resamples=N_RESAMPLES, random_state=1)
    assert (again.low, again.high) == (interval.low, interval.high)


def test_verdict_names_the_best_model_of_the_ranking(tiny_market_evaluation, interval):
    ranking = tiny_market_evaluation.ranking
    best, second = ranking.index[0], ranking.index[1]
    verdict = market_verdict(tiny_market_evaluation, interval)
    assert verdict.startswith(
        f"{best} has the best overall score ({ranking['overall'].iloc[0]:.3f}"
    )
    assert f"The runner-up is {second}" in verdict
    assert f"[{interval.low:+.3f}, {interval.high:+.3f}]" in verdict
    significant = "significant: the interval excludes 0"
    assert (significant in verdict) == interval.excludes(0.0)
    assert "Do not over-read this: 20 paths per generator" in verdict
    assert "MarketGAN was trained for 5 steps only" in verdict


def test_verdict_comes_right_after_the_title(tiny_market_evaluation):
    html = market_report(tiny_market_evaluation, n_resamples=2).to_html()
    assert html.index("<h2>Verdict</h2>") < html.index("Each generator was fitted")
    assert html.index("<h2>Verdict</h2>") < html.index("<h2>Ranking</h2>")


def test_verdict_names_the_model_in_bold_in_the_ranking(tiny_market_evaluation):
    evaluation = dataclasses.replace(tiny_market_evaluation)  # a fresh result, nothing computed
    html = market_report(evaluation, n_resamples=2).to_html()
    (ranking,) = tables(html, "Ranking")
    ((best,),) = ranking.best("Overall")
    assert ranking.best("Rank") == [(best,)]
    assert ranking.rows[0][0].text == best  # the ranking lists the best first
    assert verdict(html).startswith(f"{best} has the best overall score")
    assert verdict(html) == evaluation.verdict()


def test_verdict_is_computed_once_and_recorded_in_metrics(
    tiny_market_evaluation, tmp_path, monkeypatch
):
    evaluation = dataclasses.replace(tiny_market_evaluation)
    resamples = []
    bootstrap = MarketEvaluation.overall_difference

    def counted(self, *args, **kwargs):
        resamples.append(kwargs["n_resamples"])
        return bootstrap(self, *args, **kwargs)

    monkeypatch.setattr(MarketEvaluation, "overall_difference", counted)
    text = evaluation.verdict(n_resamples=N_RESAMPLES)
    assert evaluation.verdict() == text  # kept, whatever its resamples
    path = write_report(evaluation, tmp_path / "out")
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert metrics["verdict"] == verdict(path.read_text()) == text
    assert resamples == [N_RESAMPLES]  # the report and metrics.json share one bootstrap
    assert evaluation.verdict(n_resamples=2) != text  # other resamples: computed again
    assert resamples == [N_RESAMPLES, 2]
