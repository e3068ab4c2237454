"""Per-row clipped gradient sums: equal to clipping each row's own gradient, one at a time."""

import pytest
import torch
from torch import nn

from fingan.nn.mlp import MLP, MLPConfig
from fingan.training.clipping import clipped_gradient_sum


def one_row_at_a_time(network: nn.Module, rows: torch.Tensor, clip: float) -> list[torch.Tensor]:
    parameters = list(network.parameters())
    total = [torch.zeros_like(p) for p in parameters]
    for row in rows:
        grads = torch.autograd.grad(network(row.unsqueeze(0)).sum(), parameters)
        norm = float(torch.cat([g.flatten() for g in grads]).norm())
        factor = min(1.0, clip / (norm + 1e-6))
        total = [t + factor * g for t, g in zip(total, grads, strict=True)]
    return total


@pytest.mark.parametrize(
    "config",
    [
        MLPConfig(hidden_dims=(8, 8), layer_norm=True),  # layer norms and a residual block
        MLPConfig(hidden_dims=(6,), activation="tanh", residual=False),
    ],
)
def test_the_sum_equals_clipping_every_rows_own_gradient(config: MLPConfig) -> None:
    torch.manual_seed(0)
    network = MLP(5, 1, config)
    rows = 3.0 * torch.randn(16, 5)
    clip = 2.7  # the rows' gradient norms are 2.0-3.6: about half are clipped
    summed = clipped_gradient_sum(
        network, lambda: network(rows).reshape(-1), list(network.parameters()), clip
    )
    expected = one_row_at_a_time(network, rows, clip)
    for got, want in zip(summed, expected, strict=True):
        torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-5)
    assert all(p.grad is None for p in network.parameters())


def test_networks_it_cannot_clip_row_by_row_are_refused() -> None:
    rows = torch.randn(4, 3)
    normed = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
    with pytest.raises(ValueError, match="linear and layer-norm"):
        clipped_gradient_sum(normed, lambda: normed(rows).sum(dim=1), list(normed.parameters()), 1)
    tied = nn.Linear(3, 3)
    with pytest.raises(ValueError, match="once per pass"):
        clipped_gradient_sum(tied, lambda: tied(tied(rows)).sum(dim=1), [*tied.parameters()], 1)
