"""Temporal convolutional networks: dilated causal convolutions with skip connections.

Layers use no padding: a network whose receptive field is ``R`` maps an input sequence of length
``L`` to ``L - R + 1`` outputs, output ``j`` reading inputs ``j .. j + R - 1`` only. That is the
TCN of Quant GANs (Wiese et al., 2020), where dilations double from block to block.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch.nn.functional as F  # noqa: N812
from torch import Tensor, nn

from fingan.core.validation import check_int


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
    """

    def __init__(self, in_channels: int, config: TCNConfig, dilation: int) -> None:
        super().__init__()
        hidden = config.hidden_channels
        self.dilated = nn.Conv1d(in_channels, hidden, config.kernel_size, dilation=dilation)
        self.pointwise = nn.Conv1d(hidden, hidden, 1)
        self.activation = nn.LeakyReLU(0.2)
        self.residual: nn.Module = (
            nn.Identity() if in_channels == hidden else nn.Conv1d(in_channels, hidden, 1)
        )
        self.skip = nn.Conv1d(hidden, config.skip_channels, 1)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        """Map ``(batch, in_channels, L)`` to outputs and skips of length ``L - shrink``."""
        out = self.activation(
            self.pointwise(self.activation(self.dilated(x)))
        )  # (batch, hidden, L')
        length = out.shape[-1]
        out = out + self.residual(x[..., -length:])
        return out, self.skip(out)


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
            nn.LeakyReLU(0.2), nn.Conv1d(config.skip_channels, out_channels, 1)
        )

    def forward(self, x: Tensor) -> Tensor:
        """Map ``(batch, in_channels, L)`` to ``(batch, out_channels, L - receptive_field + 1)``."""
        skips: Tensor | None = None
        for block in self.blocks:
            x, skip = block(x)
            length = skip.shape[-1]
            skips = skip if skips is None else skips[..., -length:] + skip
        assert skips is not None  # at least one block
        if self.head_average > 1:  # causal moving average: output j averages skips j .. j + w - 1
            skips = F.avg_pool1d(skips, self.head_average, stride=1)
        out: Tensor = self.head(skips)
        return out
