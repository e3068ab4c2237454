"""Notes that pay once, at maturity: protected note, buffer note, reverse convertible.

Each reads the worst underlying's performance ``P = S(T) / S(0)`` at maturity (and, for a
reverse convertible observed daily, its lowest level before); conventions are those of
:mod:`fingan.products.base`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from fingan.products.base import Payoff, ProductSpec
from fingan.products.observations import Observations
from fingan.products.parts import KNOCK_IN_OBSERVATIONS, barrier_redemption, capped_upside
from fingan.products.validation import check_option, check_optional_real, check_real


@dataclass(frozen=True, kw_only=True)
class ProtectedNote(ProductSpec):
    """A capital-protected note: a protected amount plus participation in the rise.

    Pays, per unit notional, ``protection + participation * max(P - 1, 0)`` at maturity, the
    rise counted up to ``cap`` when one is given: a zero-coupon bond plus an at-the-money call
    (a call spread with a cap).

    Parameters
    ----------
    protection : float
        The share of the notional paid back whatever happens (0.9 = 90 %).
    participation : float, default 1.0
        The share of the underlying's rise paid on top.
    cap : float, optional
        The level (above 1) beyond which a rise earns nothing more.

    Examples
    --------
    >>> ProtectedNote(underlyings=("sp500",), maturity=252, protection=0.95, participation=0.6)
    ... # doctest: +NORMALIZE_WHITESPACE
    ProtectedNote(underlyings=('sp500',), maturity=252, notional=1.0, protection=0.95,
                  participation=0.6, cap=None)
    """

    kind: ClassVar[str] = "protected_note"

    protection: float
    participation: float = 1.0
    cap: float | None = None

    def _validate(self) -> None:
        self._set("protection", check_real(self.protection, self._field("protection"), at_least=0))
        participation = check_real(self.participation, self._field("participation"), at_least=0)
        self._set("participation", participation)
        self._set("cap", check_optional_real(self.cap, self._field("cap"), above=1.0))

    def payoff(self, observations: Observations) -> Payoff:
        """Protection plus the (capped) participation in the worst underlying's rise."""
        final = observations.worst(self.maturity)
        return Payoff(self.protection + capped_upside(final, self.participation, self.cap))


@dataclass(frozen=True, kw_only=True)
class BufferNote(ProductSpec):
    """A buffer note: capped participation in the rise; losses beyond a buffer passed on.

    Pays ``1 + participation * min(max(P - 1, 0), cap - 1)`` when the underlying rises, par
    when it falls by no more than ``buffer``, and ``P + buffer`` below that.

    Parameters
    ----------
    buffer : float
        The fall (0.1 = 10 %) absorbed by the issuer, in ``[0, 1]``.
    participation : float, default 1.0
        The share of the rise paid.
    cap : float, optional
        The level (above 1) beyond which a rise earns nothing more.
    """

    kind: ClassVar[str] = "buffer_note"

    buffer: float
    participation: float = 1.0
    cap: float | None = None

    def _validate(self) -> None:
        self._set("buffer", check_real(self.buffer, self._field("buffer"), at_least=0, at_most=1))
        participation = check_real(self.participation, self._field("participation"), at_least=0)
        self._set("participation", participation)
        self._set("cap", check_optional_real(self.cap, self._field("cap"), above=1.0))

    def payoff(self, observations: Observations) -> Payoff:
        """Par, plus the capped rise, less the fall beyond the buffer."""
        final = observations.worst(self.maturity)
        loss = np.maximum(1.0 - self.buffer - final, 0.0)
        return Payoff(1.0 + capped_upside(final, self.participation, self.cap) - loss)


@dataclass(frozen=True, kw_only=True)
class ReverseConvertible(ProductSpec):
    """A barrier reverse convertible: a sure coupon, par back unless a barrier was touched.

    Pays ``coupon`` at maturity, and par, unless the worst underlying touched the knock-in
    barrier and ends below its initial level: then its final performance ``P``.

    Parameters
    ----------
    coupon : float
        The coupon over the whole holding period, as a share of the notional (not a yearly
        rate).
    knock_in : float
        The barrier as a fraction of the initial level, in ``(0, 1]``.
    knock_in_observation : {"daily", "maturity"}, default "daily"
        Whether the barrier is watched at every close or at maturity only.
    """

    kind: ClassVar[str] = "reverse_convertible"

    coupon: float
    knock_in: float
    knock_in_observation: str = "daily"

    def _validate(self) -> None:
        self._set("coupon", check_real(self.coupon, self._field("coupon"), at_least=0))
        knock_in = check_real(self.knock_in, self._field("knock_in"), above=0, at_most=1)
        self._set("knock_in", knock_in)
        check_option(
            self.knock_in_observation, self._field("knock_in_observation"), KNOCK_IN_OBSERVATIONS
        )

    def payoff(self, observations: Observations) -> Payoff:
        """Pay the coupon plus par or, once knocked in, the worst final performance."""
        redemption = barrier_redemption(observations, self.knock_in, self.knock_in_observation)
        return Payoff(self.coupon + redemption)
