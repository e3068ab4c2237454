"""The HTML report of a market evaluation: scoreboard and stylized facts, side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fingan.apps.market.attribution import add_attribution_section
from fingan.apps.market.models import GAN_NAME
from fingan.apps.market.result import MarketEvaluation
from fingan.apps.verdict import caveats, join_names
from fingan.metrics import STYLIZED_GROUPS, stylized_curves
from fingan.metrics.bootstrap import BootstrapInterval
from fingan.report import HtmlReport
from fingan.report.best import Better
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


__all__ = ["market_report", "market_verdict"]


def market_report(
    evaluation: MarketEvaluation, *, title: str | None = None, n_resamples: int | None = None
) -> HtmlReport:
    """Build the report: verdict, ranking, raw errors, and per-asset figures real vs synthetic.

    ``n_resamples`` bootstrap resamples of the paths give the interval of the verdict (see
    :meth:`MarketEvaluation.verdict`, which computes it once per result; by default the
    verdict already computed, else 200 resamples, about 50 ms each per asset).
    """
    train, test = evaluation.train, evaluation.test
    assets = [str(column) for column in test.columns]
    report = HtmlReport(title or f"fingan market report: {', '.join(assets)}")
    report.add_heading("Verdict")
    report.add_text(evaluation.verdict(n_resamples=n_resamples))
    n_paths = next(iter(evaluation.paths.values())).n_paths
    report.add_text(
        f"Each generator was fitted on {len(train):,} days ({_dates(train)}) and drew "
        f"{n_paths} paths as long as the held-out period ({len(test):,} days, {_dates(test)}), "
        "which were scored against the real held-out returns. Lower is better everywhere; "
        "group scores divide each error by the median generator's, so 1 is typical of this set."
    )
    report.add_heading("Ranking")
    lower: dict[str, Better] = dict.fromkeys(evaluation.ranking.columns, "lower")  # all errors
    report.add_table(evaluation.ranking, float_format="{:.3f}", better=lower)
    report.add_heading("Raw errors (lower is better)")
    ranked = evaluation.scores.loc[evaluation.ranking.index]  # the ranking's order of models
    report.add_table(ranked.T, float_format="{:.4f}")
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
                curve_comparison(
                    by_model,
                    title=caption,
                    xlabel=xlabel,
                    log_x=log_x,
                    n_obs=int(test[asset].notna().sum()) if key.startswith("acf") else None,
                ),
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
    if evaluation.attribution is not None:
        add_attribution_section(report, GAN_NAME, evaluation.attribution)
    if len(assets) > 1:
        matrices = {"real": test.corr()}
        for name, paths in evaluation.paths.items():
            pooled = paths.values.reshape(-1, len(assets))
            matrices[name] = pd.DataFrame(np.corrcoef(pooled.T), index=assets, columns=assets)
        report.add_heading("Cross-asset correlation")
        report.add_figure(correlation_heatmaps(matrices), "Correlation of daily returns")
    return report


def market_verdict(evaluation: MarketEvaluation, interval: BootstrapInterval | None) -> str:
    """Write the verdict: best overall score, its lead and interval, group winners, limits.

    ``interval`` is :meth:`MarketEvaluation.overall_difference` of the best and the runner-up
    (``None`` for a single generator).
    """
    ranking = evaluation.ranking
    names = [str(name) for name in ranking.index]
    best = names[0]
    n_paths = next(iter(evaluation.paths.values())).n_paths
    parts = [
        f"{best} has the best overall score ({ranking['overall'].iloc[0]:.3f}; lower is "
        f"better, 1 is the typical generator of these {len(names)})."
    ]
    if interval is not None:
        second = names[1]
        verdict = (
            "so the lead is significant: the interval excludes 0"
            if interval.excludes(0.0)
            else "so the lead is not significant: the interval includes 0"
        )
        parts.append(
            f"The runner-up is {second} ({ranking['overall'].iloc[1]:.3f}): a difference of "
            f"{interval.estimate:+.3f} with a {interval.confidence:.0%} bootstrap interval of "
            f"[{interval.low:+.3f}, {interval.high:+.3f}] over paths ({interval.n_resamples} "
            f"resamples of the {n_paths} paths of both, stylized facts re-scored, "
            f"discriminative and predictive scores held fixed; {interval.seconds:.0f} s), "
            f"{verdict}."
        )
    groups = [group for group in STYLIZED_GROUPS if group in ranking.columns]
    winners = {group: str(ranking[group].idxmin()) for group in groups}
    won = [group for group, name in winners.items() if name == best]
    lost = [
        f"{name} ({group.replace('_', ' ')})" for group, name in winners.items() if name != best
    ]
    parts.append(
        f"{best} has the lowest error in {len(won)} of {len(groups)} stylized-fact groups"
        + (f" ({join_names([group.replace('_', ' ') for group in won])})" if won else "")
        + (f"; the others go to {join_names(lost)}." if lost else ".")
    )
    for name in evaluation.histories:
        if name in ranking.index and name != best:
            values = ranking[groups].to_numpy(np.float64)[names.index(name)]
            scores = dict(zip(groups, values.tolist(), strict=True))
            weakest = sorted(scores, key=lambda group: -scores[group])[:2]
            worst = [f"{group.replace('_', ' ')} ({scores[group]:.2f})" for group in weakest]
            parts.append(
                f"{name} ranks {names.index(name) + 1} of {len(names)}; its weakest "
                f"groups are {join_names(worst)}."
            )
    limits = [
        f"{n_paths} paths per generator",
        f"one seed and one held-out period ({_dates(evaluation.test)})",
        *(
            f"{name} was trained for {len(history):,} steps only"
            for name, history in evaluation.histories.items()
        ),
        "scores are relative to the median of the generators compared",
    ]
    parts.append(caveats(limits))
    return " ".join(parts)


def _dates(frame: pd.DataFrame) -> str:
    return f"{frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}"
