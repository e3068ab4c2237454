"""The explain study: the sensitivity section for a GAN model, a note for any other model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.apps.explain import explain_news_impact, explain_sensitivity
from fingan.apps.explain.sensitivity import add_sensitivity_section
from fingan.models import InnovationGAN
from fingan.report import HtmlReport
from fingan.scenarios import (
    ConditionalScenarioModel,
    EWMAFilter,
    GJRGARCHFilter,
    GPDTails,
    StudentTInnovations,
)
from fingan.training import TrainingConfig


@pytest.fixture(scope="module")
def returns():
    rng = np.random.default_rng(5)
    index = pd.bdate_range("2012-01-02", periods=400)
    return pd.DataFrame({"asset": 0.01 * rng.standard_t(5, size=400)}, index=index)


def save(model, returns, folder):
    model.fit(returns).save(folder)
    return folder


@pytest.mark.slow
def test_a_gan_model_gets_the_sensitivity_section(returns):
    gan = InnovationGAN(training=TrainingConfig(n_steps=3, batch_size=32), random_state=0)
    model = ConditionalScenarioModel(volatility=EWMAFilter(), innovations=GPDTails(body=gan))
    result = explain_sensitivity(model.fit(returns), returns, day="2013-02-01")
    assert result is not None
    assert result.day == "2013-02-01"
    assert set(result.deletion) == {"condition", "change"}
    report = HtmlReport("test")
    add_sensitivity_section(report, result)
    html = report.to_html()
    assert "Condition sensitivity" in html
    assert "Faithfulness" in html


def test_a_model_without_a_gan_says_the_section_does_not_apply(returns, tmp_path):
    model = ConditionalScenarioModel(volatility=GJRGARCHFilter(), innovations=StudentTInnovations())
    folder = save(model, returns, tmp_path / "gjr")
    study = explain_news_impact(folder, returns, n_paths=300)
    assert study.sensitivity is None
    assert explain_sensitivity(model, returns) is None
    assert study.to_dict()["sensitivity"]["applies"] is False
    assert "does not depend on learned condition features" in study.report().to_html()
