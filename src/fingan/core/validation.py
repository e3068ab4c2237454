"""Checks of hyperparameters shared by models, baselines and configs."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from fingan.core.exceptions import ConfigError


def check_int(value: object, name: str, *, minimum: int) -> int:
    """Return ``value`` as an int, raising :class:`ConfigError` unless it is ``>= minimum``.

    Parameters
    ----------
    value : object
        The value to check; booleans and floats are rejected.
    name : str
        The parameter's name, for the message.
    minimum : int
        The smallest value accepted.

    Returns
    -------
    int
        The value.
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        qualifier = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise ConfigError(f"{name} must be {qualifier}; got {value!r}")
    return int(value)


def check_choice(value: object, name: str, choices: Collection[str]) -> None:
    """Raise :class:`ConfigError` unless ``value`` is one of ``choices``.

    Parameters
    ----------
    value : object
        The value to check.
    name : str
        The parameter's name, for the message.
    choices : collection of str
        The accepted values.
    """
    if value not in choices:
        accepted = ", ".join(repr(choice) for choice in choices)
        raise ConfigError(f"{name} must be one of {accepted}; got {value!r}")
