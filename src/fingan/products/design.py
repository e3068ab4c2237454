"""A design search: a product's terms varied over a grid, every candidate on the same paths.

:func:`grid_candidates` builds one spec per grid point (the spec's own checks decide which are
valid: a knock-in above the autocall trigger is an invalid candidate, not an error);
:func:`design_search` evaluates every valid candidate on the same paths (common random numbers:
differences between candidates are differences of terms, not of draws), computes the figures
of :data:`~fingan.products.design_terms.METRICS`, marks which candidates meet the constraints
(*feasible*), which are efficient for the objective against a risk figure (the *frontier*) and
chooses the feasible candidate with the best objective.

Speed. Candidates that share their underlyings, maturity and observation days share one
:class:`SharedObservations`: the levels on observation days are summed once, and the lowest
level of the worst underlying over the holding period (a barrier observed daily) is computed
once per path, the first time a candidate needs it, and reused by every later candidate.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.products.base import ProductSpec
from fingan.products.design_terms import (
    METRICS,
    Constraint,
    GridValue,
    check_metric,
    grid_points,
    outcome_metrics,
    parse_constraints,
    parse_grid,
)
from fingan.products.evaluate import ProductOutcome
from fingan.products.loading import spec_from_dict, spec_to_dict
from fingan.products.observations import BoolArray, FloatArray, Observations

__all__ = [
    "FIXED_FIELDS",
    "Candidate",
    "DesignSearch",
    "SharedObservations",
    "design_search",
    "evaluate_candidates",
    "grid_candidates",
    "pareto_front",
]

FIXED_FIELDS = ("underlyings", "observation_days")
"""Fields a grid may not vary (names and lists of days)."""


class SharedObservations(Observations):
    """:class:`Observations` that keep each path's daily minimum once it has been computed.

    Takes the parameters of :class:`Observations`. :meth:`worst` is computed once per day and
    returned read-only; :meth:`worst_minimum` computes the minimum only for the paths not asked
    for before, so a grid of candidates with daily barriers runs through each path's running
    sums at most once.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._minimum = np.empty(self.n_paths)
        self._known = np.zeros(self.n_paths, dtype=bool)
        self._worst: dict[int, FloatArray] = {}

    def worst(self, day: int) -> FloatArray:
        """Return the worst underlying's performance after ``day`` days (cached, read-only)."""
        if day not in self._worst:
            worst = super().worst(day)
            worst.flags.writeable = False
            self._worst[day] = worst
        return self._worst[day]

    def worst_minimum(self, rows: BoolArray | None = None) -> FloatArray:
        """Lowest performance of the worst underlying over days 1 to maturity (cached)."""
        wanted = np.ones(self.n_paths, dtype=bool) if rows is None else np.asarray(rows, bool)
        missing = wanted & ~self._known
        if missing.any():
            self._minimum[missing] = super().worst_minimum(missing)
            self._known |= missing
        result: FloatArray = self._minimum[wanted]
        return result


@dataclass(frozen=True)
class Candidate:
    """One point of a grid: the values it sets and the spec they give, or why there is none.

    Attributes
    ----------
    values : dict of str to value
        The grid's fields and their values at this point.
    spec : ProductSpec or None
        The candidate product; ``None`` when the spec refused the values.
    error : str or None
        The spec's reason for refusing them.
    """

    values: dict[str, GridValue]
    spec: ProductSpec | None
    error: str | None = None

    @property
    def valid(self) -> bool:
        """Whether the values make a valid product."""
        return self.spec is not None


def grid_candidates(
    spec: ProductSpec, grid: str | Mapping[str, Sequence[GridValue]]
) -> tuple[Candidate, ...]:
    """Build one candidate per point of ``grid`` by replacing fields of ``spec``.

    Parameters
    ----------
    spec : ProductSpec
        The product whose other terms the candidates keep.
    grid : str or mapping
        ``"knock_in=0.5:0.8:0.05,coupon=0.04:0.10:0.01"`` (see
        :func:`~fingan.products.design_terms.parse_grid`) or ``{field: values}``.

    Returns
    -------
    tuple of Candidate
        In grid order, the last field varying fastest; values the spec refuses give invalid
        candidates.

    Raises
    ------
    ConfigError
        If a field is not one of the spec's, cannot be varied, or no candidate is valid.

    Examples
    --------
    >>> from fingan.products import ReverseConvertible
    >>> note = ReverseConvertible(underlyings=("sp500",), maturity=252, coupon=0.05, knock_in=0.7)
    >>> [c.spec.coupon for c in grid_candidates(note, "coupon=0.04:0.06:0.01")]
    [0.04, 0.05, 0.06]
    """
    parsed = parse_grid(grid) if isinstance(grid, str) else {k: tuple(v) for k, v in grid.items()}
    fields = [field.name for field in dataclasses.fields(spec)]
    for name in parsed:
        if name not in fields:
            close = difflib.get_close_matches(name, fields, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(
                f"--vary: {spec.kind} has no field {name!r}{hint}; its fields are "
                f"{', '.join(fields)}"
            )
        if name in FIXED_FIELDS:
            raise ConfigError(f"--vary: {name} cannot be varied on a grid")
    base = spec_to_dict(spec)
    candidates = []
    for point in grid_points(parsed):
        try:
            candidates.append(Candidate(point, spec_from_dict(base | point)))
        except ConfigError as error:
            candidates.append(Candidate(point, None, str(error)))
    if not any(candidate.valid for candidate in candidates):
        raise ConfigError(
            f"none of the {len(candidates)} candidates of --vary is a valid {spec.kind}; "
            f"the first fails with: {candidates[0].error}"
        )
    return tuple(candidates)


def evaluate_candidates(
    specs: Iterable[ProductSpec], paths: ReturnPaths
) -> Iterator[ProductOutcome]:
    """Evaluate each spec on the same ``paths``, sharing what the specs have in common.

    The outcome of each spec is exactly :func:`fingan.products.evaluate`'s; specs with the
    same underlyings, maturity and observation days share one :class:`SharedObservations`.

    Raises
    ------
    ConfigError, MissingValueError
        As :func:`fingan.products.evaluate`.
    """
    shared: dict[tuple[Any, ...], SharedObservations] = {}
    for spec in specs:
        key = (spec.underlyings, spec.maturity, spec.level_days)
        if key not in shared:
            shared[key] = SharedObservations(paths, *key)
        payoff = spec.payoff(shared[key])
        yield ProductOutcome(spec.kind, spec.notional, payoff.cash - 1.0, payoff.call_day)


def pareto_front(
    objective: npt.ArrayLike,
    risk: npt.ArrayLike,
    *,
    higher_objective: bool = True,
    lower_risk: bool = True,
) -> BoolArray:
    """Mark the points no other point dominates (as good on both figures, better on one).

    NaN points (invalid candidates) are never on the front and dominate nothing.

    Examples
    --------
    >>> pareto_front([1.0, 2.0, 1.5, 2.0], [0.1, 0.3, 0.3, 0.2]).tolist()
    [True, False, False, True]
    """
    gain = np.asarray(objective, dtype=np.float64) * (1.0 if higher_objective else -1.0)
    cost = np.asarray(risk, dtype=np.float64) * (1.0 if lower_risk else -1.0)
    front = np.zeros(gain.size, dtype=bool)
    usable = np.flatnonzero(np.isfinite(gain) & np.isfinite(cost))
    order = usable[np.lexsort((cost[usable], -gain[usable]))]  # best gain first, then cost
    best_cost = np.inf  # lowest cost among points of strictly higher gain
    position = 0
    while position < order.size:
        level = gain[order[position]]
        group = [order[position]]
        while position + len(group) < order.size and gain[order[position + len(group)]] == level:
            group.append(order[position + len(group)])
        lowest = cost[group[0]]  # the group is sorted by cost
        for index in group:
            front[index] = cost[index] == lowest and cost[index] < best_cost
        best_cost = min(best_cost, lowest)
        position += len(group)
    return front


@dataclass(frozen=True, eq=False)
class DesignSearch:
    """Every candidate of a grid evaluated on one set of paths, and the chosen design.

    Attributes
    ----------
    candidates : tuple of Candidate
        The grid's points in order.
    frame : pandas.DataFrame
        One row per candidate (index ``candidate``): the grid's fields, every figure of
        :data:`METRICS` (missing for invalid candidates), ``valid``, ``feasible`` (valid and
        meeting every constraint), ``frontier``, ``chosen`` and ``error`` (why the spec refused
        an invalid candidate, else empty).
    objective : str
        The figure the chosen design is best at among feasible candidates.
    risk : str
        The figure the frontier weighs the objective against.
    constraints : tuple of Constraint
        The bounds a feasible candidate meets.
    """

    candidates: tuple[Candidate, ...]
    frame: pd.DataFrame
    objective: str
    risk: str
    constraints: tuple[Constraint, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields the grid varies."""
        return tuple(self.candidates[0].values)

    @property
    def chosen(self) -> int | None:
        """The chosen candidate's index, or ``None`` when no candidate is feasible."""
        chosen = np.flatnonzero(self.frame["chosen"].to_numpy())
        return int(chosen[0]) if chosen.size else None

    @property
    def chosen_spec(self) -> ProductSpec | None:
        """The chosen design, or ``None`` when no candidate is feasible."""
        return None if self.chosen is None else self.candidates[self.chosen].spec


def design_search(
    candidates: Sequence[Candidate],
    paths: ReturnPaths,
    *,
    objective: str = "expected_return",
    risk: str = "p_loss",
    constraints: str | Iterable[str] | Iterable[Constraint] | None = (),
) -> DesignSearch:
    """Evaluate every valid candidate on ``paths`` and choose the best feasible one.

    Parameters
    ----------
    candidates : sequence of Candidate
        From :func:`grid_candidates`.
    paths : ReturnPaths
        The paths every candidate is evaluated on (common random numbers).
    objective : str, default "expected_return"
        A figure of :data:`METRICS`, maximised (a return) or minimised (a risk).
    risk : str, default "p_loss"
        The figure the frontier weighs the objective against.
    constraints : str, sequence of str or of Constraint, optional
        Such as ``"p_loss<=0.1,es_99<=0.2"``.

    Returns
    -------
    DesignSearch
        The chosen design is the feasible candidate with the best objective (ties: the lower
        risk, then the first in grid order).

    Raises
    ------
    ConfigError
        For an unknown figure, a bad constraint, or paths that do not fit the candidates.
    """
    goal, danger = check_metric(objective, "objective"), check_metric(risk, "risk figure")
    bounds = _constraints(constraints)
    if not candidates:
        raise ConfigError("a design search needs at least one candidate")
    valid = [index for index, candidate in enumerate(candidates) if candidate.spec is not None]
    figures = np.full((len(candidates), len(METRICS)), np.nan)
    specs = [candidates[index].spec for index in valid]
    outcomes = evaluate_candidates([spec for spec in specs if spec is not None], paths)
    for index, outcome in zip(valid, outcomes, strict=True):
        figures[index] = list(outcome_metrics(outcome.returns).values())
    frame = pd.DataFrame(
        [_shown_values(candidate) for candidate in candidates],
        index=pd.RangeIndex(len(candidates), name="candidate"),
    )
    frame[list(METRICS)] = figures
    frame["valid"] = [candidate.valid for candidate in candidates]
    feasible = frame["valid"].to_numpy().copy()
    for bound in bounds:
        feasible &= np.asarray(bound.holds(frame[bound.metric].to_numpy()), dtype=bool)
    frame["feasible"] = feasible
    frame["frontier"] = pareto_front(
        frame[objective],
        frame[risk],
        higher_objective=goal.higher_is_better,
        lower_risk=not danger.higher_is_better,
    )
    chosen = np.zeros(len(candidates), dtype=bool)
    if feasible.any():
        sign = 1.0 if goal.higher_is_better else -1.0
        cost = -1.0 if danger.higher_is_better else 1.0
        rows = np.flatnonzero(feasible)
        order = np.lexsort(
            (rows, cost * frame[risk].to_numpy()[rows], -sign * frame[objective].to_numpy()[rows])
        )
        chosen[rows[order[0]]] = True
    frame["chosen"] = chosen
    frame["error"] = [candidate.error or "" for candidate in candidates]
    return DesignSearch(tuple(candidates), frame, objective, risk, bounds)


def _constraints(
    constraints: str | Iterable[str] | Iterable[Constraint] | None,
) -> tuple[Constraint, ...]:
    if constraints is None or isinstance(constraints, str):
        return parse_constraints(constraints)
    items = list(constraints)
    if all(isinstance(item, Constraint) for item in items):
        return tuple(item for item in items if isinstance(item, Constraint))
    return parse_constraints([str(item) for item in items])


def _shown_values(candidate: Candidate) -> dict[str, GridValue]:
    """Return the grid point as the spec stored it (valid) or as given (invalid)."""
    if candidate.spec is None:
        return dict(candidate.values)
    return {name: getattr(candidate.spec, name) for name in candidate.values}
