"""``backtest_var(..., explain=True)``: what moved a conditional GAN's VaR in a backtest."""

from __future__ import annotations

import json
import sys

import numpy as np
import pandas as pd
import pytest

from fingan.apps.registry import with_gan_steps
from fingan.apps.risk import backtest_var, default_risk_models
from fingan.apps.risk.sensitivity import (
    EXPLAIN_EXTRA,
    explain_backtest,
    plan_explanation,
)
from fingan.core.exceptions import ConfigError
from fingan.datasets import load_market

PERIOD = {"start": "2016-02-01", "end": "2016-03-31", "refit": "monthly"}


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return load_market(["sp500"], "2014-01-01", "2016-03-31")


@pytest.fixture(scope="module")
def factories():
    return with_gan_steps(default_risk_models, ["fhs", "gan"], 3)


@pytest.fixture(scope="module")
def explained(returns, factories):
    return backtest_var(returns, None, factories, n_paths=100, explain=True, **PERIOD)


def plan(returns, factories, day=None):
    return plan_explanation(
        returns,
        factories,
        start=PERIOD["start"],
        end=PERIOD["end"],
        refit=PERIOD["refit"],
        horizon=1,
        fit_window=None,
        min_history=250,
        random_state=0,
        day=day,
    )


def test_the_last_refit_of_the_gan_is_explained_over_the_days_it_forecast(explained):
    assert set(explained.explanations) == {"gan"}  # fhs has no GAN
    item = explained.explanations["gan"]
    march = explained.forecasts.query("model == 'gan' and date >= '2016-03-01'")["date"]
    assert item.refit_date == "2016-03-01"
    assert item.train_end == "2016-02-29"
    assert (item.start, item.end) == ("2016-03-01", "2016-03-31")
    assert item.sensitivity.n_days == len(march)
    assert item.sensitivity.day == "2016-03-31"
    assert not item.refitted  # a serial run keeps the model it fitted
    moved = pd.DatetimeIndex(item.sensitivity.moved.index)
    assert moved.min() > pd.Timestamp("2016-03-01")  # changes within the forecast days
    assert moved.max() <= pd.Timestamp("2016-03-31")
    # The change attributions add up to the change of the VaR (integrated gradients, up to
    # the error of their 64-step path integral: a few per cent of a change).
    parts = item.sensitivity.moved.drop(columns=["var", "previous", "change"]).sum(axis=1)
    np.testing.assert_allclose(parts, item.sensitivity.moved["change"], rtol=0.03, atol=1e-4)


def test_metrics_and_report_hold_the_section_and_the_deletion_tests(explained):
    entry = json.loads(json.dumps(explained.to_dict()))["explain"]
    assert entry["note"] is None
    gan = entry["models"]["gan"]
    assert set(gan["deletion"]) == {"condition", "change"}
    for test in gan["deletion"].values():
        assert isinstance(test["passed"], bool)
        assert test["passed"] == (test["low"] > 0)
    assert gan["tracking"] is None or -1.0 <= gan["tracking"] <= 1.0
    html = explained.report().to_html()
    assert "What moved the GAN&#x27;s VaR" in html
    assert "gan: condition sensitivity" in html
    assert "gan: condition sensitivity: faithfulness" in html
    assert "deletion tests: condition" in explained.summary()


def test_a_refitted_model_gives_the_same_explanation(returns, factories, explained):
    # A run on processes keeps no model: it is fitted again from the refit's seed.
    again = plan(returns, factories)
    rolling = explained.rolling
    kept = explain_backtest(
        again,
        returns,
        rolling,
        explained.forecasts,
        weights=explained.weights,
        level=0.99,
        random_state=0,
    )["gan"]
    assert kept.refitted
    first = explained.explanations["gan"].sensitivity
    pd.testing.assert_series_equal(kept.sensitivity.attribution, first.attribution)
    pd.testing.assert_frame_equal(kept.sensitivity.moved, first.moved)


def test_the_explained_day_picks_the_model_that_forecast_it(returns, factories):
    chosen = plan(returns, factories, day="2016-02-10")
    assert chosen.refit_date == pd.Timestamp("2016-02-01")
    assert chosen.days[0] == pd.Timestamp("2016-02-01")
    assert chosen.days[-1] == pd.Timestamp("2016-02-29")
    assert list(chosen.kept) == ["gan"]
    for day in ("2016-02-13", "2015-12-01", "not a day"):  # a Saturday, before the period
        with pytest.raises(ConfigError, match="explained day"):
            plan(returns, factories, day=day)


def test_an_explained_day_needs_explain(returns, factories):
    with pytest.raises(ConfigError, match="needs explain=True"):
        backtest_var(returns, None, factories, n_paths=100, explain_day="2016-03-15", **PERIOD)


def test_a_model_that_forecast_too_few_days_is_refused(returns, factories):
    with pytest.raises(ConfigError, match="forecasts only 3 days"):
        plan_explanation(
            returns,
            factories,
            start="2016-02-01",
            end="2016-03-03",
            refit="monthly",
            horizon=1,
            fit_window=None,
            min_history=250,
            random_state=0,
        )


def test_without_captum_the_error_names_the_extra(returns, factories, monkeypatch):
    monkeypatch.setitem(sys.modules, "captum", None)
    monkeypatch.setitem(sys.modules, "captum.attr", None)
    with pytest.raises(ConfigError, match=r"fingan\[explain\]") as error:
        backtest_var(returns, None, factories, n_paths=100, explain=True, **PERIOD)
    assert str(error.value) == EXPLAIN_EXTRA


def test_a_backtest_without_a_gan_says_so(returns):
    factories = default_risk_models(names=["fhs"])
    result = backtest_var(returns, None, factories, n_paths=100, explain=True, **PERIOD)
    assert result.explanations == {}
    assert result.to_dict()["explain"] == {
        "models": {},
        "note": "no model of this backtest has a GAN innovation model",
    }
    assert "No model of this backtest has a GAN" in result.report().to_html()
    plain = backtest_var(returns, None, factories, n_paths=100, **PERIOD)
    assert plain.explanations is None
    assert "explain" not in plain.to_dict()
