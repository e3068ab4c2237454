"""GAN estimators with ``fit(data)`` and ``sample(n)``."""

from fingan.models.base import GANEstimator, load_model
from fingan.models.mlp_gan import MLPGAN

__all__ = ["MLPGAN", "GANEstimator", "load_model"]
