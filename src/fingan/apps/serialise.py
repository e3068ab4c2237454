"""Small conversions the studies share when they write their results as JSON."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["finite_or_none", "period_of"]


def finite_or_none(value: Any) -> float | None:
    """Return ``value`` as a float, or ``None`` where it is NaN or infinite (JSON has neither).

    >>> finite_or_none(0.5), finite_or_none(float("nan"))
    (0.5, None)
    """
    number = float(value)
    return number if math.isfinite(number) else None


def period_of(frame: pd.DataFrame) -> dict[str, Any]:
    """Return the first and last date and the number of days of a dated frame."""
    return {
        "start": str(frame.index[0].date()),
        "end": str(frame.index[-1].date()),
        "days": len(frame),
    }
