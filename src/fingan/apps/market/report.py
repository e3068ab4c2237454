"""The HTML report of a market evaluation: scoreboard and stylized facts, side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fingan.apps.market.result import MarketEvaluation
from fingan.metrics import stylized_curves
from fingan.report import HtmlReport
from fingan.report.figures.market import (
    correlation_heatmaps,
    curve_comparison,
    qq_plot,
    return_histograms,
    sample_paths,
    training_curves,
)

_CURVES = (
    ("acf_returns", "Autocorrelation of returns (should be ~0)", "lag (days)", False),
    ("acf_abs", "Autocorrelation of |r|: volatility clustering", "lag (days)", True),
    ("leverage", "Leverage effect: corr(r_t, r²_{t+k})", "lag k (days)", False),
    ("kurtosis", "Excess kurtosis of h-day returns: aggregational Gaussianity", "horizon h", False),
)


def market_report(evaluation: MarketEvaluation, *, title: str | None = None) -> HtmlReport:
    """Build the report: ranking, raw errors, and per-asset figures real vs synthetic."""
    train, test = evaluation.train, evaluation.test
    assets = [str(column) for column in test.columns]
    report = HtmlReport(title or f"fingan market report: {', '.join(assets)}")
    n_paths = next(iter(evaluation.paths.values())).n_paths
    report.add_text(
        f"Each generator was fitted on {len(train):,} days ({_dates(train)}) and drew "
        f"{n_paths} paths as long as the held-out period ({len(test):,} days, {_dates(test)}), "
        "which were scored against the real held-out returns. Lower is better everywhere; "
        "group scores divide each error by the median generator's, so 1 is typical of this set."
    )
    report.add_heading("Ranking")
    report.add_table(evaluation.ranking, float_format="{:.3f}")
    report.add_heading("Raw errors (lower is better)")
    report.add_table(evaluation.scores.T, float_format="{:.4f}")
    for index, asset in enumerate(assets):
        synthetic = {name: paths.values[:, :, index] for name, paths in evaluation.paths.items()}
        report.add_heading(f"{asset}: paths and distribution")
        report.add_figure(
            sample_paths(test[asset], synthetic),
            f"{asset}: the real held-out path (black) and five paths of each generator",
        )
        report.add_figure(
            return_histograms(test[asset], synthetic),
            f"{asset}: density of daily log returns on a log scale (tails show as wings)",
        )
        report.add_figure(qq_plot(test[asset], synthetic), f"{asset}: quantile-quantile plot")
        report.add_heading(f"{asset}: stylized facts")
        curves = {
            name: stylized_curves(test, paths, asset=index)
            for name, paths in evaluation.paths.items()
        }
        for key, caption, xlabel, log_x in _CURVES:
            by_model = {name: model_curves[key] for name, model_curves in curves.items()}
            report.add_figure(
                curve_comparison(by_model, title=caption, xlabel=xlabel, log_x=log_x),
                f"{asset}: {caption}",
            )
    for name, history in evaluation.histories.items():
        report.add_heading(f"{name}: training")
        seconds = evaluation.fit_seconds.get(name, float("nan"))
        report.add_figure(
            training_curves(history),
            f"{name}: critic and generator losses and gradient norms; "
            f"{len(history):,} steps in {seconds:.0f} s",
        )
    if len(assets) > 1:
        matrices = {"real": test.corr()}
        for name, paths in evaluation.paths.items():
            pooled = paths.values.reshape(-1, len(assets))
            matrices[name] = pd.DataFrame(np.corrcoef(pooled.T), index=assets, columns=assets)
        report.add_heading("Cross-asset correlation")
        report.add_figure(correlation_heatmaps(matrices), "Correlation of daily returns")
    return report


def _dates(frame: pd.DataFrame) -> str:
    return f"{frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}"
