"""The interface every invertible data transform follows."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Self

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


class InvertibleTransform(ABC):
    """A fitted, invertible map between data space and model space.

    Subclasses learn their parameters in :meth:`fit`, and store them in JSON-ready form through
    :meth:`to_dict` / :meth:`from_dict` so that saved models need no pickle.
    """

    @abstractmethod
    def fit(self, values: FloatArray) -> Self:
        """Learn the transform's parameters from ``values`` of shape ``(n_samples, n_features)``."""

    @abstractmethod
    def transform(self, values: FloatArray) -> FloatArray:
        """Map data to model space."""

    @abstractmethod
    def inverse_transform(self, values: FloatArray) -> FloatArray:
        """Map model space back to data space."""

    @abstractmethod
    def to_dict(self) -> dict[str, Any]:
        """Return the fitted parameters as a JSON-ready dictionary."""

    @classmethod
    @abstractmethod
    def from_dict(cls, state: dict[str, Any]) -> Self:
        """Rebuild a fitted transform from :meth:`to_dict` output."""

    def fit_transform(self, values: FloatArray) -> FloatArray:
        """Fit to ``values`` and return them transformed."""
        return self.fit(values).transform(values)
