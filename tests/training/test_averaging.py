"""Batch statistics recomputed for the weight-averaged generator."""

from __future__ import annotations

import torch
from torch import nn

from fingan.training.averaging import batch_norm_layers, refresh_batch_norm


def standardised_net() -> nn.Sequential:
    """A linear layer, dropout, then batch normalisation without learned parameters."""
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 3), nn.Dropout(0.5), nn.BatchNorm1d(3, affine=False))


def inputs(seed: int, n: int = 4096) -> torch.Tensor:
    return torch.randn(n, 4, generator=torch.Generator().manual_seed(seed))


def eval_outputs(net: nn.Module) -> torch.Tensor:
    net.eval()
    with torch.no_grad():
        out: torch.Tensor = net(inputs(99, 50_000))
    return out


def test_refreshed_statistics_standardise_changed_weights() -> None:
    """Weights moved after the statistics were taken (as an average's are): refreshed, the
    outputs are standardised again; left as they were, they are not."""
    net = standardised_net()
    net.train()
    with torch.no_grad():
        for seed in range(200):  # running statistics of the first weights
            net(inputs(seed, 256))
        linear = net[0]
        assert isinstance(linear, nn.Linear)
        linear.weight.mul_(0.7)  # the weights move on
    stale = eval_outputs(net)
    assert abs(float(stale.var(dim=0).mean()) - 1.0) > 0.3

    draws = iter(range(1000, 1016))
    net.train()
    refresh_batch_norm(net, lambda: net(inputs(next(draws))), 16)
    fresh = eval_outputs(net)
    assert torch.allclose(fresh.var(dim=0), torch.ones(3), atol=0.03)
    assert torch.allclose(fresh.mean(dim=0), torch.zeros(3), atol=0.03)


def test_refresh_draws_nothing_and_restores_the_layers() -> None:
    """Dropout stays off (torch's global generator is untouched), the momentum and the
    training mode come back, and the same inputs give the same statistics."""
    net = standardised_net()
    net.train()
    state = torch.get_rng_state()
    refresh_batch_norm(net, lambda: net(inputs(5)), 2)
    assert torch.equal(torch.get_rng_state(), state)
    (layer,) = batch_norm_layers(net)
    assert layer.momentum == 0.1
    assert net.training
    assert layer.training
    assert layer.running_var is not None
    first = layer.running_var.clone()
    refresh_batch_norm(net, lambda: net(inputs(5)), 2)
    assert torch.equal(layer.running_var, first)


def test_a_network_without_batch_norm_is_not_run() -> None:
    def forward() -> None:
        raise AssertionError("forward must not be called")

    net = nn.Sequential(nn.Linear(2, 2))
    before = [p.clone() for p in net.parameters()]
    refresh_batch_norm(net, forward, 4)
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters(), strict=True))


def test_layers_without_running_statistics_are_skipped() -> None:
    assert batch_norm_layers(nn.BatchNorm1d(2, track_running_stats=False)) == []
