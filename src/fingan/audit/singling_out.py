"""The singling-out attack of Giomi et al. (2022), the algorithm of anonymeter 1.1.

The attacker writes predicates from the synthetic table that match exactly one synthetic row
("age >= 71 and purpose == 'tv' and amount <= 412"), betting that they match exactly one real
person too. An attack *succeeds* when its predicate matches exactly one row of the target
table. Predicates are built two ways:

- *univariate*: one column each — ``column <= its minimum``, ``column >= its maximum``, and
  ``column == value`` for every value that occurs once; shuffled, kept when they single out
  a synthetic row;
- *multivariate*: from a random synthetic row and ``n_columns`` random columns, a numeric
  column as ``>=`` its value when the value is above the column's median and ``<=`` otherwise
  (more extreme, so rarer), a categorical one as ``==``; kept when they single out a
  synthetic row, until ``n_attacks`` distinct predicates are found or ``max_attempts`` rows
  were tried.

The same predicates are then counted against the training rows and the control rows; the
baseline attacker writes random predicates (random columns, random values seen in the
synthetic table, random comparison operators). Duplicate rows are dropped from every table
first, and the success rate is out of ``n_attacks`` even when fewer predicates were found (as
anonymeter counts it: too few predicates lowers the measured risk). When the control table is
not as large as the training table, the control successes are rescaled to the training size
with the model of Cohen & Nissim (2020) fitted on subsamples of the control table, as
anonymeter does — with two differences: subsamples range from half the table to all of it
for tables under 1,000 rows (where anonymeter's range of sizes collapses to one size), and the
fit starts from several query weights and keeps the closest (from anonymeter's one start it
can settle on a curve that falls where the counts rise).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import curve_fit

from fingan.audit.risk import AttackRisk, attack_risk
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState
from fingan.metrics.encoding import categorical_columns, category_codes, numeric_values

__all__ = ["singling_out_risk"]

FloatArray = npt.NDArray[np.float64]
Condition = tuple[str, str, float]
"""One comparison ``(column, operator, value)``; categorical values are category codes."""
Query = tuple[Condition, ...]

_COMPARE: dict[str, Callable[[FloatArray, float], npt.NDArray[np.bool_]]] = {
    "==": np.equal,
    "!=": np.not_equal,
    "<": np.less,
    ">": np.greater,
    "<=": np.less_equal,
    ">=": np.greater_equal,
}
_CATEGORICAL_OPERATORS = ("==", "!=")
_NUMERIC_OPERATORS = ("==", "!=", ">", "<", ">=", "<=")
_BATCH = 1000


def singling_out_risk(
    train: pd.DataFrame,
    control: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    mode: Literal["univariate", "multivariate"] = "multivariate",
    n_attacks: int = 500,
    n_columns: int = 3,
    max_attempts: int = 100_000,
    confidence: float = 0.95,
    random_state: RandomState = None,
) -> AttackRisk:
    """Singling-out risk of a synthetic table.

    Parameters
    ----------
    train : pandas.DataFrame
        The rows the generator was fitted on (the attack's targets).
    control : pandas.DataFrame
        Real rows the generator never saw.
    synthetic : pandas.DataFrame
        The generator's rows; all three tables share one set of columns.
    mode : {"univariate", "multivariate"}, default "multivariate"
        Predicates on one column or on ``n_columns`` columns.
    n_attacks : int, default 500
        Predicates wanted (and the denominator of every success rate).
    n_columns : int, default 3
        Columns per multivariate predicate (and per baseline predicate in that mode).
    max_attempts : int, default 100,000
        Synthetic rows tried at most while looking for multivariate predicates.
    confidence : float, default 0.95
        Confidence level of the intervals.
    random_state : int, numpy.random.Generator or None
        Seed of the predicates.

    Returns
    -------
    AttackRisk
        Named ``"singling_out_univariate"`` or ``"singling_out_multivariate"``.

    Raises
    ------
    ConfigError
        If ``mode`` is unknown, ``n_attacks`` is not positive, or (multivariate) ``n_columns``
        is not between 1 and the number of columns.
    """
    if mode not in ("univariate", "multivariate"):
        raise ConfigError(f"mode must be 'univariate' or 'multivariate'; got {mode!r}")
    if n_attacks < 1:
        raise ConfigError(f"n_attacks must be at least 1; got {n_attacks!r}")
    if mode == "multivariate" and not 1 <= n_columns <= train.shape[1]:
        raise ConfigError(f"n_columns must be in [1, {train.shape[1]}]; got {n_columns!r}")
    rng = np.random.default_rng(random_state)
    tables, categorical = _encode(train, control, synthetic)
    target, held_out, fake = tables
    if mode == "univariate":
        queries = _univariate_queries(fake, categorical, n_attacks, rng)
        baseline_columns = 1
    else:
        queries = _multivariate_queries(fake, categorical, n_attacks, n_columns, max_attempts, rng)
        baseline_columns = n_columns
    baseline = _random_queries(fake, categorical, n_attacks, baseline_columns, rng)
    n_control = float(np.sum(_counts(held_out, queries) == 1))
    n_target_rows, n_control_rows = len(next(iter(target.values()))), _rows(held_out)
    if queries and n_control_rows != n_target_rows:
        model = _fit_size_model(held_out, queries, rng)
        n_control = min(n_control * model(n_target_rows) / model(n_control_rows), n_attacks)
    return attack_risk(
        f"singling_out_{mode}",
        n_attacks=n_attacks,
        n_success=float(np.sum(_counts(target, queries) == 1)),
        n_baseline=float(np.sum(_counts(target, baseline) == 1)),
        n_control=n_control,
        confidence=confidence,
    )


Table = dict[str, FloatArray]


def _encode(*frames: pd.DataFrame) -> tuple[list[Table], set[str]]:
    """Tables without duplicate rows, as one float array per column (categories as codes)."""
    frames = tuple(frame.drop_duplicates(ignore_index=True) for frame in frames)
    categorical = set(categorical_columns(*frames))
    tables: list[Table] = [{} for _ in frames]
    for column in frames[0].columns:
        if column in categorical:
            codes, _ = category_codes(*(frame[column] for frame in frames))
            values = [part.astype(np.float64) for part in codes]
        else:
            values = [numeric_values(frame[column]) for frame in frames]
        for table, part in zip(tables, values, strict=True):
            table[column] = part
    return tables, categorical


def _rows(table: Table) -> int:
    return len(next(iter(table.values())))


def _counts(table: Table, queries: Sequence[Query]) -> npt.NDArray[np.int64]:
    """Rows of ``table`` each query matches."""
    counts = np.empty(len(queries), dtype=np.int64)
    for index, query in enumerate(queries):
        mask = np.ones(_rows(table), dtype=bool)
        for column, operator, value in query:
            mask &= _COMPARE[operator](table[column], value)
        counts[index] = int(mask.sum())
    return counts


def _keep_singling(
    table: Table, candidates: Sequence[Query], kept: list[Query], seen: set[Query], limit: int
) -> None:
    """Append to ``kept`` the new candidates that single out a row of ``table``."""
    for query, count in zip(candidates, _counts(table, candidates), strict=True):
        if len(kept) >= limit:
            return
        if count == 1 and query not in seen:
            seen.add(query)
            kept.append(query)


def _univariate_queries(
    synthetic: Table, categorical: set[str], limit: int, rng: np.random.Generator
) -> list[Query]:
    candidates: list[Query] = []
    for column, values in synthetic.items():
        if column not in categorical:
            candidates += [((column, "<=", values.min()),), ((column, ">=", values.max()),)]
        unique, counts = np.unique(values, return_counts=True)
        candidates += [((column, "==", float(value)),) for value in unique[counts == 1]]
    order = rng.permutation(len(candidates))
    kept: list[Query] = []
    _keep_singling(synthetic, [candidates[i] for i in order], kept, set(), limit)
    return kept


def _multivariate_queries(
    synthetic: Table,
    categorical: set[str],
    limit: int,
    n_columns: int,
    max_attempts: int,
    rng: np.random.Generator,
) -> list[Query]:
    columns = list(synthetic)
    medians = {column: float(np.median(values)) for column, values in synthetic.items()}
    kept: list[Query] = []
    seen: set[Query] = set()
    attempts = 0
    while len(kept) < limit and attempts < max_attempts:
        size = min(_BATCH, max_attempts - attempts)
        rows = rng.integers(0, _rows(synthetic), size=size)
        batch = []
        for row in rows:
            chosen = sorted(rng.choice(columns, size=n_columns, replace=False).tolist())
            query = []
            for column in chosen:
                value = float(synthetic[column][row])
                if column in categorical:
                    operator = "=="
                else:
                    operator = ">=" if value > medians[column] else "<="
                query.append((column, operator, value))
            batch.append(tuple(query))
        _keep_singling(synthetic, batch, kept, seen, limit)
        attempts += size
    return kept


def _random_queries(
    synthetic: Table,
    categorical: set[str],
    n_queries: int,
    n_columns: int,
    rng: np.random.Generator,
) -> list[Query]:
    columns = list(synthetic)
    uniques = {column: np.unique(values) for column, values in synthetic.items()}
    queries = []
    for _ in range(n_queries):
        chosen = sorted(rng.choice(columns, size=n_columns, replace=False).tolist())
        query = []
        for column in chosen:
            operators = _CATEGORICAL_OPERATORS if column in categorical else _NUMERIC_OPERATORS
            value = float(rng.choice(uniques[column]))
            query.append((column, str(rng.choice(operators)), value))
        queries.append(tuple(query))
    return queries


def _singling_probability_integral(n: FloatArray, w_max: float) -> FloatArray:
    """Integral over query weights in [0, w_max] of n w (1 - w)^(n - 1) (Cohen & Nissim)."""
    return (1.0 - (n * w_max + 1.0) * (1.0 - w_max) ** n) / (n + 1.0)


def _fit_size_model(
    table: Table, queries: Sequence[Query], rng: np.random.Generator
) -> Callable[[int], float]:
    """How many of ``queries`` single out in a table of ``n`` rows, fitted on subsamples."""
    n_rows = _rows(table)
    lowest = min(1000, n_rows) if n_rows > 1000 else max(2, n_rows // 2)
    sizes, successes = [], []
    for size in np.linspace(lowest, n_rows, 10).astype(int):
        for _ in range(5):
            keep = rng.choice(n_rows, size=size, replace=False)
            subsample = {column: values[keep] for column, values in table.items()}
            successes.append(float(np.sum(_counts(subsample, queries) == 1)))
            sizes.append(float(size))

    def model(n: FloatArray, w_eff: float, scale: float) -> FloatArray:
        return scale * _singling_probability_integral(n, w_eff)

    x, y = np.array(sizes), np.array(successes)
    best, best_error = None, np.inf
    for factor in (0.01, 0.1, 1.0, 10.0):  # anonymeter starts at 1 only and can stall there
        w_guess = min(factor / x.max(), 1.0)
        scale_guess = 1.0 / float(_singling_probability_integral(np.array([x.max()]), w_guess)[0])
        try:
            params, _ = curve_fit(model, x, y, p0=(w_guess, scale_guess), bounds=(0, (1, np.inf)))
        except RuntimeError:  # no convergence from this start
            continue
        error = float(np.sum((model(x, *params) - y) ** 2))
        if error < best_error:
            best, best_error = params, error
    if best is None:
        return lambda n: 1.0  # no fit: leave the control count as measured
    return lambda n: float(model(np.array([float(n)]), *best)[0])
