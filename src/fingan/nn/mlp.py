"""Multilayer perceptrons with optional residual blocks."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

from torch import Tensor, nn

from fingan.core.exceptions import ConfigError

Activation = Literal["relu", "leaky_relu", "gelu", "tanh"]


@dataclass(frozen=True)
class MLPConfig:
    """Shape of a multilayer perceptron.

    Parameters
    ----------
    hidden_dims : tuple of int
        Width of each hidden layer.
    activation : {"relu", "leaky_relu", "gelu", "tanh"}
        Non-linearity after each hidden layer (leaky ReLU uses slope 0.2).
    residual : bool
        Add a skip connection around hidden layers whose input and output widths agree.
    layer_norm : bool
        Normalise each hidden layer's input with LayerNorm (safe with WGAN-GP, unlike BatchNorm).
    dropout : float
        Dropout probability after each hidden layer (CTGAN's discriminator uses 0.5).
    """

    hidden_dims: tuple[int, ...] = (128, 128)
    activation: Activation = "leaky_relu"
    residual: bool = True
    layer_norm: bool = False
    dropout: float = 0.0

    def __post_init__(self) -> None:
        if not self.hidden_dims or any(
            isinstance(width, bool) or not isinstance(width, int) or width < 1
            for width in self.hidden_dims
        ):
            raise ConfigError(f"hidden_dims must be positive integers; got {self.hidden_dims!r}")
        if self.activation not in ("relu", "leaky_relu", "gelu", "tanh"):
            raise ConfigError(f"unknown activation {self.activation!r}")
        if not 0.0 <= self.dropout < 1.0:
            raise ConfigError(f"dropout must be in [0, 1); got {self.dropout!r}")


def make_activation(name: Activation) -> nn.Module:
    """Return the activation module called ``name``."""
    if name == "relu":
        return nn.ReLU()
    if name == "leaky_relu":
        return nn.LeakyReLU(0.2)
    if name == "gelu":
        return nn.GELU()
    return nn.Tanh()


class HiddenLayer(nn.Module):
    """``dropout(act(linear(norm(x))))``, plus ``x`` when residual."""

    def __init__(self, in_dim: int, out_dim: int, config: MLPConfig) -> None:
        super().__init__()
        self.norm: nn.Module = nn.LayerNorm(in_dim) if config.layer_norm else nn.Identity()
        self.linear = nn.Linear(in_dim, out_dim)
        self.activation = make_activation(config.activation)
        self.dropout: nn.Module = nn.Dropout(config.dropout) if config.dropout else nn.Identity()
        self.residual = config.residual and in_dim == out_dim

    def forward(self, x: Tensor) -> Tensor:
        """Apply the layer to ``x`` of shape ``(batch, in_dim)``."""
        out: Tensor = self.dropout(self.activation(self.linear(self.norm(x))))
        return x + out if self.residual else out


def hidden_stack(in_dim: int, config: MLPConfig) -> nn.Sequential:
    """Return the hidden layers of ``config`` from ``in_dim`` inputs, in order (no output)."""
    widths = (in_dim, *config.hidden_dims)
    return nn.Sequential(*(HiddenLayer(a, b, config) for a, b in itertools.pairwise(widths)))


class MLP(nn.Module):
    """A perceptron mapping ``(batch, in_dim)`` to ``(batch, out_dim)`` with a linear output.

    Parameters
    ----------
    in_dim, out_dim : int
        Input and output widths.
    config : MLPConfig
        Hidden layers.
    """

    def __init__(self, in_dim: int, out_dim: int, config: MLPConfig) -> None:
        super().__init__()
        self.hidden = hidden_stack(in_dim, config)
        self.output = nn.Linear(config.hidden_dims[-1], out_dim)

    def forward(self, x: Tensor) -> Tensor:
        """Map ``x`` of shape ``(batch, in_dim)`` to ``(batch, out_dim)``."""
        out: Tensor = self.output(self.hidden(x))
        return out
