"""The models of every study, by name: one place to list, select and build them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from fingan.core.exceptions import ConfigError

__all__ = ["select_models"]

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
