"""Sampling of a fitted :class:`~fingan.models.tabular_gan.TabularGAN`: condition vectors, rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import torch
from torch import Tensor

from fingan.core.conditions import (
    check_categorical_column,
    check_conditions,
    sample_matching,
)
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState, draw_seed, isolated_torch_rng
from fingan.training.tasks import ConditionSpace

if TYPE_CHECKING:
    from fingan.models.tabular_gan import TabularGAN

__all__ = ["condition_vector", "generate_rows", "sample_table", "stratum_sizes"]

SAMPLE_CHUNK = 16_384
"""Rows generated per forward pass."""


def condition_vector(model: TabularGAN, conditions: dict[str, Any]) -> Tensor | None:
    """Return the condition vector of the first condition on a condition column, or ``None``.

    A column the generator was not trained to condition on (outside ``condition_columns``)
    is not given to it: such a condition is met by drawing rows and keeping those that meet it.
    """
    blocks = model._category_blocks()
    names = [span.column for span in model.transformer_.spans_ if span.kind == "categorical"]
    trained = model._condition_column_indices()
    usable = [
        (column, value)
        for column, value in conditions.items()
        if trained is None or names.index(column) in trained
    ]
    if not blocks or not usable:
        return None
    column, value = usable[0]
    offset = sum(width for _, width in blocks[: names.index(column)])
    vector = torch.zeros(sum(width for _, width in blocks))
    vector[offset + model._categories()[column].index(value)] = 1.0
    return vector


def generate_rows(model: TabularGAN, n: int, condition: Tensor | None, seed: int) -> pd.DataFrame:
    """Generate ``n`` rows; without a condition vector, conditions follow the counts.

    Unconditional rows draw their conditions by the (released) category counts, among the
    condition columns only: the generator never saw a condition on another column in training
    (given one, a model conditioned on its label alone generated 43-45 % defaulters on German
    Credit, whose rows hold 30 %).
    """
    space = ConditionSpace(model.category_counts_)
    indices = model._condition_column_indices()
    columns = None if indices is None else torch.tensor(indices, dtype=torch.long)
    rng = torch.Generator().manual_seed(seed)
    chunks: list[Tensor] = []
    with model._inference() as generator, isolated_torch_rng(seed, model.device_):
        for start in range(0, n, SAMPLE_CHUNK):
            size = min(SAMPLE_CHUNK, n - start)
            noise = torch.randn(size, model.noise_dim, generator=rng).to(model.device_)
            if space.dim == 0:
                rows = generator(noise)
            else:
                cond = (
                    space.vectors(*space.draw(size, space.frequencies, rng, columns))
                    if condition is None
                    else condition.expand(size, -1)
                )
                rows = generator(noise, cond.to(model.device_))
            chunks.append(rows.double().cpu())
    return model.transformer_.inverse_transform(torch.cat(chunks).numpy())


def sample_table(
    model: TabularGAN,
    n: int,
    conditions: dict[str, Any] | None,
    stratify: str | None,
    random_state: RandomState,
) -> pd.DataFrame:
    """Draw ``n`` rows of a fitted model (see :meth:`TabularGAN.sample`)."""
    found = model._categories()
    checked = check_conditions(conditions, found)
    seed = draw_seed(random_state)
    if stratify is not None:
        if checked:
            raise ConfigError("give conditions or stratify, not both")
        check_categorical_column(stratify, found, "stratify on")
        sizes = stratum_sizes(model, stratify, n)
        parts = [
            sample_table(model, size, {stratify: category}, None, seed + index)
            for index, (category, size) in enumerate(sizes.items())
            if size
        ]
        order = np.random.default_rng(seed).permutation(n)
        return pd.concat(parts, ignore_index=True).iloc[order].reset_index(drop=True)
    condition = condition_vector(model, checked)

    def draw(size: int) -> pd.DataFrame:
        nonlocal seed
        seed += 1
        return generate_rows(model, size, condition, seed)

    return sample_matching(draw, n, checked)


def stratum_sizes(model: TabularGAN, column: str, n: int) -> dict[Any, int]:
    """Split ``n`` rows over the categories of ``column`` in proportion to the model's counts.

    The counts are the training counts (released with noise for a private fit); the largest
    remainders take the rows left over after rounding down, the first category on a tie.
    """
    categories = model._categories()
    counts = np.asarray(model.category_counts_[list(categories).index(column)], dtype=np.float64)
    shares = counts / counts.sum() if counts.sum() > 0 else np.full(len(counts), 1 / len(counts))
    exact = shares * n
    sizes = np.floor(exact).astype(int)
    leftover = np.argsort(-(exact - sizes), kind="stable")[: n - int(sizes.sum())]
    sizes[leftover] += 1
    return dict(zip(categories[column], sizes.tolist(), strict=True))
