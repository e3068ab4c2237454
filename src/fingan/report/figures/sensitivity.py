"""Figures of the condition sensitivity: PD/ICE curves and attribution bar charts."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from fingan.report.figures.common import legend_below
from fingan.report.palette import INK, MUTED_COLOUR, colour_of, colours

__all__ = ["attribution_figure", "moved_days_figure", "partial_dependence_figure"]


def partial_dependence_figure(curves: pd.DataFrame, ice: Mapping[str, pd.DataFrame]) -> Figure:
    """Draw one panel per feature: individual curves (thin) and their mean (partial dependence).

    Parameters
    ----------
    curves : pandas.DataFrame
        Index ``(feature, value)``, column ``var``.
    ice : mapping of str to pandas.DataFrame
        Per feature, one row per day, one column per grid value.
    """
    names = list(ice)
    figure = Figure(figsize=(3.6 * len(names), 3.4), layout="constrained")
    axes = np.atleast_1d(figure.subplots(1, len(names), sharey=True))
    for panel, name in zip(axes, names, strict=True):
        lines = ice[name]
        grid = lines.columns.to_numpy(dtype=float)
        for row in lines.to_numpy(dtype=float):
            panel.plot(grid, row, color=MUTED_COLOUR, linewidth=0.5, alpha=0.4)
        mean = curves.xs(name, level="feature")["var"]
        panel.plot(mean.index, mean.to_numpy(dtype=float), color=colour_of(0), linewidth=2.0)
        panel.set_xlabel(f"{name} (standardised)")
    axes[0].set_ylabel("VaR (in today's volatilities)")
    return figure


def attribution_figure(attribution: pd.Series, xlabel: str) -> Figure:
    """Draw a horizontal bar per feature, largest magnitude on top."""
    order = attribution.reindex(attribution.abs().sort_values().index)
    figure = Figure(figsize=(6.4, 0.5 * len(order) + 1.4), layout="constrained")
    axes = figure.add_subplot()
    bar_colours = [colour_of(0) if value >= 0 else colour_of(1) for value in order]
    axes.barh([str(name) for name in order.index], order.to_numpy(dtype=float), color=bar_colours)
    axes.axvline(0.0, color=INK, linewidth=0.8)
    axes.set_xlabel(xlabel)
    return figure


def moved_days_figure(attributions: pd.DataFrame) -> Figure:
    """Draw, for each day (row), the change of the VaR split between the inputs (columns)."""
    days = [
        str(day.date()) if isinstance(day, pd.Timestamp) else str(day) for day in attributions.index
    ]
    names = [str(name) for name in attributions.columns]
    palette = colours(len(names))
    figure = Figure(figsize=(7.0, 4.2), layout="constrained")
    axes = figure.add_subplot()
    width = 0.8 / len(names)
    positions = np.arange(len(days))
    for j, name in enumerate(names):
        values = 100 * attributions[name].to_numpy(dtype=float)
        axes.bar(positions + (j - (len(names) - 1) / 2) * width, values, width, color=palette[j])
    axes.set_xticks(positions, days)
    axes.axhline(0.0, color=INK, linewidth=0.8)
    axes.set_ylabel("contribution to the VaR's change (pp)")
    legend_below(figure, [Patch(color=colour) for colour in palette], names)
    return figure
