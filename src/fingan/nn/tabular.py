"""Generator and discriminator for encoded tables (CTGAN layout, Xu et al., 2019).

An encoded row (see :class:`fingan.transforms.TableTransformer`) is a sequence of *scalars*
(a numeric column's offset ``alpha`` in its mode, in ``[-1, 1]``) and *one-hot groups* (a numeric
column's mode, a categorical column's category). The generator ends in ``tanh`` on the scalars
and a Gumbel-softmax on each group; the discriminator reads *packs* of ``pac`` rows at once
(PacGAN, Lin et al., 2018), which makes mode collapse visible to it: either all ``pac`` rows
side by side (:class:`PackedDiscriminator`, CTGAN's critic) or each row through one shared network
and the pack scored from the mean and spread of the rows' features
(:class:`PooledPackDiscriminator`).

Tensors keep the pack layout ``(packs, pac, width)`` between the two networks, so that
gradient-penalty interpolation and its gradient norm act on whole packs, as in CTGAN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from fingan.nn.mlp import MLP, MLPConfig, hidden_stack, make_activation

#: Gumbel-softmax temperature (CTGAN's value).
GUMBEL_TAU = 0.2


@dataclass(frozen=True)
class RowLayout:
    """Where the scalars and the one-hot groups of an encoded row are.

    Attributes
    ----------
    width : int
        Width of the encoded row.
    scalars : tuple of int
        Positions squashed by ``tanh``.
    groups : tuple of (int, int)
        ``(start, width)`` of each one-hot group, activated by a Gumbel-softmax.
    """

    width: int
    scalars: tuple[int, ...]
    groups: tuple[tuple[int, int], ...]


class RowActivation(nn.Module):
    """``tanh`` on the scalar positions and a Gumbel-softmax on every one-hot group, at once.

    Groups of different widths are padded into one ``(batch, max_width, n_groups)`` tensor with
    ``-inf`` logits in the padding, so one softmax call serves all of them. (The softmax runs
    over dimension 1, not the last: PyTorch's CPU kernel is ten times faster over a short
    middle dimension than over a short last one.)

    Parameters
    ----------
    layout : RowLayout
        The encoded row.
    tau : float
        Gumbel-softmax temperature.
    """

    scalars: Tensor
    group_index: Tensor
    group_mask: Tensor
    order: Tensor

    def __init__(self, layout: RowLayout, tau: float = GUMBEL_TAU) -> None:
        super().__init__()
        self.tau = tau
        max_width = max((width for _, width in layout.groups), default=1)
        index = torch.zeros((max_width, len(layout.groups)), dtype=torch.long)
        mask = torch.zeros((max_width, len(layout.groups)), dtype=torch.bool)
        for group, (start, width) in enumerate(layout.groups):
            index[:width, group] = torch.arange(start, start + width)
            mask[:width, group] = True
        scalars = torch.tensor(layout.scalars, dtype=torch.long)
        # Activated values come out as [scalars, group entries] (entries in the row-major order
        # of ``index[mask]``, listed without indexing so that the module can be built on the
        # "meta" device); ``order`` puts them back.
        entries = [
            start + row for row in range(max_width) for start, width in layout.groups if row < width
        ]
        produced = torch.tensor([*layout.scalars, *entries], dtype=torch.long)
        self.register_buffer("scalars", scalars, persistent=False)
        self.register_buffer("group_index", index, persistent=False)
        self.register_buffer("group_mask", mask, persistent=False)
        self.register_buffer("order", torch.argsort(produced), persistent=False)

    def forward(self, raw: Tensor) -> Tensor:
        """Activate generator outputs ``raw`` of shape ``(batch, width)``."""
        logits = raw[:, self.group_index]  # (batch, max_width, n_groups)
        uniform = torch.rand_like(logits).clamp(1e-10, 1.0 - 1e-7)
        gumbel = -torch.log(-torch.log(uniform))
        scores = ((logits + gumbel) / self.tau).masked_fill(~self.group_mask, float("-inf"))
        soft = torch.softmax(scores, dim=1)[:, self.group_mask]  # (batch, n_group_entries)
        activated = torch.cat([torch.tanh(raw[:, self.scalars]), soft], dim=1)
        return activated[:, self.order]


class TableGenerator(nn.Module):
    """Noise and a condition vector to an encoded row.

    Parameters
    ----------
    noise_dim : int
        Width of the Gaussian noise.
    condition_dim : int
        Width of the condition vector (0: unconditional).
    layout : RowLayout
        The encoded row.
    config : MLPConfig
        Hidden layers.
    """

    def __init__(
        self, noise_dim: int, condition_dim: int, layout: RowLayout, config: MLPConfig
    ) -> None:
        super().__init__()
        self.network = MLP(noise_dim + condition_dim, layout.width, config)
        self.activation = RowActivation(layout)

    def forward(self, noise: Tensor, condition: Tensor | None = None) -> Tensor:
        """Map ``noise`` of shape ``(..., noise_dim)`` (and ``condition``) to ``(..., width)``."""
        inputs = noise if condition is None else torch.cat([noise, condition], dim=-1)
        leading = inputs.shape[:-1]
        rows: Tensor = self.activation(self.network(inputs.reshape(-1, inputs.shape[-1])))
        return rows.reshape(*leading, rows.shape[-1])


class PackedDiscriminator(nn.Module):
    """Score packs of ``pac`` rows, each row read together with its condition vector.

    Parameters
    ----------
    width : int
        Width of the encoded row.
    condition_dim : int
        Width of the condition vector (0: unconditional).
    pac : int
        Rows per pack.
    config : MLPConfig
        Hidden layers.
    """

    def __init__(self, width: int, condition_dim: int, pac: int, config: MLPConfig) -> None:
        super().__init__()
        self.network = MLP(pac * (width + condition_dim), 1, config)

    def forward(self, rows: Tensor, condition: Tensor | None = None) -> Tensor:
        """Score ``rows`` of shape ``(packs, pac, width)``; returns ``(packs, 1)``."""
        inputs = rows if condition is None else torch.cat([rows, condition], dim=-1)
        scores: Tensor = self.network(inputs.flatten(start_dim=1))
        return scores


def row_layout(spans: Sequence[tuple[str, int, int]]) -> RowLayout:
    """Return the :class:`RowLayout` of encoded column spans ``(kind, start, width)``.

    A numeric span is one scalar followed by its mode group; a categorical span is one group.

    Examples
    --------
    >>> row_layout([("numeric", 0, 3), ("categorical", 3, 2)])
    RowLayout(width=5, scalars=(0,), groups=((1, 2), (3, 2)))
    """
    scalars: list[int] = []
    groups: list[tuple[int, int]] = []
    for kind, start, width in spans:
        if kind == "numeric":
            scalars.append(start)
            groups.append((start + 1, width - 1))
        else:
            groups.append((start, width))
    width = sum(width for _, _, width in spans)
    return RowLayout(width=width, scalars=tuple(scalars), groups=tuple(groups))


#: Added to the variance of a pack's features before its square root, so that a pack of identical
#: rows (a category with one member, drawn ``pac`` times) has a finite gradient.
_VARIANCE_FLOOR = 1e-8


class PooledPackDiscriminator(nn.Module):
    """Score packs of rows from the mean and spread of features one network reads in each row.

    Every row, with its condition vector, goes through the same perceptron; a pack is scored
    from the mean and the standard deviation over its rows of those features (DeepSets, Zaheer
    et al., 2017). The critic is blind to the order of a pack's rows and learns how the columns
    of a row relate from every row of every pack, where :class:`PackedDiscriminator` gives each
    position in the pack weights of its own (and, in CTGAN, loses the strongest numeric
    relation of German Credit, duration against credit amount). The spread keeps what packs
    are for: generated rows with too little variety stand out. A pack of one row is scored
    from its features alone.

    Parameters
    ----------
    width : int
        Width of the encoded row.
    condition_dim : int
        Width of the condition vector (0: unconditional).
    pac : int
        Rows per pack.
    config : MLPConfig
        Hidden layers of the row network, whose last layer's activations are the row's
        features; one hidden layer as wide scores the pooled features.
    """

    def __init__(self, width: int, condition_dim: int, pac: int, config: MLPConfig) -> None:
        super().__init__()
        n_features = config.hidden_dims[-1]
        self.pac = pac
        self.rows = hidden_stack(width + condition_dim, config)
        pooled = n_features if pac == 1 else 2 * n_features
        self.score = nn.Sequential(
            nn.Linear(pooled, n_features),
            make_activation(config.activation),
            nn.Linear(n_features, 1),
        )

    def forward(self, rows: Tensor, condition: Tensor | None = None) -> Tensor:
        """Score ``rows`` of shape ``(packs, pac, width)``; returns ``(packs, 1)``."""
        inputs = rows if condition is None else torch.cat([rows, condition], dim=-1)
        features = self.rows(inputs)  # (packs, pac, n_features)
        pooled = features.mean(dim=1)
        if self.pac > 1:
            # By hand: torch.var over the pack dimension is four times slower on the CPU.
            variance = (features - pooled.unsqueeze(1)).square().mean(dim=1)
            pooled = torch.cat([pooled, (variance + _VARIANCE_FLOOR).sqrt()], dim=-1)
        scores: Tensor = self.score(pooled)
        return scores
