"""Adversarial objectives.

Every loss works on raw discriminator outputs (logits for the two classic losses, critic scores for
WGAN-GP) and gives the discriminator and the generator two different functions to minimise:

``minimax`` (Goodfellow et al., 2014)
    D maximises ``E log D(x) + E log(1 - D(G(z)))``, i.e. minimises the binary cross-entropy of
    real-vs-fake; G minimises ``E log(1 - D(G(z)))``, the original saturating objective whose
    gradient vanishes when D confidently rejects the fakes.
``nonsaturating``
    Same discriminator loss; G instead maximises ``E log D(G(z))``, i.e. descends on
    ``-E log D(G(z))``, which keeps strong gradients early in training.
``wgan-gp`` (Gulrajani et al., 2017)
    The critic minimises ``E D(G(z)) - E D(x) + lambda E (||grad D(x_hat)|| - 1)^2`` with
    ``x_hat`` drawn uniformly on lines between real and fake samples; G minimises ``-E D(G(z))``.
    The one-sided variant (Petzka et al., 2018) penalises only ``max(0, ||grad|| - 1)^2``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import ClassVar

import torch
import torch.nn.functional as F  # noqa: N812
from torch import Tensor

from fingan.training.config import LossName

Critic = Callable[[Tensor], Tensor]
"""The discriminator as a function of samples only (any condition already bound)."""


class GANLoss(ABC):
    """An adversarial objective: one loss for the discriminator, another for the generator."""

    name: ClassVar[LossName]

    @abstractmethod
    def discriminator_loss(
        self, critic: Critic, real: Tensor, fake: Tensor, rng: torch.Generator
    ) -> Tensor:
        """Loss that the discriminator minimises.

        Parameters
        ----------
        critic : callable
            The discriminator, mapping a batch of samples to one score per sample.
        real, fake : Tensor
            Real and generated batches of equal shape; ``fake`` carries no generator graph.
        rng : torch.Generator
            Source of any randomness the loss needs (WGAN-GP's interpolation weights).
        """

    @abstractmethod
    def generator_loss(self, fake_scores: Tensor) -> Tensor:
        """Loss that the generator minimises, from the discriminator's scores of its samples."""


class MinimaxLoss(GANLoss):
    """The original minimax objective with the saturating generator loss."""

    name: ClassVar[LossName] = "minimax"

    def discriminator_loss(
        self, critic: Critic, real: Tensor, fake: Tensor, rng: torch.Generator
    ) -> Tensor:
        """Binary cross-entropy: ``-E log sigmoid(D(x)) - E log(1 - sigmoid(D(G(z))))``."""
        # -log(sigmoid(l)) = softplus(-l) and -log(1 - sigmoid(l)) = softplus(l), both stable.
        return F.softplus(-critic(real)).mean() + F.softplus(critic(fake)).mean()

    def generator_loss(self, fake_scores: Tensor) -> Tensor:
        """``E log(1 - sigmoid(D(G(z))))``, minimised by the generator."""
        return -F.softplus(fake_scores).mean()


class NonSaturatingLoss(MinimaxLoss):
    """Minimax discriminator loss with the non-saturating generator loss."""

    name: ClassVar[LossName] = "nonsaturating"

    def generator_loss(self, fake_scores: Tensor) -> Tensor:
        """``-E log sigmoid(D(G(z)))``, minimised by the generator."""
        return F.softplus(-fake_scores).mean()


class WassersteinGPLoss(GANLoss):
    """Wasserstein loss with gradient penalty.

    Parameters
    ----------
    gp_weight : float
        Weight lambda of the gradient penalty (10 in Gulrajani et al.).
    one_sided : bool
        Penalise only gradient norms above one (see :func:`gradient_penalty`).
    """

    name: ClassVar[LossName] = "wgan-gp"

    def __init__(self, gp_weight: float = 10.0, *, one_sided: bool = False) -> None:
        self.gp_weight = gp_weight
        self.one_sided = one_sided

    def discriminator_loss(
        self, critic: Critic, real: Tensor, fake: Tensor, rng: torch.Generator
    ) -> Tensor:
        """``E D(G(z)) - E D(x) + lambda * gradient penalty``."""
        wasserstein = critic(fake).mean() - critic(real).mean()
        penalty = gradient_penalty(critic, real, fake, rng, one_sided=self.one_sided)
        return wasserstein + self.gp_weight * penalty

    def generator_loss(self, fake_scores: Tensor) -> Tensor:
        """``-E D(G(z))``, minimised by the generator."""
        return -fake_scores.mean()


def gradient_penalty(
    critic: Critic, real: Tensor, fake: Tensor, rng: torch.Generator, *, one_sided: bool = False
) -> Tensor:
    """Mean of ``(||grad_x D(x_hat)||_2 - 1)^2`` over random interpolates ``x_hat``.

    The norm is taken over all but the batch dimension, so sequences and tables are treated alike.
    With ``one_sided`` only norms above one are penalised: ``max(0, ||grad|| - 1)^2``.
    """
    weight_shape = (real.shape[0],) + (1,) * (real.dim() - 1)
    weights = torch.rand(weight_shape, generator=rng).to(device=real.device, dtype=real.dtype)
    interpolates = (weights * real + (1.0 - weights) * fake).requires_grad_(True)
    scores = critic(interpolates)
    (gradients,) = torch.autograd.grad(scores.sum(), interpolates, create_graph=True)
    excess = gradients.flatten(start_dim=1).norm(2, dim=1) - 1.0
    if one_sided:
        excess = excess.clamp(min=0.0)
    penalty: Tensor = (excess**2).mean()
    return penalty


def make_loss(name: LossName, *, gp_weight: float = 10.0, one_sided: bool = False) -> GANLoss:
    """Return the loss called ``name`` (see the module docstring)."""
    if name == "minimax":
        return MinimaxLoss()
    if name == "nonsaturating":
        return NonSaturatingLoss()
    return WassersteinGPLoss(gp_weight=gp_weight, one_sided=one_sided)
