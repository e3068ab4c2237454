"""Packs of one condition (fingan.training.class_packs)."""

import torch

from fingan.training.class_packs import ClassPackedRowTask
from fingan.training.tasks import ConditionalRowTask


def _rows() -> torch.Tensor:
    """30 encoded rows: a scalar, then a 3-category one-hot (10 rows each, scalar = category)."""
    level = torch.arange(30) % 3
    one_hot = torch.nn.functional.one_hot(level, 3).float()
    return torch.cat([level.float().unsqueeze(1), one_hot], dim=1)


def test_every_pack_shares_one_condition_and_its_rows_match_it() -> None:
    task = ClassPackedRowTask(_rows(), [(1, 3)], noise_dim=4, pac=5)
    batch = task.real_batch(200, torch.Generator().manual_seed(0))
    assert batch.data.shape == (40, 5, 4)
    assert batch.condition is not None
    assert batch.condition.shape == (40, 5, 3)
    condition = batch.condition.argmax(dim=-1)  # (packs, pac)
    assert (condition == condition[:, :1]).all()
    assert (batch.data[..., 0] == condition.float()).all()  # each row is of its category
    assert len(set(condition[:, 0].tolist())) == 3  # every category gets packs


def test_mixed_packs_of_the_parent_task_differ() -> None:
    """The reference: CTGAN's packs mix conditions (what the subclass changes)."""
    task = ConditionalRowTask(_rows(), [(1, 3)], noise_dim=4, pac=5)
    batch = task.real_batch(200, torch.Generator().manual_seed(0))
    assert batch.condition is not None
    condition = batch.condition.argmax(dim=-1)
    assert not (condition == condition[:, :1]).all()
    assert (batch.data[..., 0] == condition.float()).all()
