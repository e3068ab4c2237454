"""The label classifier beside a table critic (fingan.nn.auxiliary)."""

import pytest
import torch

from fingan.nn.auxiliary import ClassifiedCritic, LabelClassifier
from fingan.nn.mlp import MLPConfig
from fingan.nn.tabular import PackedDiscriminator

CONFIG = MLPConfig(hidden_dims=(8,), residual=False)


def test_classifier_never_reads_the_label_and_targets_its_argmax() -> None:
    torch.manual_seed(0)
    classifier = LabelClassifier(6, (2, 3), CONFIG).eval()
    rows = torch.randn(4, 2, 6)  # (packs, pac, width)
    changed = rows.clone()
    changed[..., 2:5] = torch.randn(4, 2, 3)
    assert classifier(rows).shape == (8, 3)
    torch.testing.assert_close(classifier(rows), classifier(changed))
    other = rows.clone()
    other[..., 5] += 1.0
    assert not torch.allclose(classifier(rows), classifier(other))
    torch.testing.assert_close(classifier.targets(rows), rows.reshape(8, 6)[:, 2:5].argmax(dim=1))


def test_classified_critic_scores_as_its_critic() -> None:
    torch.manual_seed(0)
    critic = PackedDiscriminator(6, 2, 2, CONFIG).eval()
    network = ClassifiedCritic(critic, LabelClassifier(6, (2, 3), CONFIG)).eval()
    rows, condition = torch.randn(4, 2, 6), torch.randn(4, 2, 2)
    torch.testing.assert_close(network(rows, condition), critic(rows, condition))
    assert {name.split(".")[0] for name in network.state_dict()} == {"critic", "classifier"}


@pytest.mark.parametrize("label", [(5, 3), (0, 1), (-1, 2)])
def test_a_label_outside_the_row_is_refused(label: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="does not fit"):
        LabelClassifier(6, label, CONFIG)
