"""Reading GAN estimators back: the class registry, saved models, and a fit's weights.

A checkpoint names its estimator class; :func:`register` (called for every concrete subclass
of :class:`~fingan.models.base.GANEstimator`) makes the name known, and
:func:`restore_estimator` rebuilds the estimator and checks everything it reads as strictly as a
fit would. :func:`load_start` puts a previous fit's networks into new ones for a warm start
(:meth:`~fingan.models.base.GANEstimator.refit`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from torch import Tensor, nn

from fingan.core.exceptions import CheckpointError, ConfigError, FinganError
from fingan.models.checks import checked_data_record, checked_seed
from fingan.models.persistence import check_weight_shapes, describe_error, params_from_json
from fingan.training.checkpoint import (
    META_FILE,
    WEIGHTS_FILE,
    Checkpoint,
    load_module_weights,
    read_checkpoint,
)
from fingan.training.device import resolve_device
from fingan.training.history import check_history, history_frame

if TYPE_CHECKING:
    from fingan.models.base import GANEstimator

E = TypeVar("E", bound="GANEstimator")

_REGISTRY: dict[str, type[GANEstimator]] = {}


def register(estimator_class: type[GANEstimator]) -> None:
    """Make ``estimator_class`` loadable from checkpoints that name it."""
    _REGISTRY[estimator_class.__name__] = estimator_class


def checkpoint_class(checkpoint: Checkpoint) -> type[GANEstimator]:
    """Return the registered class a checkpoint names.

    Raises
    ------
    CheckpointError
        If the checkpoint names no class or an unknown one.
    """
    try:
        name = checkpoint.meta["model"]["class"]
    except (KeyError, TypeError) as error:
        raise CheckpointError("checkpoint does not describe a fingan model") from error
    if name not in _REGISTRY:
        raise CheckpointError(f"checkpoint holds an unknown model class {name!r}")
    return _REGISTRY[name]


def own_checkpoint(estimator_class: type[GANEstimator], path: str | os.PathLike[str]) -> Checkpoint:
    """Read a checkpoint to resume a fit of ``estimator_class`` from.

    Raises
    ------
    CheckpointError
        If the checkpoint is unreadable or of another class.
    """
    checkpoint = read_checkpoint(path)
    if checkpoint_class(checkpoint) is not estimator_class:
        raise CheckpointError(
            f"cannot resume a {estimator_class.__name__} from a checkpoint of a "
            f"{checkpoint.meta['model']['class']}"
        )
    return checkpoint


def restore_estimator(cls: type[E], path: str | os.PathLike[str], *, device: str) -> E:
    """Rebuild a saved estimator of ``cls`` (or a subclass); see ``GANEstimator.load``."""
    checkpoint = read_checkpoint(path)
    target = checkpoint_class(checkpoint)
    if not issubclass(target, cls):
        raise CheckpointError(f"{path} holds a {target.__name__}, not a {cls.__name__}")
    meta_file = Path(checkpoint.folder or path) / META_FILE
    model_meta = checkpoint.meta["model"]
    try:
        params = model_meta["params"]
        if not isinstance(params, dict):
            raise TypeError("params must be a mapping")
        estimator = target(**params_from_json(target, params)).set_params(device=device)
        estimator._check_params()
        estimator.seed_ = checked_seed(model_meta["seed"], params.get("random_state"))
        estimator._training_data = checked_data_record(model_meta.get("data"))
        estimator._restore_fitted_state(model_meta["fitted"])
        estimator._check_fitted_state()
        history = history_frame(check_history(checkpoint.meta["history"]))
    except (FinganError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise CheckpointError(
            f"{meta_file} holds an invalid model: {describe_error(error)}"
        ) from error
    weights_file = Path(checkpoint.folder or path) / WEIGHTS_FILE
    check_weight_shapes(estimator._build_networks, checkpoint.weights, weights_file)
    generator, discriminator = estimator._init_networks(resolve_device(device))
    # Inference uses the weight average (an exact copy of the generator without averaging).
    load_module_weights(
        {"generator_ema": generator, "discriminator": discriminator}, checkpoint.weights
    )
    estimator.generator_, estimator.discriminator_ = generator, discriminator
    estimator.history_ = history
    estimator._checkpoint = checkpoint
    return estimator


def load_start(
    estimator: GANEstimator,
    generator: nn.Module,
    discriminator: nn.Module,
    weights: Mapping[str, Tensor],
) -> None:
    """Load a fit's live generator and discriminator weights into new networks.

    Raises
    ------
    ConfigError
        If the networks do not fit the weights (the data has other columns, say).
    """
    try:
        load_module_weights({"generator": generator, "discriminator": discriminator}, weights)
    except CheckpointError as error:
        raise ConfigError(
            f"cannot refit {type(estimator).__name__} from its current fit on this data (the "
            f"networks differ: {error}); fit a new model instead"
        ) from error
