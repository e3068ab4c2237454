"""Figures of the interpretability study: news impact curves of several models."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from fingan.report.figures.common import legend_below, model_colour_map, model_handles
from fingan.report.palette import MUTED_COLOUR

__all__ = ["news_impact_figure"]

_LABELS = {"volatility": "tomorrow's volatility", "var": "tomorrow's VaR (loss)", "es": "ES"}


def news_impact_figure(curves: pd.DataFrame, column: str = "volatility") -> Figure:
    """Draw ``column`` against the shock, one line per model, legend below the axes.

    Parameters
    ----------
    curves : pandas.DataFrame
        Index ``(model, shock)``; the column to draw (as
        :meth:`fingan.apps.explain.NewsImpactStudy.to_frame` returns).
    column : {"volatility", "var", "es"}
        What to draw.
    """
    models = [str(name) for name in dict.fromkeys(curves.index.get_level_values(0))]
    colours = model_colour_map(models, None)
    figure = Figure(figsize=(7.0, 4.4), layout="constrained")
    axes = figure.add_subplot()
    for name in models:
        curve = curves.xs(name, level=0)[column]  # indexed by shock
        values = 100 * curve.to_numpy(dtype=float)
        axes.plot(curve.index, values, marker="o", markersize=3, color=colours[name])
    axes.set_xlabel("today's return, in today's volatilities")
    axes.set_ylabel(f"{_LABELS.get(column, column)} (%)")
    axes.axvline(0.0, color=MUTED_COLOUR, linewidth=0.8)
    legend_below(figure, model_handles(colours), models)
    return figure
