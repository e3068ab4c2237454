"""Training options (checkpoints, progress) passed on to the part of a model that trains."""

from __future__ import annotations

import inspect
from typing import Any

from fingan.core.exceptions import ConfigError

__all__ = ["check_training_options"]


def check_training_options(fit: Any, options: dict[str, Any]) -> None:
    """Raise unless the ``fit`` method takes every one of ``options`` by name.

    A ``fit`` with ``**kwargs`` passes them on (a wrapper such as
    :class:`~fingan.scenarios.tails.GPDTails` checks them against its body).

    Raises
    ------
    ConfigError
        Naming the options the model does not take: it does not train in steps.
    """
    parameters = inspect.signature(fit).parameters.values()
    if any(parameter.kind is inspect.Parameter.VAR_KEYWORD for parameter in parameters):
        return
    names = {parameter.name for parameter in parameters}
    refused = sorted(key for key in options if key not in names)
    if refused:
        owner = type(getattr(fit, "__self__", fit)).__name__
        raise ConfigError(f"{owner} does not train in steps: it takes no {', '.join(refused)}")
