"""The search space of a settings search, and settings mapped onto a configuration.

A space is written as a design grid is (:func:`fingan.products.design_terms.parse_grid`):
``"n_steps=200:1000:200,learning_rate=1e-4|3e-4|1e-3"``: for each setting a range
``start:stop:step`` (both ends included), a list ``a|b|c`` or one value.

A setting is either a training setting of a configuration that holds a GAN
(:data:`TRAINING_SETTINGS`, fields of :class:`~fingan.training.TrainingConfig`;
``learning_rate`` sets both ``lr_g`` and ``lr_d``) or a parameter of one of the model's parts,
by its full name (``innovations__window``, ``volatility__decay``,
``innovations__body__noise_dim``) or by its last part when that names one parameter only
(``window``, ``decay``, ``tail_probability``, ``noise_dim``). :func:`tunable_settings` lists
them for a model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fingan.apps.risk import check_configuration
from fingan.core.exceptions import ConfigError
from fingan.evaluation import ModelFactory
from fingan.products.design_terms import grid_points, parse_grid
from fingan.scenarios import build_configuration, resolve_configuration, trains_in_steps
from fingan.training import TrainingConfig

__all__ = [
    "TRAINING_SETTINGS",
    "SearchSpace",
    "SettingValue",
    "parse_space",
    "settings_factory",
    "settings_training",
    "tunable_settings",
]

TRAINING_SETTINGS: tuple[str, ...] = (
    "n_steps",
    "batch_size",
    "n_critic",
    "learning_rate",
    "lr_g",
    "lr_d",
    "gp_weight",
)
"""Training settings a space may vary for a configuration that holds a GAN."""

SettingValue = float | int | bool | str
"""A setting's value: a number, true/false or a word."""

_NEVER_TUNED = frozenset({"random_state", "device", "training", "generator", "discriminator"})
"""Parameters that are not settings: seeds, devices, whole network or training configs."""


@dataclass(frozen=True)
class SearchSpace:
    """The values of each setting a search tries.

    Attributes
    ----------
    values : dict of str to tuple
        Each setting's values, in the order written.
    """

    values: dict[str, tuple[SettingValue, ...]]

    @property
    def size(self) -> int:
        """Number of combinations."""
        count = 1
        for options in self.values.values():
            count *= len(options)
        return count

    def points(self) -> list[dict[str, SettingValue]]:
        """Every combination, the last setting varying fastest."""
        return grid_points(self.values)

    def to_dict(self) -> dict[str, list[SettingValue]]:
        """Return ``{setting: [values]}``, JSON-ready."""
        return {name: list(options) for name, options in self.values.items()}

    def __str__(self) -> str:
        return ",".join(
            f"{name}={'|'.join(_text(value) for value in options)}"
            for name, options in self.values.items()
        )


def parse_space(text: str) -> SearchSpace:
    """Read a space such as ``"window=250|500,decay=0.9:0.98:0.04"`` (see the module notes).

    Raises
    ------
    ConfigError
        If the text cannot be read (see :func:`~fingan.products.design_terms.parse_grid`).

    Examples
    --------
    >>> parse_space("window=250|500,decay=0.9:0.98:0.04").values
    {'window': (250, 500), 'decay': (0.9, 0.94, 0.98)}
    """
    if not str(text).strip():
        raise ConfigError("--space needs at least one setting=values, such as window=250|500")
    try:
        grid = parse_grid(text)
    except ConfigError as error:  # the grid reader speaks of its own option
        raise ConfigError(str(error).replace("--vary", "--space")) from None
    return SearchSpace(grid)


def tunable_settings(model: str) -> dict[str, Any]:
    """Return the settings a space may vary for the configuration ``model``, with defaults.

    Parameters are listed by full name; training settings (GAN configurations only) by field.

    Raises
    ------
    ConfigError
        If ``model`` is not a configuration of the conditional scenario model.
    """
    name = resolve_configuration(check_configuration(model))
    prototype = build_configuration(name, random_state=0)
    params = {
        key: value
        for key, value in prototype.get_params(deep=True).items()
        if key.rpartition("__")[2] not in _NEVER_TUNED and _is_setting_value(value)
    }
    if trains_in_steps(name):
        default = _default_training()
        params |= {field: getattr(default, field) for field in TRAINING_SETTINGS[:3]}
        params |= {"learning_rate": default.lr_g, "lr_g": default.lr_g, "lr_d": default.lr_d}
        params["gp_weight"] = default.gp_weight
    return params


def settings_training(
    model: str,
    settings: Mapping[str, SettingValue],
    *,
    training: TrainingConfig | None = None,
    n_steps: int | None = None,
) -> TrainingConfig | None:
    """Return the GAN training of ``model`` under ``settings`` (``None``: the GAN's default).

    The settings replace fields of ``training`` (default: the GAN's own), the training a
    command's options ask for; ``n_steps`` is its ``--gan-steps``: a step count set both
    there and in ``settings`` is refused.

    Raises
    ------
    ConfigError
        If a training setting does not apply to the model, two settings clash or a value is
        not valid training (see :class:`~fingan.training.TrainingConfig`).
    """
    name = resolve_configuration(check_configuration(model))
    fields = {key: value for key, value in settings.items() if key in TRAINING_SETTINGS}
    if not trains_in_steps(name):
        if fields:
            raise ConfigError(
                f"{model} does not train in steps; {', '.join(fields)} does not apply to it "
                f"(its settings: {', '.join(tunable_settings(name))})"
            )
        return None
    if "n_steps" in fields and n_steps is not None:
        raise ConfigError("the settings set n_steps; do not pass --gan-steps with them")
    if "learning_rate" in fields:
        if {"lr_g", "lr_d"} & set(fields):
            raise ConfigError("learning_rate sets lr_g and lr_d; give it or them, not both")
        rate = fields.pop("learning_rate")
        fields |= {"lr_g": rate, "lr_d": rate}
    if not fields:
        return training
    numbers: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, bool | str):
            raise ConfigError(f"{key} takes a number; got {value!r}")
        numbers[key] = float(value) if key in ("lr_g", "lr_d", "gp_weight") else value
    return dataclasses.replace(training or _default_training(), **numbers)


def settings_factory(
    model: str,
    settings: Mapping[str, SettingValue],
    *,
    training: TrainingConfig | None = None,
    n_steps: int | None = None,
) -> ModelFactory:
    """Return ``factory(seed)`` that builds the configuration ``model`` with ``settings``.

    ``training`` and ``n_steps`` are as in :func:`settings_training`. Without settings it
    builds the same model as the registry's factory of ``model`` with ``training``.

    Raises
    ------
    ConfigError
        If a setting is not one of the model's (:func:`tunable_settings`) or a value does not
        suit it (a whole number for a count, a number for a rate).
    """
    name = resolve_configuration(check_configuration(model))
    training = settings_training(name, settings, training=training, n_steps=n_steps)
    params = _model_params(name, model, settings)

    def factory(seed: int) -> Any:
        built = build_configuration(name, random_state=seed, gan_training=training)
        return built.set_params(**params)

    return factory


def _model_params(name: str, model: str, settings: Mapping[str, SettingValue]) -> dict[str, Any]:
    """Map each model setting onto its full parameter name, with a value of its type."""
    known = {
        key: value for key, value in tunable_settings(name).items() if key not in TRAINING_SETTINGS
    }
    params: dict[str, Any] = {}
    for key, value in settings.items():
        if key in TRAINING_SETTINGS:
            continue
        full = _resolve(key, known, model)
        params[full] = _typed(key, value, known[full])
    return params


def _resolve(key: str, known: Mapping[str, Any], model: str) -> str:
    if key in known:
        return key
    matches = [full for full in known if full.rpartition("__")[2] == key]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ConfigError(f"{key} is ambiguous for {model}; write one of {', '.join(matches)}")
    raise ConfigError(
        f"{key!r} is not a setting of {model}; its settings are "
        f"{', '.join(tunable_settings(model))}"
    )


def _typed(key: str, value: SettingValue, default: Any) -> SettingValue:
    """Return ``value`` as the type of the parameter's default (a float for a float)."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{key} takes true or false; got {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key} takes a whole number; got {value!r}")
        return value
    if isinstance(default, float):
        if isinstance(value, bool | str):
            raise ConfigError(f"{key} takes a number; got {value!r}")
        return float(value)
    if isinstance(default, str) and not isinstance(value, str):
        raise ConfigError(f"{key} takes a word; got {value!r}")
    return value


def _is_setting_value(value: object) -> bool:
    return value is None or isinstance(value, bool | int | float | str)


def _default_training() -> TrainingConfig:
    """Return the innovation GAN's training (imported late: it loads torch)."""
    from fingan.models import InnovationGAN

    return InnovationGAN.default_training


def _text(value: SettingValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
