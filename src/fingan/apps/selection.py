"""Choosing among named things: models by name, and the ``--refit`` schedule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from fingan.core.exceptions import ConfigError
from fingan.evaluation import REFIT_SCHEDULES, RefitSchedule

__all__ = ["parse_refit", "select_models", "select_names"]

Factory = TypeVar("Factory")


def select_models(
    factories: Mapping[str, Factory],
    names: Sequence[str] | None,
    *,
    what: str = "model",
) -> dict[str, Factory]:
    """Return the factories named in ``names``, in that order (all of them for ``None``).

    Parameters
    ----------
    factories : mapping of str to callable
        The built-in factories, by name.
    names : sequence of str or None
        The names wanted.
    what : str, default "model"
        What a factory builds, for the error message (``"risk model"``, ...).

    Raises
    ------
    ConfigError
        If ``names`` is empty or holds a name not in ``factories``.
    """
    if names is None:
        return dict(factories)
    unknown = [name for name in names if name not in factories]
    if unknown or not names:
        raise ConfigError(
            f"unknown {what}(s) {', '.join(map(repr, unknown)) or '(none given)'}; "
            f"choose from {', '.join(factories)}"
        )
    return {name: factories[name] for name in names}


def select_names(
    choices: Sequence[str], names: Sequence[str] | None, *, what: str = "model"
) -> list[str]:
    """Return ``names`` checked against ``choices`` (all of ``choices`` for ``None``).

    Raises
    ------
    ConfigError
        If ``names`` is empty or holds a name not in ``choices`` (see :func:`select_models`).

    Examples
    --------
    >>> select_names(("a", "b", "c"), ["c", "a"])
    ['c', 'a']
    """
    return list(select_models(dict.fromkeys(choices), names, what=what))


def parse_refit(text: str) -> RefitSchedule:
    """Read a ``--refit`` option: a calendar period, ``never``, or a number of trading days.

    Raises
    ------
    ConfigError
        If ``text`` is none of those.

    Examples
    --------
    >>> parse_refit("Monthly"), parse_refit("20")
    ('monthly', 20)
    """
    value = text.strip().lower()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    if value in (*REFIT_SCHEDULES, "never"):
        return value  # type: ignore[return-value]
    choices = ", ".join((*REFIT_SCHEDULES, "never"))
    raise ConfigError(f"--refit must be one of {choices} or a number of days; got {text!r}")
