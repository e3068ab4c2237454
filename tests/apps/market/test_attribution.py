"""The market study's "what the critic looks at" section: opt-in, in metrics and report."""

from __future__ import annotations

import pytest

from fingan.apps.market import (
    MarketEvaluation,
    attribute_market_gan,
    evaluate_market,
    market_data,
    market_report,
)
from fingan.apps.market.attribution import add_attribution_section
from fingan.baselines import GBMBaseline
from fingan.models import MarketGAN
from fingan.nn.tcn import TCNConfig
from fingan.report import HtmlReport
from fingan.training import TrainingConfig

TINY = TCNConfig(hidden_channels=4, skip_channels=4, n_blocks=3)


def _evaluate(*, explain: bool, window_statistics: bool = True) -> MarketEvaluation:
    gan = MarketGAN(
        window=32,
        generator=TINY,
        discriminator=TINY,
        window_statistics=window_statistics,
        training=TrainingConfig(n_steps=3, batch_size=8),
        random_state=0,
        device="cpu",
    )
    returns = market_data("sp500", start="2015-01-01", end="2017-12-31")
    return evaluate_market(
        returns,
        test_start="2017-01-01",
        gan=gan,
        baselines={"GBM": GBMBaseline()},
        n_paths=10,
        explain=explain,
    )


@pytest.fixture(scope="module")
def explained() -> MarketEvaluation:
    return _evaluate(explain=True)


def test_the_explanation_is_in_the_metrics(explained: MarketEvaluation) -> None:
    assert explained.attribution is not None
    summary = explained.to_dict()["attribution"]
    critic = summary["critic"]
    assert set(critic["importance"]) >= {"volatility", "skewness", "log kurtosis"}
    assert isinstance(critic["deletion"]["passed"], bool)
    assert summary["latent"]["volatility_direction"] in summary["latent"]["sensitivity"]


def test_the_report_has_the_section_and_its_figures(explained: MarketEvaluation) -> None:
    html = market_report(explained, n_resamples=10).to_html()
    section = html.split("what the critic looks at", 1)[1]  # the last section (one asset)
    assert "what the noise controls" in section
    assert "deletion test" in section
    assert section.count("<img") == 2  # the critic's attributions and the latent traversal


def test_without_explain_there_is_no_attribution() -> None:
    plain = _evaluate(explain=False)
    assert plain.attribution is None
    assert "attribution" not in plain.to_dict()


def test_a_critic_without_statistics_is_still_traversed() -> None:
    model = MarketGAN(
        window=32,
        generator=TINY,
        discriminator=TINY,
        window_statistics=False,
        training=TrainingConfig(n_steps=2, batch_size=8),
        random_state=0,
        device="cpu",
    )
    returns = market_data("sp500", start="2016-01-01", end="2016-12-31")
    attribution = attribute_market_gan(model.fit(returns), returns, n_paths=20)
    assert attribution.critic is None
    report = HtmlReport("test")
    add_attribution_section(report, "MarketGAN", attribution)
    html = report.to_html()
    assert "no statistics head" in html
    assert html.count("<img") == 1
