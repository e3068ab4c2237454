"""Figures of the attributions: what a critic looks at, the noise controls, a classifier uses."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from fingan.report.figures.common import legend_below, model_colour_map, model_handles
from fingan.report.palette import INK, MUTED_COLOUR, PALETTE

__all__ = ["critic_attribution_figure", "feature_reliance_figure", "latent_traversal_figure"]

_TRAVERSAL_LABELS = {
    "volatility": "daily volatility (%)",
    "kurtosis": "excess kurtosis",
    "tail_quantile": "lower tail quantile (%)",
}
_PERCENT = {"volatility", "tail_quantile"}


def critic_attribution_figure(importance: pd.Series, signed: pd.Series | None = None) -> Figure:
    """Mean absolute attribution per window statistic, largest at the top.

    Parameters
    ----------
    importance : pandas.Series
        Mean |attribution| by statistic name.
    signed : pandas.Series, optional
        Mean signed attribution by name; bars whose mean is negative are drawn hatched.
    """
    order = importance.sort_values(ascending=True, kind="stable")
    height = max(2.5, 0.28 * len(order) + 1.0)
    figure = Figure(figsize=(7.0, height), layout="constrained")
    axes = figure.add_subplot()
    bars = axes.barh(range(len(order)), order.to_numpy(dtype=float), color=PALETTE[0])
    if signed is not None:
        for bar, name in zip(bars, order.index, strict=True):
            if float(signed.get(name, 0.0)) < 0:
                bar.set_hatch("///")
                bar.set_edgecolor(INK)
    axes.set_yticks(range(len(order)), [str(name) for name in order.index], fontsize=8)
    axes.set_xlabel("mean |attribution| of the critic's statistics score")
    return figure


def latent_traversal_figure(frame: pd.DataFrame, directions: list[str] | None = None) -> Figure:
    """Draw generated volatility, kurtosis and tail quantile against the offset, per direction.

    Parameters
    ----------
    frame : pandas.DataFrame
        Index ``(direction, offset)``; columns ``volatility``, ``kurtosis``, ``tail_quantile``
        (as :meth:`fingan.explain.latent.LatentTraversal.to_frame` returns).
    directions : list of str, optional
        Directions drawn (default: all).
    """
    names = directions or [str(name) for name in dict.fromkeys(frame.index.get_level_values(0))]
    colours = model_colour_map(names, None)
    figure = Figure(figsize=(9.0, 3.4), layout="constrained")
    panels = figure.subplots(1, 3)
    for axes, column in zip(panels, _TRAVERSAL_LABELS, strict=True):
        for name in names:
            curve = frame.xs(name, level=0)[column]
            scale = 100.0 if column in _PERCENT else 1.0
            axes.plot(curve.index, scale * curve.to_numpy(dtype=float), marker="o",
                      markersize=3, color=colours[name])  # fmt: skip
        axes.axvline(0.0, color=MUTED_COLOUR, linewidth=0.8)
        axes.set_xlabel("offset (sd of a path's noise level)")
        axes.set_ylabel(_TRAVERSAL_LABELS[column])
    legend_below(figure, model_handles(colours), names)
    return figure


def feature_reliance_figure(
    importance: pd.DataFrame,
    reference: str = "real",
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Share of the total mean |SHAP| per feature, one bar per classifier, side by side.

    Parameters
    ----------
    importance : pandas.DataFrame
        Index: the features; one column per classifier (mean |SHAP|).
    reference : str
        The column the features are sorted by (largest at the top).
    colours : mapping of str to str, optional
        Colour per classifier.
    """
    totals = importance.sum(axis=0).replace(0.0, np.nan)
    shares = (importance / totals).fillna(0.0)
    order = shares.sort_values(reference, ascending=True, kind="stable")
    names = [str(name) for name in order.columns]
    colour_map = model_colour_map(names, colours)
    n_features, n_models = order.shape
    height = max(3.0, 0.22 * n_features * max(n_models, 2) / 2 + 1.2)
    figure = Figure(figsize=(7.5, height), layout="constrained")
    axes = figure.add_subplot()
    width = 0.8 / n_models
    positions = np.arange(n_features)
    for index, name in enumerate(names):
        offsets = positions - 0.4 + width * (index + 0.5)
        axes.barh(offsets, 100 * order[name].to_numpy(dtype=float), height=width,
                  color=colour_map[name])  # fmt: skip
    axes.set_yticks(positions, [str(name) for name in order.index], fontsize=8)
    axes.set_xlabel("share of the classifier's total mean |SHAP| (%)")
    legend_below(figure, model_handles(colour_map), names)
    return figure
