"""Load and validate user market data.

Files (CSV or Parquet) become tables of daily log returns through :func:`load_returns`; every
problem with the data raises its own :class:`fingan.core.exceptions.DataValidationError` subclass
with a one-line message. A daily log return beyond +/- :data:`MAX_ABS_LOG_RETURN` is refused as
implausible unless ``allow_extreme=True``. :func:`validate_returns_frame` runs the same checks
(but not that one) on tables already in memory.
"""

from __future__ import annotations

from fingan.data.loaders import ReturnKind, load_returns
from fingan.data.readers import read_table
from fingan.data.returns import (
    MAX_ABS_LOG_RETURN,
    check_plausible_returns,
    infer_kind,
    log_returns_from_simple,
    returns_from_prices,
)
from fingan.data.validation import validate_returns_frame

__all__ = [
    "MAX_ABS_LOG_RETURN",
    "ReturnKind",
    "check_plausible_returns",
    "infer_kind",
    "load_returns",
    "log_returns_from_simple",
    "read_table",
    "returns_from_prices",
    "validate_returns_frame",
]
