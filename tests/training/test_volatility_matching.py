"""The window-volatility term: targets from every training window, a penalty on the spread."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from fingan.training.tasks import WindowTask
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
    return VolatilityMatchedWindowTask(WindowTask(series, 50, 2, 80), weight=2.0)


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


def test_the_task_keeps_the_window_task_it_wraps(task) -> None:
    assert (task.window, task.noise_channels, task.noise_length) == (50, 2, 80)
    noise = task.noise(4, torch.Generator().manual_seed(0))
    assert noise.shape == (4, 2, 80)
