"""The result of a product design: a grid searched under each generator, and its model risk."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

import numpy as np
import pandas as pd

from fingan.products import ProductSpec, spec_to_dict
from fingan.products.design import DesignSearch
from fingan.products.design_terms import METRICS, Constraint

if TYPE_CHECKING:
    from fingan.report import HtmlReport

__all__ = ["ProductDesign"]


@dataclass(frozen=True, eq=False)
class ProductDesign:
    """A grid of a product's terms searched on the paths of several generators.

    Attributes
    ----------
    spec : ProductSpec
        The product whose fields the grid replaces.
    vary : str
        The grid as given (``"knock_in=0.5:0.8:0.05,coupon=0.04:0.10:0.01"``).
    searches : dict of str to DesignSearch
        Each generator's search over the same candidates, ``"priips"`` last.
    as_of : str
        The last day of the history; the paths start the day after.
    start : str
        The first day of the history.
    n_history : int
        Days of history.
    n_paths : int
        Paths per generator, shared by every candidate (common random numbers).
    random_state : int
        The seed of every generator's fit and draw.
    n_steps : int, optional
        GAN training steps, when given.
    """

    REPORT_KIND: ClassVar[str] = "product design report"

    spec: ProductSpec
    vary: str
    searches: dict[str, DesignSearch]
    as_of: str
    start: str
    n_history: int
    n_paths: int
    random_state: int
    n_steps: int | None = None

    @property
    def _first(self) -> DesignSearch:
        return next(iter(self.searches.values()))

    @property
    def objective(self) -> str:
        """The figure each chosen design is best at among feasible candidates."""
        return self._first.objective

    @property
    def risk(self) -> str:
        """The figure the frontiers weigh the objective against."""
        return self._first.risk

    @property
    def constraints(self) -> tuple[Constraint, ...]:
        """The bounds a feasible candidate meets."""
        return self._first.constraints

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields the grid varies."""
        return self._first.fields

    @property
    def n_candidates(self) -> int:
        """Points of the grid."""
        return len(self._first.candidates)

    @property
    def n_valid(self) -> int:
        """Points of the grid that make a valid product (the same under every generator)."""
        return int(self._first.frame["valid"].sum())

    def to_frame(self) -> pd.DataFrame:
        """Return one row per generator and candidate (see :class:`DesignSearch`'s frame)."""
        frames = {name: search.frame for name, search in self.searches.items()}
        return pd.concat(frames, names=["generator", "candidate"])

    def chosen_frame(self) -> pd.DataFrame:
        """Return each generator's chosen design: its fields and figures, and the counts.

        Generators with no feasible candidate have missing values.
        """
        columns = [*self.fields, self.objective, self.risk]
        columns = list(dict.fromkeys(columns))
        rows = {}
        for name, search in self.searches.items():
            frame = search.frame
            row: dict[str, Any] = dict.fromkeys(columns, np.nan)
            if search.chosen is not None:
                row.update({column: _at(frame, search.chosen, column) for column in columns})
            row["n_feasible"] = int(frame["feasible"].sum())
            row["n_frontier"] = int(frame["frontier"].sum())
            rows[name] = row
        result = pd.DataFrame.from_dict(rows, orient="index")
        result.index.name = "generator"
        return result

    def cross_frame(self) -> pd.DataFrame:
        """Return each chosen design evaluated under every generator, and its regret.

        One row per (``chosen_under``, ``evaluated_under``) pair: the design's objective and
        risk under the second generator, whether it is feasible there, and its regret there:
        how much objective it gives up against that generator's own chosen design (positive
        is worse; negative only when the design breaks that generator's constraints).
        """
        goal = METRICS[self.objective]
        sign = 1.0 if goal.higher_is_better else -1.0
        rows = []
        for chooser, search in self.searches.items():
            if search.chosen is None:
                continue
            for judge, other in self.searches.items():
                frame = other.frame
                value = float(_at(frame, search.chosen, self.objective))
                best = np.nan if other.chosen is None else _at(frame, other.chosen, self.objective)
                rows.append(
                    {
                        "chosen_under": chooser,
                        "evaluated_under": judge,
                        "objective": value,
                        "risk": float(_at(frame, search.chosen, self.risk)),
                        "feasible": bool(_at(frame, search.chosen, "feasible")),
                        "regret": sign * (float(best) - value),
                    }
                )
        columns = ["chosen_under", "evaluated_under", "objective", "risk", "feasible", "regret"]
        return pd.DataFrame(rows, columns=columns).set_index(["chosen_under", "evaluated_under"])

    def verdict(self) -> str:
        """Say how far the chosen designs move between generators, and what that costs."""
        chosen = self.chosen_frame()
        kind, names = self.spec.kind, list(self.searches)
        rules = ", ".join(map(str, self.constraints)) or "no constraint"
        parts = [
            f"Searching {self.n_candidates} {kind} designs ({self.vary}) for the best "
            f"{self.objective} under {rules}, on {self.n_paths:,} paths per generator after "
            f"{self.as_of} ({', '.join(names)})."
        ]
        empty = [name for name in names if self.searches[name].chosen is None]
        if empty:
            parts.append(f"No candidate meets the constraints under {', '.join(empty)}.")
        found = chosen.drop(index=empty)
        if len(found) == 0:
            return " ".join(parts)
        points = found[list(self.fields)].astype(object)
        if len(points.drop_duplicates()) == 1:
            terms = ", ".join(f"{k} = {_text(v)}" for k, v in points.iloc[0].items())
            parts.append(f"Every generator with a feasible design chooses the same one: {terms}.")
        else:
            moves = [
                f"{field} from {_text(points[field].min())} to {_text(points[field].max())}"
                for field in self.fields
                if points[field].nunique() > 1
            ]
            parts.append(f"The chosen designs differ between generators: {'; '.join(moves)}.")
        cross = self.cross_frame()
        regret = cross["regret"].dropna()
        if len(regret) and regret.max() <= 1e-12:
            parts.append(f"No chosen design gives up any {self.objective} under another generator.")
        elif len(regret):
            chooser, judge = cast(tuple[str, str], regret.idxmax())
            parts.append(
                f"The design chosen under {chooser} gives up {regret.max():.4g} of "
                f"{self.objective} under {judge}, the largest regret across generators."
            )
        broken = int((~cross["feasible"]).sum())
        if broken:
            parts.append(
                f"{broken} of {len(cross)} chosen-design/generator pairs break the constraints "
                "under the other generator."
            )
        if all(int(search.frame["frontier"].sum()) == 1 for search in self.searches.values()):
            parts.append(
                f"Under every generator one candidate is at least as good as all others on both "
                f"{self.objective} and {self.risk}: this grid holds no trade-off between them."
            )
        parts.append(
            "Every candidate shares its generator's paths, so differences between candidates are "
            "not noise of the draw; one seed. fingan prices nothing: the search compares "
            "real-world figures only, so a grid that varies terms the issuer would trade off "
            "(a coupon against a barrier) favours the most generous terms unless the "
            "constraints or the grid itself hold that trade-off."
        )
        return " ".join(parts)

    def summary(self) -> str:
        """Return the verdict, the chosen designs and the cross-generator table as text."""
        number = lambda value: f"{value:.4f}"  # noqa: E731
        chosen = self.chosen_frame().to_string(float_format=number)
        cross = self.cross_frame().to_string(float_format=number)
        return f"{self.verdict()}\n{chosen}\n{cross}"

    def to_dict(self) -> dict[str, Any]:
        """Return settings, every candidate's figures and the choices, JSON-ready."""
        generators = {}
        for name, search in self.searches.items():
            frame = search.frame
            chosen = None
            if search.chosen is not None:
                chosen = _record(frame.iloc[search.chosen]) | {"candidate": search.chosen}
            generators[name] = {
                "chosen": chosen,
                "n_valid": int(frame["valid"].sum()),
                "n_feasible": int(frame["feasible"].sum()),
                "frontier": [int(i) for i in np.flatnonzero(frame["frontier"].to_numpy())],
                "candidates": [_record(row) for _, row in frame.iterrows()],
            }
        cross = [_record(row) for _, row in self.cross_frame().reset_index().iterrows()]
        return {
            "product": spec_to_dict(self.spec),
            "assets": list(self.spec.underlyings),
            "vary": self.vary,
            "fields": list(self.fields),
            "n_candidates": self.n_candidates,
            "objective": self.objective,
            "risk": self.risk,
            "constraints": [str(bound) for bound in self.constraints],
            "as_of": self.as_of,
            "period": {"start": self.start, "end": self.as_of},
            "n_history": self.n_history,
            "n_paths": self.n_paths,
            "random_state": self.random_state,
            "n_steps": self.n_steps,
            "generators": generators,
            "cross": cross,
        }

    def report(self) -> HtmlReport:
        """Return the HTML report (:func:`fingan.apps.product.design_report.design_report`)."""
        from fingan.apps.product.design_report import design_report

        return design_report(self)


def _record(row: pd.Series) -> dict[str, Any]:
    """Return a frame row as JSON-ready values: numpy scalars as Python ones, NaN as ``None``."""
    record = {}
    for key, value in row.items():
        item = value.item() if isinstance(value, np.generic) else value
        if isinstance(item, float) and not math.isfinite(item):
            item = None
        record[str(key)] = item
    return record


def _at(frame: pd.DataFrame, index: int, column: str) -> Any:
    """Return one cell of a search frame by candidate index (its position) and column."""
    return frame[column].to_numpy()[index]


def _text(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
