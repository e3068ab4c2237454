"""The one adversarial training loop that every fingan model shares."""

from __future__ import annotations

import copy
import logging
import math
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import torch
from torch import Tensor, nn

from fingan.core.config import config_to_dict
from fingan.core.exceptions import CheckpointError, TrainingDivergedError
from fingan.core.random import isolated_torch_rng, torch_generator
from fingan.training.averaging import refresh_average
from fingan.training.checkpoint import (
    Checkpoint,
    check_checkpoint_dir,
    check_optimizer_state,
    flatten_optimizer_state,
    load_module_weights,
    module_weights,
    prune_checkpoints,
    step_folder,
    unflatten_optimizer_state,
    write_checkpoint,
)
from fingan.training.config import TrainingConfig
from fingan.training.history import check_history, history_frame
from fingan.training.losses import Critic, make_loss
from fingan.training.private import PrivateStep
from fingan.training.tasks import Batch, DiscriminatorPenalty, GeneratorPenalty, TrainingTask

logger = logging.getLogger("fingan")

ProgressCallback = Callable[[int, int, Mapping[str, float]], None]
"""Called after every step with ``(step, n_steps, record)``."""


class GANTrainer:
    """Alternating training of a generator and a discriminator.

    Each step makes ``n_critic`` discriminator updates with the generator frozen (its samples are
    drawn under ``torch.no_grad``), then one generator update with the discriminator frozen (its
    parameters do not require gradients). Each network has its own Adam optimizer and learning
    rate. After each generator update, ``generator_ema`` moves towards the generator's weights
    (an exact copy when ``ema_decay`` is ``None``); it is the network to sample from.
    Checkpoints are taken every ``checkpoint_every`` steps; a non-finite loss rolls training back
    to the last one with lower learning rates. A task that implements
    :class:`GeneratorPenalty` adds its penalty to every generator loss (``g_loss`` in the
    history is the sum), one that implements :class:`DiscriminatorPenalty` to every
    discriminator loss (``d_loss`` likewise).

    Parameters
    ----------
    generator, discriminator : nn.Module
        ``generator(noise[, condition])`` returns samples; ``discriminator(x[, condition])``
        returns one score per sample, shape ``(batch,)`` or ``(batch, 1)``.
    task : TrainingTask
        Source of real batches and noise.
    config : TrainingConfig
        Loop hyperparameters.
    seed : int
        Seed of the trainer's private generator (batches, noise, penalties, dropout).
    device : torch.device
        Where the networks live.
    model_meta : Mapping, optional
        JSON-ready description of the model, stored in every checkpoint so that the model can be
        rebuilt from a checkpoint alone.
    checkpoint_dir : path-like, optional
        Folder to write ``step-*`` checkpoints into; in memory only when ``None``. It must be
        new, empty, or hold only fingan ``step-*`` checkpoints
        (:func:`~fingan.training.checkpoint.check_checkpoint_dir`).
    progress : callable, optional
        Called after each step with ``(step, n_steps, record)``.

    Raises
    ------
    CheckpointError
        If ``checkpoint_dir`` holds anything but fingan checkpoints.
    """

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        task: TrainingTask,
        config: TrainingConfig,
        *,
        seed: int,
        device: torch.device,
        model_meta: Mapping[str, Any] | None = None,
        checkpoint_dir: str | os.PathLike[str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.generator = generator.to(device)
        self.discriminator = discriminator.to(device)
        self.generator_ema = copy.deepcopy(self.generator).requires_grad_(False)
        self.task = task
        self.config = config
        self.device = device
        self.model_meta = dict(model_meta or {})
        self.checkpoint_dir = (
            None if checkpoint_dir is None else check_checkpoint_dir(checkpoint_dir)
        )
        self.progress = progress
        self.loss = make_loss(
            config.loss, gp_weight=config.gp_weight, one_sided=config.gp_mode == "one-sided"
        )
        self.optimizer_g = torch.optim.Adam(
            self.generator.parameters(), lr=config.lr_g, betas=config.betas_g
        )
        self.optimizer_d = torch.optim.Adam(
            self.discriminator.parameters(), lr=config.lr_d, betas=config.betas_d
        )
        self.rng = torch_generator(seed)
        self.seed = seed
        self._torch_rng_state = torch_generator(seed + 1).get_state()
        self.step = 0
        self.rollbacks = 0
        self.elapsed = 0.0
        self.records: list[dict[str, float]] = []
        self._last_good: Checkpoint | None = None

    # -- public -------------------------------------------------------------------------------

    def train(self) -> None:
        """Train until ``config.n_steps`` steps are done (continuing from the current step)."""
        self.generator.train()
        self.discriminator.train()
        with isolated_torch_rng(None, self.device):
            torch.set_rng_state(self._torch_rng_state)
            if self._last_good is None:
                self._last_good = self.capture()
            clock_start = time.perf_counter() - self.elapsed
            while self.step < self.config.n_steps:
                record = self._train_step()
                if not all(math.isfinite(record[key]) for key in ("d_loss", "g_loss")):
                    self._roll_back()
                    continue
                self.step += 1
                self.elapsed = time.perf_counter() - clock_start
                record.update(
                    step=float(self.step),
                    lr_g=self._learning_rate(self.optimizer_g),
                    lr_d=self._learning_rate(self.optimizer_d),
                    rollbacks=float(self.rollbacks),
                    wall_time=self.elapsed,
                )
                self.records.append(record)
                if (
                    self.step % self.config.checkpoint_every == 0
                    or self.step == self.config.n_steps
                ):
                    self._take_checkpoint()
                if self.progress is not None:
                    self.progress(self.step, self.config.n_steps, record)
            self._torch_rng_state = torch.get_rng_state()

    def history(self) -> pd.DataFrame:
        """Return the per-step training history, one row per step, indexed by step."""
        return history_frame(self.records)

    def capture(self) -> Checkpoint:
        """Return the complete training state as an in-memory checkpoint.

        The average's batch statistics are first recomputed for its weights, from draws of
        their own seeded by the seed and step (:func:`.averaging.refresh_average`).
        """
        refresh_average(self.generator_ema, self.task, (self.seed, self.step), self.device)
        self._torch_rng_state = torch.get_rng_state()
        tensors_g, layout_g = flatten_optimizer_state(self.optimizer_g.state_dict(), "optimizer_g")
        tensors_d, layout_d = flatten_optimizer_state(self.optimizer_d.state_dict(), "optimizer_d")
        state = {
            **tensors_g,
            **tensors_d,
            "rng.trainer": self.rng.get_state(),
            "rng.torch": self._torch_rng_state,
        }
        meta = {
            "model": self.model_meta,
            "training": {
                "config": config_to_dict(self.config),
                "step": self.step,
                "rollbacks": self.rollbacks,
                "elapsed": self.elapsed,
                "optimizer_g": layout_g,
                "optimizer_d": layout_d,
            },
            "history": [dict(record) for record in self.records],
        }
        weights = module_weights(self._modules())
        return Checkpoint(
            weights={key: value.detach().clone() for key, value in weights.items()},
            state={key: value.detach().clone() for key, value in state.items()},
            meta=meta,
        )

    def restore(self, checkpoint: Checkpoint) -> None:
        """Load a checkpoint taken by :meth:`capture` (in memory or read from disk).

        Raises
        ------
        CheckpointError
            If the checkpoint's weights do not fit the networks, its training state is
            incomplete or out of range, or it is beyond ``config.n_steps``.
        """
        where = "checkpoint" if checkpoint.folder is None else f"checkpoint {checkpoint.folder}"
        try:
            training = checkpoint.meta["training"]
            step = _count(training["step"], "training.step")
            rollbacks = _count(training["rollbacks"], "training.rollbacks")
            elapsed = float(training["elapsed"])
            if not (math.isfinite(elapsed) and elapsed >= 0):
                raise ValueError(f"training.elapsed must be a finite time; got {elapsed!r}")
            records = check_history(checkpoint.meta["history"], step)
        except (KeyError, TypeError, ValueError) as error:
            raise CheckpointError(
                f"{where} has no usable training state ({_describe(error)})"
            ) from error
        if step > self.config.n_steps:
            raise CheckpointError(
                f"cannot resume: the checkpoint is at step {step}, beyond training.n_steps "
                f"({self.config.n_steps})"
            )
        load_module_weights(self._modules(), checkpoint.weights)
        # Clone: optimizers adopt the tensors they are given and update them in place.
        state = {key: value.clone() for key, value in checkpoint.state.items()}
        try:
            for name, optimizer, network in (
                ("optimizer_g", self.optimizer_g, self.generator),
                ("optimizer_d", self.optimizer_d, self.discriminator),
            ):
                optimizer.load_state_dict(unflatten_optimizer_state(state, training[name]))
                check_optimizer_state(optimizer, network, name)
            torch_generator(0).set_state(state["rng.torch"])  # a valid CPU generator state?
            self.rng.set_state(state["rng.trainer"])
        except (KeyError, TypeError, ValueError, RuntimeError) as error:
            raise CheckpointError(
                f"{where} has no usable training state ({_describe(error)})"
            ) from error
        self._torch_rng_state = state["rng.torch"]
        self.step, self.rollbacks, self.elapsed = step, rollbacks, elapsed
        self.records = records
        self._last_good = checkpoint

    # -- one step -----------------------------------------------------------------------------

    def _train_step(self) -> dict[str, float]:
        if isinstance(self.task, PrivateStep):  # e.g. DP-SGD (fingan.training.private)
            return self.task.train_step(self)
        d_losses, d_norms = [], []
        for _ in range(self.config.n_critic):
            batch = self._real_batch()
            d_loss, d_norm = self._discriminator_step(batch)
            d_losses.append(d_loss)
            d_norms.append(d_norm)
        g_loss, g_norm = self._generator_step(batch.condition, batch.data.shape[0])
        return {
            "d_loss": sum(d_losses) / len(d_losses),
            "g_loss": g_loss,
            "d_grad_norm": sum(d_norms) / len(d_norms),
            "g_grad_norm": g_norm,
        }

    def _discriminator_step(self, batch: Batch) -> tuple[float, float]:
        noise = self._draw_noise(batch.data.shape[0])
        with torch.no_grad():  # the generator is frozen: no graph through it
            fake = self._generate(noise, batch.condition)
        critic = self._critic(batch.condition)
        loss = self.loss.discriminator_loss(critic, batch.data, fake, self.rng)
        if isinstance(self.task, DiscriminatorPenalty):
            loss = loss + self.task.discriminator_penalty(self.discriminator, batch)
        return loss.item(), self._update(self.optimizer_d, self.discriminator, loss)

    def _generator_step(self, condition: Tensor | None, batch_size: int) -> tuple[float, float]:
        self.discriminator.requires_grad_(False)  # the discriminator is frozen
        try:
            fake = self._generate(self._draw_noise(batch_size), condition)
            loss = self.loss.generator_loss(self._critic(condition)(fake))
            if isinstance(self.task, GeneratorPenalty):
                loss = loss + self.task.generator_penalty(fake, condition)
            norm = self._update(self.optimizer_g, self.generator, loss)
        finally:
            self.discriminator.requires_grad_(True)
        self._update_average()
        return loss.item(), norm

    @torch.no_grad()
    def _update_average(self) -> None:
        decay = self.config.ema_decay or 0.0
        decay = min(decay, (1.0 + self.step) / (10.0 + self.step))
        for average, current in zip(
            self.generator_ema.parameters(), self.generator.parameters(), strict=True
        ):
            average.lerp_(current, 1.0 - decay)
        for average_buffer, buffer in zip(
            self.generator_ema.buffers(), self.generator.buffers(), strict=True
        ):
            average_buffer.copy_(buffer)

    def _update(self, optimizer: torch.optim.Optimizer, network: nn.Module, loss: Tensor) -> float:
        optimizer.zero_grad(set_to_none=True)
        loss.backward()  # type: ignore[no-untyped-call]
        max_norm = self.config.max_grad_norm or math.inf
        norm = torch.nn.utils.clip_grad_norm_(network.parameters(), max_norm)
        optimizer.step()
        return float(norm)

    def _real_batch(self) -> Batch:
        batch = self.task.real_batch(self.config.batch_size, self.rng)
        condition = None if batch.condition is None else batch.condition.to(self.device)
        return Batch(data=batch.data.to(self.device), condition=condition)

    def _draw_noise(self, batch_size: int) -> Tensor:
        return self.task.noise(batch_size, self.rng).to(self.device)

    def _generate(self, noise: Tensor, condition: Tensor | None) -> Tensor:
        fake: Tensor = (
            self.generator(noise) if condition is None else self.generator(noise, condition)
        )
        return fake

    def _critic(self, condition: Tensor | None) -> Critic:
        def critic(samples: Tensor) -> Tensor:
            scores: Tensor = (
                self.discriminator(samples)
                if condition is None
                else self.discriminator(samples, condition)
            )
            return scores.reshape(-1)

        return critic

    # -- checkpoints and the divergence guard -------------------------------------------------

    def _take_checkpoint(self) -> None:
        self._last_good = self.capture()
        if self.checkpoint_dir is not None:
            write_checkpoint(step_folder(self.checkpoint_dir, self.step), self._last_good)
            prune_checkpoints(self.checkpoint_dir, self.config.keep_checkpoints)

    def _roll_back(self) -> None:
        failed_at = self.step + 1
        lr_g = self._learning_rate(self.optimizer_g) * self.config.rollback_lr_factor
        lr_d = self._learning_rate(self.optimizer_d) * self.config.rollback_lr_factor
        if self.rollbacks >= self.config.max_rollbacks:
            raise TrainingDivergedError(
                f"training diverged: non-finite loss at step {failed_at} after "
                f"{self.rollbacks} rollback(s); lower lr_g/lr_d, set max_grad_norm or check "
                "the data for extreme values"
            )
        assert self._last_good is not None  # taken when training starts
        rollbacks, elapsed = self.rollbacks + 1, self.elapsed
        self.restore(self._last_good)
        self.rollbacks, self.elapsed = rollbacks, elapsed
        torch.set_rng_state(self._torch_rng_state)
        for optimizer, rate in ((self.optimizer_g, lr_g), (self.optimizer_d, lr_d)):
            for group in optimizer.param_groups:
                group["lr"] = rate
        logger.warning(
            "non-finite loss at step %d: rolled back to step %d, learning rates lowered to "
            "lr_g=%.3g, lr_d=%.3g (rollback %d of at most %d)",
            failed_at,
            self.step,
            lr_g,
            lr_d,
            self.rollbacks,
            self.config.max_rollbacks,
        )

    def _modules(self) -> dict[str, nn.Module]:
        return {
            "generator": self.generator,
            "discriminator": self.discriminator,
            "generator_ema": self.generator_ema,
        }

    @staticmethod
    def _learning_rate(optimizer: torch.optim.Optimizer) -> float:
        return float(optimizer.param_groups[0]["lr"])


def _count(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {value!r}")
    return value


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing {error.args[0]!r}"
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
