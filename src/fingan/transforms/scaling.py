"""Column-wise standardisation."""

from __future__ import annotations

from typing import Any, Self

import numpy as np

from fingan.core.exceptions import NotFittedError
from fingan.transforms.base import FloatArray, InvertibleTransform, restored_vector


class Standardizer(InvertibleTransform):
    """Subtract each column's mean and divide by its standard deviation.

    Columns with zero variance are only centred.

    Attributes
    ----------
    mean_, scale_ : ndarray of shape (n_features,)
        Learned column means and scales.
    """

    def __init__(self) -> None:
        self.mean_: FloatArray | None = None
        self.scale_: FloatArray | None = None

    def fit(self, values: FloatArray) -> Self:
        """Learn column means and standard deviations from ``(n_samples, n_features)``."""
        values = np.asarray(values, dtype=np.float64)
        self.mean_ = values.mean(axis=0)
        scale = values.std(axis=0)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        return self

    def transform(self, values: FloatArray) -> FloatArray:
        """Return ``(values - mean_) / scale_``."""
        mean, scale = self._parameters()
        result: FloatArray = (np.asarray(values, dtype=np.float64) - mean) / scale
        return result

    def inverse_transform(self, values: FloatArray) -> FloatArray:
        """Return ``values * scale_ + mean_``."""
        mean, scale = self._parameters()
        result: FloatArray = np.asarray(values, dtype=np.float64) * scale + mean
        return result

    def to_dict(self) -> dict[str, Any]:
        """Return the learned means and scales as lists."""
        mean, scale = self._parameters()
        return {"mean": mean.tolist(), "scale": scale.tolist()}

    def _parameters(self) -> tuple[FloatArray, FloatArray]:
        if self.mean_ is None or self.scale_ is None:
            raise NotFittedError("this Standardizer is not fitted yet; call fit first")
        return self.mean_, self.scale_

    @property
    def n_features_in_(self) -> int:
        """Number of columns."""
        return len(self._parameters()[0])

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> Self:
        """Rebuild a fitted standardiser from :meth:`to_dict` output.

        Raises
        ------
        CheckpointError
            If a mean is not finite, a scale not finite and positive, or the lengths differ.
        """
        transform = cls()
        transform.mean_ = restored_vector(state, "mean", "Standardizer")
        transform.scale_ = restored_vector(
            state, "scale", "Standardizer", positive=True, length=len(transform.mean_)
        )
        return transform
