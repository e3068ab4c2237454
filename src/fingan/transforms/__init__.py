"""Invertible data transforms: ``fit`` / ``transform`` / ``inverse_transform``."""

from fingan.transforms.base import InvertibleTransform
from fingan.transforms.lambertw import LambertWGaussianizer, gaussianize, heavy_tail
from fingan.transforms.pipeline import Pipeline
from fingan.transforms.scaling import Standardizer

__all__ = [
    "InvertibleTransform",
    "LambertWGaussianizer",
    "Pipeline",
    "Standardizer",
    "gaussianize",
    "heavy_tail",
]
