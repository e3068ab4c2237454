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
from pathlib import Path
from typing import Any, ClassVar, Self

import pandas as pd
import torch
from torch import nn

from fingan.core.config import config_from_dict, config_to_dict, json_ready
from fingan.core.exceptions import CheckpointError, ConfigError, FinganError, NotFittedError
from fingan.core.random import RandomState, draw_seed, isolated_torch_rng, torch_generator
from fingan.core.validation import check_int
from fingan.models._checks import checked_data_record, checked_seed, data_fingerprint
from fingan.training.checkpoint import (
    META_FILE,
    WEIGHTS_FILE,
    Checkpoint,
    check_checkpoint_dir,
    load_module_weights,
    module_weights,
    read_checkpoint,
    write_checkpoint,
)
from fingan.training.config import TrainingConfig
from fingan.training.device import resolve_device
from fingan.training.trainer import (
    GANTrainer,
    ProgressCallback,
    TrainingTask,
    check_history,
    history_frame,
)

_REGISTRY: dict[str, type[GANEstimator]] = {}


class GANEstimator(ABC):
    """Base class of fingan's GAN estimators.

    Subclasses declare their hyperparameters as keyword-only ``__init__`` arguments stored under
    the same names (scikit-learn style), and implement these hooks: :meth:`_prepare` validates
    the data, fits transforms, records the training data (:meth:`_record_training_data`) and
    returns the :class:`~fingan.training.TrainingTask`; :meth:`_build_networks` makes the
    generator and discriminator; :meth:`_fitted_state` and :meth:`_restore_fitted_state` move
    learned non-network state (transforms, column names) to and from JSON;
    :meth:`_check_params` (extended) validates the hyperparameters and
    :meth:`_check_fitted_state` the restored state, so that a loaded model is held to the same
    rules as one given by a user; :meth:`_min_rows` is the least training data the parameters
    need. Every subclass takes ``training``, ``random_state`` and ``device``.

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

    @abstractmethod
    def _check_fitted_state(self) -> None:
        """Check restored state against the parameters (lengths, ranges); ``load`` runs this.

        Raise a :class:`~fingan.core.exceptions.FinganError` (or ``ValueError``) naming the field.
        """

    def _check_params(self) -> None:
        """Check the hyperparameters; ``fit`` and ``load`` both run this.

        The base checks that configuration parameters hold their dataclass (or ``None``) and
        that ``device`` is text; subclasses extend it with their own rules.

        Raises
        ------
        ConfigError
            Naming the parameter and its value.
        """
        hints = typing.get_type_hints(type(self).__init__)
        for name in self._param_names():
            config_class = _dataclass_in(hints.get(name))
            value = getattr(self, name)
            if config_class is not None and not isinstance(value, config_class | None):
                raise ConfigError(
                    f"{name} must be a {config_class.__name__} or None; got {value!r}"
                )
        if not isinstance(self.device, str):
            raise ConfigError(f"device must be a string such as 'cpu'; got {self.device!r}")

    def _min_rows(self) -> int:
        """Fewest training rows the parameters need (``fit`` and ``load`` both check it)."""
        return 1

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
            The checkpoint must have been made by the same class on the same data (compared by
            fingerprint) with the same seed and hyperparameters; only ``training.n_steps`` may
            differ, and not be below the checkpoint's step.
        checkpoint_dir : path-like, optional
            Write checkpoints here every ``training.checkpoint_every`` steps and at the end. It
            must be new, empty, or hold only fingan ``step-*`` checkpoints (it may be the
            ``resume`` folder).
        progress : callable, optional
            Called after each step with ``(step, n_steps, record)``; silent when ``None``.

        Returns
        -------
        self

        Raises
        ------
        CheckpointError
            If ``resume`` is not a usable checkpoint of this run (another class, other data,
            seed or hyperparameters, or an older checkpoint without a data fingerprint), or
            ``checkpoint_dir`` holds anything but fingan checkpoints.
        """
        self._check_params()
        config = self._training_config()
        device = resolve_device(self.device)
        if checkpoint_dir is not None:
            check_checkpoint_dir(checkpoint_dir)
        checkpoint = None if resume is None else self._read_own_checkpoint(resume)
        self.seed_ = draw_seed(self.random_state)
        task = self._prepare(data)
        if checkpoint is not None:
            self._check_resume(checkpoint, config)
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
        ``path`` must be new, an empty folder, or a fingan checkpoint (which is replaced).

        Raises
        ------
        CheckpointError
            If ``path`` holds anything else; it is left untouched.
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
            If the folder is not a checkpoint of this class, is corrupt, or holds parameters,
            fitted state or weights that a fit could not have produced (NaN or non-positive
            scales, a window longer than the training data, weights that are not finite or do
            not fit the parameters...); the message names the file and the field.
        """
        checkpoint = read_checkpoint(path)
        target = cls._checkpoint_class(checkpoint)
        if not issubclass(target, cls):
            raise CheckpointError(f"{path} holds a {target.__name__}, not a {cls.__name__}")
        meta_file = Path(checkpoint.folder or path) / META_FILE
        model_meta = checkpoint.meta["model"]
        try:
            params = model_meta["params"]
            if not isinstance(params, dict):
                raise TypeError("params must be a mapping")
            estimator = target(**target._params_from_json(params))
            estimator.device = device
            estimator._check_params()
            estimator.seed_ = checked_seed(model_meta["seed"], params.get("random_state"))
            estimator._training_data = checked_data_record(model_meta.get("data"))
            estimator._restore_fitted_state(model_meta["fitted"])
            estimator._check_fitted_state()
            history = history_frame(check_history(checkpoint.meta["history"]))
        except (FinganError, KeyError, TypeError, ValueError, AttributeError) as error:
            raise CheckpointError(
                f"{meta_file} holds an invalid model: {_describe(error)}"
            ) from error
        estimator._check_weight_shapes(checkpoint, Path(checkpoint.folder or path) / WEIGHTS_FILE)
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
            "data": getattr(self, "_training_data", None),
            "fitted": self._fitted_state(),
        }

    # -- helpers for subclasses ----------------------------------------------------------------

    def _training_config(self) -> TrainingConfig:
        """Return the training settings in force: ``training`` or :attr:`default_training`."""
        return self.training if self.training is not None else self.default_training

    def _record_training_data(self, frame: pd.DataFrame) -> None:
        """Remember what the model is trained on: a fingerprint, the rows and columns.

        ``_prepare`` calls this with the validated training table (data space); the record is
        saved with every checkpoint, so that a resumed fit can tell other data from the same.
        """
        self._training_data: dict[str, Any] | None = {
            "fingerprint": data_fingerprint(frame),
            "n_rows": len(frame),
            "n_columns": frame.shape[1],
        }

    def _check_training_shape(self, n_columns: int) -> None:
        """Check a loaded model against its recorded training data (when it has a record).

        Raises
        ------
        ConfigError
            If the parameters need more rows than the model was trained on, or the fitted state
            has another number of columns.
        """
        record = getattr(self, "_training_data", None)
        if record is None:
            return
        if record["n_rows"] < self._min_rows():
            raise ConfigError(
                f"the parameters need at least {self._min_rows()} training rows but the model "
                f"was trained on {record['n_rows']}"
            )
        if record["n_columns"] != n_columns:
            raise ConfigError(
                f"the fitted state has {n_columns} columns but the model was trained on "
                f"{record['n_columns']}"
            )

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

    def _check_weight_shapes(self, checkpoint: Checkpoint, file: Path) -> None:
        """Check that the saved weights fit the networks the parameters describe.

        The networks are built on PyTorch's "meta" device (shapes only, no memory), so that
        parameters that would make huge networks are refused before anything is allocated.
        """
        with isolated_torch_rng(0, torch.device("cpu")), torch.device("meta"):
            generator, discriminator = self._build_networks()
        expected = module_weights({"generator_ema": generator, "discriminator": discriminator})
        for key, tensor in expected.items():
            saved = checkpoint.weights.get(key)
            if saved is None:
                raise CheckpointError(f"{file} lacks {key}, which the model's parameters need")
            if tuple(saved.shape) != tuple(tensor.shape):
                raise CheckpointError(
                    f"{file} does not fit the model's parameters: {key} has shape "
                    f"{tuple(saved.shape)}, the parameters give {tuple(tensor.shape)}"
                )

    def _check_resume(self, checkpoint: Checkpoint, config: TrainingConfig) -> None:
        """Refuse a checkpoint made on other data, with another seed or other settings."""
        saved = checkpoint.meta["model"]
        record = saved.get("data")
        theirs = record.get("fingerprint") if isinstance(record, dict) else None
        if not isinstance(theirs, str):
            raise CheckpointError(
                f"cannot resume from {checkpoint.folder}: the checkpoint records no fingerprint "
                "of its training data (it was made by an older fingan); start a new run"
            )
        own_record = getattr(self, "_training_data", None)
        ours = own_record["fingerprint"] if own_record else ""
        if theirs != ours:
            raise CheckpointError(
                "cannot resume: the checkpoint was made on other data (fingerprint "
                f"{theirs[:12]}... vs {ours[:12]}...)"
            )
        if saved.get("seed") != self.seed_:
            raise CheckpointError(
                f"cannot resume: the checkpoint was made with seed {saved.get('seed')!r}, this "
                f"run has seed {self.seed_}; resume with seed {saved.get('seed')!r}"
            )
        params = saved.get("params")
        if not isinstance(params, dict):
            raise CheckpointError(f"cannot resume from {checkpoint.folder}: it records no params")
        own = json_ready(self._params_to_json())
        for name in sorted((set(own) | set(params)) - {"random_state", "device", "training"}):
            if own.get(name, _ABSENT) != params.get(name, _ABSENT):
                raise CheckpointError(
                    f"cannot resume: {name} is {own.get(name)!r} here but "
                    f"{params.get(name)!r} in the checkpoint"
                )
        training = checkpoint.meta.get("training")
        recorded = training.get("config") if isinstance(training, dict) else None
        if not isinstance(recorded, dict):
            raise CheckpointError(
                f"cannot resume from {checkpoint.folder}: it records no training settings"
            )
        current = config_to_dict(config)
        for name in sorted((set(current) | set(recorded)) - {"n_steps"}):
            if current.get(name, _ABSENT) != recorded.get(name, _ABSENT):
                raise CheckpointError(
                    f"cannot resume: training.{name} is {current.get(name)!r} here but "
                    f"{recorded.get(name)!r} in the checkpoint (only n_steps may change)"
                )

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


_ABSENT = object()


def _describe(error: Exception) -> str:
    """One line for an error met while reading a checkpoint's model description."""
    if isinstance(error, KeyError) and not isinstance(error, FinganError):
        return f"missing field {error.args[0]!r}" if error.args else "missing field"
    text = " ".join(str(error).split())
    return text or type(error).__name__


def _dataclass_in(hint: Any) -> type | None:
    """Return the dataclass type in a hint such as ``MLPConfig | None``, if any."""
    if hint is None:
        return None
    candidates = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    for candidate in candidates:
        if isinstance(candidate, type) and dataclasses.is_dataclass(candidate):
            return candidate
    return None
