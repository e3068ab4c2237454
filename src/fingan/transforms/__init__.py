"""Invertible data transforms: ``fit`` / ``transform`` / ``inverse_transform``."""

from fingan.transforms.base import InvertibleTransform
from fingan.transforms.lambertw import LambertWGaussianizer, gaussianize, heavy_tail
from fingan.transforms.modes import ModeSpecificNormalizer
from fingan.transforms.ohlcv import OHLCV_FEATURES, ohlcv_features, ohlcv_from_features
from fingan.transforms.pipeline import Pipeline
from fingan.transforms.quantiles import QuantileNormalizer
from fingan.transforms.scaling import Standardizer
from fingan.transforms.tabular import ColumnSpan, TableTransformer

__all__ = [
    "OHLCV_FEATURES",
    "ohlcv_features",
    "ohlcv_from_features",
    "ColumnSpan",
    "InvertibleTransform",
    "ModeSpecificNormalizer",
    "LambertWGaussianizer",
    "Pipeline",
    "QuantileNormalizer",
    "Standardizer",
    "TableTransformer",
    "gaussianize",
    "heavy_tail",
]
