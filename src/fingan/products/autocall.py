"""Autocallables and Phoenix notes on one or several underlyings (worst-of)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from fingan.core.exceptions import ConfigError
from fingan.products.base import NOT_CALLED, Payoff, ProductSpec
from fingan.products.observations import Observations
from fingan.products.parts import KNOCK_IN_OBSERVATIONS, barrier_redemption
from fingan.products.validation import check_days, check_flag, check_option, check_real


@dataclass(frozen=True, kw_only=True)
class Autocallable(ProductSpec):
    """An autocallable note with conditional coupons (a Phoenix with ``memory``).

    On each observation day the worst underlying's performance ``W`` is compared with the
    barriers, in this order:

    1. coupon: if ``W >= coupon_barrier`` the coupon is paid, and with ``memory`` also every
       coupon missed since the last one paid;
    2. autocall: if ``W >= autocall_trigger`` the notional is paid back and the product ends
       (on the maturity day too, when that is an observation day).

    A product not called by maturity pays back par, unless the worst underlying ends below
    its initial level and touched ``knock_in``: then its final performance.

    Parameters
    ----------
    observation_days : tuple of int
        The observation days, strictly increasing, in ``[1, maturity]``.
    autocall_trigger : float, default 1.0
        The level at or above which the note is called.
    coupon : float
        The coupon per observation day, as a share of the notional.
    coupon_barrier : float, optional
        The level at or above which the coupon is paid; by default the autocall trigger (a
        classic autocallable, whose coupons come with the call). At most the trigger.
    memory : bool, default False
        Whether a coupon paid also pays the coupons missed before it (Phoenix memory).
    knock_in : float
        The capital barrier, in ``(0, 1]`` and at most the trigger.
    knock_in_observation : {"daily", "maturity"}, default "daily"
        Whether the capital barrier is watched at every close or at maturity only.

    Examples
    --------
    >>> note = Autocallable(underlyings=("sp500", "nasdaq"), maturity=252,
    ...                     observation_days=(63, 126, 189, 252), coupon=0.02, knock_in=0.6)
    >>> note.coupon_barrier
    1.0
    """

    kind: ClassVar[str] = "autocallable"

    observation_days: tuple[int, ...]
    coupon: float
    knock_in: float
    autocall_trigger: float = 1.0
    coupon_barrier: float | None = None
    memory: bool = False
    knock_in_observation: str = "daily"

    def _validate(self) -> None:
        field = self._field
        days = check_days(self.observation_days, field("observation_days"), maturity=self.maturity)
        self._set("observation_days", days)
        trigger = check_real(self.autocall_trigger, field("autocall_trigger"), above=0)
        self._set("autocall_trigger", trigger)
        self._set("coupon", check_real(self.coupon, field("coupon"), at_least=0))
        barrier = trigger if self.coupon_barrier is None else self.coupon_barrier
        self._set("coupon_barrier", check_real(barrier, field("coupon_barrier"), above=0))
        knock_in = check_real(self.knock_in, field("knock_in"), above=0, at_most=1)
        self._set("knock_in", knock_in)
        self._set("memory", check_flag(self.memory, field("memory")))
        check_option(
            self.knock_in_observation, field("knock_in_observation"), KNOCK_IN_OBSERVATIONS
        )
        if barrier > trigger:
            raise ConfigError(
                f"{field('coupon_barrier')} ({barrier:g}) must not lie above the autocall "
                f"trigger ({trigger:g}): a called note would miss its coupon"
            )
        if knock_in > trigger:
            raise ConfigError(
                f"{field('knock_in')} ({knock_in:g}) must not lie above the autocall trigger "
                f"({trigger:g})"
            )

    @property
    def level_days(self) -> tuple[int, ...]:
        """The observation days."""
        return self.observation_days

    def payoff(self, observations: Observations) -> Payoff:
        """Coupons and redemption per path, and the day each path was called."""
        n_paths = observations.n_paths
        cash = np.zeros(n_paths)
        alive = np.ones(n_paths, dtype=bool)
        owed = np.ones(n_paths)  # coupons due if the coupon barrier is met now
        call_day = np.full(n_paths, NOT_CALLED, dtype=np.int64)
        trigger = self.autocall_trigger
        barrier = trigger if self.coupon_barrier is None else self.coupon_barrier
        for day in self.observation_days:
            worst = observations.worst(day)
            pays = alive & (worst >= barrier)
            cash += np.where(pays, self.coupon * owed, 0.0)
            if self.memory:
                owed = np.where(pays, 1.0, owed + alive)
            called = alive & (worst >= trigger)
            cash += called
            call_day[called] = day
            alive &= ~called
        redemption = barrier_redemption(
            observations, self.knock_in, self.knock_in_observation, rows=alive
        )
        cash += np.where(alive, redemption, 0.0)
        return Payoff(cash, call_day)
