"""Figures of VaR backtests: forecasts over realised returns, violations and traffic lights."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from fingan.metrics.backtest import basel_traffic_light
from fingan.report.figures.common import legend_below, model_colour_map, model_handles
from fingan.report.palette import INK, MUTED_COLOUR, REFERENCE_COLOUR

LIGHT_COLOURS = {"green": "#2a9d8f", "yellow": "#e9c46a", "red": "#e63946"}
"""Colours of the Basel traffic-light zones."""


def var_forecast_panels(
    forecasts: pd.DataFrame,
    *,
    models: Sequence[str] | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Draw one panel per model: realised returns, the VaR and ES below them, violations.

    Parameters
    ----------
    forecasts : pandas.DataFrame
        Columns ``date``, ``model``, ``var``, ``es``, ``realised`` and ``violation``, as in
        :attr:`fingan.apps.risk.RiskBacktest.forecasts` (VaR and ES as positive losses).
    models : sequence of str, optional
        Models to draw, top to bottom (default: in order of appearance).
    colours : mapping of str to str, optional
        Colour by model (default: by order of ``models``).

    Returns
    -------
    matplotlib.figure.Figure
        Realised returns in grey, ``-VaR`` as a line and ``-ES`` dashed (losses point down),
        violations as red dots; the panels share both axes.
    """
    names = list(dict.fromkeys(forecasts["model"])) if models is None else list(models)
    colour_map = model_colour_map(names, colours)
    figure = Figure(figsize=(10, 2.3 * len(names) + 1.0), layout="constrained")
    grid = np.atleast_1d(figure.subplots(len(names), 1, sharex=True, sharey=True, squeeze=False))
    for axes, name in zip(grid.ravel(), names, strict=True):
        rows = forecasts[forecasts["model"] == name].sort_values("date")
        colour = colour_map[str(name)]
        axes.plot(rows["date"], rows["realised"], color=MUTED_COLOUR, lw=0.7)
        axes.plot(rows["date"], -rows["var"], color=colour, lw=1.3)
        axes.plot(rows["date"], -rows["es"], color=colour, lw=0.9, ls="--")
        hits = rows[rows["violation"]]
        axes.plot(hits["date"], hits["realised"], "o", color=LIGHT_COLOURS["red"], ms=3.5)
        axes.axhline(0.0, color=REFERENCE_COLOUR, lw=0.5)
        axes.set_title(
            f"{name}: {len(hits)} violations in {len(rows)} forecasts", fontsize=9, loc="left"
        )
        axes.set_ylabel("return")
    legend = [
        Line2D([], [], color=MUTED_COLOUR, lw=0.7, label="realised portfolio return"),
        Line2D([], [], color=INK, lw=1.3, label="-VaR (model colour)"),
        Line2D([], [], color=INK, lw=0.9, ls="--", label="-ES (model colour)"),
        Line2D([], [], color=LIGHT_COLOURS["red"], marker="o", ls="", ms=3.5, label="violation"),
        *model_handles(colour_map),
    ]
    legend_below(figure, legend, [str(handle.get_label()) for handle in legend])
    return figure


def traffic_light_bounds(n_days: int, level: float) -> tuple[int, int]:
    """Return the fewest violations that make the yellow and the red Basel zone.

    Found with :func:`fingan.metrics.backtest.basel_traffic_light`, so they match the zones
    the backtests report.

    Examples
    --------
    >>> traffic_light_bounds(250, 0.99)
    (5, 10)
    """
    yellow = red = n_days + 1
    for count in range(n_days + 1):
        light = basel_traffic_light(count, n_days, level)
        if light != "green" and yellow > n_days:
            yellow = count
        if light == "red":
            red = count
            break
    return yellow, red


def violation_counts(tests: pd.DataFrame) -> Figure:
    """Draw each model's violations against the expected count and the Basel zones.

    Parameters
    ----------
    tests : pandas.DataFrame
        One row per model with ``n_violations``, ``n_days``, ``level`` and ``traffic_light``
        (as :meth:`fingan.apps.risk.RiskBacktest.tests`).

    Returns
    -------
    matplotlib.figure.Figure
        A bar per model in the colour of its zone; the expected count as a dashed line and
        the first yellow and red counts as shaded bands (for the first model's days, which
        every model shares in a backtest).
    """
    names = [str(name) for name in tests.index]
    counts = tests["n_violations"].astype(int).to_numpy()
    n_days, level = int(tests["n_days"].iloc[0]), float(tests["level"].iloc[0])
    yellow, red = traffic_light_bounds(n_days, level)
    top = max(float(counts.max()), red) * 1.15 + 1
    figure = Figure(figsize=(1.4 * len(names) + 4.5, 3.6), layout="constrained")
    axes = figure.add_subplot()
    axes.axhspan(-0.5, yellow - 0.5, color=LIGHT_COLOURS["green"], alpha=0.12)
    axes.axhspan(yellow - 0.5, red - 0.5, color=LIGHT_COLOURS["yellow"], alpha=0.18)
    axes.axhspan(red - 0.5, top, color=LIGHT_COLOURS["red"], alpha=0.12)
    colours = [LIGHT_COLOURS.get(str(light), REFERENCE_COLOUR) for light in tests["traffic_light"]]
    bars = axes.bar(names, counts, color=colours, edgecolor=INK, lw=0.6)
    axes.bar_label(bars, padding=2, fontsize=8)
    axes.axhline((1.0 - level) * n_days, color=INK, lw=1, ls="--")
    axes.set_ylim(0, top)
    axes.set_ylabel(f"violations in {n_days} days")
    legend = [
        Line2D([], [], color=INK, ls="--", label=f"expected ({(1 - level) * n_days:.1f})"),
        Patch(color=LIGHT_COLOURS["green"], alpha=0.3, label=f"green (< {yellow})"),
        Patch(color=LIGHT_COLOURS["yellow"], alpha=0.4, label=f"yellow ({yellow} to {red - 1})"),
        Patch(color=LIGHT_COLOURS["red"], alpha=0.3, label=f"red (>= {red})"),
    ]
    axes.legend(handles=legend, frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    return figure
