"""The auxiliary-classifier terms of a table GAN (CTAB-GAN, Zhao et al., 2021).

A label classifier (:class:`fingan.nn.auxiliary.LabelClassifier`, held beside the critic in a
:class:`~fingan.nn.auxiliary.ClassifiedCritic`) learns to predict the label column of *real*
rows from their other columns, in the discriminator's updates; the generator's loss gains the
classifier's cross-entropy on *generated* rows against the label each generated row carries,
so that generated rows must carry the label-feature relation of the real ones.

:class:`ClassifierLoss` computes both terms; :class:`ClassifiedRowTask` adds them to a
(non-private) conditional row task's training step. Under differential privacy
:class:`fingan.training.private.PrivateRowTask` adds each real row's classifier term to that
row's critic term *before* its gradient is clipped and noised, so the classifier reads real rows
only through the same Gaussian mechanism as the critic.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F  # noqa: N812
from torch import Tensor, nn

from fingan.nn.auxiliary import ClassifiedCritic, LabelClassifier
from fingan.training.tasks import Batch, ConditionalRowTask

__all__ = ["ClassifiedRowTask", "ClassifierLoss", "label_classifier"]


@dataclass(frozen=True)
class ClassifierLoss:
    """The classifier's loss on real rows and the generator's term on generated rows.

    Attributes
    ----------
    weight : float
        Weight of the generator's term (the classifier's own loss on real rows has weight 1;
        its parameters are the classifier's alone).
    """

    weight: float

    def real_terms(self, classifier: LabelClassifier, rows: Tensor) -> Tensor:
        """Per-row cross-entropy ``(n,)`` of the classifier on real ``rows`` (their own labels)."""
        return F.cross_entropy(classifier(rows), classifier.targets(rows), reduction="none")

    def generator_term(self, classifier: LabelClassifier, fake: Tensor) -> Tensor:
        """``weight`` times the mean cross-entropy on generated rows against their own labels.

        The label each generated row carries (the category its label one-hot peaks at, which
        the conditional loss ties to the condition) is the target; the gradient reaches the
        generator through the other columns.
        """
        loss = F.cross_entropy(classifier(fake), classifier.targets(fake.detach()))
        return self.weight * loss


def label_classifier(discriminator: nn.Module) -> LabelClassifier:
    """Return the classifier of a :class:`~fingan.nn.auxiliary.ClassifiedCritic`.

    Raises
    ------
    TypeError
        If ``discriminator`` holds no classifier.
    """
    if not isinstance(discriminator, ClassifiedCritic):
        raise TypeError("the discriminator must be a ClassifiedCritic to train a label classifier")
    return discriminator.classifier


class ClassifiedRowTask:
    """A conditional row task whose training also trains and applies a label classifier.

    Real batches, noise and the conditional cross-entropy are the wrapped task's; each
    discriminator update adds the classifier's mean cross-entropy on the real rows to the
    critic's loss (:class:`~fingan.training.tasks.DiscriminatorPenalty`; ``d_loss`` in the
    history is the sum), and the generator's loss gains :meth:`ClassifierLoss.generator_term`.

    Parameters
    ----------
    task : ConditionalRowTask
        Draws the real rows (e.g. a :class:`~fingan.training.class_packs.ClassPackedRowTask`).
    loss : ClassifierLoss
        The classifier terms.
    """

    def __init__(self, task: ConditionalRowTask, loss: ClassifierLoss) -> None:
        self.task = task
        self.loss = loss
        self.classifier: LabelClassifier | None = None

    @property
    def counts(self) -> list[list[int]]:
        """The wrapped task's category counts."""
        return self.task.counts

    def real_batch(self, batch_size: int, rng: torch.Generator) -> Batch:
        """Return the wrapped task's real batch."""
        return self.task.real_batch(batch_size, rng)

    def noise(self, batch_size: int, rng: torch.Generator) -> Tensor:
        """Return the wrapped task's noise."""
        return self.task.noise(batch_size, rng)

    def discriminator_penalty(self, discriminator: nn.Module, batch: Batch) -> Tensor:
        """Return the classifier's mean cross-entropy on the real rows of ``batch``."""
        self.classifier = label_classifier(discriminator)
        return self.loss.real_terms(self.classifier, batch.data).mean()

    def generator_penalty(self, fake: Tensor, condition: Tensor | None) -> Tensor:
        """Return the conditional cross-entropy plus the classifier's term on ``fake``."""
        penalty = self.task.generator_penalty(fake, condition)
        if self.classifier is None:
            return penalty
        return penalty + self.loss.generator_term(self.classifier, fake)
