"""The condition-sensitivity part of the interpretability study (GAN innovation models only).

:func:`add_sensitivity_section` is the report section every report with a condition
sensitivity shares: the standalone ``fingan explain`` report and the risk backtest's
(``fingan risk backtest --explain``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from fingan.core.random import RandomState
from fingan.explain.condition_sensitivity import ConditionSensitivity, condition_sensitivity
from fingan.explain.sensitivity import ConditionalVaR, gan_innovations
from fingan.report import HtmlReport
from fingan.report.figures.sensitivity import (
    attribution_figure,
    moved_days_figure,
    partial_dependence_figure,
)

__all__ = ["NOT_APPLICABLE", "add_sensitivity_section", "explain_sensitivity"]

NOT_APPLICABLE = (
    "The condition sensitivity applies to a model with a GAN innovation model (e.g. gan, "
    "ewma+gan); this model has none, so its risk does not depend on learned condition features."
)
"""What the report says for a model without a GAN."""


def explain_sensitivity(
    model: Any,
    returns: pd.DataFrame,
    *,
    asset: str | None = None,
    day: str | None = None,
    level: float = 0.99,
    random_state: RandomState = 0,
) -> ConditionSensitivity | None:
    """Explain how a saved model's GAN VaR responds to its condition; ``None`` without a GAN.

    Parameters
    ----------
    model : ConditionalScenarioModel
        A fitted model (as :func:`fingan.apps.risk.load_risk_model` returns).
    returns : pandas.DataFrame
        Daily log returns with the model's assets; every day with a condition is explained.
    asset : str, optional
        The explained asset (default: the first).
    day : str, optional
        The day whose VaR is attributed (default: the last).
    level : float, default 0.99
        VaR level.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the fixed noise, the sampled days and the deletion tests.
    """
    if gan_innovations(model) is None:
        return None
    function = ConditionalVaR(model, asset=asset, level=level, random_state=random_state)
    history = function.history(returns)
    return condition_sensitivity(function, history, day=day, random_state=random_state)


def add_sensitivity_section(
    report: HtmlReport,
    sensitivity: ConditionSensitivity | None,
    *,
    heading: str = "Condition sensitivity",
) -> None:
    """Add the condition sensitivity (or why it does not apply) to ``report``.

    Parameters
    ----------
    report : HtmlReport
        The report the section is added to.
    sensitivity : ConditionSensitivity or None
        The result of :func:`~fingan.explain.condition_sensitivity` (``None``: the model has
        no GAN, and the section says why it does not apply).
    heading : str, default "Condition sensitivity"
        The section's heading (e.g. naming the model when a report explains several); its
        faithfulness part is headed ``heading`` with ": faithfulness" unless the default.
    """
    report.add_heading(heading)
    if sensitivity is None:
        report.add_text(NOT_APPLICABLE)
        return
    result = sensitivity
    report.add_text(
        f"How the GAN's one-day {result.level:.1%} VaR of {result.asset} responds to each "
        "condition feature (standardised with the training mean and spread). The VaR is in "
        "units of the volatility filter's forecast: the GAN sets the quantile of the "
        "standardised residual, the filter its scale. It is the quantile over one fixed batch "
        "of noise (common random numbers), so the curves are smooth; with EVT tails the GAN "
        "body is explained. Thin lines: single days with one feature varied (ICE); thick: "
        "their mean (partial dependence)."
    )
    report.add_figure(
        partial_dependence_figure(result.curves, result.ice),
        "VaR (in volatilities) against each condition feature: individual days and the mean",
    )
    report.add_text(
        f"On {result.day} the VaR is {result.day_var:.3f} volatilities against "
        f"{result.typical_var:.3f} on an average day. Integrated gradients through the "
        "generator, averaged over baselines drawn from the other days, split the difference "
        "between the features."
    )
    report.add_figure(
        attribution_figure(result.attribution, "share of the VaR's excess (volatilities)"),
        f"Integrated-gradient attribution of the VaR on {result.day}",
    )
    report.add_text(
        "The days the VaR (in return units) moved most from the day before, the change split "
        "by integrated gradients (the day before as baseline) between the filter's volatility "
        "and each condition feature; the parts add up to the change."
    )
    report.add_figure(
        moved_days_figure(result.moved.drop(columns=["var", "previous", "change"])),
        "Attribution of the largest day-to-day changes of the VaR",
    )
    report.add_table(result.moved, float_format="{:+.5f}")
    default = heading == "Condition sensitivity"
    report.add_heading("Faithfulness" if default else f"{heading}: faithfulness")
    report.add_text(
        "Deletion tests on a sample of days: replacing the top-k features of each day's "
        "attribution moves the VaR more than replacing the bottom-k (condition: values of other "
        "days; change: the day before's values). The gap's 95 % bootstrap interval over days "
        "must lie above 0."
    )
    report.add_table(result.deletion_frame(), float_format="{:.4g}")
