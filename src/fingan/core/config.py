"""Turning typed configuration dataclasses into JSON-ready dictionaries and back."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from fingan.core.exceptions import ConfigError

ConfigT = TypeVar("ConfigT")


def config_to_dict(config: Any) -> dict[str, Any]:
    """Return a dataclass config as a JSON-ready dictionary (tuples become lists)."""
    result: dict[str, Any] = json_ready(dataclasses.asdict(config))
    return result


def json_ready(value: Any) -> Any:
    """Recursively convert tuples to lists so that a value round-trips through JSON unchanged."""
    if isinstance(value, Mapping):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    return value


def config_from_dict(cls: type[ConfigT], data: Mapping[str, Any]) -> ConfigT:
    """Rebuild a dataclass config from :func:`config_to_dict` output.

    Parameters
    ----------
    cls : type
        The dataclass to build.
    data : Mapping
        Field values; lists are turned back into tuples where the field is a tuple.

    Raises
    ------
    ConfigError
        If ``data`` names a field that ``cls`` does not have.
    """
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    hints = typing.get_type_hints(cls)
    names = {field.name for field in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ConfigError(f"unknown {cls.__name__} field(s): {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for name, value in data.items():
        if typing.get_origin(hints[name]) is tuple and isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return cls(**values)
