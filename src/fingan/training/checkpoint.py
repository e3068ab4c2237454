"""Checkpoints on disk: safetensors for tensors, JSON for everything else, no pickle.

A checkpoint is a folder::

    checkpoint.json          format tag, fingan version, model metadata, training state, history
    weights.safetensors      generator.* and discriminator.* parameters and buffers
    state.safetensors        optimizer moments and RNG states (absent in inference-only saves)

Reading one never executes code: safetensors holds raw tensors and JSON holds plain values.
Folders are written under a temporary name and renamed into place, so an interrupted write never
leaves a half-written checkpoint behind.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file
from torch import Tensor

from fingan._config import json_ready
from fingan._io import make_staging_directory
from fingan._version import __version__
from fingan.exceptions import CheckpointError

FORMAT = "fingan-checkpoint"
FORMAT_VERSION = 1
META_FILE = "checkpoint.json"
WEIGHTS_FILE = "weights.safetensors"
STATE_FILE = "state.safetensors"
STEP_PREFIX = "step-"


@dataclass
class Checkpoint:
    """The content of a checkpoint folder.

    Attributes
    ----------
    weights : dict of str to Tensor
        Network parameters, keyed ``"generator.<name>"`` and ``"discriminator.<name>"``.
    state : dict of str to Tensor
        Optimizer and RNG tensors; empty for a model saved for inference only.
    meta : dict
        JSON-ready metadata: model description, step, history, optimizer layout.
    """

    weights: dict[str, Tensor]
    state: dict[str, Tensor] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


def write_checkpoint(path: str | os.PathLike[str], checkpoint: Checkpoint) -> Path:
    """Write ``checkpoint`` to the folder ``path`` atomically, replacing any previous one."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = make_staging_directory(target)
    try:
        save_file(_contiguous(checkpoint.weights), str(staging / WEIGHTS_FILE))
        if checkpoint.state:
            save_file(_contiguous(checkpoint.state), str(staging / STATE_FILE))
        meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "fingan_version": __version__}
        meta.update(json_ready(checkpoint.meta))
        (staging / META_FILE).write_text(json.dumps(meta, indent=1, allow_nan=True))
        if target.exists():
            retired = target.with_name(f".{target.name}.old")
            shutil.rmtree(retired, ignore_errors=True)
            target.rename(retired)
            staging.rename(target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def read_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Read a checkpoint folder written by :func:`write_checkpoint`.

    Parameters
    ----------
    path : path-like
        A checkpoint folder, or a folder of ``step-*`` checkpoints (the latest is read).

    Raises
    ------
    CheckpointError
        If the folder is missing, not a fingan checkpoint, or any of its files is corrupt.
    """
    folder = resolve_checkpoint(path)
    try:
        meta = json.loads((folder / META_FILE).read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CheckpointError(f"corrupt checkpoint metadata in {folder / META_FILE}") from error
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CheckpointError(f"{folder} is not a fingan checkpoint")
    if meta.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(
            f"{folder} has checkpoint format {meta.get('format_version')!r}; this fingan reads "
            f"format {FORMAT_VERSION}"
        )
    weights = _load_tensors(folder / WEIGHTS_FILE)
    state_file = folder / STATE_FILE
    state = _load_tensors(state_file) if state_file.exists() else {}
    return Checkpoint(weights=weights, state=state, meta=meta)


def resolve_checkpoint(path: str | os.PathLike[str]) -> Path:
    """Return the checkpoint folder that ``path`` names: itself, or its latest ``step-*`` child."""
    folder = Path(path)
    if (folder / META_FILE).is_file():
        return folder
    if not folder.is_dir():
        raise CheckpointError(f"checkpoint not found: {folder}")
    steps = sorted(
        child for child in folder.glob(f"{STEP_PREFIX}*") if (child / META_FILE).is_file()
    )
    if not steps:
        raise CheckpointError(f"no fingan checkpoint in {folder}")
    return steps[-1]


def step_folder(root: str | os.PathLike[str], step: int) -> Path:
    """Return the folder name of the checkpoint taken at ``step`` under ``root``."""
    return Path(root) / f"{STEP_PREFIX}{step:08d}"


def prune_checkpoints(root: str | os.PathLike[str], keep: int) -> None:
    """Remove all but the ``keep`` latest ``step-*`` checkpoints under ``root``."""
    steps = sorted(Path(root).glob(f"{STEP_PREFIX}*"))
    for stale in steps[: max(len(steps) - keep, 0)]:
        shutil.rmtree(stale, ignore_errors=True)


def flatten_optimizer_state(
    state_dict: Mapping[str, Any], prefix: str
) -> tuple[dict[str, Tensor], dict[str, Any]]:
    """Split an optimizer ``state_dict`` into named tensors and a JSON-ready layout."""
    tensors: dict[str, Tensor] = {}
    layout: dict[str, Any] = {"param_groups": json_ready(state_dict["param_groups"]), "state": {}}
    for index, slots in state_dict["state"].items():
        entry: dict[str, Any] = {}
        for key, value in slots.items():
            if isinstance(value, Tensor):
                name = f"{prefix}.{index}.{key}"
                tensors[name] = value.detach().cpu()
                entry[key] = {"tensor": name}
            else:
                entry[key] = {"value": value}
        layout["state"][str(index)] = entry
    return tensors, layout


def unflatten_optimizer_state(
    tensors: Mapping[str, Tensor], layout: Mapping[str, Any]
) -> dict[str, Any]:
    """Rebuild an optimizer ``state_dict`` from :func:`flatten_optimizer_state` output."""
    try:
        state: dict[int, dict[str, Any]] = {}
        for index, entry in layout["state"].items():
            state[int(index)] = {
                key: tensors[item["tensor"]] if "tensor" in item else item["value"]
                for key, item in entry.items()
            }
        return {"state": state, "param_groups": [dict(group) for group in layout["param_groups"]]}
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CheckpointError(f"optimizer state in checkpoint is incomplete: {error}") from error


def _load_tensors(file: Path) -> dict[str, Tensor]:
    if not file.is_file():
        raise CheckpointError(f"checkpoint file missing: {file}")
    try:
        return load_file(str(file))
    except (SafetensorError, OSError, ValueError, RuntimeError) as error:
        raise CheckpointError(f"corrupt checkpoint file {file}: {error}") from error


def _contiguous(tensors: Mapping[str, Tensor]) -> dict[str, Tensor]:
    return {name: tensor.detach().cpu().contiguous().clone() for name, tensor in tensors.items()}


def module_weights(modules: Mapping[str, torch.nn.Module]) -> dict[str, Tensor]:
    """Return the state of several modules as one flat dict, keys prefixed by module name."""
    return {
        f"{name}.{key}": value
        for name, module in modules.items()
        for key, value in module.state_dict().items()
    }


def load_module_weights(
    modules: Mapping[str, torch.nn.Module], weights: Mapping[str, Tensor]
) -> None:
    """Load :func:`module_weights` output back into ``modules`` (strictly, shapes checked)."""
    for name, module in modules.items():
        prefix = f"{name}."
        own = {
            key[len(prefix) :]: value for key, value in weights.items() if key.startswith(prefix)
        }
        try:
            module.load_state_dict(own, strict=True)
        except RuntimeError as error:
            first_line = str(error).strip().splitlines()[0]
            raise CheckpointError(
                f"checkpoint weights do not fit the {name}: {first_line}"
            ) from error
