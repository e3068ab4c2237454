"""The report of the product study: verdict, figures per generator, the table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fingan.report import HtmlReport
from fingan.report.figures.product import payoff_figure, return_ecdf_figure

if TYPE_CHECKING:
    from fingan.apps.product.result import ProductEvaluation

__all__ = ["product_report"]


def product_report(study: ProductEvaluation) -> HtmlReport:
    """Return the report: verdict, return distributions, payoff diagram, the table."""
    spec = study.spec
    underlyings = ", ".join(spec.underlyings)
    report = HtmlReport(f"fingan product evaluate: {spec.kind} on {underlyings}")
    report.add_heading("Verdict")
    report.add_text(study.verdict())
    report.add_heading("Return distributions")
    report.add_text(
        f"The product's return over its holding period ({spec.maturity} trading days after "
        f"{study.as_of}) on {study.n_paths:,} paths of each generator, fitted on "
        f"{study.n_history:,} days from {study.start}. priips is the PRIIPs bootstrap of the "
        "same history (days drawn with replacement, demeaned, no drift)."
    )
    returns = {name: outcome.returns for name, outcome in study.generators.items()}
    worst = {name: outcome.worst for name, outcome in study.generators.items()}
    report.add_figure(
        return_ecdf_figure(returns), "Share of paths at or below each return, by generator"
    )
    report.add_heading("Payoff diagram")
    report.add_figure(
        payoff_figure(worst, returns),
        "The product's return against the worst underlying's return at maturity "
        "(a subsample of paths per generator)",
    )
    report.add_heading("Figures per generator")
    report.add_text(
        "Expected return, probability of a loss, expected shortfall of the return (a loss) at "
        "99 % and 97.5 %, the PRIIPs performance scenarios (90th, 50th, 10th percentiles; "
        "stress: the 1 % or 5 % percentile, under stressed volatility for priips), the "
        "VaR-equivalent volatility and the market-risk class (1 to 7)."
    )
    frame = study.to_frame()
    frame["risk_class"] = frame["risk_class"].astype(int)
    report.add_table(frame, float_format="{:.4f}")
    intermediate = study.intermediate_frame()
    if len(intermediate):
        report.add_heading("Before maturity")
        report.add_text(
            "The product's value on the PRIIPs intermediate days (one year; also half the "
            "holding period when it is ten years or more) as a return on the notional: the "
            "real-world expected value of what it will pay given the path so far, estimated by "
            "a least-squares regression across paths on each underlying's level and the worst "
            "underlying's lowest level (an autocallable already called is worth what it paid). "
            "It is what the holder could expect on that day, not a price at which the issuer "
            "would buy the note back."
        )
        report.add_table(intermediate.reset_index(), float_format="{:.4f}")
    return report
