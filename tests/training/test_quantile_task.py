"""The quantile score in the generator loss: smallest at the data's quantiles, pulls spread out."""

from __future__ import annotations

import pytest
import torch

from fingan.training.quantile_task import QuantileScoredRowTask


@pytest.fixture
def task() -> QuantileScoredRowTask:
    generator = torch.Generator().manual_seed(0)
    rows = torch.randn(20_000, 1, generator=generator)
    task = QuantileScoredRowTask(rows, noise_dim=4)
    task.real_batch(4096, generator)  # the batch the generator step is scored against
    return task


def test_score_is_smallest_for_the_right_spread(task: QuantileScoredRowTask) -> None:
    noise = torch.randn(4096, 1, generator=torch.Generator().manual_seed(1))
    scores = {scale: float(task.generator_penalty(scale * noise, None)) for scale in (0.5, 1, 2)}
    assert scores[1] < scores[0.5]
    assert scores[1] < scores[2]


def test_gradient_widens_a_too_narrow_generator(task: QuantileScoredRowTask) -> None:
    noise = torch.randn(4096, 1, generator=torch.Generator().manual_seed(2))
    scale = torch.tensor(0.5, requires_grad=True)
    task.generator_penalty(scale * noise, None).backward()
    assert scale.grad is not None
    assert float(scale.grad) < 0  # a step down the gradient widens the samples


def test_levels_must_be_probabilities() -> None:
    with pytest.raises(ValueError, match="levels"):
        QuantileScoredRowTask(torch.zeros(10, 1), 2, levels=(0.0, 0.5))
