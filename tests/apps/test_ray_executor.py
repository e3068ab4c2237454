"""The risk backtest, the credit study and market evaluation give the same figures on Ray."""

from __future__ import annotations

import pytest

from fingan.apps.credit import evaluate_credit
from fingan.apps.market import evaluate_market, market_data
from fingan.apps.risk import backtest_var
from fingan.apps.risk.models import default_risk_models
from fingan.baselines import GaussianCopulaBaseline
from fingan.datasets import load_german_credit
from fingan.evaluation import make_executor
from fingan.models import MarketGAN
from fingan.training import TrainingConfig


def studies(executor):
    returns = market_data("sp500")
    risk = backtest_var(
        returns,
        models=default_risk_models(names=["fhs", "garch_t"]),
        start="2017-11-01",
        end="2018-02-28",
        refit="monthly",
        n_paths=300,
        executor=executor,
    )
    credit = evaluate_credit(
        load_german_credit(),
        "creditability",
        "bad",
        augmenters={"copula": lambda seed: GaussianCopulaBaseline(random_state=seed)},
        classifiers=["logistic"],
        n_splits=2,
        n_repeats=1,
        executor=executor,
    )
    gan = MarketGAN(training=TrainingConfig(n_steps=3, batch_size=16), random_state=0, device="cpu")
    market = evaluate_market(
        returns.loc["2015":"2018"], test_start="2018-01-01", gan=gan, n_paths=10, executor=executor
    )
    return risk, credit, market


@pytest.mark.slow
def test_the_studies_are_the_same_on_ray():
    pytest.importorskip("ray")
    import ray

    try:
        on_ray = studies(make_executor("ray", workers=2))
    finally:
        ray.shutdown()
    serial = studies(None)
    assert on_ray[0].forecasts.equals(serial[0].forecasts)
    assert on_ray[1].scores.equals(serial[1].scores)
    assert on_ray[2].scores.equals(serial[2].scores)
