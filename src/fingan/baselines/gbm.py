"""Geometric Brownian motion: i.i.d. multivariate Gaussian daily log returns."""

from __future__ import annotations

import numpy as np

from fingan.baselines.base import FloatArray, PathBaseline, matrix_root

__all__ = ["GBMBaseline"]


class GBMBaseline(PathBaseline):
    r"""Correlated geometric Brownian motions, the Black-Scholes model of prices.

    Under geometric Brownian motion daily log returns are independent and Gaussian,
    :math:`r_t \sim N(\mu, \Sigma)`, with :math:`\mu` and :math:`\Sigma` estimated by the
    sample mean and covariance of the rows of returns. It has no fat tails and no volatility
    clustering: the simplest benchmark.

    Attributes
    ----------
    assets_ : tuple of str
        The fitted asset names.
    mean_ : ndarray of shape (n_assets,)
        Mean daily log return (the drift :math:`\mu - \sigma^2 / 2` of the price process).
    covariance_ : ndarray of shape (n_assets, n_assets)
        Covariance of daily log returns (the unbiased sample covariance).

    Notes
    -----
    At least 2 rows are needed to fit.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> model = GBMBaseline().fit(load_sp500())
    >>> model.sample(1000, 252, random_state=0).values.shape
    (1000, 252, 1)
    """

    def __init__(self) -> None:
        pass

    def _fit_values(self, values: FloatArray) -> None:
        self.mean_ = values.mean(axis=0)
        self.covariance_ = np.atleast_2d(np.cov(values, rowvar=False))

    def _simulate(self, n_paths: int, horizon: int, rng: np.random.Generator) -> FloatArray:
        noise = rng.standard_normal((n_paths, horizon, len(self.mean_)))
        out: FloatArray = noise @ matrix_root(self.covariance_).T
        out += self.mean_
        return out
