"""Checkpoint folders: written safely, never over a user's files; tensors read back finite."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from fingan.core.exceptions import CheckpointError
from fingan.nn import MLP, MLPConfig
from fingan.training import Batch, GANTrainer, TrainingConfig, read_checkpoint, write_checkpoint
from fingan.training.checkpoint import (
    STAGING_PREFIX,
    Checkpoint,
    check_checkpoint_dir,
    checkpoint_problem,
    checkpoint_step,
    prune_checkpoints,
    step_folder,
)


def small_checkpoint(value: float = 1.0, step: int = 3) -> Checkpoint:
    return Checkpoint(
        weights={"generator.w": torch.full((2, 2), value)},
        state={"rng.trainer": torch.zeros(4, dtype=torch.uint8)},
        meta={"training": {"step": step}},
    )


def user_folder(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "notes.txt").write_text("my notes")
    return path


def hidden_leftovers(folder: Path) -> list[str]:
    return [child.name for child in folder.iterdir() if child.name.startswith(STAGING_PREFIX)]


def test_writes_a_new_folder_an_empty_one_and_replaces_a_checkpoint(tmp_path):
    new = write_checkpoint(tmp_path / "a" / "b" / "model", small_checkpoint())
    assert checkpoint_problem(new) is None
    empty = tmp_path / "empty"
    empty.mkdir()
    write_checkpoint(empty, small_checkpoint())
    assert checkpoint_problem(empty) is None
    write_checkpoint(new, small_checkpoint(value=2.0, step=5))
    assert torch.equal(read_checkpoint(new).weights["generator.w"], torch.full((2, 2), 2.0))
    assert checkpoint_step(new) == 5
    assert hidden_leftovers(tmp_path) == []
    assert hidden_leftovers(tmp_path / "a" / "b") == []


def test_never_replaces_what_is_not_a_checkpoint(tmp_path):
    folder = user_folder(tmp_path / "mine")
    a_file = tmp_path / "file.txt"
    a_file.write_text("data")
    untagged = tmp_path / "untagged"
    untagged.mkdir()
    (untagged / "checkpoint.json").write_text(json.dumps({"format": "something else"}))
    # A checkpoint folder into which a user has put a file of their own is not replaced either.
    mixed = write_checkpoint(tmp_path / "mixed", small_checkpoint())
    (mixed / "notes.txt").write_text("mine")
    for target in (folder, a_file, untagged, mixed):
        with pytest.raises(CheckpointError, match="exists and is not a fingan checkpoint"):
            write_checkpoint(target, small_checkpoint())
    assert (folder / "notes.txt").read_text() == "my notes"
    assert a_file.read_text() == "data"
    assert (untagged / "checkpoint.json").exists()
    assert (mixed / "notes.txt").read_text() == "mine"
    assert hidden_leftovers(tmp_path) == []


def test_does_not_follow_a_link_to_a_checkpoint(tmp_path):
    real = write_checkpoint(tmp_path / "real", small_checkpoint())
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    with pytest.raises(CheckpointError, match="not a fingan checkpoint"):
        write_checkpoint(link, small_checkpoint(value=9.0))
    assert torch.equal(read_checkpoint(real).weights["generator.w"], torch.ones(2, 2))


def test_a_long_target_name_keeps_the_temporary_name_short(tmp_path):
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    target = tmp_path / ("m" * limit)  # the longest valid name
    write_checkpoint(target, small_checkpoint())
    write_checkpoint(target, small_checkpoint(value=3.0))  # replacing uses a short name too
    assert torch.equal(read_checkpoint(target).weights["generator.w"], torch.full((2, 2), 3.0))
    assert hidden_leftovers(tmp_path) == []


def test_prune_removes_only_fingan_checkpoints(tmp_path):
    for step in (1, 2, 3, 4):
        write_checkpoint(step_folder(tmp_path, step), small_checkpoint(step=step))
    user = user_folder(tmp_path / "step-99999999")  # named like one, but the user's
    prune_checkpoints(tmp_path, keep=2)
    remaining = sorted(child.name for child in tmp_path.iterdir())
    assert remaining == ["step-00000003", "step-00000004", "step-99999999"]
    assert (user / "notes.txt").read_text() == "my notes"


def test_checkpoint_dir_must_be_new_empty_or_of_checkpoints(tmp_path):
    assert check_checkpoint_dir(tmp_path / "new") == tmp_path / "new"
    runs = tmp_path / "runs"
    runs.mkdir()
    check_checkpoint_dir(runs)
    write_checkpoint(step_folder(runs, 5), small_checkpoint())
    (runs / f"{STAGING_PREFIX}abc123").mkdir()  # what a killed run may leave behind
    check_checkpoint_dir(runs)
    (runs / "results.csv").write_text("x")
    with pytest.raises(CheckpointError, match=r"holds results\.csv, which is not a fingan"):
        check_checkpoint_dir(runs)
    (tmp_path / "file").write_text("x")
    with pytest.raises(CheckpointError, match="is not a folder"):
        check_checkpoint_dir(tmp_path / "file")


class TwoDimTask:
    def real_batch(self, batch_size: int, rng: torch.Generator) -> Batch:
        return Batch(data=torch.randn(batch_size, 2, generator=rng))

    def noise(self, batch_size: int, rng: torch.Generator) -> torch.Tensor:
        return torch.randn(batch_size, 3, generator=rng)


def small_trainer(**kwargs) -> GANTrainer:
    net = MLPConfig(hidden_dims=(8,))
    config = TrainingConfig(n_steps=4, batch_size=8, checkpoint_every=2)
    return GANTrainer(
        MLP(3, 2, net),
        MLP(2, 1, net),
        TwoDimTask(),
        config,
        seed=0,
        device=torch.device("cpu"),
        **kwargs,
    )


def test_trainer_refuses_a_checkpoint_dir_holding_other_files(tmp_path):
    user_folder(tmp_path / "mine")
    with pytest.raises(CheckpointError, match=r"holds notes\.txt"):
        small_trainer(checkpoint_dir=tmp_path / "mine")


def test_non_finite_tensors_are_refused(tmp_path):
    small_trainer(checkpoint_dir=tmp_path).train()
    latest = tmp_path / "step-00000004"
    for file in ("weights.safetensors", "state.safetensors"):
        tensors = load_file(str(latest / file))
        original = dict(tensors)
        name = next(key for key, value in tensors.items() if value.is_floating_point())
        tensors[name] = tensors[name].clone()
        tensors[name].view(-1)[0] = float("nan")
        save_file(tensors, str(latest / file))
        with pytest.raises(CheckpointError, match=rf"{file} holds NaN or infinite values in"):
            read_checkpoint(latest)
        save_file(original, str(latest / file))
    read_checkpoint(latest)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda meta: meta["training"].update(step=-1), "training.step must be a non-negative"),
        (lambda meta: meta["training"].update(step=3), "history has 4 records for 3 steps"),
        (lambda meta: meta["training"].update(elapsed=float("nan")), "training.elapsed"),
        (lambda meta: meta["history"][1].update(d_loss="x"), "not a number"),
        (lambda meta: meta["history"][1].update(step=7), "record 2 has step 7"),
        (lambda meta: meta["training"].pop("optimizer_g"), "missing 'optimizer_g'"),
        (
            lambda meta: meta["training"]["optimizer_d"]["param_groups"][0].update(lr=-1.0),
            "optimizer_d learning rate",
        ),
    ],
)
def test_restore_refuses_a_tampered_training_state(tmp_path, edit, message):
    small_trainer(checkpoint_dir=tmp_path).train()
    checkpoint = read_checkpoint(tmp_path)
    edit(checkpoint.meta)
    with pytest.raises(CheckpointError, match=message):
        small_trainer().restore(checkpoint)


def test_restore_refuses_a_checkpoint_beyond_n_steps(tmp_path):
    small_trainer(checkpoint_dir=tmp_path).train()
    trainer = small_trainer()
    trainer.config = TrainingConfig(n_steps=3, batch_size=8)
    with pytest.raises(CheckpointError, match=r"at step 4, beyond training.n_steps \(3\)"):
        trainer.restore(read_checkpoint(tmp_path))
