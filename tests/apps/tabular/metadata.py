"""Metadata of a table for the private-fit tests: its categories and observed bounds."""

from __future__ import annotations

from typing import Any

import pandas as pd


def table_metadata(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Each categorical column's categories (as text) and each numeric column's min and max."""
    return {
        str(column): (
            {"categories": [str(value) for value in frame[column].cat.categories]}
            if isinstance(frame[column].dtype, pd.CategoricalDtype)
            else {"bounds": [float(frame[column].min()), float(frame[column].max())]}
        )
        for column in frame.columns
    }
