"""Checks and records shared by the GAN estimators: parameters, restored state, training data."""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import numpy as np
import pandas as pd

from fingan.core.exceptions import ConfigError
from fingan.core.random import draw_seed
from fingan.core.validation import check_int
from fingan.transforms.base import InvertibleTransform
from fingan.transforms.lambertw import LambertWGaussianizer
from fingan.transforms.pipeline import Pipeline
from fingan.transforms.scaling import Standardizer


def data_fingerprint(frame: pd.DataFrame) -> str:
    """Return a SHA-256 fingerprint of a training table: its values, column names and dtypes.

    Numeric columns are hashed as the bytes of their float64 values; other columns through
    :func:`pandas.util.hash_pandas_object`. The index (dates) is not part of it.

    Parameters
    ----------
    frame : pandas.DataFrame
        The validated training table.

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    digest = hashlib.sha256()
    header = {
        "columns": [str(column) for column in frame.columns],
        "dtypes": [str(dtype) for dtype in frame.dtypes],
        "shape": list(frame.shape),
    }
    digest.update(json.dumps(header).encode("utf-8"))
    for _, column in frame.items():
        if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(
            column.dtype
        ):
            values = np.ascontiguousarray(column.to_numpy(dtype=np.float64))
        else:
            values = pd.util.hash_pandas_object(column, index=False).to_numpy()
        digest.update(values.tobytes())
    return digest.hexdigest()


def training_data_record(frame: pd.DataFrame) -> dict[str, Any]:
    """Return what a model is trained on: the table's fingerprint, rows and columns."""
    return {
        "fingerprint": data_fingerprint(frame),
        "n_rows": len(frame),
        "n_columns": frame.shape[1],
    }


def check_training_shape(record: dict[str, Any] | None, *, min_rows: int, n_columns: int) -> None:
    """Check a loaded model's parameters and fitted state against its training-data record.

    Nothing is checked without a record (models saved by older fingans).

    Raises
    ------
    ConfigError
        If the parameters need more than the recorded rows (``min_rows``), or the fitted state
        has another number of columns than the recorded table.
    """
    if record is None:
        return
    if record["n_rows"] < min_rows:
        raise ConfigError(
            f"the parameters need at least {min_rows} training rows but the model "
            f"was trained on {record['n_rows']}"
        )
    if record["n_columns"] != n_columns:
        raise ConfigError(
            f"the fitted state has {n_columns} columns but the model was trained on "
            f"{record['n_columns']}"
        )


def checked_names(values: Any, field: str) -> list[str]:
    """Return saved column or asset names, which must be a non-empty list of distinct strings.

    Raises
    ------
    ValueError
        Naming ``field``.
    """
    if (
        not isinstance(values, list)
        or not values
        or not all(isinstance(value, str) for value in values)
    ):
        raise ValueError(f"{field} must be a non-empty list of names")
    if len(set(values)) != len(values):
        raise ValueError(f"{field} repeat a name")
    return list(values)


def check_positive(value: Any, name: str) -> float:
    """Return ``value`` as a float, raising :class:`ConfigError` unless positive and finite."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float | np.integer | np.floating)
        or not (math.isfinite(value) and value > 0)
    ):
        raise ConfigError(f"{name} must be positive and finite; got {value!r}")
    return float(value)


def check_non_negative(value: Any, name: str) -> float:
    """Return ``value`` as a float, raising :class:`ConfigError` unless finite and >= 0."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float | np.integer | np.floating)
        or not (math.isfinite(value) and value >= 0)
    ):
        raise ConfigError(f"{name} must be a finite number >= 0; got {value!r}")
    return float(value)


def check_flag(value: Any, name: str) -> None:
    """Raise :class:`ConfigError` unless ``value`` is ``True`` or ``False``."""
    if not isinstance(value, bool | np.bool_):
        raise ConfigError(f"{name} must be True or False; got {value!r}")


def quant_gans_steps(lambert_w: bool) -> list[InvertibleTransform]:
    """Return new, unfitted steps of the Quant GANs preprocessing of returns.

    ``Standardizer → LambertWGaussianizer → Standardizer``, or one ``Standardizer`` without
    the Lambert W transform.
    """
    if lambert_w:
        return [Standardizer(), LambertWGaussianizer(), Standardizer()]
    return [Standardizer()]


def check_pipeline(pipeline: Pipeline, steps: list[InvertibleTransform], n_columns: int) -> None:
    """Raise ``ValueError`` unless a restored pipeline has the steps' types and column count."""
    saved = [type(step).__name__ for step in pipeline.steps]
    expected = [type(step).__name__ for step in steps]
    if saved != expected:
        raise ValueError(f"transform has steps {saved}; the parameters give {expected}")
    check_width(pipeline.n_features_in_, n_columns, "transform")


def check_width(actual: int, expected: int, field: str) -> None:
    """Raise ``ValueError`` unless a fitted transform reads as many columns as the model has."""
    if actual != expected:
        raise ValueError(f"{field} is fitted to {actual} columns; the model has {expected}")


def checked_seed(value: Any, random_state: Any) -> int:
    """Return the saved seed; it must be a valid seed and equal the saved ``random_state``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"seed must be an integer; got {value!r}")
    seed = draw_seed(value)
    if random_state != seed:
        raise ValueError(f"params.random_state ({random_state!r}) differs from seed ({seed})")
    return seed


def checked_data_record(record: Any) -> dict[str, Any] | None:
    """Return the saved record of the training data (``None`` from older fingans)."""
    if record is None:
        return None
    if not isinstance(record, dict):
        raise ValueError("data must be a mapping")
    fingerprint = record.get("fingerprint")
    if not (
        isinstance(fingerprint, str)
        and len(fingerprint) == 64
        and all(char in "0123456789abcdef" for char in fingerprint)
    ):
        raise ValueError(f"data.fingerprint must be 64 hexadecimal digits; got {fingerprint!r}")
    for name in ("n_rows", "n_columns"):
        check_int(record.get(name), f"data.{name}", minimum=1)
    return {name: record[name] for name in ("fingerprint", "n_rows", "n_columns")}
