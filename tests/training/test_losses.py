"""The three objectives: correct values, separate gradients, the penalty."""

from __future__ import annotations

import math

import pytest
import torch

from fingan.training.losses import (
    MinimaxLoss,
    NonSaturatingLoss,
    WassersteinGPLoss,
    gradient_penalty,
    make_loss,
)


def test_minimax_discriminator_loss_is_binary_cross_entropy():
    real_logits = torch.tensor([2.0, -1.0])
    fake_logits = torch.tensor([0.5, -3.0])
    lookup = {1.0: real_logits, 0.0: fake_logits}

    def critic(x: torch.Tensor) -> torch.Tensor:
        return lookup[float(x[0, 0])]

    real, fake = torch.ones(2, 1), torch.zeros(2, 1)
    loss = MinimaxLoss().discriminator_loss(critic, real, fake, torch.Generator())
    expected = -(
        torch.log(torch.sigmoid(real_logits)).mean()
        + torch.log(1 - torch.sigmoid(fake_logits)).mean()
    )
    assert loss.item() == pytest.approx(expected.item(), rel=1e-6)


def test_generator_losses_match_their_definitions():
    logits = torch.tensor([1.5, -0.5, 0.0])
    d_of_fake = torch.sigmoid(logits)
    minimax = MinimaxLoss().generator_loss(logits)
    nonsaturating = NonSaturatingLoss().generator_loss(logits)
    assert minimax.item() == pytest.approx(torch.log(1 - d_of_fake).mean().item(), rel=1e-6)
    assert nonsaturating.item() == pytest.approx(-torch.log(d_of_fake).mean().item(), rel=1e-6)
    assert WassersteinGPLoss().generator_loss(logits).item() == pytest.approx(-logits.mean().item())


def test_minimax_generator_gradient_saturates_where_nonsaturating_does_not():
    # A discriminator that confidently rejects the fakes (logit -8): the original minimax
    # generator loss has almost no gradient, the non-saturating one keeps a strong one.
    logits = torch.full((4,), -8.0, requires_grad=True)
    (grad_minimax,) = torch.autograd.grad(MinimaxLoss().generator_loss(logits), logits)
    (grad_ns,) = torch.autograd.grad(NonSaturatingLoss().generator_loss(logits), logits)
    assert grad_minimax.abs().max() < 1e-3
    assert grad_ns.abs().min() > 0.2


def test_gradient_penalty_is_zero_for_unit_slope_and_known_otherwise():
    rng = torch.Generator().manual_seed(0)
    real, fake = torch.randn(64, 3, generator=rng), torch.randn(64, 3, generator=rng)
    direction = torch.tensor([0.6, 0.8, 0.0])  # unit norm

    def unit(x: torch.Tensor) -> torch.Tensor:
        return x @ direction

    def steep(x: torch.Tensor) -> torch.Tensor:
        return 3.0 * x @ direction

    def flat(x: torch.Tensor) -> torch.Tensor:
        return 0.5 * x @ direction

    assert gradient_penalty(unit, real, fake, rng).item() == pytest.approx(0.0, abs=1e-10)
    assert gradient_penalty(steep, real, fake, rng).item() == pytest.approx(4.0, rel=1e-5)
    assert gradient_penalty(flat, real, fake, rng).item() == pytest.approx(0.25, rel=1e-5)
    one_sided = gradient_penalty(flat, real, fake, rng, one_sided=True)
    assert one_sided.item() == pytest.approx(0.0, abs=1e-10)


def test_wgan_critic_loss_adds_weighted_penalty():
    rng = torch.Generator().manual_seed(1)
    real, fake = torch.ones(8, 2), torch.zeros(8, 2)

    def critic(x: torch.Tensor) -> torch.Tensor:
        return 2.0 * x.sum(dim=1)  # gradient norm 2 * sqrt(2) everywhere

    loss = WassersteinGPLoss(gp_weight=10.0).discriminator_loss(critic, real, fake, rng)
    wasserstein = 0.0 - 4.0
    penalty = (2.0 * math.sqrt(2.0) - 1.0) ** 2
    assert loss.item() == pytest.approx(wasserstein + 10.0 * penalty, rel=1e-5)


def test_make_loss_returns_each_named_loss():
    assert isinstance(make_loss("minimax"), MinimaxLoss)
    assert isinstance(make_loss("nonsaturating"), NonSaturatingLoss)
    wgan = make_loss("wgan-gp", gp_weight=3.0, one_sided=True)
    assert isinstance(wgan, WassersteinGPLoss)
    assert wgan.gp_weight == 3.0
    assert wgan.one_sided
