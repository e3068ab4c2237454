"""Invertible data transforms: ``fit`` / ``transform`` / ``inverse_transform``."""

from fingan.transforms.base import InvertibleTransform
from fingan.transforms.scaling import Standardizer

__all__ = ["InvertibleTransform", "Standardizer"]
