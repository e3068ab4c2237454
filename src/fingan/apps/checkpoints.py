"""Checks of a training run's checkpoint options, before the training starts."""

from __future__ import annotations

import os
from pathlib import Path

from fingan.core.exceptions import ConfigError
from fingan.training.checkpoint import check_checkpoint_dir, checkpoint_step

__all__ = ["check_checkpointing"]


def check_checkpointing(
    checkpoint_dir: str | os.PathLike[str] | None,
    resume: str | os.PathLike[str] | None,
    *,
    out: str | os.PathLike[str] | None = None,
) -> int | None:
    """Check where a run writes its checkpoints and what it resumes from.

    Parameters
    ----------
    checkpoint_dir : path-like, optional
        Folder for the run's checkpoints: new, empty, or holding fingan ``step-*`` checkpoints.
    resume : path-like, optional
        Checkpoint folder (or folder of ``step-*`` checkpoints) to continue from.
    out : path-like, optional
        The run's output folder, which must not contain or lie in ``checkpoint_dir``.

    Returns
    -------
    int or None
        The step the resumed run starts from; ``None`` without ``resume``.

    Raises
    ------
    ConfigError
        If ``checkpoint_dir`` and ``out`` overlap.
    CheckpointError
        If ``checkpoint_dir`` holds anything but fingan checkpoints, or ``resume`` is no
        checkpoint.
    """
    if checkpoint_dir is not None:
        if out is not None:
            folders = {Path(checkpoint_dir).resolve(), Path(out).resolve()}
            if len(folders) == 1 or any(a in b.parents for a in folders for b in folders):
                raise ConfigError("--checkpoint-dir and --out must be separate folders")
        check_checkpoint_dir(checkpoint_dir)
    return None if resume is None else checkpoint_step(resume)
