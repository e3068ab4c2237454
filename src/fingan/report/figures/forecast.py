"""Figures of probabilistic forecasts: fan charts, PIT histograms and CRPS over time.

Each function takes plain frames and arrays by model name (no results object) and returns a
matplotlib ``Figure`` built without pyplot.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.figure import Figure
from scipy import stats

from fingan.report.figures.common import grid_shape, hide_unused
from fingan.report.palette import INK, PALETTE, REFERENCE_COLOUR

__all__ = ["crps_over_time", "fan_chart", "pit_histograms"]


def fan_chart(
    observed: pd.Series,
    quantiles: Mapping[str, pd.DataFrame],
    *,
    ylabel: str = "log return",
) -> Figure:
    """Each model's forecast quantile bands over time, with the realised values on top.

    One panel per model, sharing both axes. The bands join symmetric quantile levels (the
    outermost pair palest); the line is the median when it is among the levels. Realised
    values outside the outermost band are drawn as red crosses, so misses stand out.

    Parameters
    ----------
    observed : pandas.Series
        Realised values, indexed by forecast date.
    quantiles : mapping of str to pandas.DataFrame
        Per model, quantile forecasts indexed by date with one column per level in (0, 1).
    ylabel : str
        Label of the value axis.

    Returns
    -------
    matplotlib.figure.Figure
        The chart.
    """
    n_models = max(len(quantiles), 1)
    figure = Figure(figsize=(9, 1.2 + 2.1 * n_models))
    panels = figure.subplots(n_models, 1, sharex=True, sharey=True, squeeze=False)[:, 0]
    for axes, (name, frame), color in zip(panels, quantiles.items(), PALETTE * 4, strict=False):
        levels = sorted(float(level) for level in frame.columns)
        table = frame.set_axis([float(level) for level in frame.columns], axis=1)[levels]
        dates = table.index
        pairs = [(levels[i], levels[-1 - i]) for i in range(len(levels) // 2)]
        for depth, (low, high) in enumerate(pairs):
            alpha = 0.15 + 0.5 * (depth + 1) / (len(pairs) + 1)
            axes.fill_between(
                dates,
                table[low],
                table[high],
                color=color,
                alpha=alpha,
                lw=0,
                label=f"{low:.0%}-{high:.0%}" if depth in (0, len(pairs) - 1) else None,
            )
        if 0.5 in table.columns:
            axes.plot(dates, table[0.5], color=color, lw=0.9)
        realised = observed.reindex(dates)
        outside = (
            (realised < table[pairs[0][0]]) | (realised > table[pairs[0][1]])
            if pairs
            else pd.Series(False, index=dates)
        )
        axes.plot(dates[~outside], realised[~outside], ".", color=INK, ms=2.5)
        axes.plot(dates[outside], realised[outside], "x", color="#c81d25", ms=4, label="outside")
        axes.set_title(str(name), fontsize=10, loc="left")
        axes.set_ylabel(ylabel)
        axes.legend(frameon=False, fontsize=8, loc="upper right", ncol=3)
    figure.autofmt_xdate()
    return figure


def pit_histograms(pit: Mapping[str, npt.ArrayLike], *, n_bins: int = 10) -> Figure:
    """Histogram of each model's PIT values with the band a uniform PIT would stay in.

    A calibrated forecast has a flat histogram; a U-shape means too narrow (overconfident), a
    hump too wide, a slope a biased forecast. The shaded band is the central 95% range of a
    bin's density under uniform PIT values (binomial counts).

    Parameters
    ----------
    pit : mapping of str to array-like
        PIT values in [0, 1] by model.
    n_bins : int
        Number of equal-width bins.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per model, side by side.
    """
    rows, columns = grid_shape(len(pit), 4)
    figure = Figure(figsize=(2.6 * columns + 0.6, 2.4 * rows + 0.4))
    axes_grid = figure.subplots(rows, columns, sharey=True, squeeze=False)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    for axes, (name, values), color in zip(
        axes_grid.ravel(), pit.items(), PALETTE * 4, strict=False
    ):
        array = np.asarray(values, dtype=np.float64).ravel()
        counts, _ = np.histogram(array, bins=edges)
        density = counts * n_bins / max(array.size, 1)
        low, high = stats.binom.ppf([0.025, 0.975], max(array.size, 1), 1.0 / n_bins)
        scale = n_bins / max(array.size, 1)
        axes.axhspan(low * scale, high * scale, color="#d9e2ec", lw=0)
        axes.bar(edges[:-1], density, width=1.0 / n_bins, align="edge", color=color, alpha=0.85)
        axes.axhline(1.0, color=REFERENCE_COLOUR, lw=1, ls="--")
        axes.set_title(str(name), fontsize=10)
        axes.set_xlim(0.0, 1.0)
        axes.set_xlabel("PIT")
    hide_unused(axes_grid, len(pit))
    for axes in axes_grid[:, 0]:
        axes.set_ylabel("density")
    return figure


def crps_over_time(crps: Mapping[str, pd.Series], *, window: int = 20) -> Figure:
    """Plot the rolling mean of each model's per-day CRPS (lower is better).

    Parameters
    ----------
    crps : mapping of str to pandas.Series
        Per-day CRPS by model, indexed by forecast date.
    window : int
        Days in the rolling mean (fewer at the start).

    Returns
    -------
    matplotlib.figure.Figure
        The chart.
    """
    figure = Figure(figsize=(9, 3.6))
    axes = figure.add_subplot()
    for (name, series), color in zip(crps.items(), PALETTE * 4, strict=False):
        smooth = series.sort_index().rolling(max(int(window), 1), min_periods=1).mean()
        axes.plot(smooth.index, smooth.to_numpy(), color=color, lw=1.3, label=str(name))
    axes.set_ylabel(f"CRPS ({window}-day mean)")
    axes.legend(frameon=False, fontsize=8)
    figure.autofmt_xdate()
    return figure
