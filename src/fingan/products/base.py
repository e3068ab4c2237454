"""The base of every product spec: fields every product has and the payoff contract.

A spec is a frozen, keyword-only dataclass: it states the product's terms and checks them
when built, and it knows its payoff as a function of :class:`Observations`. It draws nothing
and holds no paths; :func:`fingan.products.evaluate` runs it on paths.

Conventions shared by all products: levels are relative to each underlying's level at the
start (1.0 at day 0) and are read from total-return paths (prices as given, dividends
included when the data include them, as the built-in indices' adjusted closes do); barriers,
triggers, strikes and caps are fractions of the initial level; a barrier is *touched* when the
level is at or below it, a trigger or coupon barrier *met* when the level is at or above it;
on several underlyings a product looks at the worst of them (worst-of). Payoffs are cash per
unit of notional, summed over the product's life without reinvestment or discounting.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from fingan.core.exceptions import ConfigError
from fingan.products.observations import Observations
from fingan.products.validation import check_day_count, check_names, check_real

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

NOT_CALLED = -1
"""The call day of a path on which an autocallable was not called early."""


@dataclass(frozen=True)
class Payoff:
    """What a product pays on each path, per unit of notional.

    Attributes
    ----------
    cash : ndarray of shape (n_paths,)
        Everything paid over the product's life (coupons and redemption), per unit notional.
    call_day : ndarray of int of shape (n_paths,), optional
        For autocallables: the day the product was called, or :data:`NOT_CALLED`.
    """

    cash: FloatArray
    call_day: IntArray | None = None


@dataclass(frozen=True, kw_only=True)
class ProductSpec(ABC):
    """Terms every product has: its underlyings, holding period and notional.

    Parameters
    ----------
    underlyings : tuple of str
        The asset names the product is written on (a single name is accepted). On several,
        the product looks at the worst performer.
    maturity : int
        The holding period in trading days (252 a year).
    notional : float, default 1.0
        The amount invested; returns do not depend on it.

    Raises
    ------
    ConfigError
        If a field has the wrong type or lies outside its range; the message names it.
    """

    kind: ClassVar[str] = ""
    """The product's name in a spec file's ``"type"`` field."""

    underlyings: tuple[str, ...]
    maturity: int
    notional: float = 1.0

    def __post_init__(self) -> None:
        self._set("underlyings", check_names(self.underlyings, self._field("underlyings")))
        self._set("maturity", check_day_count(self.maturity, self._field("maturity")))
        self._set("notional", check_real(self.notional, self._field("notional"), above=0.0))
        self._validate()

    @property
    def level_days(self) -> tuple[int, ...]:
        """The days, besides maturity, whose levels the payoff reads (observations, rolls)."""
        return ()

    @abstractmethod
    def payoff(self, observations: Observations) -> Payoff:
        """Return what the product pays on each path, per unit notional.

        Parameters
        ----------
        observations : Observations
            The underlyings' levels on :attr:`level_days` and at maturity.
        """

    @abstractmethod
    def _validate(self) -> None:
        """Check the product's own fields, normalising them with ``_set``."""

    def _field(self, name: str) -> str:
        """Name a field in messages: the product type and the field."""
        return f"{self.kind} {name}"

    def _set(self, name: str, value: Any) -> None:
        """Store a checked, normalised field value on the frozen instance."""
        object.__setattr__(self, name, value)

    def _require_one_underlying(self) -> None:
        if len(self.underlyings) != 1:
            raise ConfigError(
                f"{self.kind} takes one underlying; got {len(self.underlyings)} "
                f"({', '.join(self.underlyings)})"
            )
