"""The shared adversarial training loop, its losses, configuration and checkpoints."""

from fingan.training.checkpoint import Checkpoint, read_checkpoint, write_checkpoint
from fingan.training.config import LOSS_NAMES, LossName, TrainingConfig
from fingan.training.device import resolve_device
from fingan.training.losses import (
    GANLoss,
    MinimaxLoss,
    NonSaturatingLoss,
    WassersteinGPLoss,
    gradient_penalty,
    make_loss,
)
from fingan.training.trainer import (
    Batch,
    GANTrainer,
    GeneratorPenalty,
    ProgressCallback,
    TrainingTask,
)

__all__ = [
    "LOSS_NAMES",
    "Batch",
    "Checkpoint",
    "GANLoss",
    "GANTrainer",
    "GeneratorPenalty",
    "LossName",
    "MinimaxLoss",
    "NonSaturatingLoss",
    "ProgressCallback",
    "TrainingConfig",
    "TrainingTask",
    "WassersteinGPLoss",
    "gradient_penalty",
    "make_loss",
    "read_checkpoint",
    "resolve_device",
    "write_checkpoint",
]
