"""Wording shared by the verdicts at the top of every study's report.

A verdict is plain text generated from the numbers of the result: which model wins, by how
much, whether that is significant, and what the reader should not conclude. These helpers keep
the wording of the four studies alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["ALPHA", "caveats", "join_names", "p_value_text", "significance"]

ALPHA = 0.05
"""Significance level of every verdict."""


def join_names(names: Sequence[str]) -> str:
    """Join names as ``a``, ``a and b`` or ``a, b and c``; ``none`` for no name."""
    items = [str(name) for name in names]
    if not items:
        return "none"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def p_value_text(p_value: float) -> str:
    """Write a p-value as ``p = 0.012``, ``p < 0.001`` or ``p not available``."""
    if not np.isfinite(p_value):
        return "p not available"
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def significance(p_value: float, alpha: float = ALPHA) -> str:
    """Say ``significant at 5% (p = ...)`` or ``not significant at 5% (p = ...)``."""
    word = "significant" if np.isfinite(p_value) and p_value < alpha else "not significant"
    return f"{word} at {alpha:.0%} ({p_value_text(p_value)})"


def caveats(items: Sequence[str]) -> str:
    """Write ``Do not over-read this: a; b; c.`` from the limits of a run (empty for none)."""
    kept = [item for item in items if item]
    return f"Do not over-read this: {'; '.join(kept)}." if kept else ""
