"""Mode-specific normalisation of a numeric column, after CTGAN (Xu et al., 2019).

A variational Gaussian mixture (Dirichlet-process prior) finds the column's modes; a value ``x``
becomes the scalar ``alpha = (x - mu_k) / (4 sigma_k)`` and its mode ``k``.
:class:`~fingan.transforms.tabular.TableTransformer` encodes every numeric column this way.
"""

from __future__ import annotations

import warnings
from typing import Any, Self

import numpy as np
import numpy.typing as npt
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture

from fingan.core.exceptions import NotFittedError
from fingan.core.random import RandomState, library_seed
from fingan.transforms.base import restored_vector

__all__ = ["ModeSpecificNormalizer"]

FloatArray = npt.NDArray[np.float64]

_SCALE = 4.0  # alpha = (x - mu) / (4 sigma), as in CTGAN


class ModeSpecificNormalizer:
    """Mode-specific normalisation of one numeric column.

    Parameters
    ----------
    max_modes : int
        Components of the variational Gaussian mixture.
    weight_threshold : float
        Modes with a smaller mixture weight are dropped.
    random_state : int, numpy.random.Generator or None
        Seed of the mixture fit.

    Attributes
    ----------
    means_, stds_ : ndarray of shape (n_modes,)
        The kept modes.
    """

    def __init__(
        self,
        *,
        max_modes: int = 10,
        weight_threshold: float = 0.005,
        random_state: RandomState = None,
    ) -> None:
        self.max_modes = max_modes
        self.weight_threshold = weight_threshold
        self.random_state = random_state
        self.means_: FloatArray | None = None
        self.stds_: FloatArray | None = None

    @property
    def n_modes(self) -> int:
        """Number of kept modes."""
        return len(self._modes()[0])

    def fit(self, values: npt.ArrayLike) -> Self:
        """Find the modes of a 1-D sample."""
        column = np.asarray(values, dtype=np.float64).reshape(-1, 1)
        distinct = np.unique(column).size
        mixture = BayesianGaussianMixture(
            n_components=max(1, min(self.max_modes, distinct)),
            weight_concentration_prior_type="dirichlet_process",
            weight_concentration_prior=1e-3,
            max_iter=200,
            random_state=library_seed(self.random_state),
        )
        with warnings.catch_warnings():
            # Unused components of the Dirichlet-process prior often stop before converging;
            # they are dropped below by their weight.
            warnings.simplefilter("ignore", ConvergenceWarning)
            mixture.fit(column)
        keep = mixture.weights_ > self.weight_threshold
        if not keep.any():
            keep = mixture.weights_ == mixture.weights_.max()
        self.means_ = mixture.means_[keep, 0].astype(np.float64)
        spread = np.sqrt(mixture.covariances_[keep].reshape(-1))
        self.stds_ = np.maximum(spread, 1e-6 * max(1.0, float(np.abs(column).max())))
        return self

    def transform(self, values: npt.ArrayLike) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """Return ``(alpha, mode)``: each value's most likely mode and its scaled offset."""
        means, stds = self._modes()
        column = np.asarray(values, dtype=np.float64).reshape(-1, 1)
        log_density = -0.5 * ((column - means) / stds) ** 2 - np.log(stds)
        modes = np.argmax(log_density, axis=1).astype(np.int64)
        alpha = (column[:, 0] - means[modes]) / (_SCALE * stds[modes])
        return alpha, modes

    def inverse_transform(self, alpha: npt.ArrayLike, modes: npt.ArrayLike) -> FloatArray:
        """Return ``mu_k + 4 sigma_k alpha`` for each (alpha, mode)."""
        means, stds = self._modes()
        index = np.asarray(modes, dtype=np.int64)
        result: FloatArray = means[index] + _SCALE * stds[index] * np.asarray(
            alpha, dtype=np.float64
        )
        return result

    def to_dict(self) -> dict[str, Any]:
        """Return the modes as lists."""
        means, stds = self._modes()
        return {"means": means.tolist(), "stds": stds.tolist()}

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> Self:
        """Rebuild from :meth:`to_dict` output.

        Raises
        ------
        CheckpointError
            If a mode's mean is not finite, its spread not finite and positive, or the lengths
            differ.
        """
        normalizer = cls()
        normalizer.means_ = restored_vector(state, "means", "ModeSpecificNormalizer")
        normalizer.stds_ = restored_vector(
            state, "stds", "ModeSpecificNormalizer", positive=True, length=len(normalizer.means_)
        )
        return normalizer

    def _modes(self) -> tuple[FloatArray, FloatArray]:
        if self.means_ is None or self.stds_ is None:
            raise NotFittedError("this ModeSpecificNormalizer is not fitted yet; call fit first")
        return self.means_, self.stds_
