"""The report of the interpretability study: news impact curves, the asymmetry table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fingan.apps.explain.sensitivity import add_sensitivity_section
from fingan.report import HtmlReport
from fingan.report.figures.explain import news_impact_figure

if TYPE_CHECKING:
    from fingan.apps.explain.study import NewsImpactStudy

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
