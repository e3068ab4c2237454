"""Sampling of a fitted :class:`~fingan.models.tabular_gan.TabularGAN`: condition vectors, rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import torch
from torch import Tensor

from fingan.core.random import isolated_torch_rng
from fingan.training.tasks import ConditionSpace

if TYPE_CHECKING:
    from fingan.models.tabular_gan import TabularGAN

__all__ = ["condition_vector", "generate_rows"]

SAMPLE_CHUNK = 16_384
"""Rows generated per forward pass."""


def condition_vector(model: TabularGAN, conditions: dict[str, Any]) -> Tensor | None:
    """Return the condition vector of the first condition (``None`` without conditions)."""
    blocks = model._category_blocks()
    if not blocks or not conditions:
        return None
    column, value = next(iter(conditions.items()))
    spans = model.transformer_.spans_
    names = [span.column for span in spans if span.kind == "categorical"]
    offset = sum(width for _, width in blocks[: names.index(column)])
    vector = torch.zeros(sum(width for _, width in blocks))
    vector[offset + model._categories()[column].index(value)] = 1.0
    return vector


def generate_rows(model: TabularGAN, n: int, condition: Tensor | None, seed: int) -> pd.DataFrame:
    """Generate ``n`` rows; without a condition vector, conditions follow the counts.

    Unconditional rows draw their conditions as training drew the generated rows' conditions:
    by the (released) category counts, among the condition columns when private.
    """
    space = ConditionSpace(model.category_counts_)
    rng = torch.Generator().manual_seed(seed)
    chunks: list[Tensor] = []
    with model._inference() as generator, isolated_torch_rng(seed, model.device_):
        for start in range(0, n, SAMPLE_CHUNK):
            size = min(SAMPLE_CHUNK, n - start)
            noise = torch.randn(size, model.noise_dim, generator=rng).to(model.device_)
            if space.dim == 0:
                rows = generator(noise)
            else:
                indices = None if model.epsilon is None else model._condition_column_indices()
                columns = None if indices is None else torch.tensor(indices, dtype=torch.long)
                cond = (
                    space.vectors(*space.draw(size, space.frequencies, rng, columns))
                    if condition is None
                    else condition.expand(size, -1)
                )
                rows = generator(noise, cond.to(model.device_))
            chunks.append(rows.double().cpu())
    return model.transformer_.inverse_transform(torch.cat(chunks).numpy())
