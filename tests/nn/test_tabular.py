"""The table generator's activation, against a slow per-group reference."""

import pytest
import torch

from fingan.nn.mlp import MLPConfig
from fingan.nn.tabular import (
    GUMBEL_TAU,
    PackedDiscriminator,
    PooledPackDiscriminator,
    RowActivation,
    TableGenerator,
    row_layout,
)

SPANS = [("numeric", 0, 4), ("categorical", 4, 2), ("numeric", 6, 2), ("categorical", 8, 5)]


def reference_activation(raw: torch.Tensor, uniform: torch.Tensor) -> torch.Tensor:
    """Activate group by group with the padded uniforms the fast version draws."""
    layout = row_layout(SPANS)
    out = raw.clone()
    for position in layout.scalars:
        out[:, position] = torch.tanh(raw[:, position])
    for group, (start, width) in enumerate(layout.groups):
        gumbel = -torch.log(-torch.log(uniform[:, :width, group]))
        logits = raw[:, start : start + width]
        out[:, start : start + width] = torch.softmax((logits + gumbel) / GUMBEL_TAU, dim=1)
    return out


def test_activation_matches_the_per_group_reference() -> None:
    raw = torch.randn(64, 13, generator=torch.Generator().manual_seed(0))
    activation = RowActivation(row_layout(SPANS))
    torch.manual_seed(1)
    fast = activation(raw)
    torch.manual_seed(1)
    uniform = torch.rand(64, 5, 4).clamp(1e-10, 1.0 - 1e-7)  # (batch, max_width, n_groups)
    torch.testing.assert_close(fast, reference_activation(raw, uniform))


def test_groups_are_distributions_and_scalars_are_bounded() -> None:
    raw = 10 * torch.randn(256, 13, generator=torch.Generator().manual_seed(2))
    out = RowActivation(row_layout(SPANS))(raw)
    layout = row_layout(SPANS)
    for start, width in layout.groups:
        torch.testing.assert_close(out[:, start : start + width].sum(dim=1), torch.ones(256))
    assert out[:, list(layout.scalars)].abs().max() <= 1.0


@pytest.mark.parametrize("critic", [PackedDiscriminator, PooledPackDiscriminator])
@pytest.mark.parametrize("condition_dim", [0, 3])
def test_packs_flow_from_generator_to_discriminator(condition_dim: int, critic: type) -> None:
    layout = row_layout(SPANS)
    config = MLPConfig(hidden_dims=(8,))
    generator = TableGenerator(5, condition_dim, layout, config)
    discriminator = critic(layout.width, condition_dim, 4, config)
    noise = torch.randn(6, 4, 5)  # (packs, pac, noise_dim)
    condition = torch.zeros(6, 4, condition_dim) if condition_dim else None
    rows = generator(noise, condition)
    assert rows.shape == (6, 4, layout.width)
    assert discriminator(rows, condition).shape == (6, 1)


def test_the_pooled_critic_reads_a_pack_as_a_set() -> None:
    torch.manual_seed(0)
    critic = PooledPackDiscriminator(7, 2, 5, MLPConfig(hidden_dims=(16, 16), residual=False))
    rows, condition = torch.randn(3, 5, 7), torch.randn(3, 5, 2)
    order = torch.tensor([4, 2, 0, 1, 3])
    scores = critic(rows, condition)
    torch.testing.assert_close(critic(rows[:, order], condition[:, order]), scores)
    assert scores.unique().numel() == 3  # but the packs themselves are told apart
    # A pack of one row drawn five times (a category with one member) still has a gradient.
    rows[0] = rows[0, :1]
    critic(rows, condition).sum().backward()
    assert all(torch.isfinite(p.grad).all() for p in critic.parameters() if p.grad is not None)
    single = PooledPackDiscriminator(7, 0, 1, MLPConfig(hidden_dims=(16,)))
    assert single(torch.randn(4, 1, 7)).shape == (4, 1)
