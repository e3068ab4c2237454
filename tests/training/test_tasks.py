"""The training tasks: real batches and noise drawn only from the trainer's generator."""

import numpy as np
import pytest
import torch

from fingan.nn.market import path_noise
from fingan.training.tasks import (
    ConditionalRowTask,
    RowTask,
    WindowTask,
    balanced_edge_weight,
)


def rng(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def test_row_task_draws_rows_with_their_conditions() -> None:
    rows = torch.arange(20, dtype=torch.float32).reshape(10, 2)
    conditions = rows[:, :1] * 10  # each row's condition is a function of the row
    task = RowTask(rows, noise_dim=3, conditions=conditions)
    batch = task.real_batch(64, rng())
    assert batch.data.shape == (64, 2)
    assert batch.condition is not None
    torch.testing.assert_close(batch.condition, batch.data[:, :1] * 10)
    assert task.noise(5, rng()).shape == (5, 3)


def test_row_task_is_reproducible_from_the_generator() -> None:
    task = RowTask(torch.randn(50, 2, generator=rng(1)), noise_dim=4, innovation_df=5)
    first = (task.real_batch(8, rng(3)).data, task.noise(8, rng(3)))
    second = (task.real_batch(8, rng(3)).data, task.noise(8, rng(3)))
    for a, b in zip(first, second, strict=True):
        assert torch.equal(a, b)


@pytest.mark.parametrize("innovation_df", [None, 5])
def test_row_task_noise_is_one_step_of_path_noise(innovation_df: int | None) -> None:
    """The conditional market GAN samples with ``path_noise``; training must draw the same."""
    task = RowTask(torch.zeros(10, 2), noise_dim=6, innovation_df=innovation_df)
    expected = path_noise(32, 6, 1, rng(4), n_assets=2, innovation_df=innovation_df)[..., 0]
    assert torch.equal(task.noise(32, rng(4)), expected)


def test_window_task_draws_contiguous_windows() -> None:
    series = torch.arange(2 * 30, dtype=torch.float32).reshape(2, 30)
    task = WindowTask(series, window=5, noise_channels=3, noise_length=9)
    batch = task.real_batch(16, rng())
    assert batch.data.shape == (16, 2, 5)
    steps = batch.data[:, :, 1:] - batch.data[:, :, :-1]
    assert torch.all(steps == 1)  # consecutive days of the same asset
    torch.testing.assert_close(batch.data[:, 1] - batch.data[:, 0], torch.full((16, 5), 30.0))
    assert task.noise(4, rng()).shape == (4, 3, 9)


def test_edge_weight_covers_the_edges_of_the_series_like_the_days_between() -> None:
    """Drawn uniformly, the first and last days are in few windows; the edge weight evens it."""
    window, days, draws = 20, 200, 100_000
    series = torch.arange(days, dtype=torch.float32)[None]
    coverage = {}
    for weight in (0.0, balanced_edge_weight(window)):
        task = WindowTask(series, window, 1, window, edge_weight=weight)
        drawn = task.real_batch(draws, rng()).data[:, 0].long().flatten()
        coverage[weight] = torch.bincount(drawn, minlength=days).double() / (draws * window)
    uniform, balanced = coverage[0.0], coverage[balanced_edge_weight(window)]
    assert float(uniform[:window].mean()) < 0.6 * float(uniform[window:-window].mean())
    between = float(balanced[window:-window].mean())
    for edge in (balanced[:window], balanced[-window:]):  # covered on average with the weight
        assert float(edge.mean()) == pytest.approx(between, rel=0.05)
    # The first day: in 1 window of 20 without, about half a day's coverage between with it.
    assert float(balanced[0]) == pytest.approx(0.5 * between, rel=0.1)


def test_training_by_sampling_favours_rare_categories() -> None:
    """Categories are drawn by log frequency, and each real row matches its condition."""
    labels = torch.tensor([0] * 990 + [1] * 10)
    rows = torch.nn.functional.one_hot(labels, 2).float()
    task = ConditionalRowTask(rows, [(0, 2)], noise_dim=4, pac=10)
    batch = task.real_batch(20_000, rng())
    assert batch.condition is not None
    torch.testing.assert_close(batch.data, batch.condition)  # every row has its category
    share_rare = batch.condition[..., 1].mean().item()
    expected = np.log(11) / (np.log(11) + np.log(991))
    assert share_rare == pytest.approx(expected, abs=0.01)


def test_conditional_row_task_penalises_missing_the_condition() -> None:
    rows = torch.nn.functional.one_hot(torch.tensor([0, 1] * 50), 2).float()
    task = ConditionalRowTask(rows, [(0, 2)], noise_dim=4, pac=2)
    condition = torch.tensor([[1.0, 0.0]])
    met = task.generator_penalty(torch.tensor([[0.99, 0.01]]), condition)
    missed = task.generator_penalty(torch.tensor([[0.01, 0.99]]), condition)
    assert met.item() < 0.02 < missed.item()
    assert task.generator_penalty(rows[:1], None).item() == 0.0
