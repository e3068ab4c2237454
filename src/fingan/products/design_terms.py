"""The terms of a design search: the grid of parameters, the figures, the constraints.

A grid is written ``"knock_in=0.5:0.8:0.05,coupon=0.04:0.10:0.01"``: for each field of the
spec, either a range ``start:stop:step`` with both bounds included, a list of values
``0.5|0.6|0.7`` (numbers, ``true``/``false`` or words such as ``daily|maturity``) or a single
value. Ranges are counted in decimal arithmetic on the text as written, so
``0.5:0.8:0.05`` gives exactly the seven values 0.5, 0.55, ..., 0.8 (no 0.7999999999).

A constraint is a figure (:data:`METRICS`), a comparison and a number, as in
``p_loss<=0.10``, ``p_loss<=10%`` or ``es_99<=0.2``. It is read by a regular expression, never
evaluated as code. Expected shortfall is a loss (positive), so an ES budget is an upper bound.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np
import numpy.typing as npt

from fingan.core.exceptions import ConfigError
from fingan.metrics.risk import expected_shortfall

__all__ = [
    "MAX_CANDIDATES",
    "METRICS",
    "Constraint",
    "Metric",
    "check_metric",
    "grid_points",
    "outcome_metrics",
    "parse_constraints",
    "parse_grid",
]

FloatArray = npt.NDArray[np.float64]
GridValue = float | int | bool | str

MAX_CANDIDATES = 10_000
"""The most candidates a grid may hold."""


@dataclass(frozen=True)
class Metric:
    """A figure of a product's returns over the paths.

    Attributes
    ----------
    name : str
        Its name in objectives and constraints.
    higher_is_better : bool
        Whether an investor prefers it higher (a return) or lower (a risk).
    description : str
        What it is, for help texts and reports.
    compute : callable
        The figure from the returns, one per path.
    """

    name: str
    higher_is_better: bool
    description: str
    compute: Callable[[FloatArray], float]


def _mean(returns: FloatArray) -> float:
    return float(returns.mean())


def _median(returns: FloatArray) -> float:
    return float(np.median(returns))


def _p_gain(returns: FloatArray) -> float:
    return float(np.mean(returns > 0.0))


def _p_loss(returns: FloatArray) -> float:
    return float(np.mean(returns < 0.0))


def _es_99(returns: FloatArray) -> float:
    return expected_shortfall(returns, 0.99)


def _es_975(returns: FloatArray) -> float:
    return expected_shortfall(returns, 0.975)


def _p10(returns: FloatArray) -> float:
    return float(np.quantile(returns, 0.1))


METRICS: dict[str, Metric] = {
    metric.name: metric
    for metric in (
        Metric("expected_return", True, "mean return", _mean),
        Metric("median_return", True, "median return", _median),
        Metric("p_gain", True, "probability of a gain", _p_gain),
        Metric("p_loss", False, "probability of a loss", _p_loss),
        Metric("es_99", False, "99 % expected shortfall (a loss, positive)", _es_99),
        Metric("es_975", False, "97.5 % expected shortfall (a loss, positive)", _es_975),
        Metric("return_p10", True, "10th percentile of the return", _p10),
    )
}
"""Every figure an objective or a constraint may name."""


def check_metric(name: str, role: str) -> Metric:
    """Return the metric called ``name``, or raise :class:`ConfigError` naming ``role``."""
    if name not in METRICS:
        raise ConfigError(f"unknown {role} {name!r}; known figures: {', '.join(METRICS)}")
    return METRICS[name]


def outcome_metrics(returns: npt.ArrayLike) -> dict[str, float]:
    """Return every figure of :data:`METRICS` for one candidate's returns.

    Examples
    --------
    >>> figures = outcome_metrics([0.1, -0.2, 0.05, 0.05])
    >>> figures["p_loss"], round(figures["expected_return"], 3)
    (0.25, 0.0)
    """
    values = np.asarray(returns, dtype=np.float64)
    return {name: metric.compute(values) for name, metric in METRICS.items()}


_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_CONSTRAINT = re.compile(rf"^\s*([a-z][a-z0-9_]*)\s*(<=|>=|<|>)\s*({_NUMBER})\s*(%?)\s*$")
_FIELD = re.compile(r"^[a-z][a-z0-9_]*$")
_WORD = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Constraint:
    """A bound on one figure, such as ``p_loss <= 0.1``.

    Attributes
    ----------
    metric : str
        A name of :data:`METRICS`.
    operator : {"<=", ">=", "<", ">"}
        The comparison.
    bound : float
        The number compared with.

    Examples
    --------
    >>> constraint = parse_constraints("p_loss<=10%")[0]
    >>> str(constraint), constraint.holds(0.08), constraint.holds(0.12)
    ('p_loss <= 0.1', True, False)
    """

    metric: str
    operator: str
    bound: float

    def holds(self, value: float | npt.ArrayLike) -> npt.NDArray[np.bool_] | bool:
        """Return whether ``value`` (a number or an array) meets the bound."""
        array = np.asarray(value, dtype=np.float64)
        result = {
            "<=": np.less_equal,
            ">=": np.greater_equal,
            "<": np.less,
            ">": np.greater,
        }[self.operator](array, self.bound)
        return bool(result) if result.ndim == 0 else result

    def __str__(self) -> str:
        return f"{self.metric} {self.operator} {self.bound:g}"


def parse_constraints(text: str | Iterable[str] | None) -> tuple[Constraint, ...]:
    """Read constraints from ``"p_loss<=0.1,es_99<=0.2"`` or a list of such texts.

    Raises
    ------
    ConfigError
        If a constraint is not ``figure operator number`` or names an unknown figure.
    """
    if text is None:
        return ()
    texts = [text] if isinstance(text, str) else list(text)
    constraints = []
    for item in (part for whole in texts for part in whole.split(",")):
        if not item.strip():
            continue
        match = _CONSTRAINT.match(item)
        if match is None:
            raise ConfigError(
                f"cannot read the constraint {item.strip()!r}: write a figure, <=, >=, < or > "
                "and a number, such as p_loss<=0.1 or es_99<=20%"
            )
        name, operator, number, percent = match.groups()
        check_metric(name, "figure in a constraint")
        bound = float(number) / (100.0 if percent else 1.0)
        constraints.append(Constraint(name, operator, bound))
    return tuple(constraints)


def parse_grid(text: str) -> dict[str, tuple[GridValue, ...]]:
    """Read a grid such as ``"knock_in=0.5:0.8:0.05,coupon=0.04|0.06"`` (see the module notes).

    Returns
    -------
    dict of str to tuple
        Each field's values, in the order written; numbers without a fraction are ints.

    Raises
    ------
    ConfigError
        If the text is empty, a part is not ``field=values``, a field is named twice, a range
        is malformed (a step not above zero, a stop below the start) or the grid holds more
        than :data:`MAX_CANDIDATES` combinations.

    Examples
    --------
    >>> parse_grid("knock_in=0.5:0.8:0.05")["knock_in"]
    (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
    >>> parse_grid("coupon=0.04|0.05, knock_in_observation=daily|maturity")
    {'coupon': (0.04, 0.05), 'knock_in_observation': ('daily', 'maturity')}
    """
    grid: dict[str, tuple[GridValue, ...]] = {}
    parts = [part.strip() for part in str(text).split(",") if part.strip()]
    if not parts:
        raise ConfigError("--vary needs at least one field=values, such as coupon=0.04:0.10:0.01")
    for part in parts:
        name, equals, values = (piece.strip() for piece in part.partition("="))
        if not equals or not _FIELD.match(name) or not values:
            raise ConfigError(
                f"cannot read {part!r} in --vary: write field=start:stop:step, "
                "field=a|b|c or field=value"
            )
        if name in grid:
            raise ConfigError(f"--vary names {name!r} twice")
        grid[name] = _range(name, values) if ":" in values else _choices(name, values)
    size = int(np.prod([len(values) for values in grid.values()]))
    if size > MAX_CANDIDATES:
        raise ConfigError(
            f"--vary gives {size:,} candidates; at most {MAX_CANDIDATES:,} are allowed"
        )
    return grid


def grid_points(grid: Mapping[str, tuple[GridValue, ...]]) -> list[dict[str, GridValue]]:
    """Every combination of the grid's values, the last field varying fastest."""
    points: list[dict[str, GridValue]] = [{}]
    for name, values in grid.items():
        points = [point | {name: value} for point in points for value in values]
    return points


def _range(name: str, text: str) -> tuple[GridValue, ...]:
    pieces = text.split(":")
    if len(pieces) != 3:
        raise ConfigError(f"--vary {name}={text}: a range is start:stop:step")
    start, stop, step = (_decimal(name, piece) for piece in pieces)
    if step <= 0 or stop < start:
        raise ConfigError(
            f"--vary {name}={text}: the step must be above zero and the stop at least the start"
        )
    count = int((stop - start) // step) + 1  # exact: both bounds included when on the grid
    if count > MAX_CANDIDATES:
        raise ConfigError(
            f"--vary {name}={text} gives {count:,} values; at most {MAX_CANDIDATES:,}"
        )
    return tuple(_number(start + index * step) for index in range(count))


def _choices(name: str, text: str) -> tuple[GridValue, ...]:
    values: list[GridValue] = []
    for piece in (piece.strip() for piece in text.split("|")):
        if piece in ("true", "false"):
            values.append(piece == "true")
        elif _WORD.match(piece):
            values.append(piece)
        else:
            values.append(_number(_decimal(name, piece)))
    if len(set(values)) != len(values):
        raise ConfigError(f"--vary {name}={text} names a value twice")
    return tuple(values)


def _decimal(name: str, text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ConfigError(f"--vary {name}: {text.strip()!r} is not a number") from None
    if not value.is_finite():
        raise ConfigError(f"--vary {name}: {text.strip()!r} is not a finite number")
    return value


def _number(value: Decimal) -> float | int:
    """Return an integral value as int (day counts), any other as the float nearest the decimal."""
    return int(value) if value == value.to_integral_value() else float(value)
