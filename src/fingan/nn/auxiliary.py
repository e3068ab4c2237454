"""An auxiliary label classifier beside a table critic (CTAB-GAN, Zhao et al., 2021).

:class:`LabelClassifier` predicts one categorical column (the label) of an encoded row from the
row's other positions; :class:`ClassifiedCritic` holds a critic and such a classifier as one
module, so that the classifier is trained, saved and (under differential privacy) clipped and
noised together with the critic. Scoring (``forward``) is the critic's alone.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from fingan.nn.mlp import MLP, MLPConfig

__all__ = ["ClassifiedCritic", "LabelClassifier"]


class LabelClassifier(nn.Module):
    """Logits of a label's categories from the other positions of an encoded row.

    Parameters
    ----------
    width : int
        Width of the encoded row.
    label : (int, int)
        ``(start, width)`` of the label's one-hot in the encoded row; it is not read.
    config : MLPConfig
        Hidden layers.
    """

    features: Tensor

    def __init__(self, width: int, label: tuple[int, int], config: MLPConfig) -> None:
        super().__init__()
        start, label_width = label
        if label_width < 2 or start < 0 or start + label_width > width:
            raise ValueError(f"label span {label} does not fit a row of width {width}")
        self.label = (start, label_width)
        kept = [
            position for position in range(width) if not start <= position < start + label_width
        ]
        self.register_buffer("features", torch.tensor(kept, dtype=torch.long), persistent=False)
        self.network = MLP(len(kept), label_width, config)

    def forward(self, rows: Tensor) -> Tensor:
        """Map ``rows`` ``(..., width)`` to logits ``(n, label_width)``, ``n`` rows in all."""
        flat = rows.reshape(-1, rows.shape[-1])[:, self.features]  # (n, width - label_width)
        logits: Tensor = self.network(flat)
        return logits

    def targets(self, rows: Tensor) -> Tensor:
        """Return the category index of each row's label, ``(n,)`` (argmax of its one-hot)."""
        start, width = self.label
        return rows.reshape(-1, rows.shape[-1])[:, start : start + width].argmax(dim=1)


class ClassifiedCritic(nn.Module):
    """A critic with a :class:`LabelClassifier` beside it, as one module.

    Parameters
    ----------
    critic : nn.Module
        ``critic(rows[, condition])`` returns the scores.
    classifier : LabelClassifier
        Predicts the label from the other columns.
    """

    def __init__(self, critic: nn.Module, classifier: LabelClassifier) -> None:
        super().__init__()
        self.critic = critic
        self.classifier = classifier

    def forward(self, rows: Tensor, condition: Tensor | None = None) -> Tensor:
        """Return the critic's scores of ``rows`` (the classifier is not used here)."""
        scores: Tensor = self.critic(rows) if condition is None else self.critic(rows, condition)
        return scores
