"""What every fingan GAN estimator shares: fit on the shared trainer, save, load, resume."""

from __future__ import annotations

import dataclasses
import inspect
import os
import types
import typing
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Self

import torch
from torch import nn

from fingan._config import config_from_dict, config_to_dict
from fingan._random import RandomState, draw_seed, isolated_torch_rng, torch_generator
from fingan._validation import check_int
from fingan.exceptions import CheckpointError, NotFittedError
from fingan.training.checkpoint import (
    Checkpoint,
    load_module_weights,
    read_checkpoint,
    write_checkpoint,
)
from fingan.training.config import TrainingConfig
from fingan.training.device import resolve_device
from fingan.training.trainer import GANTrainer, ProgressCallback, TrainingTask, history_frame

_REGISTRY: dict[str, type[GANEstimator]] = {}


class GANEstimator(ABC):
    """Base class of fingan's GAN estimators.

    Subclasses declare their hyperparameters as keyword-only ``__init__`` arguments stored under
    the same names (scikit-learn style), and implement four hooks: :meth:`_prepare` validates the
    data, fits transforms and returns the :class:`~fingan.training.TrainingTask`;
    :meth:`_build_networks` makes the generator and discriminator; :meth:`_fitted_state` and
    :meth:`_restore_fitted_state` move learned non-network state (transforms, column names)
    to and from JSON. Every subclass takes ``training``, ``random_state`` and ``device``.

    Attributes
    ----------
    generator_ : nn.Module
        The trained generator to sample from (the weight average, see
        ``TrainingConfig.ema_decay``).
    discriminator_ : nn.Module
        The trained discriminator.
    history_ : pandas.DataFrame
        Per-step losses, gradient norms, learning rates and wall time.
    seed_ : int
        The seed that ``random_state`` resolved to.
    """

    training: TrainingConfig | None
    random_state: RandomState
    device: str

    default_training: ClassVar[TrainingConfig] = TrainingConfig()
    """Training settings used when ``training`` is ``None``."""

    _fitted_attributes: ClassVar[tuple[str, ...]] = ("generator_", "discriminator_")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not inspect.isabstract(cls):
            _REGISTRY[cls.__name__] = cls

    # -- hooks ----------------------------------------------------------------------------------

    @abstractmethod
    def _prepare(self, data: Any) -> TrainingTask:
        """Validate ``data``, fit transforms and return the trainer's task."""

    @abstractmethod
    def _build_networks(self) -> tuple[nn.Module, nn.Module]:
        """Return a new ``(generator, discriminator)`` pair for the prepared data."""

    @abstractmethod
    def _fitted_state(self) -> dict[str, Any]:
        """Return learned non-network state as a JSON-ready dictionary."""

    @abstractmethod
    def _restore_fitted_state(self, state: dict[str, Any]) -> None:
        """Restore what :meth:`_fitted_state` returned."""

    # -- fit ------------------------------------------------------------------------------------

    def fit(
        self,
        data: Any,
        *,
        resume: str | os.PathLike[str] | None = None,
        checkpoint_dir: str | os.PathLike[str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> Self:
        """Train the GAN on ``data``.

        Parameters
        ----------
        data : object
            Training data in the form the estimator documents.
        resume : path-like, optional
            A checkpoint folder (or a folder of ``step-*`` checkpoints) of a previous run of this
            estimator on the same data; training continues from it to ``training.n_steps``.
        checkpoint_dir : path-like, optional
            Write checkpoints here every ``training.checkpoint_every`` steps and at the end.
        progress : callable, optional
            Called after each step with ``(step, n_steps, record)``; silent when ``None``.

        Returns
        -------
        self
        """
        config = self.training if self.training is not None else self.default_training
        device = resolve_device(self.device)
        checkpoint = None if resume is None else self._read_own_checkpoint(resume)
        self.seed_ = draw_seed(self.random_state)
        task = self._prepare(data)
        generator, discriminator = self._init_networks(device)
        trainer = GANTrainer(
            generator,
            discriminator,
            task,
            config,
            seed=self.seed_ + 1,
            device=device,
            model_meta=self._model_meta(),
            checkpoint_dir=checkpoint_dir,
            progress=progress,
        )
        if checkpoint is not None:
            trainer.restore(checkpoint)
        trainer.train()
        self.generator_ = trainer.generator_ema
        self.discriminator_ = trainer.discriminator
        self.history_ = trainer.history()
        self._checkpoint = trainer.capture()
        return self

    # -- save / load ----------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save the fitted model (weights, transforms, training state, history) to a folder.

        The folder holds safetensors and JSON only; see :mod:`fingan.training.checkpoint`.
        """
        self._check_fitted()
        write_checkpoint(path, self._checkpoint)

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, device: str = "auto") -> Self:
        """Load a model saved by :meth:`save` or a training checkpoint.

        Parameters
        ----------
        path : path-like
            A checkpoint folder, or a folder of ``step-*`` checkpoints (the latest is used).
        device : str
            Device to put the networks on (``"auto"``, ``"cpu"``, ``"cuda"``...).

        Raises
        ------
        CheckpointError
            If the folder is not a checkpoint of this class or is corrupt.
        """
        checkpoint = read_checkpoint(path)
        target = cls._checkpoint_class(checkpoint)
        if not issubclass(target, cls):
            raise CheckpointError(f"{path} holds a {target.__name__}, not a {cls.__name__}")
        model_meta = checkpoint.meta["model"]
        try:
            estimator = target(**target._params_from_json(model_meta["params"]))
            estimator.device = device
            estimator.seed_ = int(model_meta["seed"])
            estimator._restore_fitted_state(model_meta["fitted"])
            history = history_frame(checkpoint.meta["history"])
        except (KeyError, TypeError, ValueError) as error:
            raise CheckpointError(
                f"checkpoint {path} has invalid model metadata: {error}"
            ) from error
        generator, discriminator = estimator._init_networks(resolve_device(device))
        # Inference uses the weight average (an exact copy of the generator without averaging).
        load_module_weights(
            {"generator_ema": generator, "discriminator": discriminator}, checkpoint.weights
        )
        estimator.generator_, estimator.discriminator_ = generator, discriminator
        estimator.history_ = history
        estimator._checkpoint = checkpoint
        return estimator

    @classmethod
    def training_with_steps(
        cls, training: TrainingConfig | None = None, *, n_steps: int | None = None
    ) -> TrainingConfig | None:
        """Return the training settings for a number of steps given apart from the rest.

        ``training`` when given (it wins); otherwise :attr:`default_training` with ``n_steps``
        steps; ``None`` (the defaults) when neither is given. Command lines and apps use this
        for their ``--gan-steps`` options.

        Raises
        ------
        ConfigError
            If ``n_steps`` is not a positive integer.
        """
        if training is not None or n_steps is None:
            return training
        steps = check_int(n_steps, "gan_steps", minimum=1)
        return dataclasses.replace(cls.default_training, n_steps=steps)

    # -- parameters -----------------------------------------------------------------------------

    def get_params(self) -> dict[str, Any]:
        """Return the estimator's hyperparameters, by name, as passed to ``__init__``."""
        return {name: getattr(self, name) for name in self._param_names()}

    def __repr__(self) -> str:
        params = ", ".join(f"{name}={value!r}" for name, value in self.get_params().items())
        return f"{type(self).__name__}({params})"

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [name for name in signature.parameters if name != "self"]

    def _params_to_json(self) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for name, value in self.get_params().items():
            if name == "random_state":
                value = self.seed_
            elif dataclasses.is_dataclass(value) and not isinstance(value, type):
                value = config_to_dict(value)
            params[name] = value
        return params

    @classmethod
    def _params_from_json(cls, params: dict[str, Any]) -> dict[str, Any]:
        hints = typing.get_type_hints(cls.__init__)
        values: dict[str, Any] = {}
        for name, value in params.items():
            config_class = _dataclass_in(hints.get(name))
            values[name] = (
                config_from_dict(config_class, value)
                if config_class is not None and isinstance(value, dict)
                else value
            )
        return values

    def _model_meta(self) -> dict[str, Any]:
        return {
            "class": type(self).__name__,
            "params": self._params_to_json(),
            "seed": self.seed_,
            "fitted": self._fitted_state(),
        }

    # -- helpers for subclasses ----------------------------------------------------------------

    def _check_fitted(self) -> None:
        if not all(hasattr(self, name) for name in self._fitted_attributes):
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet; call fit(data) or load(path) first"
            )

    @contextmanager
    def _inference(self) -> Iterator[nn.Module]:
        """Yield the generator in eval mode with gradients off and denormals flushed to zero.

        Denormal floats slow CPU convolutions several-fold (measured: 100,000 market paths took
        26 s with them, 10 s without); the flush is switched off again, PyTorch's default, after.
        """
        self._check_fitted()
        self.generator_.eval()
        torch.set_flush_denormal(True)
        try:
            with torch.no_grad():
                yield self.generator_
        finally:
            torch.set_flush_denormal(False)

    @staticmethod
    def _sampling_rng(random_state: RandomState) -> torch.Generator:
        return torch_generator(draw_seed(random_state))

    @property
    def device_(self) -> torch.device:
        """The device the fitted networks are on."""
        self._check_fitted()
        return next(self.generator_.parameters()).device

    # -- internals ------------------------------------------------------------------------------

    def _init_networks(self, device: torch.device) -> tuple[nn.Module, nn.Module]:
        with isolated_torch_rng(self.seed_, device):
            generator, discriminator = self._build_networks()
        return generator.to(device), discriminator.to(device)

    def _read_own_checkpoint(self, path: str | os.PathLike[str]) -> Checkpoint:
        checkpoint = read_checkpoint(path)
        if self._checkpoint_class(checkpoint) is not type(self):
            raise CheckpointError(
                f"cannot resume a {type(self).__name__} from a checkpoint of a "
                f"{checkpoint.meta['model']['class']}"
            )
        return checkpoint

    @staticmethod
    def _checkpoint_class(checkpoint: Checkpoint) -> type[GANEstimator]:
        try:
            name = checkpoint.meta["model"]["class"]
        except (KeyError, TypeError) as error:
            raise CheckpointError("checkpoint does not describe a fingan model") from error
        if name not in _REGISTRY:
            raise CheckpointError(f"checkpoint holds an unknown model class {name!r}")
        return _REGISTRY[name]


def load_model(path: str | os.PathLike[str], *, device: str = "auto") -> GANEstimator:
    """Load any fingan model saved with ``save`` (the class is read from the checkpoint)."""
    return GANEstimator.load(path, device=device)


def _dataclass_in(hint: Any) -> type | None:
    """Return the dataclass type in a hint such as ``MLPConfig | None``, if any."""
    if hint is None:
        return None
    candidates = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    for candidate in candidates:
        if isinstance(candidate, type) and dataclasses.is_dataclass(candidate):
            return candidate
    return None
