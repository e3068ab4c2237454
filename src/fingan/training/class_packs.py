"""Training-by-sampling in packs of one class: the critic compares rows of the same condition.

CTGAN's packs (PacGAN) mix rows of random conditions, so the critic sees, for each condition,
one row at a time among others and can hardly tell whether the generator covers a rare class
(defaulters) as a whole. Here every pack draws one (column, category) and ``pac`` real rows of
that category; generated packs get the same conditions, so the critic compares ``pac`` real
defaulters with ``pac`` generated ones.
"""

from __future__ import annotations

import torch

from fingan.training.tasks import Batch, ConditionalRowTask

__all__ = ["ClassPackedRowTask"]


class ClassPackedRowTask(ConditionalRowTask):
    """:class:`~fingan.training.tasks.ConditionalRowTask` whose packs share one condition.

    The (column, category) of each pack is drawn as CTGAN draws a row's (a column uniformly
    among the condition columns, a category with weight ``log(1 + count)``); the ``pac`` rows
    of the pack are drawn uniformly, with replacement, among the rows of that category.
    """

    def real_batch(self, batch_size: int, rng: torch.Generator) -> Batch:
        """Draw ``batch_size`` rows as ``batch_size / pac`` packs of one condition each."""
        if self.space.dim == 0:
            return super().real_batch(batch_size, rng)
        packs = batch_size // self.pac
        column, level = self.space.draw(packs, self.space.log_frequencies, rng, self.columns)
        column = column.repeat_interleave(self.pac)
        level = level.repeat_interleave(self.pac)
        count = self._counts[column, level]
        within = (torch.rand(column.numel(), generator=rng) * count).long()
        index = self._members[self._first[column, level] + within]
        condition = self.space.vectors(column, level)
        return Batch(
            data=self.rows[index].reshape(packs, self.pac, -1),
            condition=condition.reshape(packs, self.pac, -1),
        )
