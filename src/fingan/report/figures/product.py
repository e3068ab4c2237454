"""Figures of the product study: return distributions and payoff diagrams per generator."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from fingan.report.figures.common import legend_right, model_colour_map
from fingan.report.palette import MUTED_COLOUR

__all__ = ["payoff_figure", "return_ecdf_figure"]


def return_ecdf_figure(returns: Mapping[str, npt.ArrayLike]) -> Figure:
    """Draw the empirical distribution function of each generator's returns, side by side.

    Parameters
    ----------
    returns : mapping of str to array-like
        Each generator's simple returns of the product, one per path.
    """
    colours = model_colour_map(returns, None)
    figure = Figure(figsize=(7.6, 4.2), layout="constrained")
    axes = figure.add_subplot()
    for name, values in returns.items():
        ordered = 100 * np.sort(np.asarray(values, dtype=np.float64))
        share = np.arange(1, ordered.size + 1) / ordered.size
        axes.step(ordered, share, where="post", color=colours[name], label=name, lw=1.5)
    axes.axvline(0.0, color=MUTED_COLOUR, linewidth=0.8)
    axes.set_xlabel("product return over the holding period (%)")
    axes.set_ylabel("share of paths at or below")
    legend_right(axes)
    return figure


def payoff_figure(
    worst: Mapping[str, npt.ArrayLike],
    returns: Mapping[str, npt.ArrayLike],
    *,
    max_points: int = 1_500,
) -> Figure:
    """Scatter the product's return against the worst underlying's return at maturity.

    Parameters
    ----------
    worst, returns : mapping of str to array-like
        Per generator: the worst underlying's simple return at maturity and the product's
        return, path by path.
    max_points : int, default 1500
        Paths drawn per generator (the first ones; the paths are independent draws).
    """
    colours = model_colour_map(returns, None)
    figure = Figure(figsize=(7.6, 4.6), layout="constrained")
    axes = figure.add_subplot()
    for name, values in returns.items():
        x = 100 * np.asarray(worst[name], dtype=np.float64)[:max_points]
        y = 100 * np.asarray(values, dtype=np.float64)[:max_points]
        axes.scatter(x, y, s=5, alpha=0.4, color=colours[name], label=name, linewidths=0)
    axes.axhline(0.0, color=MUTED_COLOUR, linewidth=0.8)
    axes.axvline(0.0, color=MUTED_COLOUR, linewidth=0.8)
    axes.set_xlabel("worst underlying's return at maturity (%)")
    axes.set_ylabel("product return (%)")
    legend_right(axes, markerscale=3)
    return figure
