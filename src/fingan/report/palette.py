"""The colours of every figure, so that a model keeps its colour across a report.

:func:`model_colours` gives each model of a report its own colour: the first ten come from a
qualitative palette (colour-blind friendly, far from the real data's grey-blue), more are
spaced evenly along a perceptually uniform colour map, so no two models ever share one.
"""

from __future__ import annotations

from collections.abc import Iterable

from matplotlib import colormaps
from matplotlib.colors import to_hex

__all__ = [
    "INK",
    "MUTED_COLOUR",
    "PALETTE",
    "REAL_COLOUR",
    "REFERENCE_COLOUR",
    "colour_of",
    "colours",
    "model_colours",
]

PALETTE: tuple[str, ...] = (
    "#3d5a80",
    "#ee6c4d",
    "#2a9d8f",
    "#9b5de5",
    "#f4a261",
    "#e63979",
    "#6a994e",
    "#8d6e63",
    "#00a6d6",
    "#d4a017",
)
"""The first ten model colours, in the order models are drawn."""

_EXTENSION_MAP = "turbo"
"""The colour map that spaces the colours of the eleventh model on."""

REAL_COLOUR = "#bcccdc"
"""The colour of the real data where it is drawn beside the models."""

REFERENCE_COLOUR = "#52606d"
"""Lines the models are judged against (the perfect diagonal, a uniform density, zero), and
the real data where it is drawn as a line."""

MUTED_COLOUR = "#9aa5b1"
"""Background lines: a zero line, the realised returns behind the forecasts."""

INK = "#1f2933"
"""Dark marks: the expected count, realised values among the bands, bar edges."""


def colours(n: int) -> tuple[str, ...]:
    """Return ``n`` distinct colours: :data:`PALETTE`, then evenly spaced colour-map colours.

    Examples
    --------
    >>> colours(3) == PALETTE[:3]
    True
    >>> len(set(colours(25)))
    25
    """
    if n <= len(PALETTE):
        return PALETTE[: max(n, 0)]
    extra = n - len(PALETTE)
    cmap = colormaps[_EXTENSION_MAP]
    chosen = list(PALETTE)
    taken = set(chosen)
    # Skip the map's darkest and brightest ends; nudge a colour that rounds onto a taken one.
    for index in range(extra):
        position = 0.08 + 0.84 * (index + 0.5) / extra
        colour = to_hex(cmap(position))
        step = 0
        while colour in taken:
            step += 1
            colour = to_hex(cmap((position + step / 997.0) % 1.0))
        chosen.append(colour)
        taken.add(colour)
    return tuple(chosen)


def model_colours(names: Iterable[object]) -> dict[str, str]:
    """Map each model name (in order, duplicates once) to its own colour.

    Build it once per report from the models' order and pass it to every figure, so that a
    model keeps its colour from figure to figure.

    Examples
    --------
    >>> model_colours(["GARCH", "GBM"]) == {"GARCH": PALETTE[0], "GBM": PALETTE[1]}
    True
    """
    unique = list(dict.fromkeys(str(name) for name in names))
    return dict(zip(unique, colours(len(unique)), strict=True))


def colour_of(index: int) -> str:
    """Return the colour of the ``index``-th model (distinct for every index).

    >>> colour_of(0) != colour_of(len(PALETTE))
    True
    """
    return colours(index + 1)[index]
