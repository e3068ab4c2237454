"""Temporal convolutional networks: dilated causal convolutions with skip connections.

Layers use no padding: a network whose receptive field is ``R`` maps an input sequence of length
``L`` to ``L - R + 1`` outputs, output ``j`` reading inputs ``j .. j + R - 1`` only. That is the
TCN of Quant GANs (Wiese et al., 2020), where dilations double from block to block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import torch
import torch.nn.functional as F  # noqa: N812
from torch import Tensor, nn

from fingan.core.validation import check_int

_SLOPE = 0.2  # of every leaky ReLU


@dataclass(frozen=True)
class TCNConfig:
    """Shape of a temporal convolutional network.

    Parameters
    ----------
    hidden_channels : int
        Channels inside each block.
    n_blocks : int
        Number of blocks; block ``i`` has dilation ``2**i``.
    kernel_size : int
        Width of each dilated convolution.
    skip_channels : int
        Channels of the skip connections summed into the output head.
    head_average : int
        Width of a causal moving average of the summed skips before the output head (1: none).
        Averaging neighbouring days smooths the lag structure that doubling dilations leave
        in the outputs (with kernel 2, outputs ``k`` days apart share inner features only for
        some ``k``); it widens the receptive field by ``head_average - 1``.
    """

    hidden_channels: int = 48
    n_blocks: int = 7
    kernel_size: int = 2
    skip_channels: int = 48
    head_average: int = 1

    def __post_init__(self) -> None:
        for name in ("hidden_channels", "n_blocks", "skip_channels", "head_average"):
            check_int(getattr(self, name), name, minimum=1)
        check_int(self.kernel_size, "kernel_size", minimum=2)

    @property
    def receptive_field(self) -> int:
        """Number of input steps each output reads."""
        dilated = 1 + (self.kernel_size - 1) * (2**self.n_blocks - 1)
        return int(dilated + self.head_average - 1)


class TemporalBlock(nn.Module):
    """Dilated convolution, leaky ReLU, 1x1 convolution, leaky ReLU; a cropped residual; a skip.

    Quant GANs use PReLU; leaky ReLU (slope 0.2) is used here as its backward pass is an order of
    magnitude faster on CPU for these narrow layers.

    The weights are held as :class:`~torch.nn.Conv1d` layers (the layout of saved models) but
    applied as matrix products over time-major activations ``(batch, L, channels)``: for these
    narrow layers one matrix product over every day of the batch is about a fifth faster
    on CPU than a convolution, forward and in the double backward of the gradient penalty
    (``docs/benchmarks.md``).
    """

    def __init__(self, in_channels: int, config: TCNConfig, dilation: int) -> None:
        super().__init__()
        hidden = config.hidden_channels
        self.dilation = dilation
        self.dilated = nn.Conv1d(in_channels, hidden, config.kernel_size, dilation=dilation)
        self.pointwise = nn.Conv1d(hidden, hidden, 1)
        self.residual = None if in_channels == hidden else nn.Conv1d(in_channels, hidden, 1)
        self.skip = nn.Conv1d(hidden, config.skip_channels, 1)

    def forward(self, x: Tensor, keep: int | None = None) -> tuple[Tensor, Tensor]:
        """Map time-major ``(batch, L, in_channels)`` to outputs ``L - shrink`` long and skips.

        The skips are those of the last ``keep`` outputs only (all when ``None``): a TCN uses
        no more of them than its own output is long.
        """
        taps = self.dilated.weight.shape[-1]
        shrink = self.dilation * (taps - 1)
        length = x.shape[1] - shrink
        # tap k of the dilated convolution reads day j + k * dilation for output j
        stacked = torch.cat(
            [x[:, k * self.dilation : k * self.dilation + length] for k in range(taps)], dim=-1
        )
        weight = self.dilated.weight.permute(0, 2, 1).reshape(self.dilated.out_channels, -1)
        hidden = _leaky_relu(F.linear(stacked, weight, self.dilated.bias))
        out = _leaky_relu(_pointwise(self.pointwise, hidden))
        cropped = x[:, shrink:]
        residual = cropped if self.residual is None else _pointwise(self.residual, cropped)
        out = out + residual
        kept = out if keep is None else out[:, -keep:].contiguous()  # aligned: reproducible
        return out, _pointwise(self.skip, kept)


def _leaky_relu(x: Tensor) -> Tensor:
    """Leaky ReLU with slope 0.2; in place when no graph is recorded (sampling: no new buffer)."""
    if torch.is_grad_enabled():
        return F.leaky_relu(x, _SLOPE)
    return F.leaky_relu_(x, _SLOPE)


def _pointwise(layer: nn.Conv1d, x: Tensor) -> Tensor:
    """Apply a 1x1 convolution to time-major ``(batch, L, channels)`` as a matrix product."""
    return F.linear(x, layer.weight[:, :, 0], layer.bias)


class TCN(nn.Module):
    """A stack of temporal blocks whose skip outputs are summed and mapped to ``out_channels``.

    Parameters
    ----------
    in_channels, out_channels : int
        Input and output channels.
    config : TCNConfig
        Blocks and widths.
    """

    def __init__(self, in_channels: int, out_channels: int, config: TCNConfig) -> None:
        super().__init__()
        self.receptive_field = config.receptive_field
        channels = [in_channels] + [config.hidden_channels] * (config.n_blocks - 1)
        self.blocks = nn.ModuleList(
            TemporalBlock(channels[i], config, dilation=2**i) for i in range(config.n_blocks)
        )
        self.head_average = config.head_average
        self.head = nn.Sequential(
            nn.LeakyReLU(_SLOPE), nn.Conv1d(config.skip_channels, out_channels, 1)
        )

    def forward(self, x: Tensor) -> Tensor:
        """Map ``(batch, in_channels, L)`` to ``(batch, out_channels, L - receptive_field + 1)``."""
        x = x.transpose(1, 2)  # time-major inside the blocks
        length = x.shape[1] - (self.receptive_field - self.head_average)  # days after the blocks
        skips: Tensor | None = None
        for block in self.blocks:
            x, skip = block(x, keep=length)
            skips = skip if skips is None else skips + skip
        assert skips is not None  # at least one block
        if self.head_average > 1:  # causal moving average: output j averages skips j .. j + w - 1
            skips = F.avg_pool1d(skips.transpose(1, 2), self.head_average, stride=1)
            skips = skips.transpose(1, 2)
        layer = cast(nn.Conv1d, self.head[1])  # head[0] is the activation, applied here
        out = _pointwise(layer, _leaky_relu(skips))
        return out.transpose(1, 2)
