"""Training options (checkpoints, progress) passed on to the part of a model that trains."""

from __future__ import annotations

import inspect
from typing import Any

from fingan.core.exceptions import ConfigError

__all__ = ["training_options"]


def training_options(fit: Any, options: dict[str, Any]) -> dict[str, Any]:
    """Return the ``options`` that were given (not ``None``), checked against ``fit``.

    Raise unless the ``fit`` method takes every given option by name. A ``fit`` with
    ``**kwargs`` passes them on (a wrapper such as :class:`~fingan.scenarios.tails.GPDTails`
    checks them against its body).

    Raises
    ------
    ConfigError
        Naming the options the model does not take: it does not train in steps.
    """
    given = {key: value for key, value in options.items() if value is not None}
    parameters = inspect.signature(fit).parameters.values()
    if any(parameter.kind is inspect.Parameter.VAR_KEYWORD for parameter in parameters):
        return given
    names = {parameter.name for parameter in parameters}
    refused = sorted(key for key in given if key not in names)
    if refused:
        owner = type(getattr(fit, "__self__", fit)).__name__
        raise ConfigError(f"{owner} does not train in steps: it takes no {', '.join(refused)}")
    return given
