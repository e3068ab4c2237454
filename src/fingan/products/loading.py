"""Product specs from mappings and JSON files, and back.

A spec file is a JSON object: a ``"type"`` naming the product (see :data:`PRODUCT_TYPES`) and
the spec's fields by name; fields with defaults may be left out, lists stand for tuples and
``null`` for an absent cap. For example::

    {"type": "autocallable", "underlyings": ["sp500", "nasdaq"], "maturity": 1260,
     "observation_days": [252, 504, 756, 1008, 1260], "coupon": 0.08, "knock_in": 0.6}

The same object can be written as YAML (a ``.yaml`` or ``.yml`` file). JSON files are parsed
with :func:`json.loads` and YAML files with :func:`yaml.safe_load`: both build plain data only
(mappings, lists, strings, numbers), never objects, and YAML tags that would construct Python
objects are refused.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from fingan.core.config import config_to_dict
from fingan.core.exceptions import ConfigError, FileMissingError
from fingan.products.autocall import Autocallable
from fingan.products.base import ProductSpec
from fingan.products.notes import BufferNote, ProtectedNote, ReverseConvertible
from fingan.products.strategies import CPPI, CoveredCall

PRODUCT_TYPES: dict[str, type[ProductSpec]] = {
    cls.kind: cls
    for cls in (ProtectedNote, BufferNote, ReverseConvertible, Autocallable, CoveredCall, CPPI)
}
"""Every product by its ``"type"`` name."""


def spec_from_dict(mapping: Mapping[str, Any]) -> ProductSpec:
    """Build a product spec from a mapping with a ``"type"`` and the spec's fields.

    Parameters
    ----------
    mapping : Mapping
        ``{"type": name, field: value, ...}``, as read from JSON.

    Returns
    -------
    ProductSpec
        The checked spec.

    Raises
    ------
    ConfigError
        If the type is missing or unknown, a field is unknown or missing, or a value has the
        wrong type or range; the message names the field.

    Examples
    --------
    >>> spec_from_dict({"type": "buffer_note", "underlyings": ["sp500"], "maturity": 252,
    ...                 "buffer": 0.1}).buffer
    0.1
    """
    if not isinstance(mapping, Mapping):
        raise ConfigError(
            f"a product spec must be a mapping of fields; got {type(mapping).__name__}"
        )
    data = dict(mapping)
    known = ", ".join(PRODUCT_TYPES)
    if "type" not in data:
        raise ConfigError(f'a product spec needs a "type" field, one of {known}')
    kind = data.pop("type")
    if not isinstance(kind, str) or kind not in PRODUCT_TYPES:
        raise ConfigError(f"unknown product type {kind!r}; known types: {known}")
    cls = PRODUCT_TYPES[kind]
    fields = {field.name: field for field in dataclasses.fields(cls)}
    for name in data:
        if name not in fields:
            close = difflib.get_close_matches(str(name), list(fields), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(
                f"unknown {kind} field {name!r}{hint}; its fields are {', '.join(fields)}"
            )
    missing = [
        name
        for name, field in fields.items()
        if field.default is dataclasses.MISSING and name not in data
    ]
    if missing:
        raise ConfigError(f"{kind} spec misses the required field {missing[0]!r}")
    return cls(**data)


def spec_to_dict(spec: ProductSpec) -> dict[str, Any]:
    """Return a spec as a JSON-ready mapping that :func:`spec_from_dict` reads back.

    Examples
    --------
    >>> spec = ProtectedNote(underlyings=("sp500",), maturity=252, protection=1.0)
    >>> spec_to_dict(spec)["type"], spec_to_dict(spec)["underlyings"]
    ('protected_note', ['sp500'])
    """
    return {"type": spec.kind, **config_to_dict(spec)}


YAML_SUFFIXES = (".yaml", ".yml")
"""File suffixes read as YAML; every other spec file is read as JSON."""


def load_spec(path: str | Path) -> ProductSpec:
    """Read a product spec from a JSON or YAML file (see the module's notes for the format).

    Raises
    ------
    FileMissingError
        If the file does not exist.
    ConfigError
        If the file is not valid JSON / YAML or does not hold a valid spec; the message starts
        with the file's name.
    """
    path = Path(path)
    if not path.is_file():
        raise FileMissingError(f"product spec file {path} does not exist")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path.name}: a product spec must be UTF-8 text") from None
    data = (
        _parse_yaml(path, text) if path.suffix.lower() in YAML_SUFFIXES else _parse_json(path, text)
    )
    try:
        return spec_from_dict(data)
    except ConfigError as error:
        raise ConfigError(f"{path.name}: {error}") from None


def _parse_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(
            f"{path.name} is not valid JSON: {error.msg} (line {error.lineno}, "
            f"column {error.colno})"
        ) from None


def _parse_yaml(path: Path, text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = error.problem or "cannot be read"
        raise ConfigError(f"{path.name} is not valid YAML: {problem}{where}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path.name} is not valid YAML: {error}") from None
