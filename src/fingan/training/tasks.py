"""The training tasks: what each model hands the trainer as real batches and generator noise.

Every task has ``real_batch(batch_size, rng)`` (a :class:`Batch`) and
``noise(batch_size, rng)``, the :class:`TrainingTask` contract, and draws only from the
trainer's ``rng``. :class:`RowTask` draws i.i.d. rows (with their conditions, for conditional
models); :class:`WindowTask` draws windows of a series; :class:`ConditionalRowTask` does CTGAN's
training-by-sampling of encoded table rows, with :class:`ConditionSpace` for the condition
vectors, and adds the conditional cross-entropy through the :class:`GeneratorPenalty` hook;
:class:`DiscriminatorPenalty` is the same hook on the discriminator's side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import torch
from torch import Tensor, nn

from fingan.nn.market import path_noise

__all__ = [
    "Batch",
    "ConditionSpace",
    "ConditionalRowTask",
    "DiscriminatorPenalty",
    "GeneratorPenalty",
    "RowTask",
    "TrainingTask",
    "WindowTask",
    "balanced_edge_weight",
]

LOG_EPSILON = 1e-6
"""Added to probabilities before the logarithm of the conditional cross-entropy."""


@dataclass
class Batch:
    """A batch of real training data.

    Attributes
    ----------
    data : Tensor
        Real samples, ``(batch, ...)`` in the layout the discriminator reads.
    condition : Tensor or None
        What both networks are conditioned on, ``(batch, ...)``; ``None`` when unconditional.
    """

    data: Tensor
    condition: Tensor | None = None


class TrainingTask(Protocol):
    """What a model gives the trainer: real batches and generator noise."""

    def real_batch(self, batch_size: int, rng: torch.Generator) -> Batch:
        """Draw a batch of real data (on the CPU) using ``rng``."""
        ...

    def noise(self, batch_size: int, rng: torch.Generator) -> Tensor:
        """Draw generator input noise (on the CPU) using ``rng``."""
        ...


@runtime_checkable
class DiscriminatorPenalty(Protocol):
    """A task that adds its own term to every discriminator loss (e.g. a label classifier's)."""

    def discriminator_penalty(self, discriminator: nn.Module, batch: Batch) -> Tensor:
        """Return a scalar added to the discriminator's loss on the real ``batch``."""
        ...


@runtime_checkable
class GeneratorPenalty(Protocol):
    """A task that adds its own term to the generator's loss (e.g. a conditioning loss)."""

    def generator_penalty(self, fake: Tensor, condition: Tensor | None) -> Tensor:
        """Return a scalar added to the adversarial generator loss for samples ``fake``."""
        ...


class RowTask:
    """Draw i.i.d. rows (with replacement) from a ``(n_rows, n_features)`` tensor.

    Parameters
    ----------
    rows : Tensor
        Training rows in model space, ``(n_rows, n_features)``.
    noise_dim : int
        Width of the noise fed to the generator.
    conditions : Tensor, optional
        ``(n_rows, condition_dim)``: what each row is conditioned on, drawn with it.
    innovation_df : int, optional
        The first ``n_features`` noise channels are unit-variance Student-t with this many
        degrees of freedom (see :func:`fingan.nn.market.path_noise`); all Gaussian when
        ``None``.
    """

    def __init__(
        self,
        rows: Tensor,
        noise_dim: int,
        *,
        conditions: Tensor | None = None,
        innovation_df: int | None = None,
    ) -> None:
        self.rows = rows
        self.noise_dim = noise_dim
        self.conditions = conditions
        self.innovation_df = innovation_df

    def real_batch(self, batch_size: int, rng: torch.Generator) -> Batch:
        """Draw ``batch_size`` rows (and their conditions) uniformly with replacement."""
        index = torch.randint(self.rows.shape[0], (batch_size,), generator=rng)
        condition = None if self.conditions is None else self.conditions[index]
        return Batch(data=self.rows[index], condition=condition)

    def noise(self, batch_size: int, rng: torch.Generator) -> Tensor:
        """Draw noise of shape ``(batch_size, noise_dim)``."""
        if self.innovation_df is None:
            return torch.randn(batch_size, self.noise_dim, generator=rng)
        return path_noise(
            batch_size,
            self.noise_dim,
            1,
            rng,
            n_assets=self.rows.shape[1],
            innovation_df=self.innovation_df,
        )[..., 0]


class WindowTask:
    """Draw random windows of a ``(n_assets, T)`` series, and noise sequences.

    Parameters
    ----------
    series : Tensor
        The whole preprocessed series, ``(n_assets, T)``.
    window : int
        Length of the training windows.
    noise_channels : int
        Channels of the generator's noise.
    noise_length : int
        Length of each noise sequence (window + the generator's receptive field).
    innovation_df : int, optional
        Degrees of freedom of the Student-t innovation channels (the first ``n_assets``); all
        Gaussian when ``None``.
    regime_halflife : float, optional
        Half-life (days) of the persistent last noise channel (see
        :func:`fingan.nn.market.path_noise`); none when ``None``.
    edge_weight : float, default 0.0
        Extra weight of the first and of the last window, in units of one window's. Drawn
        uniformly, a day within ``window`` days of either end of the series is in fewer
        windows than a day between (the first day in one), so a storm at the start of the
        data is seen less often than it occurred; ``(window - 1) / 2`` gives the days of each
        edge stretch, on average, the coverage of the days between
        (:func:`balanced_edge_weight`).

    Attributes
    ----------
    start_weights : Tensor or None
        Relative probability of each window start (``None``: uniform).
    """

    def __init__(
        self,
        series: Tensor,
        window: int,
        noise_channels: int,
        noise_length: int,
        innovation_df: int | None = None,
        regime_halflife: float | None = None,
        edge_weight: float = 0.0,
    ) -> None:
        self.series = series
        self.window = window
        self.noise_channels = noise_channels
        self.noise_length = noise_length
        self.innovation_df = innovation_df
        self.regime_halflife = regime_halflife
        self.edge_weight = edge_weight
        self.start_weights: Tensor | None = None
        if edge_weight > 0:
            weights = torch.ones(series.shape[1] - window + 1, dtype=torch.float64)
            weights[[0, -1]] += edge_weight
            self.start_weights = weights
        self._offsets = torch.arange(window)

    def real_batch(self, batch_size: int, rng: torch.Generator) -> Batch:
        """Draw windows ``(batch, n_assets, window)``, their starts weighted by ``edge_weight``."""
        if self.start_weights is None:
            starts = torch.randint(
                self.series.shape[1] - self.window + 1, (batch_size, 1), generator=rng
            )
        else:
            starts = torch.multinomial(
                self.start_weights, batch_size, replacement=True, generator=rng
            )[:, None]
        index = starts + self._offsets  # (batch, window)
        return Batch(data=self.series[:, index].permute(1, 0, 2))

    def noise(self, batch_size: int, rng: torch.Generator) -> Tensor:
        """Draw noise ``(batch, noise_channels, noise_length)``."""
        return path_noise(
            batch_size,
            self.noise_channels,
            self.noise_length,
            rng,
            n_assets=self.series.shape[0],
            innovation_df=self.innovation_df,
            regime_halflife=self.regime_halflife,
        )


def balanced_edge_weight(window: int) -> float:
    """Extra weight of each edge window that covers the edge stretches like the days between.

    With uniform starts, day ``t < window`` is in ``t + 1`` windows, a day between in
    ``window``; one extra weight ``m`` on the first window adds ``m`` to each of its days, and
    ``m = (window - 1) / 2`` makes the average over the stretch ``window`` (its first day then
    has half the coverage of a day between, its last day one and a half).
    """
    return (window - 1) / 2.0


class ConditionSpace:
    """Condition vectors: one-hot over the categories of all categorical columns, end to end.

    Parameters
    ----------
    counts : list of list of int
        Training count of each category of each categorical column, in encoding order.

    Attributes
    ----------
    frequencies : Tensor
        ``(n_columns, max_categories)`` category counts, zero-padded: sampling weights that
        reproduce the data's category frequencies.
    log_frequencies : Tensor
        ``log(1 + count)``: training-by-sampling weights, which favour rare categories (CTGAN).
    """

    def __init__(self, counts: list[list[int]]) -> None:
        widths = [len(levels) for levels in counts]
        self.dim = sum(widths)
        self.offsets = torch.tensor(np.cumsum([0, *widths[:-1]]), dtype=torch.long)
        self.frequencies = torch.zeros((len(widths), max(widths, default=1)))
        for column, levels in enumerate(counts):
            self.frequencies[column, : len(levels)] = torch.tensor(levels, dtype=torch.float32)
        self.log_frequencies = torch.log1p(self.frequencies)

    def draw(
        self,
        n: int,
        weights: Tensor,
        rng: torch.Generator,
        columns: Tensor | None = None,
    ) -> tuple[Tensor, Tensor]:
        """Draw ``n`` (column, category) pairs: a column uniformly, a category by ``weights``.

        ``columns`` (indices) restricts the columns drawn from; all by default.
        """
        if columns is None:
            column = torch.randint(weights.shape[0], (n,), generator=rng)
        else:
            column = columns[torch.randint(columns.numel(), (n,), generator=rng)]
        level = torch.multinomial(weights[column], 1, generator=rng).flatten()
        return column, level

    def vectors(self, column: Tensor, level: Tensor) -> Tensor:
        """One-hot condition vectors ``(n, dim)`` for (column, category) pairs."""
        vectors = torch.zeros((column.numel(), self.dim))
        vectors[torch.arange(column.numel()), self.offsets[column] + level] = 1.0
        return vectors


class ConditionalRowTask:
    """Training-by-sampling of encoded rows with their condition vectors, in packs.

    Each row is drawn by picking a categorical column uniformly, one of its categories with
    weight ``log(1 + count)``, then a real row of that category uniformly.

    Parameters
    ----------
    rows : Tensor
        Encoded training rows ``(n_rows, width)``.
    blocks : list of (int, int)
        ``(start, width)`` of each categorical one-hot in the encoded row.
    noise_dim : int
        Width of the generator noise.
    pac : int
        Rows per pack.
    columns : list of int, optional
        Indices (among the categorical columns) that conditions are drawn from; all if ``None``.

    Attributes
    ----------
    counts : list of list of int
        Training count of each category of each categorical column.
    space : ConditionSpace
        The condition vectors of these counts.
    """

    def __init__(
        self,
        rows: Tensor,
        blocks: list[tuple[int, int]],
        noise_dim: int,
        pac: int,
        columns: list[int] | None = None,
    ) -> None:
        self.rows = rows
        self.columns = None if columns is None else torch.tensor(columns, dtype=torch.long)
        self.noise_dim = noise_dim
        self.pac = pac
        levels = [rows[:, start : start + width].argmax(dim=1) for start, width in blocks]
        self.counts = [
            torch.bincount(level, minlength=width).tolist()
            for level, (_, width) in zip(levels, blocks, strict=True)
        ]
        self.space = ConditionSpace(self.counts)
        self.condition_positions = torch.tensor(
            [start + offset for start, width in blocks for offset in range(width)],
            dtype=torch.long,
        )
        # Rows grouped by (column, category): members[first[c, k] : first[c, k] + count].
        members = [torch.argsort(level, stable=True) for level in levels]
        self._members = torch.cat(members) if members else torch.zeros(0, dtype=torch.long)
        counts = self.space.frequencies.long()
        within_column = torch.cumsum(counts, dim=1) - counts
        column_start = torch.arange(len(blocks)).unsqueeze(1) * rows.shape[0]
        self._first = column_start + within_column
        self._counts = counts

    def real_batch(self, batch_size: int, rng: torch.Generator) -> Batch:
        """Draw ``batch_size`` rows as ``batch_size / pac`` packs, with their conditions."""
        packs = batch_size // self.pac
        n = packs * self.pac
        if self.space.dim == 0:
            index = torch.randint(self.rows.shape[0], (n,), generator=rng)
            return Batch(data=self.rows[index].reshape(packs, self.pac, -1))
        column, level = self.space.draw(n, self.space.log_frequencies, rng, self.columns)
        count = self._counts[column, level]
        within = (torch.rand(n, generator=rng) * count).long()
        index = self._members[self._first[column, level] + within]
        condition = self.space.vectors(column, level)
        return Batch(
            data=self.rows[index].reshape(packs, self.pac, -1),
            condition=condition.reshape(packs, self.pac, -1),
        )

    def noise(self, batch_size: int, rng: torch.Generator) -> Tensor:
        """Draw Gaussian noise for ``batch_size`` packs: ``(batch_size, pac, noise_dim)``."""
        return torch.randn(batch_size, self.pac, self.noise_dim, generator=rng)

    def generator_penalty(self, fake: Tensor, condition: Tensor | None) -> Tensor:
        """Cross-entropy between the condition and the generated category it names."""
        if condition is None:
            return fake.new_zeros(())
        probabilities = fake[..., self.condition_positions.to(fake.device)]
        log_likelihood = (condition * torch.log(probabilities + LOG_EPSILON)).sum(dim=-1)
        penalty: Tensor = -log_likelihood.mean()
        return penalty
