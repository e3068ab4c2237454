"""The shared adversarial training loop, its losses, configuration, checkpoints and tasks."""

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
from fingan.training.tasks import (
    Batch,
    ConditionalRowTask,
    ConditionSpace,
    DiscriminatorPenalty,
    GeneratorPenalty,
    RowTask,
    TrainingTask,
    WindowTask,
)
from fingan.training.trainer import GANTrainer, ProgressCallback
from fingan.training.volatility_matching import VolatilityMatchedWindowTask

__all__ = [
    "LOSS_NAMES",
    "Batch",
    "Checkpoint",
    "ConditionSpace",
    "ConditionalRowTask",
    "DiscriminatorPenalty",
    "GANLoss",
    "GANTrainer",
    "GeneratorPenalty",
    "LossName",
    "MinimaxLoss",
    "NonSaturatingLoss",
    "ProgressCallback",
    "RowTask",
    "TrainingConfig",
    "TrainingTask",
    "VolatilityMatchedWindowTask",
    "WassersteinGPLoss",
    "WindowTask",
    "gradient_penalty",
    "make_loss",
    "read_checkpoint",
    "resolve_device",
    "write_checkpoint",
]
