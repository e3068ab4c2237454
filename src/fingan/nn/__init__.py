"""Neural-network building blocks (``torch.nn`` modules), free of any training logic."""

from fingan.nn.conditional import ConditionalCritic, ConditionalReturnGenerator
from fingan.nn.mlp import MLP, MLPConfig, make_activation
from fingan.nn.tabular import (
    PackedDiscriminator,
    PooledPackDiscriminator,
    RowActivation,
    RowLayout,
    TableGenerator,
)

__all__ = [
    "ConditionalCritic",
    "ConditionalReturnGenerator",
    "MLP",
    "MLPConfig",
    "PackedDiscriminator",
    "PooledPackDiscriminator",
    "RowActivation",
    "RowLayout",
    "TableGenerator",
    "make_activation",
]
