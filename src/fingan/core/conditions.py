"""Conditional sampling of tables by rejection: keep generated rows that meet the conditions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from fingan.core.exceptions import ConfigError, FinganError

#: Draw rounds tried before conditional sampling gives up.
MAX_ROUNDS = 50


def check_conditions(
    conditions: Mapping[str, Any] | None, categories: Mapping[str, Sequence[Any]]
) -> dict[str, Any]:
    """Validate ``{column: value}`` conditions against the categorical columns seen in fit.

    Parameters
    ----------
    conditions : mapping or None
        Wanted value of each conditioned column; ``None`` means no conditions.
    categories : mapping
        Categories of every categorical column of the fitted table.

    Returns
    -------
    dict
        The conditions, with each value given as the fitted category it equals.

    Raises
    ------
    ConfigError
        If a column is unknown or not categorical, or a value is not one of its categories.
    """
    checked: dict[str, Any] = {}
    for column, value in (conditions or {}).items():
        check_categorical_column(column, categories, "condition on")
        matches = [category for category in categories[column] if category == value]
        if not matches:
            allowed = ", ".join(repr(category) for category in categories[column])
            raise ConfigError(
                f"{value!r} is not a category of column {column!r}; known categories: {allowed}"
            )
        checked[column] = matches[0]
    return checked


def check_categorical_column(
    column: str, categories: Mapping[str, Sequence[Any]], action: str
) -> None:
    """Raise :class:`ConfigError` unless ``column`` is one of the fitted categorical columns.

    ``action`` says what was asked of the column, e.g. ``"condition on"``.
    """
    if column not in categories:
        known = ", ".join(repr(name) for name in categories) or "none"
        raise ConfigError(
            f"cannot {action} {column!r}: it is not a categorical column of the fitted table "
            f"(categorical columns: {known})"
        )


def sample_matching(
    draw: Callable[[int], pd.DataFrame], n: int, conditions: Mapping[str, Any]
) -> pd.DataFrame:
    """Draw rows until ``n`` of them meet every condition, and return those ``n``.

    Parameters
    ----------
    draw : callable
        ``draw(size)`` returns ``size`` newly generated rows.
    n : int
        Rows wanted.
    conditions : mapping
        Checked ``{column: value}`` conditions (see :func:`check_conditions`).

    Returns
    -------
    pandas.DataFrame
        ``n`` rows, index ``0 .. n-1``.

    Raises
    ------
    FinganError
        If fewer than ``n`` matching rows appear in :data:`MAX_ROUNDS` draws.
    """
    if not conditions:
        return draw(n).reset_index(drop=True)
    kept: list[pd.DataFrame] = []
    found = 0
    for _ in range(MAX_ROUNDS):
        rows = draw(max(n - found, 1) * 2)
        mask = pd.Series(True, index=rows.index)
        for column, value in conditions.items():
            mask &= rows[column] == value
        matching = rows[mask]
        kept.append(matching)
        found += len(matching)
        if found >= n:
            return pd.concat(kept).iloc[:n].reset_index(drop=True)
    wanted = ", ".join(f"{column}={value!r}" for column, value in conditions.items())
    raise FinganError(
        f"the model generated only {found} of {n} rows with {wanted} in {MAX_ROUNDS} rounds; "
        "the condition is too rare for this model"
    )
