"""Small helpers for single table cells, shared by the date and number parsers."""

from __future__ import annotations

import pandas as pd

__all__ = ["is_missing_cell", "shorten"]


def is_missing_cell(cell: object) -> bool:
    """Return True for None, pandas' NA / NaT and a float NaN."""
    return (
        cell is None
        or cell is pd.NA
        or cell is pd.NaT
        or (isinstance(cell, float) and cell != cell)
    )


def shorten(text: str, limit: int = 40) -> str:
    """Cut ``text`` to at most ``limit`` characters for an error message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
