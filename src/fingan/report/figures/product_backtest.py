"""Figures of the product backtest: each generator's predicted band against realised outcomes.

The functions take plain frames by generator name (no results object) and return a matplotlib
``Figure`` built without pyplot. The PIT histograms are
:func:`fingan.report.figures.forecast.pit_histograms`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from fingan.report.figures.common import legend_below, model_colour_map
from fingan.report.palette import INK, MUTED_COLOUR, REFERENCE_COLOUR

__all__ = ["band_panels"]

MISS_COLOUR = "#e63946"
"""Colour of a realised outcome outside the predicted band."""


def band_panels(
    forecasts: pd.DataFrame,
    *,
    generators: Sequence[str] | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Draw one panel per generator: the 10-90 % band by start date and the realised outcome.

    Parameters
    ----------
    forecasts : pandas.DataFrame
        Columns ``generator``, ``start``, ``q10``, ``q50``, ``q90``, ``realised``, ``inside``
        and ``stress`` (returns as fractions), as in
        :meth:`fingan.apps.product.ProductBacktest.to_frame` with its index reset.
    generators : sequence of str, optional
        Generators to draw, top to bottom (default: in order of appearance).
    colours : mapping of str to str, optional
        Colour by generator (default: by order of ``generators``).

    Returns
    -------
    matplotlib.figure.Figure
        The band shaded in the generator's colour with its median, the stress value dashed,
        realised outcomes as dots (red when outside the band); the panels share both axes.
    """
    names = list(dict.fromkeys(forecasts["generator"])) if generators is None else list(generators)
    colour_map = model_colour_map(names, colours)
    figure = Figure(figsize=(10, 2.2 * len(names) + 1.0), layout="constrained")
    grid = np.atleast_1d(figure.subplots(len(names), 1, sharex=True, sharey=True, squeeze=False))
    for axes, name in zip(grid.ravel(), names, strict=True):
        rows = forecasts[forecasts["generator"] == name].sort_values("start")
        colour = colour_map[str(name)]
        days = rows["start"]
        axes.fill_between(days, 100 * rows["q10"], 100 * rows["q90"], color=colour, alpha=0.3,
                          lw=0, step="mid")  # fmt: skip
        axes.plot(days, 100 * rows["q50"], color=colour, lw=1.0, drawstyle="steps-mid")
        axes.plot(days, 100 * rows["stress"], color=colour, lw=0.8, ls="--")
        inside = rows["inside"].to_numpy(dtype=bool)
        realised = 100 * rows["realised"]
        axes.plot(days[inside], realised[inside], "o", color=INK, ms=2.5)
        axes.plot(days[~inside], realised[~inside], "o", color=MISS_COLOUR, ms=3.0)
        axes.axhline(0.0, color=REFERENCE_COLOUR, lw=0.5)
        axes.set_title(
            f"{name}: {inside.mean():.0%} of {len(rows)} outcomes inside the band",
            fontsize=9,
            loc="left",
        )
        axes.set_ylabel("return (%)")
    legend = [
        Patch(color=MUTED_COLOUR, alpha=0.5, label="10-90 % band (generator colour)"),
        Line2D([], [], color=MUTED_COLOUR, lw=1.0, label="median"),
        Line2D([], [], color=MUTED_COLOUR, lw=0.8, ls="--", label="stress value"),
        Line2D([], [], color=INK, marker="o", ls="", ms=2.5, label="realised, inside"),
        Line2D([], [], color=MISS_COLOUR, marker="o", ls="", ms=3.0, label="realised, outside"),
    ]
    legend_below(figure, legend, [str(handle.get_label()) for handle in legend])
    return figure
