"""Strategies traded on a schedule: a covered call rolled monthly and CPPI.

Both hold one underlying and act on fixed days ``0, step, 2 step, ...`` before maturity; the
payoff is the strategy's value at maturity per unit of the initial investment. Between two
trading days the holdings do not change, so only the levels on those days matter.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from fingan.core.exceptions import ConfigError
from fingan.metrics.portfolio import TRADING_DAYS
from fingan.products.base import FloatArray, Payoff, ProductSpec
from fingan.products.observations import Observations
from fingan.products.validation import check_day_count, check_real


def schedule(maturity: int, step: int) -> tuple[int, ...]:
    """Trading days ``0, step, 2 step, ...`` before ``maturity``.

    Examples
    --------
    >>> schedule(50, 21)
    (0, 21, 42)
    """
    return tuple(range(0, maturity, step))


def periods(
    observations: Observations, days: tuple[int, ...]
) -> Iterator[tuple[int, int, FloatArray]]:
    """Each period between trading days (and maturity): its start, end and gross return.

    Yields
    ------
    start, end : int
        The period's first and last day.
    ratio : ndarray of shape (n_paths,)
        ``S(end) / S(start)`` of the one underlying.
    """
    bounds = (*days, observations.maturity)
    for start, end in itertools.pairwise(bounds):
        log_ratio = observations.log_level(end) - observations.log_level(start)
        yield start, end, np.exp(log_ratio[:, 0])


@dataclass(frozen=True, kw_only=True)
class CoveredCall(ProductSpec):
    """Hold the underlying and sell a call on it, rolled every ``roll_days`` days.

    At each roll the strategy sells, on its whole value, a call expiring at the next roll (or
    at maturity) struck at ``strike`` times the spot, and receives ``premium`` times its value,
    reinvested in the underlying. Over each period its value grows by
    ``min(R, strike) + premium``, where ``R`` is the underlying's gross return: stock minus
    the call's payoff, plus the premium.

    fingan prices no option: the premium is given (0 by default, which shows the payoff alone).

    Parameters
    ----------
    strike : float, default 1.0
        The strike as a fraction of the spot at each roll (1.05 = 5 % out of the money).
    roll_days : int, default 21
        Trading days between rolls (21: monthly).
    premium : float, default 0.0
        The option premium received at each roll, as a share of the strategy's value.
    """

    kind: ClassVar[str] = "covered_call"

    strike: float = 1.0
    roll_days: int = 21
    premium: float = 0.0

    def _validate(self) -> None:
        self._require_one_underlying()
        self._set("strike", check_real(self.strike, self._field("strike"), above=0))
        self._set("roll_days", check_day_count(self.roll_days, self._field("roll_days")))
        self._set("premium", check_real(self.premium, self._field("premium"), at_least=0))

    @property
    def level_days(self) -> tuple[int, ...]:
        """The roll days."""
        return schedule(self.maturity, self.roll_days)

    def payoff(self, observations: Observations) -> Payoff:
        """Return the value at maturity of the stock less the calls sold, premiums reinvested."""
        value = np.ones(observations.n_paths)
        for _, _, ratio in periods(observations, self.level_days):
            value *= np.minimum(ratio, self.strike) + self.premium
        return Payoff(value)


@dataclass(frozen=True, kw_only=True)
class CPPI(ProductSpec):
    """Constant proportion portfolio insurance between the underlying and a riskless asset.

    On every rebalancing day the exposure to the underlying is set to ``multiplier`` times the
    cushion (value less the floor's present value, or zero when negative), at most
    ``max_exposure`` times the value; the rest earns ``rate``. The floor is ``floor`` times
    the notional at maturity, discounted at ``rate``. With daily rebalancing the value stays
    above the floor as long as no day falls by more than ``1 / multiplier`` (at zero rate).

    Parameters
    ----------
    multiplier : float
        The exposure per unit of cushion (above 0; usually 3 to 6).
    floor : float
        The guaranteed share of the notional at maturity; its present value must be below 1.
    rebalance_days : int, default 1
        Trading days between rebalancing (1: daily).
    rate : float, default 0.0
        The riskless yearly rate, compounded over 252 trading days a year.
    max_exposure : float, default 1.0
        The largest exposure as a share of the value (1: no borrowing).
    """

    kind: ClassVar[str] = "cppi"

    multiplier: float
    floor: float
    rebalance_days: int = 1
    rate: float = 0.0
    max_exposure: float = 1.0

    def _validate(self) -> None:
        field = self._field
        self._require_one_underlying()
        self._set("multiplier", check_real(self.multiplier, field("multiplier"), above=0))
        self._set("floor", check_real(self.floor, field("floor"), at_least=0))
        self._set("rebalance_days", check_day_count(self.rebalance_days, field("rebalance_days")))
        self._set("rate", check_real(self.rate, field("rate"), above=-1))
        self._set("max_exposure", check_real(self.max_exposure, field("max_exposure"), above=0))
        present_value = self.floor * self._growth(-self.maturity)
        if present_value >= 1.0:
            raise ConfigError(
                f"{field('floor')} ({self.floor:g}) is worth {present_value:.4g} of the notional "
                "today; it must be worth less than 1 to leave a cushion"
            )

    @property
    def level_days(self) -> tuple[int, ...]:
        """The rebalancing days."""
        return schedule(self.maturity, self.rebalance_days)

    def payoff(self, observations: Observations) -> Payoff:
        """Return the strategy's value at maturity per unit invested."""
        value = np.ones(observations.n_paths)
        for start, end, ratio in periods(observations, self.level_days):
            floor = self.floor * self._growth(start - self.maturity)
            cushion = np.maximum(value - floor, 0.0)
            limit = self.max_exposure * np.maximum(value, 0.0)
            exposure = np.minimum(self.multiplier * cushion, limit)
            value = exposure * ratio + (value - exposure) * self._growth(end - start)
        return Payoff(value)

    def _growth(self, days: int) -> float:
        """Growth of the riskless asset over ``days`` trading days (negative: discount)."""
        return float((1.0 + self.rate) ** (days / TRADING_DAYS))
