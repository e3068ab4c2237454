"""The window-volatility term: targets from every training window, a penalty on the spread."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from fingan.training.tasks import WindowTask, balanced_edge_weight
from fingan.training.volatility_matching import (
    VolatilityMatchedWindowTask,
    window_log_volatility,
)


@pytest.fixture
def task() -> VolatilityMatchedWindowTask:
    """A calm series with a storm in it: one asset, 600 days, a fifth of them at 4x volatility."""
    rng = np.random.default_rng(0)
    scale = np.where((np.arange(600) > 300) & (np.arange(600) < 420), 4.0, 1.0)
    series = torch.as_tensor(rng.standard_normal(600) * scale, dtype=torch.float32)[None]
    return VolatilityMatchedWindowTask(series, 50, 2, 80, weight=2.0)


def test_log_volatility_of_every_window_from_running_sums(task) -> None:
    series = task.series[0].double().numpy()
    windows = np.lib.stride_tricks.sliding_window_view(series, 50)
    expected = np.log(windows.std(axis=1))
    np.testing.assert_allclose(task.log_volatility[0].numpy(), expected, atol=1e-9)
    assert window_log_volatility(task.series, 50).shape == (1, 551)


def test_the_penalty_asks_for_the_storms_a_calm_batch_lacks(task) -> None:
    targets = task.targets(32)
    assert targets.shape == (1, 32)
    assert bool((targets[0, 1:] >= targets[0, :-1]).all())
    real = task.real_batch(32, torch.Generator().manual_seed(0)).data  # (32, 1, 50)
    calm = torch.randn(32, 1, 50, generator=torch.Generator().manual_seed(1))
    assert task.generator_penalty(real, None) < 0.25 * task.generator_penalty(calm, None)
    # The gradient raises the volatility of the calm batch's loudest windows.
    calm.requires_grad_(True)
    task.generator_penalty(calm, None).backward()
    loudest = calm.detach().std(dim=-1).argmax()
    assert calm.grad is not None
    assert float((calm.grad[loudest] * calm.detach()[loudest]).sum()) < 0
    # Exactly on the targets, the penalty is zero.
    on_target = torch.randn(32, 1, 50, generator=torch.Generator().manual_seed(2))
    on_target = on_target / on_target.std(dim=-1, unbiased=False, keepdim=True)
    on_target = on_target * targets[0].exp()[torch.randperm(32)][:, None, None]
    assert float(task.generator_penalty(on_target, None)) == pytest.approx(0.0, abs=1e-6)


def test_the_task_draws_windows_and_noise_as_a_window_task_does(task) -> None:
    assert isinstance(task, WindowTask)
    assert (task.window, task.noise_channels, task.noise_length) == (50, 2, 80)
    noise = task.noise(4, torch.Generator().manual_seed(0))
    assert noise.shape == (4, 2, 80)


def test_targets_weigh_each_window_as_often_as_it_is_drawn() -> None:
    """With edge weights, the quantiles are those of the windows as the critic sees them."""
    series = torch.ones(1, 300)
    series[0, :60] = 5.0  # a storm at the very start, in few windows when drawn uniformly
    series = series * torch.randn(1, 300, generator=torch.Generator().manual_seed(0))
    uniform = VolatilityMatchedWindowTask(series, 50, 2, 80, weight=1.0)
    edges = balanced_edge_weight(50)
    weighted = VolatilityMatchedWindowTask(series, 50, 2, 80, weight=1.0, edge_weight=edges)
    assert weighted.start_weights is not None
    high, low = weighted.targets(32)[0], uniform.targets(32)[0]
    assert int((high > 0.5).sum()) > int((low > 0.5).sum())  # the storm's windows weigh more
    # Equal weights give the same quantiles as before.
    plain = VolatilityMatchedWindowTask(series, 50, 2, 80, weight=1.0, edge_weight=0.0)
    torch.testing.assert_close(plain.targets(32), uniform.targets(32))
