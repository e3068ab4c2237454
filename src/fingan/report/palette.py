"""The colours of every figure, so that a model keeps its colour across a report."""

from __future__ import annotations

__all__ = ["INK", "MUTED_COLOUR", "PALETTE", "REAL_COLOUR", "REFERENCE_COLOUR", "colour_of"]

PALETTE: tuple[str, ...] = ("#3d5a80", "#ee6c4d", "#2a9d8f", "#9b5de5", "#f4a261")
"""Colours in the order models are drawn."""

REAL_COLOUR = "#bcccdc"
"""The colour of the real data where it is drawn beside the models."""

REFERENCE_COLOUR = "#52606d"
"""Lines the models are judged against (the perfect diagonal, a uniform density, zero), and
the real data where it is drawn as a line."""

MUTED_COLOUR = "#9aa5b1"
"""Background lines: a zero line, the realised returns behind the forecasts."""

INK = "#1f2933"
"""Dark marks: the expected count, realised values among the bands, bar edges."""


def colour_of(index: int) -> str:
    """Return the colour of the ``index``-th model (the palette repeats).

    >>> colour_of(0) == colour_of(len(PALETTE))
    True
    """
    return PALETTE[index % len(PALETTE)]
