"""Where a fitted table encoding keeps its categorical columns, and which ones condition."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fingan.core.exceptions import ConfigError
from fingan.transforms.tabular import TableTransformer

__all__ = ["categories", "category_blocks", "condition_column_indices"]


def category_blocks(transformer: TableTransformer) -> list[tuple[int, int]]:
    """``(start, width)`` in the encoded row of each categorical column's one-hot."""
    return [(span.start, span.width) for span in transformer.spans_ if span.kind == "categorical"]


def categories(transformer: TableTransformer) -> dict[str, list[Any]]:
    """Each categorical column's categories, in encoding order."""
    return {
        info["name"]: info["categories"]
        for info in transformer.columns_
        if info["kind"] == "categorical"
    }


def condition_column_indices(
    condition_columns: Sequence[str] | None, transformer: TableTransformer
) -> list[int] | None:
    """Positions among the categorical columns of ``condition_columns`` (``None``: all).

    Raises
    ------
    ConfigError
        If a name is not a categorical column, or the sequence is empty.
    """
    if condition_columns is None:
        return None
    names = list(categories(transformer))
    unknown = [name for name in condition_columns if name not in names]
    if unknown or not condition_columns:
        raise ConfigError(
            f"condition_columns must name categorical columns of the table; "
            f"{', '.join(map(repr, unknown)) or 'none given'} is not one "
            f"(categorical columns: {', '.join(map(repr, names)) or 'none'})"
        )
    return [names.index(name) for name in condition_columns]
