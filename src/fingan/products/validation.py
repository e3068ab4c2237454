"""Checks of product spec fields, each failing with one sentence that names the field.

The specs read their fields from Python and from JSON alike, so every check also checks the
type: a number given as text, a day count given as ``2.5`` or a flag given as ``"yes"`` is
refused rather than coerced.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection

import numpy as np

from fingan.core.exceptions import ConfigError


def check_real(
    value: object,
    name: str,
    *,
    above: float | None = None,
    at_least: float | None = None,
    at_most: float | None = None,
) -> float:
    """Return ``value`` as a finite float within the bounds given.

    Parameters
    ----------
    value : object
        The value to check; integers are accepted, booleans and text are not.
    name : str
        The field's name, for the message.
    above, at_least : float, optional
        A strict or an inclusive lower bound.
    at_most : float, optional
        An inclusive upper bound.

    Returns
    -------
    float
        The value.

    Raises
    ------
    ConfigError
        If the value is not a finite number within the bounds.

    Examples
    --------
    >>> check_real(1, "participation", at_least=0.0)
    1.0
    """
    bounds = []
    if above is not None:
        bounds.append(f"above {above:g}")
    if at_least is not None:
        bounds.append(f">= {at_least:g}")
    if at_most is not None:
        bounds.append(f"<= {at_most:g}")
    wanted = "a number" + (" " + " and ".join(bounds) if bounds else "")
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ConfigError(f"{name} must be {wanted}; got {value!r}")
    number = float(value)
    if (
        not math.isfinite(number)
        or (above is not None and number <= above)
        or (at_least is not None and number < at_least)
        or (at_most is not None and number > at_most)
    ):
        raise ConfigError(f"{name} must be {wanted}; got {value!r}")
    return number


def check_optional_real(value: object, name: str, *, above: float) -> float | None:
    """Return ``None`` unchanged, else ``value`` checked by :func:`check_real` as ``> above``."""
    return None if value is None else check_real(value, name, above=above)


def check_day_count(value: object, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int of trading days, at least ``minimum``.

    Raises
    ------
    ConfigError
        If the value is not an integer (booleans and floats such as ``21.0`` are refused) or
        is below ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ConfigError(
            f"{name} must be a whole number of trading days >= {minimum}; got {value!r}"
        )
    return int(value)


def check_days(value: object, name: str, *, maturity: int) -> tuple[int, ...]:
    """Return observation days as a tuple: day offsets, strictly increasing, in ``[1, maturity]``.

    Raises
    ------
    ConfigError
        If ``value`` is not a non-empty list of whole days, is not strictly increasing, or
        passes the maturity.

    Examples
    --------
    >>> check_days([63, 126], "observation_days", maturity=126)
    (63, 126)
    """
    if isinstance(value, str) or not isinstance(value, list | tuple) or not value:
        raise ConfigError(f"{name} must be a non-empty list of day offsets; got {value!r}")
    days = tuple(check_day_count(day, name) for day in value)
    if any(later <= earlier for earlier, later in itertools.pairwise(days)):
        raise ConfigError(f"{name} must be strictly increasing; got {list(days)}")
    if days[-1] > maturity:
        raise ConfigError(f"{name} must not pass the maturity ({maturity} days); got {days[-1]}")
    return days


def check_flag(value: object, name: str) -> bool:
    """Return ``value`` if it is a bool, else raise :class:`ConfigError`."""
    if not isinstance(value, bool | np.bool_):
        raise ConfigError(f"{name} must be true or false; got {value!r}")
    return bool(value)


def check_option(value: object, name: str, choices: Collection[str]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise :class:`ConfigError`."""
    if not isinstance(value, str) or value not in choices:
        accepted = ", ".join(repr(choice) for choice in choices)
        raise ConfigError(f"{name} must be one of {accepted}; got {value!r}")
    return value


def check_names(value: object, name: str) -> tuple[str, ...]:
    """Return underlying names as a tuple of distinct, non-empty strings.

    A single name is accepted as it is and becomes a one-name tuple.

    Examples
    --------
    >>> check_names("sp500", "underlyings")
    ('sp500',)
    """
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, list | tuple) or not value:
        raise ConfigError(f"{name} must be a name or a non-empty list of names; got {value!r}")
    for item in value:
        if not isinstance(item, str) or not item:
            raise ConfigError(f"{name} must hold non-empty names; got {item!r}")
    names = tuple(value)
    repeated = [item for item in names if names.count(item) > 1]
    if repeated:
        raise ConfigError(f"{name} names {repeated[0]!r} more than once")
    return names
