"""The auxiliary label classifier's training terms and their privacy (training.auxiliary)."""

import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn

from fingan.nn.auxiliary import ClassifiedCritic, LabelClassifier
from fingan.nn.mlp import MLPConfig
from fingan.training.auxiliary import ClassifierLoss, label_classifier
from fingan.training.private import PrivateRowTask
from fingan.training.tasks import Batch

WIDTH = 5
LABEL = (3, 2)  # the label's one-hot sits at positions 3 and 4


class _Critic(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(WIDTH, 1)

    def forward(self, rows: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        return self.layer(rows.flatten(start_dim=1))


def _rows() -> torch.Tensor:
    generator = torch.Generator().manual_seed(0)
    features = 3.0 * torch.randn(6, 3, generator=generator)
    labels = F.one_hot(torch.tensor([0, 1, 1, 0, 1, 0]), 2).float()
    return torch.cat([features, labels], dim=1)


def _network() -> ClassifiedCritic:
    torch.manual_seed(0)
    classifier = LabelClassifier(WIDTH, LABEL, MLPConfig(hidden_dims=(4,), residual=False))
    return ClassifiedCritic(_Critic(), classifier)


def _task(rows: torch.Tensor, loss: ClassifierLoss | None) -> PrivateRowTask:
    return PrivateRowTask(
        rows,
        [LABEL],
        [[3, 3]],
        2,
        sample_rate=0.5,
        noise_multiplier=0.0,
        max_grad_norm=1.0,
        secret=torch.Generator().manual_seed(0),
        classifier=loss,
    )


def test_real_terms_are_each_rows_cross_entropy_against_its_own_label() -> None:
    network, rows = _network(), _rows()
    terms = ClassifierLoss(weight=2.0).real_terms(network.classifier, rows)
    logits = network.classifier(rows)
    expected = F.cross_entropy(logits, rows[:, 3:].argmax(dim=1), reduction="none")
    assert terms.shape == (6,)
    torch.testing.assert_close(terms, expected)


def test_generator_term_is_weighted_and_reaches_the_features_only() -> None:
    network, rows = _network(), _rows().requires_grad_(True)
    one = ClassifierLoss(weight=1.0).generator_term(network.classifier, rows)
    three = ClassifierLoss(weight=3.0).generator_term(network.classifier, rows)
    torch.testing.assert_close(three, 3.0 * one)
    (gradient,) = torch.autograd.grad(one, rows)
    assert gradient[:, :3].abs().sum() > 0
    assert torch.all(gradient[:, 3:] == 0)  # the label is the target, not an input


def test_private_real_rows_clip_critic_and_classifier_gradients_together() -> None:
    # Reference: each row's gradient of -D(x) + CE(classifier(x), label) over all parameters,
    # clipped as one vector to norm 1, then summed.
    network, rows = _network(), _rows()
    loss = ClassifierLoss(weight=1.0)
    parameters = list(network.parameters())
    expected = [torch.zeros_like(p) for p in parameters]
    for row in rows:
        one = row.unsqueeze(0)
        term = -network(one.unsqueeze(1)).sum() + loss.real_terms(network.classifier, one).sum()
        grads = torch.autograd.grad(term, parameters)
        norm = torch.cat([g.flatten() for g in grads]).norm()
        factor = min(1.0, 1.0 / (float(norm) + 1e-6))
        expected = [e + factor * g for e, g in zip(expected, grads, strict=True)]
    batch = Batch(data=rows.unsqueeze(1))
    got = _task(rows, loss)._clipped_sum(
        network, batch, parameters, n_real=len(rows), wasserstein=True
    )
    for g, e in zip(got, expected, strict=True):
        torch.testing.assert_close(g, e, atol=1e-5, rtol=1e-4)
    classifier_part = torch.cat([g.flatten() for g in got[2:]])
    assert classifier_part.abs().sum() > 0  # the classifier learns from the real rows
    # Each real row's whole contribution is within the clipping norm (the sensitivity).
    single = _task(rows[:1], loss)._clipped_sum(
        network, Batch(data=rows[:1].unsqueeze(1)), parameters, n_real=1, wasserstein=True
    )
    assert float(torch.cat([g.flatten() for g in single]).norm()) <= 1.0 + 1e-5


def test_private_generated_rows_leave_the_classifier_untouched() -> None:
    network, rows = _network(), _rows()
    parameters = list(network.parameters())
    task = _task(rows, ClassifierLoss(weight=1.0))
    got = task._clipped_sum(
        network, Batch(data=rows.unsqueeze(1)), parameters, n_real=0, wasserstein=True
    )
    assert all(torch.all(g == 0) for g in got[2:])  # the classifier's parameters
    assert got[0].abs().sum() > 0


def test_label_classifier_needs_a_classified_critic() -> None:
    network = _network()
    assert label_classifier(network) is network.classifier
    with pytest.raises(TypeError, match="ClassifiedCritic"):
        label_classifier(_Critic())
