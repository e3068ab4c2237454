"""The report of a product backtest: verdict, scores, PIT histograms, bands over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fingan.apps.product.backtest_result import CHI2_BINS
from fingan.report import HtmlReport
from fingan.report.best import Better
from fingan.report.figures.forecast import pit_histograms
from fingan.report.figures.product_backtest import band_panels

if TYPE_CHECKING:
    from fingan.apps.product.backtest_result import ProductBacktest

__all__ = ["SCORE_HEADINGS", "backtest_report"]

SCORE_HEADINGS = {
    "coverage": "coverage",
    "pit_coverage": "PIT in band",
    "coverage_p": "coverage p",
    "winkler": "Winkler",
    "width": "band width",
    "pit_ks_p": "PIT KS p",
    "pit_chi2_p": "PIT chi2 p",
    "pit_ks_p_iid": "PIT KS p (iid)",
    "stress_breach": "below stress",
    "n_effective_nw": "n eff. (NW)",
}
"""The columns of the score table in the report, with their headings."""


def backtest_report(backtest: ProductBacktest) -> HtmlReport:
    """Return the report: verdict, score table, PIT histograms, bands against outcomes."""
    spec = backtest.spec
    report = HtmlReport(f"fingan product backtest: {spec.kind} on {', '.join(spec.underlyings)}")
    report.add_heading("Verdict")
    report.add_text(backtest.verdict())
    report.add_heading("How the backtest ran")
    report.add_text(
        f"At the first trading day of each month, each generator predicted the distribution of "
        f"the product's return over its holding period ({spec.maturity} trading days) from "
        f"{backtest.n_paths:,} paths, and the prediction was compared with the return the "
        "product paid on the realised returns after that day. The conditional models were "
        f"fitted {_schedule(backtest.refit)} on every day before the refit date (from "
        f"{backtest.data_start}), never on later days; each start's paths are conditioned on "
        "the market up to and including the start. priips is the regulation's bootstrap of "
        "the returns up to the start (its stress value from stressed-volatility paths)."
    )
    report.add_text(
        f"Holding periods overlap: starts {backtest.step_days:.1f} trading days apart share "
        f"most of their {spec.maturity} days, so the {backtest.n_starts} outcomes carry about "
        f"n_starts x step / holding period = {backtest.n_effective:.1f} independent ones. "
        "Every test below counts that many (the Newey-West count of each PIT series is shown "
        "as a check); the 'iid' p-value, which counts every start, overstates the evidence."
    )
    report.add_heading("Scores per generator")
    report.add_text(
        "coverage: share of starts whose realised return fell inside the predicted 10-90 % "
        "band (nominal 80 %; with an atom, such as a coupon paid on most paths, the band can "
        "have no width and cover the atom exactly); PIT in band: share of randomised PIT "
        "values in [0.1, 0.9], the coverage with an outcome on an atom counted inside only in "
        "proportion (80 % in expectation for a calibrated prediction, atoms or not); coverage "
        "p: normal test of that share against 80 % on the effective count; Winkler: the 80 % "
        "interval score, width plus 2 / 0.2 = 10 times the distance of each miss (lower is "
        "better, so a band cannot win by being wide); PIT KS p "
        "and chi2 p: tests of uniform randomised PIT values (Kolmogorov-Smirnov, exact for "
        f"the effective count; Pearson's chi-square on {CHI2_BINS} bins scaled by the "
        "effective share); below stress: share of starts whose return fell below the PRIIPs "
        "stress value (the 1 % percentile for holding periods up to a year). Best coverages "
        "(closest to 80 %) and Winkler score in bold."
    )
    table = backtest.scores()[list(SCORE_HEADINGS)].rename(columns=SCORE_HEADINGS)
    better: dict[str, Better] = {"coverage": 0.8, "PIT in band": 0.8, "Winkler": "lower"}
    report.add_table(table, float_format="{:.4f}", better=better)
    report.add_heading("PIT histograms")
    pit = {
        str(name): group["pit"].to_numpy()
        for name, group in backtest.forecasts.groupby(level="generator", sort=False)
    }
    report.add_figure(
        pit_histograms(pit),
        "Randomised PIT of the realised return under each generator's prediction (flat when "
        "calibrated). The band assumes independent starts and is too narrow for overlapping "
        "holding periods.",
    )
    report.add_heading("Predicted band and realised outcome over time")
    report.add_figure(
        band_panels(backtest.to_frame().reset_index(), generators=backtest.generators),
        "The 10-90 % band and median of the predicted return at each start, the stress value "
        "(dashed) and the realised return (red when outside the band).",
    )
    if not backtest.fits.empty:
        report.add_heading("Fits")
        seconds = backtest.fits.groupby("generator", sort=False)["seconds"].agg(["count", "sum"])
        seconds.columns = ["fits", "seconds"]
        report.add_table(seconds, float_format="{:.1f}")
    return report


def _schedule(refit: object) -> str:
    if refit == "never":
        return "once"
    if isinstance(refit, str):
        return f"{refit}"
    return f"every {refit} trading days"
