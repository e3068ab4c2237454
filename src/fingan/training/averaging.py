"""Batch statistics that match the weight-averaged generator (EMA) the trainer samples from.

A generator with batch normalisation holds running statistics of its activations. The
trainer's weight average copies them from the live generator, but they describe the live
weights' activations, not the average's: averaging the weights of a nonlinear layer changes
the spread of what it outputs. Measured on :class:`~fingan.models.InnovationGAN` (S&P 500
1999-2006), the "standardised" innovation of the averaged generator had a variance of
0.90-0.93 instead of 1, so every residual it drew was about 4 % too small; running statistics
that follow the average's own batches during training lag behind its drifting weights (1.06).
:func:`refresh_batch_norm` recomputes them exactly for the weights as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from fingan.core.random import torch_generator
from fingan.training.tasks import TrainingTask

__all__ = [
    "REFRESH_BATCHES",
    "REFRESH_BATCH_SIZE",
    "batch_norm_layers",
    "refresh_average",
    "refresh_batch_norm",
]

REFRESH_BATCH_SIZE, REFRESH_BATCHES = 8192, 16
"""Draws that recompute the average's statistics (131,072 in all: the variance to 0.5 %)."""


def batch_norm_layers(network: nn.Module) -> list[_BatchNorm]:
    """Return the batch-normalisation layers of ``network`` that keep running statistics."""
    return [
        layer
        for layer in network.modules()
        if isinstance(layer, _BatchNorm) and layer.track_running_stats
    ]


@torch.no_grad()
def refresh_batch_norm(network: nn.Module, forward: Callable[[], object], n_batches: int) -> None:
    """Recompute the running statistics of ``network``'s batch normalisation from scratch.

    Each layer's statistics become the average of its batch statistics over ``n_batches``
    calls of ``forward`` (which runs ``network`` on fresh inputs). Only those layers are put in
    training mode, so dropout draws nothing. A network without batch normalisation is left
    alone and ``forward`` is not called.
    """
    layers = batch_norm_layers(network)
    if not layers:
        return
    was_training = network.training
    momenta = [layer.momentum for layer in layers]
    network.eval()
    for layer in layers:
        layer.reset_running_stats()
        layer.momentum = None  # a cumulative average of the batches
        layer.train()
    try:
        for _ in range(n_batches):
            forward()
    finally:
        for layer, momentum in zip(layers, momenta, strict=True):
            layer.momentum = momentum
        network.train(was_training)


def refresh_average(
    generator: nn.Module, task: TrainingTask, seed: Sequence[int], device: torch.device
) -> None:
    """Recompute ``generator``'s batch statistics on noise and real conditions of ``task``.

    The inputs are drawn with a generator of their own seeded by the entropy ``seed`` (e.g.
    the trainer's seed and step), so the caller's random streams are untouched and the same
    weights and seed give the same statistics. Nothing is drawn without batch normalisation.
    """
    rng = torch_generator(
        int(np.random.SeedSequence(list(seed)).generate_state(1, np.uint64)[0] >> 1)
    )

    def forward() -> None:
        batch = task.real_batch(REFRESH_BATCH_SIZE, rng)
        noise = task.noise(batch.data.shape[0], rng).to(device)
        if batch.condition is None:
            generator(noise)
        else:
            generator(noise, batch.condition.to(device))

    refresh_batch_norm(generator, forward, REFRESH_BATCHES)
