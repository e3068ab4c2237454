"""Configuration of the adversarial training loop."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from fingan.core.exceptions import ConfigError
from fingan.core.validation import check_int

LossName = Literal["minimax", "nonsaturating", "wgan-gp"]
LOSS_NAMES: tuple[LossName, ...] = ("minimax", "nonsaturating", "wgan-gp")
PenaltyMode = Literal["two-sided", "one-sided"]


@dataclass(frozen=True)
class TrainingConfig:
    """Hyperparameters of the alternating G/D training loop.

    Parameters
    ----------
    loss : {"minimax", "nonsaturating", "wgan-gp"}
        Adversarial objective; see :mod:`fingan.training.losses`.
    n_steps : int
        Number of generator updates. Each is preceded by ``n_critic`` discriminator updates.
    batch_size : int
        Real and generated samples per update.
    lr_g, lr_d : float
        Adam learning rates of the generator (alpha) and the discriminator (beta).
    betas_g, betas_d : tuple of float
        Adam ``(beta1, beta2)`` of the generator and the discriminator.
    n_critic : int
        Discriminator updates per generator update.
    gp_weight : float
        Gradient-penalty weight lambda of WGAN-GP (ignored by the other losses).
    gp_mode : {"one-sided", "two-sided"}
        ``"two-sided"`` penalises ``(||grad|| - 1)^2`` as in Gulrajani et al. (2017);
        ``"one-sided"`` penalises only ``max(0, ||grad|| - 1)^2``, the Lipschitz penalty of
        Petzka et al. (2018). The default is one-sided: the two-sided penalty forbids the critic
        to pass through slopes below one, which in low dimensions traps it in a linear function
        (measured on a 1-D two-mode mixture: the two-sided critic stays linear and the generator
        drifts off; the one-sided one separates the modes).
    ema_decay : float or None
        Keep an exponential moving average of the generator's weights with this decay (ramped
        up as ``min(decay, (1 + t) / (10 + t))`` over the first steps) and sample from it; the
        average smooths the oscillation of the last iterates (Yazici et al., 2019). ``None``
        samples from the last iterate.
    max_grad_norm : float or None
        Clip each network's gradient to this norm; ``None`` never clips (norms are still logged).
    checkpoint_every : int
        Take a checkpoint every this many steps (and always at the end). Checkpoints are kept in
        memory for the divergence guard and written to disk when a checkpoint folder is given.
    keep_checkpoints : int
        How many checkpoints to keep on disk (oldest removed first).
    max_rollbacks : int
        How often a non-finite loss may roll training back before it stops with an error.
    rollback_lr_factor : float
        Factor in (0, 1) that multiplies both learning rates at each rollback.
    """

    loss: LossName = "wgan-gp"
    n_steps: int = 2000
    batch_size: int = 256
    lr_g: float = 1e-4
    lr_d: float = 1e-4
    betas_g: tuple[float, float] = (0.5, 0.9)
    betas_d: tuple[float, float] = (0.5, 0.9)
    n_critic: int = 1
    gp_weight: float = 10.0
    gp_mode: PenaltyMode = "one-sided"
    ema_decay: float | None = 0.995
    max_grad_norm: float | None = None
    checkpoint_every: int = 500
    keep_checkpoints: int = 3
    max_rollbacks: int = 3
    rollback_lr_factor: float = 0.5

    def __post_init__(self) -> None:
        if self.loss not in LOSS_NAMES:
            raise ConfigError(f"loss must be one of {', '.join(LOSS_NAMES)}; got {self.loss!r}")
        for name in ("n_steps", "batch_size", "n_critic", "checkpoint_every", "keep_checkpoints"):
            check_int(getattr(self, name), name, minimum=1)
        check_int(self.max_rollbacks, "max_rollbacks", minimum=0)
        for name in ("lr_g", "lr_d"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise ConfigError(f"{name} must be a positive finite number; got {value!r}")
        for name in ("betas_g", "betas_d"):
            betas = getattr(self, name)
            if len(betas) != 2 or not all(0.0 <= beta < 1.0 for beta in betas):
                raise ConfigError(f"{name} must be two numbers in [0, 1); got {betas!r}")
        if not (math.isfinite(self.gp_weight) and self.gp_weight >= 0):
            raise ConfigError(f"gp_weight must be >= 0; got {self.gp_weight!r}")
        if self.gp_mode not in ("one-sided", "two-sided"):
            raise ConfigError(f"gp_mode must be 'one-sided' or 'two-sided'; got {self.gp_mode!r}")
        if self.ema_decay is not None and not 0.0 < self.ema_decay < 1.0:
            raise ConfigError(f"ema_decay must be in (0, 1) or None; got {self.ema_decay!r}")
        if self.max_grad_norm is not None and not self.max_grad_norm > 0:
            raise ConfigError(f"max_grad_norm must be positive or None; got {self.max_grad_norm!r}")
        if not 0.0 < self.rollback_lr_factor < 1.0:
            raise ConfigError(
                f"rollback_lr_factor must be in (0, 1); got {self.rollback_lr_factor!r}"
            )
