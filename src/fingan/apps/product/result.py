"""The result of a product evaluation: one product's outcomes under each scenario generator."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.exceptions import ConfigError
from fingan.products import ProductSpec, spec_to_dict
from fingan.products.priips import PerformanceScenarios
from fingan.scenarios import resolve_configuration

if TYPE_CHECKING:
    from fingan.report import HtmlReport

__all__ = ["GeneratorOutcome", "IntermediateOutcome", "ProductEvaluation"]

FloatArray = npt.NDArray[np.float64]

COLUMNS: tuple[str, ...] = (
    "expected_return",
    "p_loss",
    "es_99",
    "es_975",
    "favourable",
    "moderate",
    "unfavourable",
    "stress",
    "vev",
    "risk_class",
)
"""The columns of :meth:`ProductEvaluation.to_frame`, one row per generator."""


INTERMEDIATE_COLUMNS: tuple[str, ...] = (
    "expected_return",
    "p_loss",
    "favourable",
    "moderate",
    "unfavourable",
    "stress",
)
"""The columns of :meth:`ProductEvaluation.intermediate_frame`."""


EWMA_WARNING_DAYS = 252
"""Beyond this holding period, the verdict warns about EWMA-filtered generators."""


@dataclass(frozen=True, eq=False)
class IntermediateOutcome:
    """The product's value on an intermediate day (:mod:`fingan.products.intermediate`).

    Attributes
    ----------
    returns : ndarray of shape (n_paths,)
        The value on each path as a simple return on the notional.
    expected_return, p_loss : float
        Mean value and share of paths worth less than the notional.
    scenarios : PerformanceScenarios
        The PRIIPs scenarios of the values (the stress one from stressed paths for priips).
    """

    returns: FloatArray
    expected_return: float
    p_loss: float
    scenarios: PerformanceScenarios

    def row(self) -> dict[str, float]:
        """Return the figures as one row of :data:`INTERMEDIATE_COLUMNS`."""
        s = self.scenarios
        return {
            "expected_return": self.expected_return,
            "p_loss": self.p_loss,
            "favourable": s.favourable,
            "moderate": s.moderate,
            "unfavourable": s.unfavourable,
            "stress": s.stress,
        }


@dataclass(frozen=True, eq=False)
class GeneratorOutcome:
    """A product's returns on one generator's paths and the figures drawn from them.

    Attributes
    ----------
    returns : ndarray of shape (n_paths,)
        The product's simple return over the holding period on each path.
    worst : ndarray of shape (n_paths,)
        The worst underlying's simple return at maturity on each path.
    expected_return, p_loss : float
        Mean return and share of paths that lose money (return below zero).
    es_99, es_975 : float
        Expected shortfall of the return at 99 % and 97.5 % (a loss, positive).
    scenarios : PerformanceScenarios
        The PRIIPs favourable, moderate, unfavourable and stress scenarios.
    vev : float
        The VaR-equivalent volatility of the outcomes (``inf`` for a total loss at 2.5 %).
    risk_class : int
        The PRIIPs market-risk class (1 to 7) of ``vev``.
    intermediate : dict of int to IntermediateOutcome
        The value on each PRIIPs intermediate day (none for a holding period up to a year).
    """

    returns: FloatArray
    worst: FloatArray
    expected_return: float
    p_loss: float
    es_99: float
    es_975: float
    scenarios: PerformanceScenarios
    vev: float
    risk_class: int
    intermediate: dict[int, IntermediateOutcome] = field(default_factory=dict)

    def row(self) -> dict[str, float]:
        """Return the figures as one row of :data:`COLUMNS`."""
        s = self.scenarios
        return {
            "expected_return": self.expected_return,
            "p_loss": self.p_loss,
            "es_99": self.es_99,
            "es_975": self.es_975,
            "favourable": s.favourable,
            "moderate": s.moderate,
            "unfavourable": s.unfavourable,
            "stress": s.stress,
            "vev": self.vev,
            "risk_class": float(self.risk_class),
        }


@dataclass(frozen=True, eq=False)
class ProductEvaluation:
    """A product evaluated on the paths of several scenario generators after one day.

    Attributes
    ----------
    spec : ProductSpec
        The product.
    generators : dict of str to GeneratorOutcome
        Each generator's outcome, the conditional models first, ``"priips"`` last.
    as_of : str
        The last day of the history; the paths start the day after.
    start : str
        The first day of the history the generators were fitted on.
    n_history : int
        Days of history.
    n_paths : int
        Paths per generator.
    random_state : int
        The seed of every generator's fit and draw.
    n_steps : int, optional
        GAN training steps, when given.
    """

    REPORT_KIND: ClassVar[str] = "product report"

    spec: ProductSpec
    generators: dict[str, GeneratorOutcome]
    as_of: str
    start: str
    n_history: int
    n_paths: int
    random_state: int
    n_steps: int | None = None

    @property
    def holding_period_years(self) -> float:
        """The holding period in years (252 trading days a year)."""
        return self.spec.maturity / 252

    def to_frame(self) -> pd.DataFrame:
        """Return one row per generator with the columns of :data:`COLUMNS`."""
        rows = {name: outcome.row() for name, outcome in self.generators.items()}
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(COLUMNS))
        frame.index.name = "generator"
        return frame

    def intermediate_frame(self) -> pd.DataFrame:
        """Return the values on intermediate days: index ``(generator, day)``.

        Empty (with the columns of :data:`INTERMEDIATE_COLUMNS`) when the holding period is a
        year or less.
        """
        rows = {
            (name, day): figures.row()
            for name, outcome in self.generators.items()
            for day, figures in outcome.intermediate.items()
        }
        index = pd.MultiIndex.from_tuples(list(rows), names=["generator", "day"])
        return pd.DataFrame(list(rows.values()), index=index, columns=list(INTERMEDIATE_COLUMNS))

    def verdict(self) -> str:
        """Say how far the generators disagree about the product: its model risk."""
        frame = self.to_frame()
        p_loss, moderate = frame["p_loss"], frame["moderate"]
        classes = sorted({int(value) for value in frame["risk_class"]})
        years = self.holding_period_years
        parts = [
            f"Across {len(frame)} generators ({', '.join(map(str, frame.index))}), the "
            f"probability that this {self.spec.kind} loses money over its {years:g}-year "
            f"holding period after {self.as_of} {_span(p_loss, '.1%')}, and the moderate "
            f"PRIIPs scenario {_span(moderate, '+.2%')}."
        ]
        spread = p_loss.max() - p_loss.min()
        if spread >= 0.05:
            parts.append(
                f"A spread of {spread:.1%} in the chance of a loss is model risk: the figures "
                "depend on the generator as much as on the product."
            )
        else:
            parts.append(
                f"The generators agree within {spread:.1%} on the chance of a loss, so the "
                "figures depend little on the choice of generator here."
            )
        if len(classes) > 1:
            parts.append(f"They disagree on the market-risk class ({classes[0]} to {classes[-1]}).")
        else:
            parts.append(f"Every generator gives market-risk class {classes[0]}.")
        ewma = [name for name in frame.index if _ewma_filtered(str(name))]
        if ewma and self.spec.maturity > EWMA_WARNING_DAYS:
            parts.append(
                f"Careful with {', '.join(ewma)}: an EWMA filter's variance has no mean to "
                f"return to, so over {years:g} years some of its paths explode; prefer the "
                "GARCH-filtered generators for holding periods beyond a year."
            )
        parts.append(
            f"One as-of day, {self.n_paths:,} paths per generator with one seed; the "
            "generators draw real-world scenarios, so none of this is a price, and a "
            "generator that agrees with the others is not thereby right."
        )
        return " ".join(parts)

    def summary(self) -> str:
        """Return the verdict and the table as text."""
        table = self.to_frame().to_string(float_format=lambda value: f"{value:.4f}")
        return f"{self.verdict()}\n{table}"

    def to_dict(self) -> dict[str, Any]:
        """Return settings and figures, JSON-ready (``vev`` may be ``null`` for infinity)."""
        generators = {}
        for name, outcome in self.generators.items():
            row: dict[str, Any] = outcome.row()
            row["risk_class"] = outcome.risk_class
            row["vev"] = outcome.vev if np.isfinite(outcome.vev) else None
            row["intermediate"] = {
                str(day): figures.row() for day, figures in outcome.intermediate.items()
            }
            generators[name] = row
        return {
            "product": spec_to_dict(self.spec),
            "assets": list(self.spec.underlyings),
            "as_of": self.as_of,
            "period": {"start": self.start, "end": self.as_of},
            "n_history": self.n_history,
            "n_paths": self.n_paths,
            "holding_period_years": self.holding_period_years,
            "random_state": self.random_state,
            "n_steps": self.n_steps,
            "generators": generators,
        }

    def report(self) -> HtmlReport:
        """Return the HTML report (:func:`fingan.apps.product.report.product_report`)."""
        from fingan.apps.product.report import product_report

        return product_report(self)


def _ewma_filtered(name: str) -> bool:
    """Whether the generator ``name`` is a scenario configuration with an EWMA filter."""
    try:
        return resolve_configuration(name).startswith("ewma+")
    except ConfigError:  # priips and other generators that are not configurations
        return False


def _span(values: pd.Series, spec: str) -> str:
    """Say the range of ``values`` across generators, naming where each end is reached."""
    low, high = float(values.min()), float(values.max())
    if np.isclose(low, high, rtol=0.0, atol=1e-12):
        return f"is {low:{spec}} under every generator"
    return f"ranges from {low:{spec}} ({values.idxmin()}) to {high:{spec}} ({values.idxmax()})"
