"""Table encodings built from metadata a user writes, never fitted on the rows.

A differentially private model may not read statistics of its training rows for free: CTGAN's
mode-specific normalisation fits a Gaussian mixture to every numeric column, and a categorical
column's categories are the values found in it. :func:`transformer_from_metadata` builds a
:class:`~fingan.transforms.TableTransformer` from the table's *schema* (column names, which
columns are numeric, integer or categorical, their dtypes) and from *metadata* (each
categorical column's categories, each numeric column's bounds), so that its state is the same
for any two tables with the same schema. A numeric column's modes are a fixed grid over its
bounds (one mode per integer when an integer column has at most ``max_modes`` values).

Metadata is a mapping ``{column: {"categories": [...]}}`` for categorical columns and
``{column: {"bounds": [low, high]}}`` for numeric ones, e.g. written from a data dictionary::

    {"purpose": {"categories": ["car (new)", "car (used)", "business"]},
     "credit_amount": {"bounds": [0, 20000]}}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from fingan.core.exceptions import ConfigError
from fingan.data.tables import column_kind
from fingan.transforms.modes import ModeSpecificNormalizer
from fingan.transforms.tabular import ColumnSpan, TableTransformer

__all__ = ["check_metadata", "clip_to_bounds", "transformer_from_metadata"]

Metadata = Mapping[str, Mapping[str, Any]]


def check_metadata(metadata: Any, frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Return ``metadata`` checked against the schema of ``frame`` (its values are not read).

    Raises
    ------
    ConfigError
        If metadata is not a mapping, misses a column, or gives a categorical column no
        non-empty list of distinct categories or a numeric column no finite ``[low, high]``
        with ``low < high``.
    """
    if not isinstance(metadata, Mapping):
        raise ConfigError(
            "with epsilon set, metadata must map every column to its categories or bounds; "
            f"got {type(metadata).__name__}"
        )
    missing = [str(name) for name in frame.columns if name not in metadata]
    if missing:
        raise ConfigError(
            "with epsilon set, metadata must give the categories or bounds of every column "
            f"(they may not be read from the private rows); missing: {', '.join(missing)}"
        )
    checked: dict[str, dict[str, Any]] = {}
    for name in frame.columns:
        entry = metadata[name]
        if not isinstance(entry, Mapping):
            raise ConfigError(f"metadata[{name!r}] must be a mapping; got {entry!r}")
        if column_kind(frame[name]) == "numeric":
            bounds = entry.get("bounds")
            if (
                not isinstance(bounds, list | tuple)
                or len(bounds) != 2
                or not all(_is_finite(value) for value in bounds)
                or not bounds[0] < bounds[1]
            ):
                raise ConfigError(
                    f"metadata[{name!r}] must hold 'bounds': [low, high], finite with low < high "
                    f"(numeric column); got {bounds!r}"
                )
            checked[str(name)] = {"bounds": [float(bounds[0]), float(bounds[1])]}
        else:
            categories = entry.get("categories")
            if (
                not isinstance(categories, list | tuple)
                or not categories
                or len(set(categories)) != len(categories)
            ):
                raise ConfigError(
                    f"metadata[{name!r}] must hold 'categories': a non-empty list of distinct "
                    f"values (categorical column); got {categories!r}"
                )
            checked[str(name)] = {"categories": list(categories)}
    return checked


def transformer_from_metadata(
    frame: pd.DataFrame, metadata: Metadata, *, max_modes: int = 10
) -> TableTransformer:
    """Build a fitted :class:`TableTransformer` from the schema of ``frame`` and ``metadata``.

    Only ``frame``'s column names and dtypes are read, never its values: the result is the
    same for any table with the same schema.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with the schema of the data to encode (it may have no rows).
    metadata : mapping
        ``{column: {"categories": [...]}}`` / ``{column: {"bounds": [low, high]}}``; see
        :func:`check_metadata`.
    max_modes : int
        Modes per numeric column: a grid of equal-width bins over the bounds (one mode per
        value for an integer column with at most ``max_modes`` values).

    Raises
    ------
    ConfigError
        If the metadata does not fit the schema (see :func:`check_metadata`).
    """
    checked = check_metadata(metadata, frame)
    transformer = TableTransformer(max_modes=max_modes)
    transformer.columns_, transformer.normalizers_, transformer.spans_ = [], {}, []
    start = 0
    for column in frame.columns:
        name, values, entry = str(column), frame[column], checked[str(column)]
        if "bounds" in entry:
            low, high = entry["bounds"]
            integer = bool(pd.api.types.is_integer_dtype(values))
            info: dict[str, Any] = {
                "name": name,
                "kind": "numeric",
                "integer": integer,
                "minimum": low,
                "maximum": high,
            }
            normalizer = _grid_normalizer(low, high, integer, max_modes)
            transformer.normalizers_[name] = normalizer
            width = 1 + normalizer.n_modes
        else:
            categorical = isinstance(values.dtype, pd.CategoricalDtype)
            info = {
                "name": name,
                "kind": "categorical",
                "categories": [_plain(value) for value in entry["categories"]],
                "dtype": "category" if categorical else str(values.dtype),
            }
            width = len(info["categories"])
        transformer.columns_.append(info)
        transformer.spans_.append(ColumnSpan(name, info["kind"], start, width))
        start += width
    transformer.output_width_ = start
    return transformer


def clip_to_bounds(frame: pd.DataFrame, transformer: TableTransformer) -> pd.DataFrame:
    """Return ``frame`` with every numeric column clipped to the transformer's range.

    Clipping each row to bounds fixed in advance is a per-row operation: it reads no statistic
    of the other rows (the usual preprocessing of differentially private training).
    """
    clipped = frame.copy()
    for info in transformer.columns_:
        if info["kind"] == "numeric":
            name = info["name"]
            clipped[name] = frame[name].clip(info["minimum"], info["maximum"])
    return clipped


def _grid_normalizer(
    low: float, high: float, integer: bool, max_modes: int
) -> ModeSpecificNormalizer:
    """Modes at the centres of equal bins over ``[low, high]``, each as wide as its bin."""
    n_values = math.floor(high) - math.ceil(low) + 1
    if integer and n_values <= max_modes:
        means = np.arange(math.ceil(low), math.floor(high) + 1, dtype=np.float64)
        stds = np.full(n_values, 0.5)
        return ModeSpecificNormalizer.from_dict({"means": means.tolist(), "stds": stds.tolist()})
    width = (high - low) / max_modes
    means = low + width * (np.arange(max_modes, dtype=np.float64) + 0.5)
    stds = np.full(max_modes, width / 2.0)
    return ModeSpecificNormalizer.from_dict({"means": means.tolist(), "stds": stds.tolist()})


def _is_finite(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value
