"""The shared loop: alternation, reproducibility, checkpoints, resume, the divergence guard."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from fingan.core.exceptions import CheckpointError, TrainingDivergedError
from fingan.nn import MLP, MLPConfig
from fingan.training import Batch, GANTrainer, TrainingConfig, read_checkpoint

CPU = torch.device("cpu")


class GaussianTask:
    """Real data N(3, 1) in 2-D; optionally poisons chosen calls with NaN."""

    def __init__(self, poison_calls: set[int] | None = None, always_poison: bool = False):
        self.calls = 0
        self.poison_calls = poison_calls or set()
        self.always_poison = always_poison

    def real_batch(self, batch_size: int, rng: torch.Generator) -> Batch:
        self.calls += 1
        data = 3.0 + torch.randn(batch_size, 2, generator=rng)
        if self.always_poison or self.calls in self.poison_calls:
            data[0, 0] = float("nan")
        return Batch(data=data)

    def noise(self, batch_size: int, rng: torch.Generator) -> torch.Tensor:
        return torch.randn(batch_size, 4, generator=rng)


def make_trainer(config: TrainingConfig, task=None, seed: int = 0, **kwargs) -> GANTrainer:
    torch_state = torch.get_rng_state()
    torch.manual_seed(seed)
    net = MLPConfig(hidden_dims=(16,))
    generator, discriminator = MLP(4, 2, net), MLP(2, 1, net)
    torch.set_rng_state(torch_state)
    return GANTrainer(
        generator, discriminator, task or GaussianTask(), config, seed=seed, device=CPU, **kwargs
    )


def weights(trainer: GANTrainer) -> dict[str, torch.Tensor]:
    modules = {"g": trainer.generator, "d": trainer.discriminator, "ema": trainer.generator_ema}
    return {
        f"{name}.{key}": value.clone()
        for name, module in modules.items()
        for key, value in module.state_dict().items()
    }


def assert_same_weights(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key


@pytest.mark.parametrize("loss", ["minimax", "nonsaturating", "wgan-gp"])
def test_each_step_updates_only_its_own_network(loss, quick_training):
    trainer = make_trainer(dataclasses.replace(quick_training, loss=loss))
    before = weights(trainer)
    trainer._discriminator_step(trainer._real_batch())
    after_d = weights(trainer)
    assert all(p.grad is None for p in trainer.generator.parameters())
    assert all(torch.equal(before[k], after_d[k]) for k in before if k.startswith("g."))
    assert any(not torch.equal(before[k], after_d[k]) for k in before if k.startswith("d."))

    for parameter in trainer.discriminator.parameters():
        parameter.grad = None
    trainer._generator_step(None, 32)
    after_g = weights(trainer)
    assert all(p.grad is None for p in trainer.discriminator.parameters())
    assert all(p.requires_grad for p in trainer.discriminator.parameters())
    assert all(torch.equal(after_d[k], after_g[k]) for k in before if k.startswith("d."))
    assert any(not torch.equal(after_d[k], after_g[k]) for k in before if k.startswith("g."))


def test_same_seed_same_weights_and_global_rng_untouched(quick_training):
    torch.manual_seed(123)
    torch_state = torch.get_rng_state()
    first, second = make_trainer(quick_training, seed=5), make_trainer(quick_training, seed=5)
    first.train()
    second.train()
    assert_same_weights(weights(first), weights(second))
    assert torch.equal(torch.get_rng_state(), torch_state)
    other = make_trainer(quick_training, seed=6)
    other.train()
    assert not torch.equal(weights(other)["g.output.weight"], weights(first)["g.output.weight"])


def test_history_has_one_row_per_step(quick_training):
    trainer = make_trainer(quick_training)
    seen: list[int] = []
    trainer.progress = lambda step, total, record: seen.append(step)
    trainer.train()
    history = trainer.history()
    assert list(history.index) == list(range(1, quick_training.n_steps + 1))
    assert seen == list(history.index)
    assert {"d_loss", "g_loss", "d_grad_norm", "g_grad_norm", "wall_time"} <= set(history)
    assert np.isfinite(history.to_numpy()).all()
    assert history["wall_time"].is_monotonic_increasing


class InterruptError(Exception):
    pass


def test_interrupted_and_resumed_run_ends_with_identical_weights(tmp_path, quick_training):
    config = dataclasses.replace(quick_training, loss="wgan-gp", n_critic=2)
    uninterrupted = make_trainer(config)
    uninterrupted.train()

    def stop_at_ten(step: int, total: int, record: object) -> None:
        if step == 10:
            raise InterruptError

    interrupted = make_trainer(config, checkpoint_dir=tmp_path, progress=stop_at_ten)
    with pytest.raises(InterruptError):
        interrupted.train()
    checkpoint = read_checkpoint(tmp_path)  # the latest: step 8
    assert checkpoint.meta["training"]["step"] == 8

    resumed = make_trainer(config, seed=99)  # a different seed: all state comes from the file
    resumed.restore(checkpoint)
    resumed.train()
    assert_same_weights(weights(resumed), weights(uninterrupted))
    cols = ["d_loss", "g_loss", "d_grad_norm", "g_grad_norm"]
    np.testing.assert_array_equal(resumed.history()[cols], uninterrupted.history()[cols])


def test_checkpoints_are_safetensors_and_json_only(tmp_path, quick_training):
    make_trainer(quick_training, checkpoint_dir=tmp_path).train()
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert folders == ["step-00000004", "step-00000008", "step-00000012"]
    files = {p.name for p in (tmp_path / "step-00000012").iterdir()}
    assert files == {"checkpoint.json", "weights.safetensors", "state.safetensors"}
    meta = json.loads((tmp_path / "step-00000012" / "checkpoint.json").read_text())
    assert meta["format"] == "fingan-checkpoint"
    assert meta["training"]["config"]["n_steps"] == quick_training.n_steps


def test_corrupt_checkpoint_is_a_clear_error(tmp_path, quick_training):
    make_trainer(quick_training, checkpoint_dir=tmp_path).train()
    latest = tmp_path / "step-00000012"
    (latest / "weights.safetensors").write_bytes(b"\x00garbage, not tensors")
    with pytest.raises(CheckpointError, match="corrupt checkpoint file"):
        read_checkpoint(latest)
    (latest / "checkpoint.json").write_text("{not json")
    with pytest.raises(CheckpointError, match="corrupt checkpoint metadata"):
        read_checkpoint(latest)
    with pytest.raises(CheckpointError, match="not found"):
        read_checkpoint(Path(tmp_path) / "missing")


def test_nan_loss_rolls_back_lowers_rates_and_continues(quick_training, caplog):
    task = GaussianTask(poison_calls={7})
    trainer = make_trainer(quick_training, task=task)
    with caplog.at_level("WARNING", logger="fingan"):
        trainer.train()
    history = trainer.history()
    assert len(history) == quick_training.n_steps
    assert np.isfinite(history[["d_loss", "g_loss"]].to_numpy()).all()
    assert history["rollbacks"].iloc[-1] == 1
    assert history["lr_g"].iloc[-1] == pytest.approx(quick_training.lr_g * 0.5)
    assert history["lr_d"].iloc[0] == pytest.approx(quick_training.lr_d)
    assert "rolled back to step 4" in caplog.text
    assert all(torch.isfinite(p).all() for p in trainer.generator.parameters())


def test_persistent_nan_stops_with_clear_error(quick_training):
    trainer = make_trainer(quick_training, task=GaussianTask(always_poison=True))
    with pytest.raises(TrainingDivergedError, match="non-finite loss at step 1 after 3 rollback"):
        trainer.train()
