"""What a GAN's checkpoint must agree with: its parameters as JSON, the resumed run, the weights.

:func:`params_to_json` and :func:`params_from_json` move an estimator's hyperparameters to and
from the JSON of a checkpoint (configuration dataclasses as dictionaries, the resolved seed for
``random_state``); :func:`check_config_types` checks that configuration parameters hold their
dataclass; :func:`check_resume` refuses to continue a run on other data or with other
settings; :func:`check_weight_shapes` refuses weights that do not fit the parameters.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn

from fingan.core.config import config_from_dict, config_to_dict, json_ready
from fingan.core.exceptions import CheckpointError, ConfigError, FinganError
from fingan.core.random import isolated_torch_rng
from fingan.training.checkpoint import Checkpoint, module_weights
from fingan.training.config import TrainingConfig

__all__ = [
    "check_config_types",
    "check_resume",
    "check_weight_shapes",
    "dataclass_in",
    "describe_error",
    "params_from_json",
    "params_to_json",
]

_ABSENT = object()


def params_to_json(params: Mapping[str, Any], seed: int) -> dict[str, Any]:
    """Return hyperparameters for a checkpoint: configs as dicts, ``random_state`` as ``seed``."""
    values: dict[str, Any] = {}
    for name, value in params.items():
        if name == "random_state":
            value = seed
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = config_to_dict(value)
        values[name] = value
    return values


def params_from_json(estimator_class: Callable[..., Any], params: dict[str, Any]) -> dict[str, Any]:
    """Return saved hyperparameters as ``__init__`` takes them (dicts back into dataclasses)."""
    hints = typing.get_type_hints(estimator_class.__init__)
    values: dict[str, Any] = {}
    for name, value in params.items():
        config_class = dataclass_in(hints.get(name))
        values[name] = (
            config_from_dict(config_class, value)
            if config_class is not None and isinstance(value, dict)
            else value
        )
    return values


def check_config_types(estimator_class: Callable[..., Any], params: Mapping[str, Any]) -> None:
    """Raise :class:`ConfigError` unless each configuration parameter holds its dataclass or None.

    The dataclass of a parameter is read from the type hints of ``estimator_class.__init__``.
    """
    hints = typing.get_type_hints(estimator_class.__init__)
    for name, value in params.items():
        config_class = dataclass_in(hints.get(name))
        if config_class is not None and not isinstance(value, config_class | None):
            raise ConfigError(f"{name} must be a {config_class.__name__} or None; got {value!r}")


def dataclass_in(hint: Any) -> type | None:
    """Return the dataclass type in a hint such as ``MLPConfig | None``, if any."""
    if hint is None:
        return None
    candidates = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    for candidate in candidates:
        if isinstance(candidate, type) and dataclasses.is_dataclass(candidate):
            return candidate
    return None


def describe_error(error: Exception) -> str:
    """One line for an error met while reading a checkpoint's model description."""
    if isinstance(error, KeyError) and not isinstance(error, FinganError):
        return f"missing field {error.args[0]!r}" if error.args else "missing field"
    text = " ".join(str(error).split())
    return text or type(error).__name__


def check_weight_shapes(
    build_networks: Callable[[], tuple[nn.Module, nn.Module]],
    weights: Mapping[str, Tensor],
    file: Path,
) -> None:
    """Raise :class:`CheckpointError` unless saved weights fit the networks the parameters give.

    ``build_networks`` (a model's ``_build_networks``) runs on PyTorch's "meta" device (shapes
    only, no memory), so that parameters that would make huge networks are refused before
    anything is allocated. ``file`` names the weights in the message.
    """
    with isolated_torch_rng(0, torch.device("cpu")), torch.device("meta"):
        generator, discriminator = build_networks()
    expected = module_weights({"generator_ema": generator, "discriminator": discriminator})
    for key, tensor in expected.items():
        saved = weights.get(key)
        if saved is None:
            raise CheckpointError(f"{file} lacks {key}, which the model's parameters need")
        if tuple(saved.shape) != tuple(tensor.shape):
            raise CheckpointError(
                f"{file} does not fit the model's parameters: {key} has shape "
                f"{tuple(saved.shape)}, the parameters give {tuple(tensor.shape)}"
            )


def check_resume(
    checkpoint: Checkpoint, model_meta: Mapping[str, Any], config: TrainingConfig
) -> None:
    """Refuse a checkpoint made on other data, with another seed or other settings.

    Parameters
    ----------
    checkpoint : Checkpoint
        The checkpoint to resume from (of the same model class).
    model_meta : Mapping
        This run's model description, as it goes into its checkpoints: ``params``
        (:func:`params_to_json`), ``seed`` and ``data`` (the record of the training data).
    config : TrainingConfig
        This run's training settings; only ``n_steps`` may differ from the checkpoint's.

    Raises
    ------
    CheckpointError
        Naming what differs.
    """
    saved = checkpoint.meta["model"]
    record = saved.get("data")
    theirs = record.get("fingerprint") if isinstance(record, dict) else None
    if not isinstance(theirs, str):
        raise CheckpointError(
            f"cannot resume from {checkpoint.folder}: the checkpoint records no fingerprint "
            "of its training data (it was made by an older fingan); start a new run"
        )
    own_record = model_meta.get("data")
    ours = own_record["fingerprint"] if own_record else ""
    if theirs != ours:
        raise CheckpointError(
            "cannot resume: the checkpoint was made on other data (fingerprint "
            f"{theirs[:12]}... vs {ours[:12]}...)"
        )
    seed = model_meta["seed"]
    if saved.get("seed") != seed:
        raise CheckpointError(
            f"cannot resume: the checkpoint was made with seed {saved.get('seed')!r}, this "
            f"run has seed {seed}; resume with seed {saved.get('seed')!r}"
        )
    params = saved.get("params")
    if not isinstance(params, dict):
        raise CheckpointError(f"cannot resume from {checkpoint.folder}: it records no params")
    own = json_ready(model_meta["params"])
    for name in sorted((set(own) | set(params)) - {"random_state", "device", "training"}):
        if own.get(name, _ABSENT) != params.get(name, _ABSENT):
            raise CheckpointError(
                f"cannot resume: {name} is {own.get(name)!r} here but "
                f"{params.get(name)!r} in the checkpoint"
            )
    training = checkpoint.meta.get("training")
    recorded = training.get("config") if isinstance(training, dict) else None
    if not isinstance(recorded, dict):
        raise CheckpointError(
            f"cannot resume from {checkpoint.folder}: it records no training settings"
        )
    current = config_to_dict(config)
    for name in sorted((set(current) | set(recorded)) - {"n_steps"}):
        if current.get(name, _ABSENT) != recorded.get(name, _ABSENT):
            raise CheckpointError(
                f"cannot resume: training.{name} is {current.get(name)!r} here but "
                f"{recorded.get(name)!r} in the checkpoint (only n_steps may change)"
            )
