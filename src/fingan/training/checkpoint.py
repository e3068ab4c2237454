"""Checkpoints on disk: safetensors for tensors, JSON for everything else, no pickle.

A checkpoint is a folder::

    checkpoint.json          format tag, fingan version, model metadata, training state, history
    weights.safetensors      generator.* and discriminator.* parameters and buffers
    state.safetensors        optimizer moments and RNG states (absent in inference-only saves)

Reading one never executes code: safetensors holds raw tensors and JSON holds plain values, and
every tensor read must be finite. Folders are written under a short hidden temporary name
(``.fingan-tmp-*``) and renamed into place, so an interrupted write never leaves a half-written
checkpoint behind. A write never deletes or replaces anything but a fingan checkpoint: the
target must be new, an empty folder, or a checkpoint folder (see :func:`checkpoint_problem`).
"""

from __future__ import annotations

import errno
import json
import math
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file
from torch import Tensor, nn

from fingan.core.config import json_ready
from fingan.core.exceptions import CheckpointError
from fingan.core.io import default_mode
from fingan.core.version import __version__

FORMAT = "fingan-checkpoint"
FORMAT_VERSION = 1
META_FILE = "checkpoint.json"
WEIGHTS_FILE = "weights.safetensors"
STATE_FILE = "state.safetensors"
STEP_PREFIX = "step-"
STAGING_PREFIX = ".fingan-tmp-"
"""Prefix of the hidden folders a checkpoint is assembled in (short: a long target name never
makes the temporary name exceed the file system's limit)."""

_OWN_FILES = frozenset({META_FILE, WEIGHTS_FILE, STATE_FILE})
_OWN_HIDDEN_PREFIX = ".fingan-"  # fingan's markers and temporary folders


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
    folder : Path or None
        The folder it was read from, for messages; ``None`` for an in-memory checkpoint.
    """

    weights: dict[str, Tensor]
    state: dict[str, Tensor] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    folder: Path | None = field(default=None, compare=False)
    """Where the checkpoint was read from (``None`` when it was taken in memory)."""


def write_checkpoint(path: str | os.PathLike[str], checkpoint: Checkpoint) -> Path:
    """Write ``checkpoint`` to the folder ``path`` atomically.

    ``path`` may be new, an empty folder, or a fingan checkpoint folder (which is replaced); it
    is never anything else. The files are assembled in a hidden temporary folder beside
    ``path`` and renamed into place; on any error ``path`` is left as it was.

    Raises
    ------
    CheckpointError
        If ``path`` exists and is not an empty folder or a fingan checkpoint.
    """
    target = Path(path)
    _check_replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _make_staging(target.parent)
    try:
        save_file(_contiguous(checkpoint.weights), str(staging / WEIGHTS_FILE))
        if checkpoint.state:
            save_file(_contiguous(checkpoint.state), str(staging / STATE_FILE))
        meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "fingan_version": __version__}
        meta.update(json_ready(checkpoint.meta))
        (staging / META_FILE).write_text(json.dumps(meta, indent=1, allow_nan=True))
        _put_in_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def checkpoint_problem(path: str | os.PathLike[str]) -> str | None:
    """Say why the existing folder ``path`` is not a fingan checkpoint; ``None`` if it is one.

    A checkpoint folder is a real folder (not a link) whose ``checkpoint.json`` carries the
    fingan format tag and which holds nothing but the checkpoint's files and fingan's own
    hidden ``.fingan-*`` entries. Only such folders are ever replaced or pruned.
    """
    folder = Path(path)
    if folder.is_symlink() or not folder.is_dir():
        return "is not a folder"
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return f"has no readable {META_FILE}"
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        return f"has a {META_FILE} without the fingan format tag"
    foreign = sorted(
        child.name
        for child in folder.iterdir()
        if child.name not in _OWN_FILES and not child.name.startswith(_OWN_HIDDEN_PREFIX)
    )
    if foreign:
        return f"also holds {', '.join(foreign[:3])}{' ...' if len(foreign) > 3 else ''}"
    return None


def check_checkpoint_dir(path: str | os.PathLike[str]) -> Path:
    """Check that ``path`` may receive ``step-*`` checkpoints; return it.

    It must not exist yet, or be an empty folder, or hold only fingan ``step-*`` checkpoints
    (and fingan's hidden temporary folders, which an interrupted run may leave behind).

    Raises
    ------
    CheckpointError
        If ``path`` is a file, or a folder holding anything else.
    """
    root = Path(path)
    if not root.exists() and not root.is_symlink():
        return root
    if not root.is_dir():
        raise CheckpointError(
            f"checkpoint folder {root} exists and is not a folder; choose a new or empty folder"
        )
    for child in sorted(root.iterdir()):
        if child.name.startswith(_OWN_HIDDEN_PREFIX):
            continue
        if not child.name.startswith(STEP_PREFIX) or checkpoint_problem(child) is not None:
            raise CheckpointError(
                f"checkpoint folder {root} holds {child.name}, which is not a fingan checkpoint; "
                "choose a new or empty folder, or one of fingan step-* checkpoints"
            )
    return root


def read_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Read a checkpoint folder written by :func:`write_checkpoint`.

    Parameters
    ----------
    path : path-like
        A checkpoint folder, or a folder of ``step-*`` checkpoints (the latest is read).

    Raises
    ------
    CheckpointError
        If the folder is missing, not a fingan checkpoint, any of its files is corrupt, or a
        tensor holds NaN or infinite values.
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
    return Checkpoint(weights=weights, state=state, meta=meta, folder=folder)


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


def checkpoint_step(path: str | os.PathLike[str]) -> int:
    """Return the training step of the checkpoint that ``path`` names (see :func:`read_checkpoint`).

    Raises
    ------
    CheckpointError
        If there is no checkpoint there or it records no step.
    """
    training = read_checkpoint(path).meta.get("training")
    step = training.get("step") if isinstance(training, dict) else None
    if isinstance(step, bool) or not isinstance(step, int) or step < 0:
        raise CheckpointError(f"checkpoint {resolve_checkpoint(path)} records no training step")
    return step


def step_folder(root: str | os.PathLike[str], step: int) -> Path:
    """Return the folder name of the checkpoint taken at ``step`` under ``root``."""
    return Path(root) / f"{STEP_PREFIX}{step:08d}"


def prune_checkpoints(root: str | os.PathLike[str], keep: int) -> None:
    """Remove all but the ``keep`` latest ``step-*`` checkpoints under ``root``.

    Only fingan checkpoint folders are counted and removed (see :func:`checkpoint_problem`);
    anything else named ``step-*`` is left alone.
    """
    steps = sorted(
        child for child in Path(root).glob(f"{STEP_PREFIX}*") if checkpoint_problem(child) is None
    )
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
        tensors: dict[str, Tensor] = load_file(str(file))
    except (SafetensorError, OSError, ValueError, RuntimeError) as error:
        raise CheckpointError(f"corrupt checkpoint file {file}: {error}") from error
    for name, tensor in tensors.items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise CheckpointError(f"checkpoint file {file} holds NaN or infinite values in {name}")
    return tensors


def _check_replaceable(target: Path) -> None:
    """Raise unless ``target`` is absent, an empty folder, or a fingan checkpoint folder."""
    if not target.exists() and not target.is_symlink():
        return
    if target.is_dir() and not target.is_symlink() and not any(target.iterdir()):
        return
    problem = checkpoint_problem(target)
    if problem is not None:
        raise CheckpointError(
            f"{target} exists and is not a fingan checkpoint ({problem}); choose a new or "
            "empty folder"
        )


def _make_staging(parent: Path) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
    staging.chmod(default_mode(directory=True))
    return staging


def _put_in_place(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``, replacing an empty folder or a checkpoint folder."""
    _check_replaceable(target)  # again: the folder may have changed while the files were written
    is_checkpoint = target.is_dir() and any(target.iterdir())
    try:
        if not is_checkpoint:
            # Atomic: fails (ENOTEMPTY, EEXIST, ENOTDIR) if something else has appeared there.
            os.rename(staging, target)
            return
        retired = _make_staging(target.parent)
        try:
            os.rename(target, retired)  # replaces the empty folder ``retired``
        except OSError:
            retired.rmdir()
            raise
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(retired, target)  # put the old checkpoint back (kept if that fails)
            raise
        shutil.rmtree(retired, ignore_errors=True)
    except OSError as error:
        if error.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
            raise CheckpointError(
                f"{target} exists and is not a fingan checkpoint (it changed while the "
                "checkpoint was written); choose a new or empty folder"
            ) from error
        raise


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


def check_optimizer_state(optimizer: torch.optim.Optimizer, network: nn.Module, name: str) -> None:
    """Raise ``ValueError`` unless a restored Adam state fits ``network`` and has sane settings."""
    for group in optimizer.param_groups:
        lr, betas, eps = group.get("lr"), group.get("betas"), group.get("eps")
        if not (isinstance(lr, float | int) and math.isfinite(lr) and lr > 0):
            raise ValueError(f"{name} learning rate must be positive and finite; got {lr!r}")
        if not (
            isinstance(betas, tuple | list)
            and len(betas) == 2
            and all(isinstance(b, float | int) and 0.0 <= b < 1.0 for b in betas)
        ):
            raise ValueError(f"{name} betas must be two numbers in [0, 1); got {betas!r}")
        if not (isinstance(eps, float | int) and math.isfinite(eps) and eps > 0):
            raise ValueError(f"{name} eps must be positive and finite; got {eps!r}")
    for parameter in network.parameters():
        slots = optimizer.state.get(parameter, {})
        for key in ("exp_avg", "exp_avg_sq"):
            moment = slots.get(key)
            if moment is not None and moment.shape != parameter.shape:
                raise ValueError(
                    f"{name} {key} has shape {tuple(moment.shape)}, the parameter "
                    f"{tuple(parameter.shape)}"
                )
