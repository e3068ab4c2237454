"""I.i.d. days from a Gaussian mixture fitted to the rows of returns."""

from __future__ import annotations

import numpy as np
from sklearn.mixture import GaussianMixture

from fingan.baselines.base import (
    FloatArray,
    PathBaseline,
    check_int,
    draw_gaussian_by_label,
    library_seed,
    matrix_root,
)
from fingan.core.random import RandomState
from fingan.core.threads import one_openmp_thread

__all__ = ["GaussianMixtureBaseline"]

#: Returns are multiplied by this before fitting, so that sklearn's ``reg_covar`` (1e-6, added
#: to every covariance) is small next to daily variances (about 1e-4 unscaled, 1 scaled).
_SCALE = 100.0

#: Fewest rows per mixture component accepted by ``fit``.
_ROWS_PER_COMPONENT = 5


class GaussianMixtureBaseline(PathBaseline):
    """Independent days drawn from a Gaussian mixture of the rows of returns; no dynamics.

    A ``sklearn.mixture.GaussianMixture`` with full covariances is fitted by EM to the rows
    (one row = one day, all assets), so fat tails, skew and cross-correlation are modelled as
    a blend of Gaussian components. Each simulated day draws a component with the mixture
    weights and then a Gaussian vector from it, independently of every other day: there is no
    volatility clustering, by design a static baseline. Returns are fitted multiplied by 100
    (so sklearn's covariance regularisation is negligible) and parameters are stored unscaled.

    Parameters
    ----------
    n_components : int, default 3
        Number of mixture components.
    max_iter : int, default 100
        EM iterations per initialisation.
    n_init : int, default 1
        Number of initialisations; the best likelihood is kept.
    random_state : int, numpy.random.Generator or None, default None
        Seeds the k-means initialisation of the fit (sampling takes its own ``random_state``).

    Attributes
    ----------
    assets_ : tuple of str
        The fitted asset names.
    weights_ : ndarray of shape (n_components,)
        Mixture weights.
    means_ : ndarray of shape (n_components, n_assets)
        Component means, in log returns.
    covariances_ : ndarray of shape (n_components, n_assets, n_assets)
        Component covariances, in squared log returns.
    converged_ : bool
        Whether EM converged.

    Notes
    -----
    At least ``5 * n_components`` rows are needed to fit.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> model = GaussianMixtureBaseline(random_state=0).fit(load_sp500())
    >>> model.sample(1000, 252, random_state=0).values.shape
    (1000, 252, 1)
    """

    def __init__(
        self,
        *,
        n_components: int = 3,
        max_iter: int = 100,
        n_init: int = 1,
        random_state: RandomState = None,
    ) -> None:
        self.n_components = n_components
        self.max_iter = max_iter
        self.n_init = n_init
        self.random_state = random_state

    def _check_params(self) -> None:
        check_int(self.n_components, "n_components", minimum=1)
        check_int(self.max_iter, "max_iter", minimum=1)
        check_int(self.n_init, "n_init", minimum=1)

    def _min_rows(self) -> int:
        return max(2, _ROWS_PER_COMPONENT * self.n_components)

    def _fit_values(self, values: FloatArray) -> None:
        mixture = GaussianMixture(
            n_components=self.n_components,
            covariance_type="full",
            max_iter=self.max_iter,
            n_init=self.n_init,
            random_state=library_seed(self.random_state),
        )
        with one_openmp_thread():
            mixture.fit(values * _SCALE)
        self.weights_ = np.asarray(mixture.weights_, dtype=np.float64)
        self.means_ = np.asarray(mixture.means_, dtype=np.float64) / _SCALE
        self.covariances_ = np.asarray(mixture.covariances_, dtype=np.float64) / _SCALE**2
        self.converged_ = bool(mixture.converged_)

    def _simulate(self, n_paths: int, horizon: int, rng: np.random.Generator) -> FloatArray:
        weights = self.weights_ / self.weights_.sum()
        labels = rng.choice(len(weights), size=(n_paths, horizon), p=weights)
        return draw_gaussian_by_label(labels, self.means_, matrix_root(self.covariances_), rng)
