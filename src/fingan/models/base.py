"""What every fingan GAN estimator shares: fit on the shared trainer, refit, save, load, resume."""

from __future__ import annotations

import dataclasses
import inspect
import os
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Self

import pandas as pd
import torch
from torch import nn

from fingan.core.estimator import BaseEstimator, check_is_fitted
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState, draw_seed, isolated_torch_rng, torch_generator
from fingan.core.threads import ensure_threads
from fingan.core.validation import check_int
from fingan.models.checks import check_training_shape, training_data_record
from fingan.models.loading import load_start, own_checkpoint, register, restore_estimator
from fingan.models.persistence import check_config_types, check_resume, params_to_json
from fingan.training.checkpoint import Checkpoint, check_checkpoint_dir, write_checkpoint
from fingan.training.config import TrainingConfig
from fingan.training.device import resolve_device
from fingan.training.tasks import TrainingTask
from fingan.training.trainer import GANTrainer, ProgressCallback

REFIT_SHARE = 0.25
"""Share of a fresh fit's training steps that :meth:`GANEstimator.refit` trains by default."""


class GANEstimator(BaseEstimator, ABC):
    """Base class of fingan's GAN estimators.

    Subclasses declare their hyperparameters as keyword-only ``__init__`` arguments stored under
    the same names (:class:`~fingan.core.estimator.BaseEstimator` derives ``get_params``,
    ``set_params`` and ``repr`` from them), each sets its own :attr:`default_training` as a
    class variable, and each implements these hooks: :meth:`_prepare` validates the data, fits
    transforms, records the training data (:meth:`_record_training_data`) and returns the
    :class:`~fingan.training.TrainingTask`; :meth:`_build_networks` makes the generator and
    discriminator; :meth:`_fitted_state` and :meth:`_restore_fitted_state` move learned
    non-network state (transforms, column names) to and from JSON; :meth:`_check_params`
    (extended) validates the hyperparameters and :meth:`_check_fitted_state` the restored
    state, so that a loaded model is held to the same rules as one given by a user;
    :meth:`_min_rows` is the least training data the parameters need. Every subclass takes
    ``training``, ``random_state`` and ``device``.

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
    """Training settings used when ``training`` is ``None``; every model sets its own."""

    _fitted_attributes: ClassVar[tuple[str, ...]] = ("generator_", "discriminator_")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not inspect.isabstract(cls):
            register(cls)

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
        check_config_types(type(self), self.get_params())
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
        if checkpoint_dir is not None:
            check_checkpoint_dir(checkpoint_dir)
        checkpoint = None if resume is None else own_checkpoint(type(self), resume)
        return self._train(
            data,
            self._training_config(),
            seed=draw_seed(self.random_state),
            checkpoint=checkpoint,
            checkpoint_dir=checkpoint_dir,
            progress=progress,
        )

    def refit(
        self,
        data: Any,
        *,
        n_steps: int | None = None,
        random_state: RandomState = None,
        progress: ProgressCallback | None = None,
    ) -> Self:
        """Fit again on ``data``, starting from the networks of the current fit (a warm start).

        The transforms are fitted anew on ``data``; the generator and discriminator start from
        the weights the current fit ended with (the live generator, not its average), with new
        optimizers and weight average, and train ``n_steps`` steps. Rolling backtests refit
        this way (``warm_start`` of :func:`~fingan.evaluation.rolling_scenarios`).

        Parameters
        ----------
        data : object
            Training data as :meth:`fit` takes it, with the same columns as the current fit's.
        n_steps : int, optional
            Training steps (default: :data:`REFIT_SHARE` of ``training.n_steps``, at least one).
        random_state : int, numpy.random.Generator or None
            Seed of this fit (default: the estimator's ``random_state``); a saved model records
            it as its ``random_state``.
        progress : callable, optional
            Called after each step with ``(step, n_steps, record)``.

        Returns
        -------
        self

        Raises
        ------
        NotFittedError
            If the estimator has not been fitted.
        ConfigError
            If ``n_steps`` is not a positive integer, ``data`` needs networks of another shape
            (other columns), or the fit may not be refitted (a differentially private one).
        """
        check_is_fitted(self)
        self._check_params()
        self._check_refit()
        config = self._training_config()
        steps = max(1, round(REFIT_SHARE * config.n_steps)) if n_steps is None else n_steps
        config = dataclasses.replace(config, n_steps=check_int(steps, "n_steps", minimum=1))
        seed = draw_seed(self.random_state if random_state is None else random_state)
        start = self._checkpoint.weights
        return self._train(data, config, seed=seed, start=start, progress=progress)

    def _train(
        self,
        data: Any,
        config: TrainingConfig,
        *,
        seed: int,
        start: dict[str, torch.Tensor] | None = None,
        checkpoint: Checkpoint | None = None,
        checkpoint_dir: str | os.PathLike[str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> Self:
        """Prepare ``data`` and train: from new networks, ``start``'s weights or a checkpoint."""
        ensure_threads()
        device = resolve_device(self.device)
        self.seed_ = seed
        task = self._prepare(data)
        model_meta = self._model_meta()
        if checkpoint is not None:
            check_resume(checkpoint, model_meta, config)
        generator, discriminator = self._init_networks(device)
        if start is not None:
            load_start(self, generator, discriminator, start)
        trainer = GANTrainer(
            generator,
            discriminator,
            task,
            config,
            seed=self.seed_ + 1,
            device=device,
            model_meta=model_meta,
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
        check_is_fitted(self)
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
        return restore_estimator(cls, path, device=device)

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

    # -- parameters as JSON ---------------------------------------------------------------------

    def _model_meta(self) -> dict[str, Any]:
        return {
            "class": type(self).__name__,
            "params": params_to_json(self.get_params(), self.seed_),
            "seed": self.seed_,
            "data": getattr(self, "_training_data", None),
            "fitted": self._fitted_state(),
        }

    # -- helpers for subclasses ----------------------------------------------------------------

    def _check_refit(self) -> None:
        """Raise :class:`ConfigError` if :meth:`refit` may not continue this fit (any may here)."""

    def _training_config(self) -> TrainingConfig:
        """Return the training settings in force: ``training`` or :attr:`default_training`."""
        return self.training if self.training is not None else self.default_training

    def _record_training_data(self, frame: pd.DataFrame) -> None:
        """Remember what the model is trained on (see :func:`training_data_record`).

        ``_prepare`` calls this with the validated training table (data space); the record is
        saved with every checkpoint, so that a resumed fit can tell other data from the same.
        """
        self._training_data: dict[str, Any] | None = training_data_record(frame)

    def _check_training_shape(self, n_columns: int) -> None:
        """Check a loaded model against its recorded training data (when it has a record).

        Raises
        ------
        ConfigError
            If the parameters need more rows than the model was trained on, or the fitted state
            has another number of columns.
        """
        record = getattr(self, "_training_data", None)
        check_training_shape(record, min_rows=self._min_rows(), n_columns=n_columns)

    @contextmanager
    def _inference(self) -> Iterator[nn.Module]:
        """Yield the generator in eval mode with gradients off and denormals flushed to zero.

        Denormal floats slow CPU convolutions several-fold (measured: 100,000 market paths took
        26 s with them, 10 s without); the flush is switched off again, PyTorch's default, after.
        """
        check_is_fitted(self)
        ensure_threads()
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
        check_is_fitted(self)
        return next(self.generator_.parameters()).device

    # -- internals ------------------------------------------------------------------------------

    def _init_networks(self, device: torch.device) -> tuple[nn.Module, nn.Module]:
        with isolated_torch_rng(self.seed_, device):
            generator, discriminator = self._build_networks()
        return generator.to(device), discriminator.to(device)


def load_model(path: str | os.PathLike[str], *, device: str = "auto") -> GANEstimator:
    """Load any fingan model saved with ``save`` (the class is read from the checkpoint)."""
    return GANEstimator.load(path, device=device)
