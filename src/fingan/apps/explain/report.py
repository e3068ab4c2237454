"""The report of the interpretability study: news impact curves, the asymmetry table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fingan.apps.explain.sensitivity import NOT_APPLICABLE
from fingan.report import HtmlReport
from fingan.report.figures.explain import news_impact_figure
from fingan.report.figures.sensitivity import (
    attribution_figure,
    moved_days_figure,
    partial_dependence_figure,
)

if TYPE_CHECKING:
    from fingan.apps.explain.study import NewsImpactStudy
    from fingan.explain.condition_sensitivity import ConditionSensitivity

__all__ = ["explain_report"]


def explain_report(study: NewsImpactStudy) -> HtmlReport:
    """Return the report: verdict, curves of volatility and VaR, the asymmetry table."""
    first = study.curves["model"]
    report = HtmlReport(f"fingan explain: news impact of {study.model} on {first.asset}")
    report.add_heading("Verdict")
    report.add_text(study.verdict())
    report.add_heading("News impact curves")
    report.add_text(
        f"Tomorrow's risk after today's return of k times today's volatility "
        f"({first.volatility:.2%}, EWMA) following the history up to {study.end}, the other "
        "assets unchanged that day (Engle & Ng, 1993). The classical filters are fitted on the "
        f"same data ({study.start} to {study.end}) with Student-t residuals."
    )
    frame = study.to_frame()
    report.add_figure(
        news_impact_figure(frame, "volatility"),
        "Standard deviation of tomorrow's scenarios against today's shock, by model",
    )
    report.add_figure(
        news_impact_figure(frame, "var"),
        f"Tomorrow's {first.level:.1%} VaR (a loss) against today's shock, by model",
    )
    report.add_heading("Asymmetry")
    report.add_text(
        "Volatility after a fall of two daily volatilities over that after a rise of two: 1 for "
        "a symmetric model, above 1 with a leverage effect."
    )
    report.add_table(study.asymmetries().to_frame(), float_format="{:.3f}")
    add_sensitivity_section(report, study.sensitivity)
    return report


def add_sensitivity_section(report: HtmlReport, sensitivity: ConditionSensitivity | None) -> None:
    """Add the condition sensitivity (or why it does not apply) to ``report``."""
    report.add_heading("Condition sensitivity")
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
    report.add_heading("Faithfulness")
    report.add_text(
        "Deletion tests on a sample of days: replacing the top-k features of each day's "
        "attribution moves the VaR more than replacing the bottom-k (condition: values of other "
        "days; change: the day before's values). The gap's 95 % bootstrap interval over days "
        "must lie above 0."
    )
    report.add_table(result.deletion_frame(), float_format="{:.4g}")
