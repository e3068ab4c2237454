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
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from scipy import stats

from fingan.report.figures.common import (
    grid_shape,
    hide_unused,
    legend_below,
    legend_right,
    model_colour_map,
    model_handles,
)
from fingan.report.palette import INK, REFERENCE_COLOUR

__all__ = ["crps_over_time", "fan_chart", "pit_histograms"]


def fan_chart(
    observed: pd.Series,
    quantiles: Mapping[str, pd.DataFrame],
    *,
    ylabel: str = "log return",
    colours: Mapping[str, str] | None = None,
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
    colours : mapping of str to str, optional
        Colour by model (default: by order of the keys).

    Returns
    -------
    matplotlib.figure.Figure
        The chart.
    """
    colour_map = model_colour_map(quantiles, colours)
    n_models = max(len(quantiles), 1)
    figure = Figure(figsize=(9, 1.6 + 2.1 * n_models), layout="constrained")
    panels = figure.subplots(n_models, 1, sharex=True, sharey=True, squeeze=False)[:, 0]
    band_labels: list[str] = []
    for axes, (name, frame) in zip(panels, quantiles.items(), strict=False):
        color = colour_map[str(name)]
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
            )
        band_labels = band_labels or [f"{low:.0%}-{high:.0%}" for low, high in pairs]
        if 0.5 in table.columns:
            axes.plot(dates, table[0.5], color=color, lw=0.9)
        realised = observed.reindex(dates)
        outside = (
            (realised < table[pairs[0][0]]) | (realised > table[pairs[0][1]])
            if pairs
            else pd.Series(False, index=dates)
        )
        axes.plot(dates[~outside], realised[~outside], ".", color=INK, ms=2.5)
        axes.plot(dates[outside], realised[outside], "x", color="#c81d25", ms=4)
        axes.set_title(str(name), fontsize=10, loc="left")
        axes.set_ylabel(ylabel)
    for axes in panels:
        axes.tick_params(axis="x", labelrotation=30)
    span = f" (bands {band_labels[0]} outermost)" if band_labels else ""
    handles = [
        *model_handles(colour_map, lw=6.0, alpha=0.5),
        Line2D([], [], color=INK, marker=".", ls="", ms=5),
        Line2D([], [], color="#c81d25", marker="x", ls="", ms=5),
    ]
    labels = [*colour_map, "realised", f"outside the outermost band{span}"]
    legend_below(figure, handles, labels)
    return figure


def pit_histograms(
    pit: Mapping[str, npt.ArrayLike],
    *,
    n_bins: int = 10,
    colours: Mapping[str, str] | None = None,
) -> Figure:
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
    colours : mapping of str to str, optional
        Colour by model (default: by order of the keys).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per model, side by side.
    """
    colour_map = model_colour_map(pit, colours)
    rows, columns = grid_shape(len(pit), 4)
    figure = Figure(figsize=(2.6 * columns + 0.6, 2.4 * rows + 0.9), layout="constrained")
    axes_grid = figure.subplots(rows, columns, sharey=True, squeeze=False)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    for axes, (name, values) in zip(axes_grid.ravel(), pit.items(), strict=False):
        color = colour_map[str(name)]
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
    handles = [
        *model_handles(colour_map, lw=6.0, alpha=0.85),
        Line2D([], [], color=REFERENCE_COLOUR, lw=1, ls="--"),
        Patch(color="#d9e2ec"),
    ]
    labels = [*colour_map, "uniform (calibrated)", "95% band of a calibrated bin"]
    legend_below(figure, handles, labels)
    return figure


def crps_over_time(
    crps: Mapping[str, pd.Series],
    *,
    window: int = 20,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Plot the rolling mean of each model's per-day CRPS (lower is better).

    Parameters
    ----------
    crps : mapping of str to pandas.Series
        Per-day CRPS by model, indexed by forecast date.
    window : int
        Days in the rolling mean (fewer at the start).
    colours : mapping of str to str, optional
        Colour by model (default: by order of the keys).

    Returns
    -------
    matplotlib.figure.Figure
        The chart.
    """
    colour_map = model_colour_map(crps, colours)
    figure = Figure(figsize=(9.5, 3.6), layout="constrained")
    axes = figure.add_subplot()
    for name, series in crps.items():
        smooth = series.sort_index().rolling(max(int(window), 1), min_periods=1).mean()
        axes.plot(
            smooth.index, smooth.to_numpy(), color=colour_map[str(name)], lw=1.3, label=str(name)
        )
    axes.set_ylabel(f"CRPS ({window}-day mean)")
    axes.tick_params(axis="x", labelrotation=30)
    legend_right(axes)
    return figure
