"""A conditional GAN for mixed numeric/categorical tables (CTGAN, Xu et al., 2019)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Self

import pandas as pd
import torch
from torch import nn

from fingan.core.estimator import check_is_fitted
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState
from fingan.core.validation import check_choice, check_int
from fingan.data.tables import validate_table
from fingan.models import tabular_privacy
from fingan.models.base import GANEstimator
from fingan.models.tabular_classifier import (
    check_label_params,
    classifier_loss,
    label_span,
    with_classifier,
)
from fingan.models.tabular_columns import (
    categories,
    category_blocks,
    condition_column_indices,
)
from fingan.models.tabular_networks import (
    DEFAULT_DISCRIMINATOR,
    build_networks,
    check_pack_critic,
    resolve_pack_critic,
    restored_pack_critic,
)
from fingan.models.tabular_sampling import sample_table
from fingan.nn.mlp import MLPConfig
from fingan.training.accounting import PrivacySpend
from fingan.training.auxiliary import ClassifiedRowTask
from fingan.training.class_packs import ClassPackedRowTask
from fingan.training.config import TrainingConfig
from fingan.training.private import PrivateRowTask
from fingan.training.tasks import ConditionalRowTask, TrainingTask
from fingan.training.trainer import ProgressCallback
from fingan.transforms.tabular import NUMERIC_ENCODINGS, TableTransformer


class TabularGAN(GANEstimator):
    """A conditional GAN for tables with numeric and categorical columns, after CTGAN.

    The ideas that make CTGAN work, on fingan's shared training engine:

    - *mode-specific normalisation* of numeric columns (here quantile normalisation for those
      with many distinct values) and one-hot categorical columns
      (:class:`~fingan.transforms.TableTransformer`);
    - a generator that ends in ``tanh`` on numeric offsets and a Gumbel-softmax on every
      one-hot group (:class:`~fingan.nn.tabular.TableGenerator`);
    - a *condition vector* naming one category of one categorical column, with
      *training-by-sampling*: each training row is drawn by picking a categorical column at
      random, one of its categories with probability proportional to the log of its frequency,
      then a real row of that category, so rare categories (defaulters) are learned; a
      cross-entropy term makes the generator honour the condition;
    - *PacGAN*: the discriminator scores packs of ``pac`` rows, by default from the mean and
      spread of per-row features (:class:`~fingan.nn.tabular.PooledPackDiscriminator`);
    - WGAN-GP (one-sided penalty by default, see :class:`~fingan.training.TrainingConfig`);
    - optionally (``classifier_weight`` > 0), an *auxiliary classifier* beside the critic
      (CTAB-GAN, Zhao et al., 2021; :mod:`fingan.models.tabular_classifier`): it learns the
      label from the other columns of real rows, and the generator pays its cross-entropy on
      generated rows, so that generated rows carry the label-feature relation.

    With ``epsilon`` set the fit is ``(epsilon, delta)``-differentially private
    (:mod:`fingan.models.tabular_privacy`): DP-SGD on a discriminator that reads one row at a
    time (``pac`` 1; the RDP accountant), an encoding from ``metadata``, counts released with
    the Gaussian mechanism; the privacy noise comes from the system's entropy.

    Parameters
    ----------
    noise_dim : int, default 64
        Width of the generator's Gaussian input.
    pac : int, default 10
        Rows per discriminator pack; ``training.batch_size`` must be a multiple of it.
    pack_by_condition : bool, optional
        Give all rows of a pack one condition (:mod:`fingan.training.class_packs`), so the
        critic compares, e.g., ``pac`` real defaulters with ``pac`` generated ones. ``None``
        (default): so when ``condition_columns`` is given (mixed packs lose the label's
        relation to the other columns), CTGAN's mixed packs otherwise. Ignored with ``epsilon``.
    pack_critic : {"pooled", "concatenated"}, optional
        How the critic reads a pack (:mod:`fingan.models.tabular_networks`): from the mean and
        spread of features one network reads in each row, or the rows side by side (CTGAN).
        ``None`` (default): pooled when ``pac`` > 1 (it learns relations between columns that
        CTGAN's critic loses). Saved models load with the critic they were trained with.
    max_modes : int, default 10
        Largest number of modes per numeric column.
    numeric_encoding : {"auto", "modes"}, default "auto"
        Quantile normalisation for numeric columns with more than ``max_modes`` distinct values
        (:class:`~fingan.transforms.TableTransformer`), or CTGAN's modes for every numeric
        column. Ignored with ``epsilon`` (the encoding then comes from ``metadata``).
    condition_columns : sequence of str, optional
        Train conditioning only on these categorical columns (e.g. the label whose rare class
        will be sampled); by default every categorical column, as in CTGAN. A column named
        ``k`` times is conditioned on ``k`` times as often.
    target : str, optional
        The label column the auxiliary classifier predicts (categorical); by default the first
        of ``condition_columns``, and no classifier when both are ``None``.
    classifier_weight : float, default 0.0
        Weight of the classifier's cross-entropy in the generator's loss; 0 (default) trains
        no classifier. With ``epsilon`` the classifier learns only through the
        discriminator's clipped, noised updates (same privacy spend).
    generator, discriminator : MLPConfig, optional
        Hidden layers (defaults: :mod:`fingan.models.tabular_networks`, the critic's by
        ``pack_critic``); the classifier has the discriminator's (default: CTGAN's critic's).
    training : TrainingConfig, optional
        Defaults to :attr:`default_training` (WGAN-GP, 2,000 steps of 500 rows), or
        :attr:`default_private_training` with ``epsilon`` set (no gradient penalty;
        ``batch_size`` is the expected size of a Poisson sample, below the number of rows).
    epsilon : float, optional
        Privacy budget; ``None`` (default) trains without differential privacy. It sets the
        noise of the planned ``n_steps * n_critic`` discriminator updates.
    delta : float, optional
        In (0, 1); ``1 / (10 n)`` for ``n`` training rows when ``None``.
    max_grad_norm : float, default 1.0
        Per-row clipping norm of the discriminator's gradient (only with ``epsilon``).
    label_pair_weight : float, default 1.0
        With ``epsilon`` and a label (``target`` or the first condition column): release the
        label's joint counts with every other column instead of the category counts, and weigh
        the generator's match to them (:mod:`fingan.training.label_pairs`); 0 turns it off.
    metadata : mapping, optional
        Required with ``epsilon``: ``{column: {"categories": [...]}}`` for each categorical and
        ``{column: {"bounds": [low, high]}}`` for each numeric column, written by the user
        (see :mod:`fingan.transforms.metadata`); ignored without ``epsilon``.
    random_state : int, numpy.random.Generator or None
        Seed for the encoders, initialisation and training.
    device : str, default "auto"
        ``"auto"`` trains on a CUDA GPU when one is available, else on the CPU.

    Attributes
    ----------
    transformer_ : TableTransformer
        The fitted table encoding.
    category_counts_ : list of list of int
        Training count of each category of each categorical column (encoding order), released
        with Gaussian noise with ``epsilon``.
    privacy_spent_ : PrivacySpend or None
        The ``(epsilon, delta)`` spent by the accountant, and how; ``None`` without ``epsilon``.
    pack_critic_ : {"pooled", "concatenated"}
        The pack critic the networks were built with.
    label_span_ : tuple of (int, int) or None
        ``(start, width)`` of the classifier's label in the encoded row; ``None`` without one.

    Examples
    --------
    >>> from fingan.datasets import load_german_credit
    >>> from fingan.training import TrainingConfig
    >>> credit = load_german_credit()
    >>> model = TabularGAN(training=TrainingConfig(n_steps=5, batch_size=100), random_state=0)
    >>> bad = model.fit(credit).sample(4, conditions={"creditability": "bad"}, random_state=0)
    >>> bad["creditability"].tolist()
    ['bad', 'bad', 'bad', 'bad']
    >>> bad.dtypes.equals(credit.dtypes)
    True
    """

    default_training: ClassVar[TrainingConfig] = TrainingConfig(
        n_steps=2000, batch_size=500, lr_g=2e-4, lr_d=2e-4
    )
    default_private_training: ClassVar[TrainingConfig] = TrainingConfig(
        n_steps=1000, batch_size=50, lr_g=2e-4, lr_d=2e-4, gp_weight=0.0
    )

    def __init__(
        self,
        *,
        noise_dim: int = 64,
        pac: int = 10,
        pack_by_condition: bool | None = None,
        pack_critic: str | None = None,
        max_modes: int = 10,
        numeric_encoding: str = "auto",
        condition_columns: Sequence[str] | None = None,
        target: str | None = None,
        classifier_weight: float = 0.0,
        generator: MLPConfig | None = None,
        discriminator: MLPConfig | None = None,
        training: TrainingConfig | None = None,
        epsilon: float | None = None,
        delta: float | None = None,
        max_grad_norm: float = 1.0,
        label_pair_weight: float = 1.0,
        metadata: Mapping[str, Mapping[str, Any]] | None = None,
        random_state: RandomState = None,
        device: str = "auto",
    ) -> None:
        self.noise_dim = noise_dim
        self.pac = pac
        self.pack_by_condition = pack_by_condition
        self.pack_critic = pack_critic
        self.max_modes = max_modes
        self.numeric_encoding = numeric_encoding
        self.condition_columns = condition_columns
        self.target = target
        self.classifier_weight = classifier_weight
        self.generator = generator
        self.discriminator = discriminator
        self.training = training
        self.epsilon = epsilon
        self.delta = delta
        self.max_grad_norm = max_grad_norm
        self.label_pair_weight = label_pair_weight
        self.metadata = metadata
        self.random_state = random_state
        self.device = device

    def sample(
        self,
        n: int,
        *,
        conditions: dict[str, Any] | None = None,
        stratify: str | None = None,
        random_state: RandomState = None,
    ) -> pd.DataFrame:
        """Generate ``n`` rows, optionally all with given categories, or class by class.

        Parameters
        ----------
        n : int
            Number of rows.
        conditions : dict, optional
            ``{column: category}`` of categorical columns, e.g. ``{"creditability": "bad"}``.
            The generator is conditioned on the first among its condition columns; rows that
            miss any condition are drawn again, so every returned row meets all of them.
        stratify : str, optional
            A categorical column (e.g. the label): its categories get rows in proportion to the
            training counts (the released ones for a private fit), each generated conditioned
            on its category as with ``conditions``; the rows come back shuffled. Training rows
            for a classifier are best drawn so: the generator's relation of the other columns
            to the label is what they carry.
        random_state : int, numpy.random.Generator or None
            Seed of the noise; the same seed gives the same rows.

        Returns
        -------
        pandas.DataFrame
            ``n`` rows with the columns, dtypes and categories seen in ``fit``; integer
            columns hold integers and numeric values stay in their observed range.

        Raises
        ------
        ConfigError
            If a condition or ``stratify`` names an unknown or numeric column, a condition an
            unknown category, or both are given.
        """
        n = check_int(n, "n", minimum=1)
        check_is_fitted(self)
        return sample_table(self, n, conditions, stratify, random_state)

    def fit(
        self,
        data: Any,
        *,
        resume: str | os.PathLike[str] | None = None,
        checkpoint_dir: str | os.PathLike[str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> Self:
        """Train on a table (see :meth:`GANEstimator.fit`); with ``epsilon``, privately.

        Raises ConfigError with ``epsilon`` set if ``resume`` is given (the earlier run's
        spend could not be accounted), ``metadata`` does not cover the table or ``pac`` != 1.
        """
        if self.epsilon is not None and resume is not None:
            raise ConfigError("resume is not available with epsilon set; fit again from scratch")
        self.privacy_spent_: PrivacySpend | None = None
        super().fit(data, resume=resume, checkpoint_dir=checkpoint_dir, progress=progress)
        task, plan = self.__dict__.pop("_private_task", None), self.__dict__["privacy_spent_"]
        if isinstance(task, PrivateRowTask) and isinstance(plan, PrivacySpend):
            self.privacy_spent_ = tabular_privacy.privacy_spent(plan, task.updates)
            self._checkpoint.meta["model"]["fitted"] = self._fitted_state()
        return self

    # -- GANEstimator hooks ---------------------------------------------------------------------

    def _check_params(self) -> None:
        super()._check_params()
        check_int(self.noise_dim, "noise_dim", minimum=1)
        pac = check_int(self.pac, "pac", minimum=1)
        check_int(self.max_modes, "max_modes", minimum=1)
        check_choice(self.numeric_encoding, "numeric_encoding", NUMERIC_ENCODINGS)
        if self.pack_by_condition is not None and not isinstance(self.pack_by_condition, bool):
            raise ConfigError(
                f"pack_by_condition must be True, False or None; got {self.pack_by_condition!r}"
            )
        check_pack_critic(self.pack_critic, private=self.epsilon is not None)
        config = self._training_config()
        if config.batch_size % pac:
            raise ConfigError(
                f"training.batch_size ({config.batch_size}) must be a multiple of pac ({pac})"
            )
        check_label_params(self.condition_columns, self.target, self.classifier_weight)
        tabular_privacy.check_private_params(self)

    def _min_rows(self) -> int:
        return 2

    def _check_refit(self) -> None:
        if self.epsilon is not None:
            raise ConfigError("a private fit cannot be refitted (its spend would grow); fit anew")

    def _training_config(self) -> TrainingConfig:
        if self.training is None and self.epsilon is not None:
            return self.default_private_training
        return super()._training_config()

    def _prepare(self, data: Any) -> TrainingTask:
        frame = validate_table(data, what="the training table", min_rows=self._min_rows())
        self.pack_critic_ = resolve_pack_critic(self.pack_critic, self.pac)
        if self.epsilon is not None:
            self._private_task = tabular_privacy.prepare_private(self, frame)
            return self._private_task
        self._record_training_data(frame)
        self.transformer_ = TableTransformer(
            max_modes=self.max_modes,
            numeric_encoding=self.numeric_encoding,
            random_state=self.seed_,
        ).fit(frame)
        rows = torch.as_tensor(self.transformer_.transform(frame), dtype=torch.float32)
        packs = self.pack_by_condition
        one_condition = self.condition_columns is not None if packs is None else packs
        task_class = ClassPackedRowTask if one_condition else ConditionalRowTask
        task = task_class(
            rows,
            self._category_blocks(),
            self.noise_dim,
            self.pac,
            self._condition_column_indices(),
        )
        self.category_counts_ = task.counts
        self.label_span_ = label_span(self)
        loss = classifier_loss(self)
        return task if loss is None else ClassifiedRowTask(task, loss)

    def _build_networks(self) -> tuple[nn.Module, nn.Module]:
        generator, critic = build_networks(
            [(span.kind, span.start, span.width) for span in self.transformer_.spans_],
            noise_dim=self.noise_dim,
            condition_dim=sum(width for _, width in self._category_blocks()),
            pac=self.pac,
            pack_critic=self.pack_critic_,
            generator=self.generator,
            discriminator=self.discriminator,
        )
        width = sum(span.width for span in self.transformer_.spans_)
        classifier_hidden = self.discriminator or DEFAULT_DISCRIMINATOR
        return generator, with_classifier(self, critic, width, classifier_hidden)

    def _fitted_state(self) -> dict[str, Any]:
        state: dict[str, Any] = {
            "transformer": self.transformer_.to_dict(),
            "category_counts": self.category_counts_,
            "pack_critic": self.pack_critic_,
        }
        spend = getattr(self, "privacy_spent_", None)
        if spend is not None:
            state["privacy"] = spend.to_dict()
        if self.label_span_ is not None:
            state["label_span"] = list(self.label_span_)
        return state

    def _restore_fitted_state(self, state: dict[str, Any]) -> None:
        self.transformer_ = TableTransformer.from_dict(state["transformer"])
        self.category_counts_ = state["category_counts"]
        self.pack_critic_ = restored_pack_critic(state)
        span = state.get("label_span")  # absent: no classifier (or saved before it existed)
        self.label_span_ = None if span is None else (int(span[0]), int(span[1]))
        tabular_privacy.restore_privacy(self, state.get("privacy"))

    def _check_fitted_state(self) -> None:
        for name, normalizer in self.transformer_.normalizers_.items():
            if (modes := normalizer.n_modes) > self.max_modes:
                raise ValueError(f"column {name!r} has {modes} modes; max_modes: {self.max_modes}")
        record = getattr(self, "_training_data", None)
        tabular_privacy.check_category_counts(
            self.category_counts_,
            list(self._categories().values()),
            None if record is None or self.epsilon is not None else record["n_rows"],
            released=self.epsilon is not None,
        )
        self._condition_column_indices()
        self._check_training_shape(len(self.transformer_.columns_))

    def _category_blocks(self) -> list[tuple[int, int]]:
        return category_blocks(self.transformer_)

    def _condition_column_indices(self) -> list[int] | None:
        return condition_column_indices(self.condition_columns, self.transformer_)

    def _categories(self) -> dict[str, list[Any]]:
        return categories(self.transformer_)
