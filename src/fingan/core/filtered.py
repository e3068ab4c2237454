"""Returns split by a volatility filter into a scale and standardised residuals.

The contract between the two parts of a conditional scenario model (see
:mod:`fingan.scenarios`): a volatility filter turns returns into a
:class:`FilteredReturns`, an innovation model learns (and, given a history, continues) its
standardised residuals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["FilteredReturns"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FilteredReturns:
    r"""Daily returns as :math:`r_t = \mu + \sigma_t z_t`, one column per asset.

    Attributes
    ----------
    residuals : ndarray of shape (n_days, n_assets)
        Standardised residuals :math:`z_t = (r_t - \mu) / \sigma_t`.
    variances : ndarray of shape (n_days, n_assets)
        Conditional variance :math:`\sigma_t^2` of each day, known at the end of the day
        before (squared return units).
    next_variance : ndarray of shape (n_assets,)
        The conditional variance of the day after the last one.
    long_run_variance : ndarray of shape (n_assets,)
        The variance level the filter reverts to, or the training data's mean square where it
        does not revert (EWMA); features of the volatility level are measured against it.
    """

    residuals: FloatArray
    variances: FloatArray
    next_variance: FloatArray
    long_run_variance: FloatArray

    def __post_init__(self) -> None:
        if self.residuals.ndim != 2 or self.residuals.shape != self.variances.shape:
            raise ValueError(
                f"residuals {self.residuals.shape} and variances {self.variances.shape} must "
                "be two-dimensional and of one shape"
            )
        n_assets = self.residuals.shape[1]
        if self.next_variance.shape != (n_assets,) or self.long_run_variance.shape != (n_assets,):
            raise ValueError("next_variance and long_run_variance need one value per asset")

    @property
    def n_assets(self) -> int:
        """Number of assets (columns)."""
        return int(self.residuals.shape[1])

    def log_variances(self) -> FloatArray:
        """Return ``log(sigma_t^2)`` of every day, then of the next: ``(n_days + 1, n_assets)``."""
        stacked = np.vstack([self.variances, self.next_variance[None, :]])
        result: FloatArray = np.log(np.maximum(stacked, 1e-300))
        return result
