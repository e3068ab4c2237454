"""The colours of every figure, so that a model keeps its colour across a report."""

from __future__ import annotations

__all__ = ["PALETTE", "REAL_COLOUR", "colour_of"]

PALETTE: tuple[str, ...] = ("#3d5a80", "#ee6c4d", "#2a9d8f", "#9b5de5", "#f4a261")
"""Colours in the order models are drawn."""

REAL_COLOUR = "#bcccdc"
"""The colour of the real data where it is drawn beside the models."""


def colour_of(index: int) -> str:
    """Return the colour of the ``index``-th model (the palette repeats).

    >>> colour_of(0) == colour_of(len(PALETTE))
    True
    """
    return PALETTE[index % len(PALETTE)]
