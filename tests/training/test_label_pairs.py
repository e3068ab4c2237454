"""The label's joint tables: their margins are the counts, and the generator's term reads them."""

import pytest
import torch

from fingan.training.label_pairs import LabelPairs, joint_levels, margins_of_pairs

LABEL = (0, 2)
GROUPS = [(2, 3), (5, 4)]


@pytest.fixture
def rows() -> torch.Tensor:
    """One-hot rows: a label of 2 levels and columns of 3 and 4 levels, the first tied to it."""
    generator = torch.Generator().manual_seed(0)
    label = torch.randint(2, (300,), generator=generator)
    first = (label + torch.randint(2, (300,), generator=generator)) % 3
    second = torch.randint(4, (300,), generator=generator)
    return torch.cat(
        [
            torch.nn.functional.one_hot(label, 2),
            torch.nn.functional.one_hot(first, 3),
            torch.nn.functional.one_hot(second, 4),
        ],
        dim=1,
    ).float()


def exact_tables(rows: torch.Tensor) -> list[list[int]]:
    levels, widths = joint_levels(rows, LABEL, GROUPS)
    return [
        torch.bincount(levels[:, column], minlength=width).tolist()
        for column, width in enumerate(widths)
    ]


def test_margins_of_exact_tables_are_the_category_counts(rows: torch.Tensor) -> None:
    label, groups = margins_of_pairs(exact_tables(rows), 2, [3, 4])
    assert label == rows[:, 0:2].sum(dim=0).int().tolist()
    assert groups == [
        rows[:, 2:5].sum(dim=0).int().tolist(),
        rows[:, 5:9].sum(dim=0).int().tolist(),
    ]


def test_the_term_vanishes_on_the_data_and_grows_when_the_relation_is_broken(
    rows: torch.Tensor,
) -> None:
    pairs = LabelPairs(LABEL, GROUPS, exact_tables(rows), weight=1.0)
    assert float(pairs.generator_term(rows)) == pytest.approx(0.0, abs=1e-5)
    shuffled = rows.clone()
    shuffled[:, 0:2] = rows[
        torch.randperm(len(rows), generator=torch.Generator().manual_seed(1)), 0:2
    ]
    assert float(pairs.generator_term(shuffled)) > 0.05
    assert float(LabelPairs(LABEL, GROUPS, exact_tables(rows), 3.0).generator_term(shuffled)) == (
        pytest.approx(3.0 * float(pairs.generator_term(shuffled)))
    )


def test_descending_the_term_restores_the_relation(rows: torch.Tensor) -> None:
    pairs = LabelPairs(LABEL, GROUPS, exact_tables(rows), weight=1.0)
    logits = torch.randn(len(rows), 9, generator=torch.Generator().manual_seed(2))
    logits.requires_grad_(True)
    optimizer = torch.optim.Adam([logits], lr=0.1)
    losses = []
    for _ in range(200):
        soft = torch.cat(
            [logits[:, 0:2].softmax(1), logits[:, 2:5].softmax(1), logits[:, 5:9].softmax(1)], 1
        )
        loss = pairs.generator_term(soft)
        losses.append(float(loss))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert losses[-1] < 0.01 < losses[0]
