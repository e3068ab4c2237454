"""Encoding mixed numeric/categorical tables for a GAN, after CTGAN (Xu et al., 2019).

Numeric columns get *mode-specific normalisation*
(:class:`~fingan.transforms.modes.ModeSpecificNormalizer`): a variational Gaussian mixture finds
the column's modes, and a value ``x`` becomes the scalar ``alpha = (x - mu_k) / (4 sigma_k)``
plus a one-hot vector of its mode ``k``. By default a column with more distinct values than the
mixture has modes gets *quantile normalisation* instead
(:class:`~fingan.transforms.quantiles.QuantileNormalizer`: one mode, ``alpha = Phi^-1(u) / 4`` at
its position ``u`` in the column's distribution), which keeps the values many rows share and
the skew that a mixture blurs. Categorical columns become one-hot vectors. The encoded
row is the concatenation, described by :class:`ColumnSpan` entries so that a generator knows
where to apply ``tanh`` and where ``softmax`` / Gumbel-softmax.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.estimator import check_is_fitted
from fingan.core.exceptions import CheckpointError, DataValidationError, ShapeError
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_choice
from fingan.data.tables import ColumnKind, column_kind, validate_table
from fingan.transforms.modes import ModeSpecificNormalizer
from fingan.transforms.quantiles import QuantileNormalizer

FloatArray = npt.NDArray[np.float64]
ColumnNormalizer = ModeSpecificNormalizer | QuantileNormalizer

NUMERIC_ENCODINGS = ("auto", "modes")


@dataclass(frozen=True)
class ColumnSpan:
    """Where one column lives in the encoded row.

    Attributes
    ----------
    column : str
        Column name.
    kind : {"numeric", "categorical"}
        Numeric spans hold ``alpha`` (one ``tanh`` unit) then the mode one-hot; categorical
        spans hold the category one-hot.
    start, width : int
        First encoded position and number of positions.
    """

    column: str
    kind: ColumnKind
    start: int
    width: int


class TableTransformer:
    """Encode a mixed numeric/categorical table into GAN-ready rows, and decode them back.

    Numeric columns (integer or float, not boolean) get a :class:`ModeSpecificNormalizer` or a
    :class:`QuantileNormalizer` (see ``numeric_encoding``); every other column (category, text,
    boolean) is one-hot encoded. Decoding restores the
    column order, dtypes and category sets; integer columns are rounded, and numeric values are
    clipped to the range seen in ``fit``.

    Parameters
    ----------
    max_modes : int
        Largest number of modes per numeric column.
    numeric_encoding : {"auto", "modes"}
        ``"auto"`` (default): quantile normalisation for numeric columns with more than
        ``max_modes`` distinct values, modes for the others (a mode can sit on each value);
        ``"modes"``: modes for every numeric column, as CTGAN.
    random_state : int, numpy.random.Generator or None
        Seed of the mixture fits.

    Attributes
    ----------
    spans_ : list of ColumnSpan
        Layout of the encoded row.
    output_width_ : int
        Width of the encoded row.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"amount": [100, 250, 4000, 120], "purpose": list("abba")})
    >>> transformer = TableTransformer(random_state=0).fit(frame)
    >>> transformer.inverse_transform(transformer.transform(frame)).equals(frame)
    True
    """

    def __init__(
        self,
        *,
        max_modes: int = 10,
        numeric_encoding: str = "auto",
        random_state: RandomState = None,
    ) -> None:
        self.max_modes = max_modes
        self.numeric_encoding = numeric_encoding
        self.random_state = random_state

    def fit(self, frame: pd.DataFrame) -> Self:
        """Learn each column's encoding."""
        validate_table(frame)
        check_choice(self.numeric_encoding, "numeric_encoding", NUMERIC_ENCODINGS)
        seed = draw_seed(self.random_state)
        self.columns_: list[dict[str, Any]] = []
        self.normalizers_: dict[str, ColumnNormalizer] = {}
        self.spans_: list[ColumnSpan] = []
        start = 0
        for name in frame.columns:
            values = frame[name]
            info = _describe(str(name), values)
            if info["kind"] == "numeric":
                normalizer = self._normalizer(values.to_numpy(np.float64), seed)
                self.normalizers_[info["name"]] = normalizer
                width = 1 + normalizer.n_modes
            else:
                width = len(info["categories"])
            self.columns_.append(info)
            self.spans_.append(ColumnSpan(info["name"], info["kind"], start, width))
            start += width
        self.output_width_ = start
        return self

    def _normalizer(self, values: FloatArray, seed: int) -> ColumnNormalizer:
        """Fit the normaliser of one numeric column (see ``numeric_encoding``)."""
        if self.numeric_encoding == "auto" and np.unique(values).size > self.max_modes:
            return QuantileNormalizer(random_state=seed).fit(values)
        return ModeSpecificNormalizer(max_modes=self.max_modes, random_state=seed).fit(values)

    def transform(self, frame: pd.DataFrame) -> FloatArray:
        """Encode ``frame`` (same columns as in ``fit``) to ``(n_rows, output_width_)``."""
        check_is_fitted(self, ("spans_",))
        missing = [info["name"] for info in self.columns_ if info["name"] not in frame.columns]
        if missing:
            raise ShapeError(f"missing column(s): {', '.join(missing)}")
        encoded = np.zeros((len(frame), self.output_width_), dtype=np.float64)
        rows = np.arange(len(frame))
        for info, span in zip(self.columns_, self.spans_, strict=True):
            values = frame[span.column]
            if span.kind == "numeric":
                alpha, modes = self.normalizers_[span.column].transform(values.to_numpy(np.float64))
                encoded[:, span.start] = alpha
                encoded[rows, span.start + 1 + modes] = 1.0
            else:
                index = _category_index(values, info["categories"], span.column)
                encoded[rows, span.start + index] = 1.0
        return encoded

    def inverse_transform(self, encoded: npt.ArrayLike) -> pd.DataFrame:
        """Decode rows of width ``output_width_`` (e.g. generator output) to a table."""
        check_is_fitted(self, ("spans_",))
        values = np.asarray(encoded, dtype=np.float64)
        if values.ndim != 2 or values.shape[1] != self.output_width_:
            raise ShapeError(
                f"encoded rows must have shape (n, {self.output_width_}); got {values.shape}"
            )
        columns: dict[str, Any] = {}
        for info, span in zip(self.columns_, self.spans_, strict=True):
            block = values[:, span.start : span.start + span.width]
            if span.kind == "numeric":
                decoded = self.normalizers_[span.column].inverse_transform(
                    block[:, 0], np.argmax(block[:, 1:], axis=1)
                )
                decoded = np.clip(decoded, info["minimum"], info["maximum"])
                columns[span.column] = (
                    np.round(decoded).astype(np.int64) if info["integer"] else decoded
                )
            else:
                chosen = [info["categories"][i] for i in np.argmax(block, axis=1)]
                columns[span.column] = _restore_categorical(chosen, info)
        return pd.DataFrame(columns)

    def to_dict(self) -> dict[str, Any]:
        """Return the fitted encoding as a JSON-ready dictionary."""
        check_is_fitted(self, ("spans_",))
        return {
            "columns": self.columns_,
            "normalizers": {name: n.to_dict() for name, n in self.normalizers_.items()},
            "spans": [asdict(span) for span in self.spans_],
        }

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> Self:
        """Rebuild from :meth:`to_dict` output.

        Raises
        ------
        CheckpointError
            If a column description is incomplete or invalid (a range that is not finite, no
            or repeated categories, a dtype that is not categorical), a numeric column lacks
            its modes, or the spans do not match the columns.
        """
        if not isinstance(state, Mapping):
            raise CheckpointError("TableTransformer state must be a mapping")
        columns = state.get("columns")
        if not isinstance(columns, list) or not columns:
            raise CheckpointError("TableTransformer.columns must be a non-empty list")
        transformer = cls()
        transformer.columns_ = [_checked_column(info, index) for index, info in enumerate(columns)]
        names = [info["name"] for info in transformer.columns_]
        if len(set(names)) != len(names):
            raise CheckpointError("TableTransformer.columns repeat a column name")
        numeric = [info["name"] for info in transformer.columns_ if info["kind"] == "numeric"]
        saved = state.get("normalizers")
        if not isinstance(saved, Mapping) or sorted(saved) != sorted(numeric):
            raise CheckpointError(
                "TableTransformer.normalizers must hold the modes of exactly the numeric columns"
            )
        transformer.normalizers_ = {name: _restored_normalizer(saved[name]) for name in numeric}
        transformer.spans_ = []
        start = 0
        for info in transformer.columns_:
            width = (
                1 + transformer.normalizers_[info["name"]].n_modes
                if info["kind"] == "numeric"
                else len(info["categories"])
            )
            transformer.spans_.append(ColumnSpan(info["name"], info["kind"], start, width))
            start += width
        if state.get("spans") != [asdict(span) for span in transformer.spans_]:
            raise CheckpointError("TableTransformer.spans do not match its columns and modes")
        transformer.output_width_ = start
        return transformer


def _restored_normalizer(state: Any) -> ColumnNormalizer:
    """Rebuild a saved normaliser: quantiles when it holds knots, modes otherwise."""
    if isinstance(state, Mapping) and "knots" in state:
        return QuantileNormalizer.from_dict(dict(state))
    return ModeSpecificNormalizer.from_dict(state)


def _checked_column(info: Any, index: int) -> dict[str, Any]:
    """Check one saved column description (see :func:`_describe`); return a copy."""
    where = f"TableTransformer.columns[{index}]"
    if not isinstance(info, Mapping) or not isinstance(info.get("name"), str):
        raise CheckpointError(f"{where} must be a mapping with a column name")
    where = f"TableTransformer column {info['name']!r}"
    if info.get("kind") == "numeric":
        low, high = _finite_number(info.get("minimum")), _finite_number(info.get("maximum"))
        if not isinstance(info.get("integer"), bool) or low is None or high is None:
            raise CheckpointError(f"{where} needs a boolean 'integer' and a finite range")
        if low > high:
            raise CheckpointError(f"{where} has minimum {low!r} above maximum {high!r}")
        return dict(info)
    if info.get("kind") != "categorical":
        raise CheckpointError(f"{where} has unknown kind {info.get('kind')!r}")
    categories = info.get("categories")
    if (
        not isinstance(categories, list)
        or not categories
        or not all(_is_category(category) for category in categories)
    ):
        raise CheckpointError(f"{where} needs a non-empty list of text, number or flag categories")
    if len(set(categories)) != len(categories):
        raise CheckpointError(f"{where} repeats a category")
    dtype = info.get("dtype")
    if dtype != "category" and not _is_categorical_dtype(dtype):
        raise CheckpointError(f"{where} has dtype {dtype!r}, which is not categorical")
    return dict(info)


def _finite_number(value: Any) -> float | None:
    """``value`` as a float if it is a finite number (not a flag), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _is_category(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int | bool)


def _is_categorical_dtype(dtype: Any) -> bool:
    if not isinstance(dtype, str):
        return False
    try:
        resolved = pd.api.types.pandas_dtype(dtype)
    except (TypeError, ValueError):
        return False
    return bool(
        pd.api.types.is_bool_dtype(resolved)
        or pd.api.types.is_object_dtype(resolved)
        or pd.api.types.is_string_dtype(resolved)
    )


def _describe(name: str, values: pd.Series) -> dict[str, Any]:
    if column_kind(values) == "numeric":
        numbers = values.to_numpy(np.float64)
        return {
            "name": name,
            "kind": "numeric",
            "integer": bool(pd.api.types.is_integer_dtype(values)),
            "minimum": float(numbers.min()),
            "maximum": float(numbers.max()),
        }
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = list(values.cat.categories)
    else:
        categories = sorted(pd.unique(values).tolist(), key=str)
    return {
        "name": name,
        "kind": "categorical",
        "categories": [_json_value(category) for category in categories],
        "dtype": "category" if isinstance(values.dtype, pd.CategoricalDtype) else str(values.dtype),
    }


def _category_index(values: pd.Series, categories: list[Any], column: str) -> npt.NDArray[np.int64]:
    lookup = {category: index for index, category in enumerate(categories)}
    try:
        return np.array([lookup[_json_value(value)] for value in values], dtype=np.int64)
    except KeyError as error:
        raise DataValidationError(
            f"column {column!r} holds {error.args[0]!r}, a category not seen in fit"
        ) from None


def _restore_categorical(chosen: list[Any], info: dict[str, Any]) -> pd.Series:
    if info["dtype"] == "category":
        return pd.Series(pd.Categorical(chosen, categories=info["categories"]))
    return pd.Series(chosen).astype(info["dtype"])


def _json_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value if isinstance(value, str | int | float | bool) else str(value)
