"""A Gaussian copula for mixed numeric/categorical tables, as SDV's ``GaussianCopula`` does it."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.special import ndtr, ndtri

from fingan.baselines.base import FloatArray, matrix_root
from fingan.baselines.table import TableBaseline, TableColumn
from fingan.core.conditions import sample_matching
from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.core.random import RandomState, draw_seed

__all__ = ["GaussianCopulaBaseline"]

#: Fewest rows a copula (of the whole table or of one class) is fitted on.
_MIN_ROWS = 2


class GaussianCopulaBaseline(TableBaseline):
    """Rows drawn from a Gaussian copula with empirical margins, for mixed tables.

    Each column is turned into normal scores ``z = Phi^-1(u)``: the rows are ranked by the
    column's value, ties in random order, and row ``r`` of ``n`` gets ``u = (r + 0.5) / n``.
    For a numeric column this is its empirical CDF; for a categorical column, whose values are
    ranked by category, it is the *frequency-interval trick*: each category owns an interval of
    ``[0, 1]`` as wide as its frequency, and a row maps to a random point of its category's
    interval. The correlation matrix of the scores is the copula. Sampling draws correlated
    standard normals and maps each back through ``Phi`` and the column's inverse CDF: numeric
    columns by linear interpolation between the sorted observed values (so samples are new
    values inside the observed range; integer columns are rounded), categorical columns by the
    interval ``u`` falls in.

    Conditional sampling
        Without ``class_column``, one copula is fitted to the whole table and
        ``sample(n, conditions=...)`` keeps drawn rows that meet the conditions
        (rejection, :func:`fingan.core.conditions.sample_matching`): this is exact, the
        conditional distribution of the fitted copula, but that copula links a label to the
        other columns only through one correlation per column. With ``class_column``, one
        copula is fitted to the rows of each class; a condition on the class column draws
        from that class's copula directly (no rejection, and each class keeps its own
        margins and correlations), unconditional rows draw their class with the observed
        class frequencies, and conditions on other columns are met by rejection.

    Parameters
    ----------
    class_column : hashable or None, default None
        A categorical column (e.g. the default label) to fit one copula per category of.
    random_state : int, numpy.random.Generator or None, default None
        Seeds the random order of tied values in ``fit`` (sampling takes its own
        ``random_state``).

    Attributes
    ----------
    columns_ : list of TableColumn
        The fitted columns, in order.
    correlations_ : dict
        Correlation matrix of the normal scores (a DataFrame labelled by column) of each
        class of ``class_column`` seen in the table, or of the whole table under the key
        ``None`` without ``class_column``; the class column is not part of its classes'
        copulas.
    class_weights_ : dict
        Share of the fitted rows of each class (``{None: 1.0}`` without ``class_column``).

    Notes
    -----
    At least two rows are needed (per class with ``class_column``).

    Examples
    --------
    >>> from fingan.datasets import load_german_credit
    >>> credit = load_german_credit()
    >>> model = GaussianCopulaBaseline(class_column="creditability", random_state=0).fit(credit)
    >>> bad = model.sample(300, conditions={"creditability": "bad"}, random_state=0)
    >>> bad.shape, set(bad["creditability"])
    ((300, 21), {'bad'})
    """

    def __init__(
        self, *, class_column: Hashable | None = None, random_state: RandomState = None
    ) -> None:
        self.class_column = class_column
        self.random_state = random_state

    def _fit_codes(self, codes: FloatArray, columns: list[TableColumn]) -> None:
        rng = np.random.default_rng(draw_seed(self.random_state))
        names = [column.name for column in columns]
        if self.class_column is None:
            groups: dict[Any, npt.NDArray[np.bool_]] = {None: np.ones(len(codes), dtype=bool)}
            modelled = list(range(len(columns)))
        else:
            position = self._class_position(columns)
            labels = codes[:, position].astype(np.int64)
            groups = {
                category: labels == code
                for code, category in enumerate(columns[position].categories)
                if (labels == code).any()
            }
            modelled = [i for i in range(len(columns)) if i != position]
        self._copulas: dict[Any, _Copula] = {}
        for key, rows in groups.items():
            if rows.sum() < _MIN_ROWS:
                raise TooFewRowsError(
                    f"class {key!r} of column {self.class_column!r} has {rows.sum()} row(s); "
                    f"a copula per class needs at least {_MIN_ROWS}"
                )
            self._copulas[key] = _Copula.fit(codes[rows], columns, modelled, rng)
        self.correlations_ = {
            key: pd.DataFrame(
                copula.correlation,
                index=[names[i] for i in modelled],
                columns=[names[i] for i in modelled],
            )
            for key, copula in self._copulas.items()
        }
        self.class_weights_ = {key: float(rows.mean()) for key, rows in groups.items()}

    def _sample_rows(
        self, n: int, conditions: dict[Any, Any], rng: np.random.Generator
    ) -> pd.DataFrame:
        others = dict(conditions)
        keys = list(self._copulas)
        if self.class_column is not None and self.class_column in others:
            wanted = others.pop(self.class_column)
            if wanted not in self._copulas:
                raise ConfigError(
                    f"cannot condition on {self.class_column!r} = {wanted!r}: the fitted table "
                    "has no rows of that class"
                )
            weights = np.array([1.0 if key == wanted else 0.0 for key in keys])
        else:
            weights = np.array([self.class_weights_[key] for key in keys])
        position = None if self.class_column is None else self._position(self.class_column)

        def draw(size: int) -> pd.DataFrame:
            counts = rng.multinomial(size, weights / weights.sum())
            blocks = []
            for key, count in zip(keys, counts, strict=True):
                block = self._copulas[key].draw(int(count), len(self.columns_), rng)
                if position is not None:
                    block[:, position] = self.columns_[position].code(key)
                blocks.append(block)
            codes = np.concatenate(blocks)[rng.permutation(size)]  # classes mixed
            return self._decode(codes)

        return sample_matching(draw, n, others)

    def _class_position(self, columns: list[TableColumn]) -> int:
        kinds = {column.name: column.kind for column in columns}
        if kinds.get(self.class_column) != "categorical":
            known = ", ".join(repr(name) for name, kind in kinds.items() if kind == "categorical")
            raise ConfigError(
                f"class_column {self.class_column!r} is not a categorical column of the table "
                f"(categorical columns: {known or 'none'})"
            )
        return [column.name for column in columns].index(self.class_column)


@dataclass(frozen=True)
class _Copula:
    """A Gaussian copula fitted to some columns of a code matrix."""

    positions: list[int]  # modelled columns of the code matrix
    correlation: FloatArray  # (n_modelled, n_modelled)
    root: FloatArray  # matrix_root(correlation)
    inverses: list[_Inverse]  # one per modelled column

    @classmethod
    def fit(
        cls,
        codes: FloatArray,
        columns: list[TableColumn],
        positions: list[int],
        rng: np.random.Generator,
    ) -> _Copula:
        scores = np.empty((len(codes), len(positions)))  # (n_rows, n_modelled)
        for j, position in enumerate(positions):
            scores[:, j] = _normal_scores(codes[:, position], rng)
        correlation = (
            np.atleast_2d(np.corrcoef(scores, rowvar=False)) if positions else np.empty((0, 0))
        )
        inverses = [_Inverse.fit(codes[:, i], columns[i]) for i in positions]
        return cls(positions, correlation, matrix_root(correlation), inverses)

    def draw(self, size: int, width: int, rng: np.random.Generator) -> FloatArray:
        """Return a code matrix of shape (size, width); unmodelled columns are zero."""
        normals = rng.standard_normal((size, len(self.positions))) @ self.root.T
        uniforms = ndtr(normals)  # (size, n_modelled)
        codes = np.zeros((size, width))
        for j, (position, inverse) in enumerate(zip(self.positions, self.inverses, strict=True)):
            codes[:, position] = inverse(uniforms[:, j])
        return codes


@dataclass(frozen=True)
class _Inverse:
    """Inverse CDF of one column: interpolated quantiles, or category frequency intervals."""

    numeric: bool
    knots: FloatArray  # sorted values (numeric) or cumulative frequencies (categorical)

    @classmethod
    def fit(cls, codes: FloatArray, column: TableColumn) -> _Inverse:
        if column.kind == "numeric":
            return cls(True, np.sort(codes))
        counts = np.bincount(codes.astype(np.int64), minlength=len(column.categories))
        return cls(False, np.cumsum(counts) / counts.sum())

    def __call__(self, uniforms: FloatArray) -> FloatArray:
        if self.numeric:
            levels = (np.arange(self.knots.size) + 0.5) / self.knots.size
            values: FloatArray = np.interp(uniforms, levels, self.knots)
            return values
        index = np.searchsorted(self.knots, uniforms, side="right")
        last = np.searchsorted(self.knots, self.knots[-1])  # last category with any rows
        codes: FloatArray = np.minimum(index, last).astype(np.float64)
        return codes


def _normal_scores(values: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Return ``Phi^-1((rank + 0.5) / n)`` of each value, ties ranked in random order."""
    order = np.lexsort((rng.random(values.size), values))
    ranks = np.empty(values.size)
    ranks[order] = np.arange(values.size)
    scores: FloatArray = ndtri((ranks + 0.5) / values.size)
    return scores
