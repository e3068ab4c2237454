"""Neural-network building blocks (``torch.nn`` modules), free of any training logic."""

from fingan.nn.mlp import MLP, MLPConfig, make_activation

__all__ = ["MLP", "MLPConfig", "make_activation"]
