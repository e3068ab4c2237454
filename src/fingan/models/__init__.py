"""GAN estimators with ``fit(data)`` and ``sample(n)``."""

from fingan.models.base import GANEstimator, load_model
from fingan.models.innovation_gan import InnovationGAN
from fingan.models.market_gan import MarketGAN
from fingan.models.mlp_gan import MLPGAN
from fingan.models.ohlcv import OHLCVGAN
from fingan.models.tabular_gan import TabularGAN

__all__ = [
    "OHLCVGAN",
    "MLPGAN",
    "GANEstimator",
    "InnovationGAN",
    "MarketGAN",
    "TabularGAN",
    "load_model",
]
