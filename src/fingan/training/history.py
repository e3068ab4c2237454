"""The training history: one record per step, checked when read back from a checkpoint."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = ["HISTORY_COLUMNS", "check_history", "history_frame"]

HISTORY_COLUMNS = (
    "step",
    "d_loss",
    "g_loss",
    "d_grad_norm",
    "g_grad_norm",
    "lr_g",
    "lr_d",
    "rollbacks",
    "wall_time",
)

_FINITE_HISTORY_COLUMNS = tuple(
    column for column in HISTORY_COLUMNS if column not in ("d_grad_norm", "g_grad_norm")
)


def check_history(records: Any, n_steps: int | None = None) -> list[dict[str, float]]:
    """Return training records read from a checkpoint, checked; raise ``ValueError`` if bad.

    Each record must hold every column of ``HISTORY_COLUMNS`` as a number, all finite but the
    gradient norms (a step may overflow one); steps must run 1, 2, ... (up to ``n_steps`` when
    given).
    """
    if not isinstance(records, list):
        raise ValueError("history must be a list of records")
    if n_steps is not None and len(records) != n_steps:
        raise ValueError(f"history has {len(records)} records for {n_steps} steps")
    checked: list[dict[str, float]] = []
    for position, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise ValueError(f"history record {position} is not a mapping")
        missing = [column for column in HISTORY_COLUMNS if column not in record]
        if missing:
            raise ValueError(f"history record {position} lacks {', '.join(missing)}")
        values = {column: record[column] for column in HISTORY_COLUMNS}
        if any(isinstance(v, bool) or not isinstance(v, int | float) for v in values.values()):
            raise ValueError(f"history record {position} holds a value that is not a number")
        if values["step"] != position:
            raise ValueError(f"history record {position} has step {values['step']!r}")
        if not all(math.isfinite(values[column]) for column in _FINITE_HISTORY_COLUMNS):
            raise ValueError(f"history record {position} holds NaN or infinite values")
        checked.append({column: float(value) for column, value in values.items()})
    return checked


def history_frame(records: Sequence[Mapping[str, float]]) -> pd.DataFrame:
    """Return training records as a frame indexed by step (see ``HISTORY_COLUMNS``)."""
    frame = pd.DataFrame(list(records), columns=list(HISTORY_COLUMNS))
    frame["step"] = frame["step"].astype("int64")
    frame["rollbacks"] = frame["rollbacks"].astype("int64")
    return frame.set_index("step")
