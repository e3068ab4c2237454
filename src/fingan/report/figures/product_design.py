"""Figures of the product design: each generator's candidates, frontier and chosen design."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from fingan.report.figures.common import legend_right
from fingan.report.palette import INK, MUTED_COLOUR, colour_of

__all__ = ["frontier_figure"]


def frontier_figure(
    objective: npt.ArrayLike,
    risk: npt.ArrayLike,
    feasible: npt.ArrayLike,
    frontier: npt.ArrayLike,
    chosen: int | None,
    *,
    objective_label: str,
    risk_label: str,
    colour: str | None = None,
) -> Figure:
    """Scatter every valid candidate's objective against its risk; mark the frontier and choice.

    Parameters
    ----------
    objective, risk : array-like of shape (n_candidates,)
        The figures of each candidate (NaN for invalid candidates, which are left out).
    feasible, frontier : array-like of bool of shape (n_candidates,)
        Whether each candidate meets the constraints, and whether no other dominates it.
    chosen : int or None
        The chosen candidate's index.
    objective_label, risk_label : str
        The axes' labels.
    colour : str, optional
        The generator's colour (default: the first model colour).
    """
    y = np.asarray(objective, dtype=np.float64)
    x = np.asarray(risk, dtype=np.float64)
    ok = np.asarray(feasible, dtype=bool)
    front = np.asarray(frontier, dtype=bool)
    valid = np.isfinite(x) & np.isfinite(y)
    colour = colour or colour_of(0)
    figure = Figure(figsize=(7.2, 4.2), layout="constrained")
    axes = figure.add_subplot()
    shown = valid & ~ok
    axes.scatter(x[shown], y[shown], s=16, marker="x", color=MUTED_COLOUR, label="infeasible",
                 linewidths=1.0)  # fmt: skip
    shown = valid & ok
    axes.scatter(x[shown], y[shown], s=18, color=colour, alpha=0.7, label="feasible",
                 linewidths=0)  # fmt: skip
    order = np.flatnonzero(front & valid)
    order = order[np.argsort(x[order], kind="stable")]
    axes.plot(x[order], y[order], color=INK, lw=1.0, drawstyle="steps-post", marker="o",
              markersize=7, markerfacecolor="none", label="frontier")  # fmt: skip
    if chosen is not None:
        axes.scatter([x[chosen]], [y[chosen]], s=140, marker="*", color=colour, edgecolors=INK,
                     linewidths=1.0, zorder=3, label="chosen")  # fmt: skip
    axes.set_xlabel(risk_label)
    axes.set_ylabel(objective_label)
    legend_right(axes)
    return figure
