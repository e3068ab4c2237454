"""Training tasks that draw real batches from in-memory tensors."""

from __future__ import annotations

import torch
from torch import Tensor

from fingan.training.trainer import Batch


class RowTask:
    """Draw i.i.d. rows (with replacement) from a ``(n_rows, n_features)`` tensor.

    Parameters
    ----------
    rows : Tensor
        Training rows in model space.
    noise_dim : int
        Width of the Gaussian noise fed to the generator.
    conditions : Tensor, optional
        ``(n_rows, condition_dim)``: what each row is conditioned on, drawn with it.
    """

    def __init__(self, rows: Tensor, noise_dim: int, *, conditions: Tensor | None = None) -> None:
        self.rows = rows
        self.noise_dim = noise_dim
        self.conditions = conditions

    def real_batch(self, batch_size: int, rng: torch.Generator) -> Batch:
        """Draw ``batch_size`` rows (and their conditions) uniformly with replacement."""
        index = torch.randint(self.rows.shape[0], (batch_size,), generator=rng)
        condition = None if self.conditions is None else self.conditions[index]
        return Batch(data=self.rows[index], condition=condition)

    def noise(self, batch_size: int, rng: torch.Generator) -> Tensor:
        """Draw standard Gaussian noise of shape ``(batch_size, noise_dim)``."""
        return torch.randn(batch_size, self.noise_dim, generator=rng)
