"""Design a product under several scenario generators: a grid search per generator.

Each generator draws its paths once, exactly as :func:`fingan.apps.product.evaluate_product`
draws them (same fit, same seed; the PRIIPs bootstrap without its stressed paths, which only
the stress scenario needs), long enough for the longest candidate. Every candidate of the grid
is evaluated on those paths (:func:`fingan.products.design.design_search`: common random
numbers), so under each generator the candidates differ by their terms only. Since every
generator sees the same grid, each generator's chosen design can be read off every other
generator's search: how much objective it gives up there (its regret) is the design's model
risk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pandas as pd

from fingan.apps.product.design_result import ProductDesign
from fingan.apps.product.study import (
    PRIIPS,
    PRODUCT_MODELS,
    draw_generator_paths,
    history_until,
)
from fingan.apps.registry import study_model_names
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState, draw_seed
from fingan.products import ProductSpec
from fingan.products.design import design_search, grid_candidates
from fingan.products.design_terms import check_metric, parse_constraints

__all__ = ["design_product", "draw_generator_paths"]

Progress = Callable[[int, int, str], None]


def design_product(
    spec: ProductSpec,
    returns: pd.DataFrame,
    *,
    as_of: str,
    vary: str,
    objective: str = "expected_return",
    constraints: str | Iterable[str] | None = None,
    risk: str = "p_loss",
    models: Sequence[str] | None = None,
    n_paths: int = 10_000,
    n_steps: int | None = None,
    random_state: RandomState = 0,
    progress: Progress | None = None,
) -> ProductDesign:
    """Search ``vary``'s grid around ``spec`` under each generator after ``as_of``.

    Parameters
    ----------
    spec : ProductSpec
        The product; the grid replaces some of its fields.
    returns : pandas.DataFrame
        Daily log returns; the history is every day up to and including ``as_of``.
    as_of : str
        The last day known (a day of the data).
    vary : str
        The grid, such as ``"knock_in=0.5:0.8:0.05,coupon=0.04:0.10:0.01"`` (bounds
        included; see :func:`fingan.products.design_terms.parse_grid`).
    objective : str, default "expected_return"
        The figure the chosen design is best at (see
        :data:`fingan.products.design_terms.METRICS`).
    constraints : str or sequence of str, optional
        Bounds such as ``"p_loss<=0.1"`` or ``["p_loss<=10%", "es_99<=0.2"]``.
    risk : str, default "p_loss"
        The figure the frontier weighs the objective against.
    models : sequence of str, optional
        Conditional scenario models (default :data:`PRODUCT_MODELS`); :data:`PRIIPS` is always
        added.
    n_paths : int, default 10000
        Paths per generator, shared by every candidate.
    n_steps : int, optional
        GAN training steps (default: each GAN's own).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of every generator's fit and draw.
    progress : callable, optional
        ``progress(done, total, description)`` after each generator.

    Raises
    ------
    ConfigError, DataValidationError
        For a bad grid, objective or constraint, an unknown model, a bad ``as_of``, a missing
        underlying or too short a history; all are checked before any model is fitted.
    """
    names = study_model_names(PRODUCT_MODELS, models)
    if n_paths < 2:
        raise ConfigError(f"n_paths must be at least 2; got {n_paths}")
    check_metric(objective, "objective")
    check_metric(risk, "risk figure")
    bounds = parse_constraints(constraints)
    candidates = grid_candidates(spec, vary)
    history = history_until(returns, as_of, spec.underlyings)
    seed = draw_seed(random_state)
    horizon = max(c.spec.maturity for c in candidates if c.spec is not None)
    generators = [*names, PRIIPS]
    searches = {}
    for done, name in enumerate(generators):
        if progress is not None:
            progress(done, len(generators), f"{name}: drawing and searching")
        paths = draw_generator_paths(
            name, history, n_paths=n_paths, horizon=horizon, seed=seed, n_steps=n_steps
        )
        searches[name] = design_search(
            candidates, paths, objective=objective, risk=risk, constraints=bounds
        )
    if progress is not None:
        progress(len(generators), len(generators), "done")
    index = history.index
    return ProductDesign(
        spec=spec,
        vary=vary,
        searches=searches,
        as_of=_day(index[-1]),
        start=_day(index[0]),
        n_history=len(history),
        n_paths=n_paths,
        random_state=seed,
        n_steps=n_steps,
    )


def _day(value: object) -> str:
    return str(pd.Timestamp(value).date()) if isinstance(value, pd.Timestamp) else str(value)
