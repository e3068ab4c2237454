"""A product's value before maturity, as its holder would see it on an intermediate day.

A structured product has no observable price on a simulated path before maturity, so its
value on day ``t`` is estimated as the real-world expected value of everything it pays given
what is known on day ``t``, ``E[cash | F_t]``, undiscounted (the products' convention: no
reinvestment, no discounting). The conditional expectation is a least-squares regression
across paths (Carriere 1996; Longstaff and Schwartz 2001) of each path's total cash on the
state of the path on day ``t``: every underlying's log level and the running minimum of the
worst underlying (which decides knock-ins), with all polynomial terms up to ``degree``. An
autocallable called by day ``t`` has paid out on that path, so its value there is the cash,
exactly; the regression runs on the paths still alive. Path-dependent strategies (CPPI, the
covered call's rolls) depend on more of the history than these features hold, so for them
the estimate is the best value given the features, not given the whole path.

This is not a price: the expectation is under the generator's real-world measure, which is
the point of a scenario analysis, and the value of the same product under two generators
differs for that reason too.

PRIIPs (Commission Delegated Regulation (EU) 2017/653, Annex IV as amended by (EU) 2021/2268)
shows performance scenarios at the recommended holding period (RHP) and at intermediate
periods: one year when the RHP is longer than a year, and also half the RHP when the RHP is ten
years or more (our reading of the amended Annex V; the half is rounded up to whole years, our
choice). :func:`intermediate_days` returns those days.
"""

from __future__ import annotations

from itertools import combinations_with_replacement

import numpy as np

from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.products.base import NOT_CALLED, FloatArray, ProductSpec
from fingan.products.evaluate import ProductOutcome
from fingan.products.observations import BLOCK_BYTES, Observations

__all__ = ["TRADING_DAYS", "intermediate_days", "intermediate_returns"]

TRADING_DAYS = 252
"""Trading days in a year."""


def intermediate_days(maturity: int) -> tuple[int, ...]:
    """Return the PRIIPs intermediate holding periods of an RHP, in trading days.

    Examples
    --------
    >>> intermediate_days(252), intermediate_days(1260), intermediate_days(2520)
    ((), (252,), (252, 1260))
    """
    if maturity <= TRADING_DAYS:
        return ()
    days = [TRADING_DAYS]
    if maturity >= 10 * TRADING_DAYS:
        half_years = -(-maturity // (2 * TRADING_DAYS))
        days.append(half_years * TRADING_DAYS)
    return tuple(day for day in dict.fromkeys(days) if day < maturity)


def intermediate_returns(
    spec: ProductSpec,
    paths: ReturnPaths,
    outcome: ProductOutcome,
    day: int,
    *,
    degree: int = 2,
    block_bytes: int = BLOCK_BYTES,
) -> FloatArray:
    """Return each path's value on ``day`` as a simple return on the notional.

    Parameters
    ----------
    spec : ProductSpec
        The product.
    paths : ReturnPaths
        The paths ``outcome`` was evaluated on.
    outcome : ProductOutcome
        :func:`fingan.products.evaluate` of ``spec`` on ``paths``.
    day : int
        The intermediate day, ``1 <= day < spec.maturity``.
    degree : int, default 2
        Highest degree of the polynomial terms of the regression.
    block_bytes : int, default 32 MiB
        Memory of one block of running sums.

    Returns
    -------
    ndarray of shape (n_paths,)
        ``E[payoff | state on day] / notional - 1``; the exact outcome on paths already called.

    Raises
    ------
    ConfigError
        If ``day`` is outside ``[1, maturity)``, ``degree`` is below 1, or the outcome is not
        of these paths.

    Examples
    --------
    A reverse convertible that never knocks in pays its coupon on every path, so its value on
    any day is the coupon:

    >>> from fingan.products import ReverseConvertible, evaluate
    >>> note = ReverseConvertible(underlyings=("a",), maturity=4, coupon=0.05, knock_in=0.5)
    >>> paths = ReturnPaths(np.random.default_rng(0).normal(0, 0.01, (50, 4, 1)), ("a",))
    >>> intermediate_returns(note, paths, evaluate(note, paths), 2).round(6)[:3]
    array([0.05, 0.05, 0.05])
    """
    if isinstance(day, bool) or not isinstance(day, int | np.integer):
        raise ConfigError(f"day must be a whole number of trading days; got {day!r}")
    if not 1 <= day < spec.maturity:
        raise ConfigError(f"day must lie in [1, {spec.maturity}); got {day}")
    if isinstance(degree, bool) or not isinstance(degree, int) or degree < 1:
        raise ConfigError(f"degree must be a whole number >= 1; got {degree!r}")
    if outcome.n_paths != paths.n_paths:
        raise ConfigError(
            f"the outcome has {outcome.n_paths} paths, the paths {paths.n_paths}; evaluate the "
            "product on these paths first"
        )
    cash = outcome.payoffs / outcome.notional
    value = cash.copy()
    alive = np.ones(cash.size, dtype=bool)
    if outcome.call_day is not None:
        alive = (outcome.call_day == NOT_CALLED) | (outcome.call_day > day)
    if alive.any():
        observations = Observations(paths, spec.underlyings, day, block_bytes=block_bytes)
        state = np.column_stack(
            [observations.log_level(day), np.log(observations.worst_minimum())]
        )[alive]
        basis = _polynomial_basis(state, degree)
        coefficients, *_ = np.linalg.lstsq(basis, cash[alive], rcond=None)
        value[alive] = basis @ coefficients
    result: FloatArray = value - 1.0
    return result


def _polynomial_basis(state: FloatArray, degree: int) -> FloatArray:
    """Return 1 and every monomial of the standardised state up to ``degree``."""
    scale = state.std(axis=0)
    scaled = (state - state.mean(axis=0)) / np.where(scale > 0.0, scale, 1.0)
    columns = [np.ones(scaled.shape[0])]
    for order in range(1, degree + 1):
        for combination in combinations_with_replacement(range(scaled.shape[1]), order):
            columns.append(np.prod(scaled[:, list(combination)], axis=1))
    return np.column_stack(columns)
