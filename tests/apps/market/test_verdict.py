"""The market verdict names the best generator of the ranking, with a bootstrap interval."""

from __future__ import annotations

import pytest

from fingan.apps.market import market_report
from fingan.apps.market.report import market_verdict

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
