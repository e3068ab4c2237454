"""The shared surface of the path baselines: ``fit(returns)`` then ``sample(n_paths, horizon)``.

:class:`PathBaseline` holds what every classical scenario generator does the same way as
fingan's time-series GANs: validate the returns, remember the asset names, check that it is
fitted, check the path shape and turn ``random_state`` into a private NumPy generator. A
subclass implements only :meth:`PathBaseline._fit_values` and :meth:`PathBaseline._simulate`.
:class:`ConditionalPathBaseline` adds ``sample_paths(history, n_paths, horizon)``, paths that
follow a given history, with its checks of the history in one place.

The helpers below the class (parameter checks, 32-bit seeds for sklearn and hmmlearn, matrix
square roots, Gaussian draws per regime, a Markov chain's stationary distribution) are shared
by several baselines.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Self

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.estimator import BaseEstimator, check_is_fitted
from fingan.core.paths import ReturnPaths
from fingan.core.random import RandomState, draw_seed, library_seed
from fingan.core.threads import ensure_threads
from fingan.core.validation import check_choice, check_int
from fingan.data.validation import validate_path_request, validate_returns_frame

__all__ = [
    "ConditionalPathBaseline",
    "FloatArray",
    "PathBaseline",
    "ReturnsLike",
    "check_choice",
    "check_int",
    "draw_gaussian_by_label",
    "library_seed",
    "matrix_root",
    "stationary_distribution",
]

FloatArray = npt.NDArray[np.float64]

#: Daily log returns: a frame with one column per asset, a Series (one asset) or an array.
ReturnsLike = pd.DataFrame | pd.Series | npt.NDArray[np.float64]

#: Seeds handed to libraries (sklearn, hmmlearn) that accept only 32-bit seeds.


class PathBaseline(BaseEstimator, ABC):
    """A classical generator of return paths with the same surface as fingan's market GANs.

    ``fit(returns)`` learns from daily log returns (one column per asset) and returns ``self``;
    ``sample(n_paths, horizon)`` draws a :class:`~fingan.core.paths.ReturnPaths` of shape
    ``(n_paths, horizon, n_assets)``. ``__init__`` of a subclass only stores hyperparameters
    (:class:`~fingan.core.estimator.BaseEstimator` gives ``get_params``, ``set_params`` and
    ``repr``); they are checked in ``fit`` (and again in ``sample``, since some only shape
    sampling).

    Attributes
    ----------
    assets_ : tuple of str
        The fitted column names, one per asset, in order.
    """

    _fitted_attributes = ("assets_",)

    def fit(self, returns: ReturnsLike) -> Self:
        """Fit the baseline to daily log returns.

        Parameters
        ----------
        returns : pandas.DataFrame, pandas.Series or numpy.ndarray
            Daily log returns, one column per asset (a Series is one asset), usually with a
            ``DatetimeIndex``; rows are taken in date order.

        Returns
        -------
        Self
            The fitted baseline.

        Raises
        ------
        ConfigError
            If a hyperparameter is out of its valid range.
        DataValidationError
            If the returns are unusable (see :func:`fingan.data.validate_returns_frame`);
            ``TooFewRowsError`` if there are fewer rows than the model needs.
        """
        self._check_params()
        ensure_threads()
        frame = validate_returns_frame(returns, min_rows=self._min_rows())
        self._fit_values(frame.to_numpy(dtype=np.float64))
        self.assets_ = tuple(str(column) for column in frame.columns)
        return self

    def sample(
        self, n_paths: int, horizon: int, *, random_state: RandomState = None
    ) -> ReturnPaths:
        """Draw return paths from the fitted model.

        Parameters
        ----------
        n_paths : int
            Number of independent paths, at least 1.
        horizon : int
            Number of days in each path, at least 1.
        random_state : int, numpy.random.Generator or None, default None
            Seed for a private generator (a generator passed in gives one draw, so its own
            state advances but is never shared). The same integer gives the same paths.

        Returns
        -------
        ReturnPaths
            Log returns of shape ``(n_paths, horizon, n_assets)`` with the fitted asset names.

        Raises
        ------
        NotFittedError
            If ``fit`` has not been called.
        ConfigError
            If ``n_paths`` or ``horizon`` is not a positive integer, or a hyperparameter was
            set out of range after ``fit``.
        """
        check_is_fitted(self)
        paths = check_int(n_paths, "n_paths", minimum=1)
        steps = check_int(horizon, "horizon", minimum=1)
        self._check_params()
        rng = np.random.default_rng(draw_seed(random_state))
        values = self._simulate(paths, steps, rng)  # (n_paths, horizon, n_assets)
        return ReturnPaths.from_array(values, self.assets_)

    def _check_params(self) -> None:
        """Raise :class:`ConfigError` if a hyperparameter is invalid; none by default."""

    def _min_rows(self) -> int:
        """Fewest rows of returns the model can be fitted on."""
        return 2

    @abstractmethod
    def _fit_values(self, values: FloatArray) -> None:
        """Learn from validated returns of shape (n_rows, n_assets), rows in date order."""

    @abstractmethod
    def _simulate(self, n_paths: int, horizon: int, rng: np.random.Generator) -> FloatArray:
        """Return log returns of shape (n_paths, horizon, n_assets) drawn from ``rng``."""


class ConditionalPathBaseline(PathBaseline):
    """A path baseline that can also draw the days that follow a given history of returns.

    Besides ``sample``, which starts from the end of the fitted data, such a baseline has
    :meth:`sample_paths`, for rolling risk backtests: the fitted model is *not* refitted, it
    only conditions on the history it is given (for a GARCH model, the volatility it implies
    for tomorrow; for historical simulation, its last days). A subclass implements
    :meth:`_simulate_given` and, if it needs more than the fit, :meth:`_min_history_rows`.
    """

    def sample_paths(
        self,
        history: ReturnsLike,
        n_paths: int,
        horizon: int,
        *,
        random_state: RandomState = None,
    ) -> ReturnPaths:
        """Draw paths of the ``horizon`` days after the last row of ``history``.

        Parameters
        ----------
        history : pandas.DataFrame, pandas.Series or numpy.ndarray
            Daily log returns up to and including today, rows in date order (a
            ``DatetimeIndex`` is sorted). A frame or Series must have exactly the fitted
            asset columns, matched by name (in any order); an array must have one column per
            fitted asset, in the fitted order. It may extend beyond the fitted data.
        n_paths : int
            Number of independent paths, at least 1.
        horizon : int
            Number of days in each path, at least 1; day 0 is the day after the history.
        random_state : int, numpy.random.Generator or None, default None
            Seed for a private generator, as for :meth:`sample`.

        Returns
        -------
        ReturnPaths
            Log returns of shape ``(n_paths, horizon, n_assets)`` with the fitted asset names.

        Raises
        ------
        NotFittedError
            If ``fit`` has not been called.
        ConfigError
            If ``n_paths`` or ``horizon`` is not a positive integer, or a hyperparameter is
            out of range.
        ShapeError
            If the history's columns are not the fitted assets.
        DataValidationError
            If the history is otherwise unusable: ``MissingValueError`` for NaN or infinite
            values, ``TooFewRowsError`` if it is shorter than the model needs.
        """
        check_is_fitted(self)
        self._check_params()
        values, paths, days = validate_path_request(
            history, n_paths, horizon, assets=self.assets_, min_rows=self._min_history_rows()
        )
        rng = np.random.default_rng(draw_seed(random_state))
        simulated = self._simulate_given(values, paths, days, rng)  # (n_paths, horizon, n_assets)
        return ReturnPaths.from_array(simulated, self.assets_)

    def _min_history_rows(self) -> int:
        """Fewest rows of history :meth:`sample_paths` accepts; by default as many as ``fit``."""
        return self._min_rows()

    @abstractmethod
    def _simulate_given(
        self, history: FloatArray, n_paths: int, horizon: int, rng: np.random.Generator
    ) -> FloatArray:
        """Return log returns of shape (n_paths, horizon, n_assets) following ``history``.

        ``history`` is validated, of shape (n_rows, n_assets) in the fitted asset order, with
        at least :meth:`_min_history_rows` rows in date order.
        """


def matrix_root(covariance: FloatArray) -> FloatArray:
    """Return a square root ``A`` of a covariance matrix, ``A @ A.T == covariance``.

    A symmetric eigen-decomposition is used rather than a Cholesky factor, so singular (but
    positive semi-definite) matrices such as those of duplicated assets are accepted; tiny
    negative eigenvalues from rounding are set to zero.

    Parameters
    ----------
    covariance : ndarray of shape (..., n, n)
        One or a stack of symmetric positive semi-definite matrices.

    Returns
    -------
    ndarray of shape (..., n, n)
        The roots.
    """
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    root: FloatArray = eigenvectors * np.sqrt(np.clip(eigenvalues, 0.0, None))[..., None, :]
    return root


def draw_gaussian_by_label(
    labels: npt.NDArray[np.intp],
    means: FloatArray,
    roots: FloatArray,
    rng: np.random.Generator,
) -> FloatArray:
    """Draw one Gaussian vector per label from the component the label names.

    Parameters
    ----------
    labels : ndarray of int, any shape
        Component (regime) of each draw, in ``[0, n_components)``.
    means : ndarray of shape (n_components, n_assets)
        Mean of each component.
    roots : ndarray of shape (n_components, n_assets, n_assets)
        Square root of each component's covariance (see :func:`matrix_root`).
    rng : numpy.random.Generator
        Source of the standard normal draws, drawn one component after the other.

    Returns
    -------
    ndarray of shape labels.shape + (n_assets,)
        The draws.
    """
    n_assets = means.shape[1]
    flat = labels.ravel()
    out = np.empty((flat.size, n_assets))
    for component in range(means.shape[0]):
        chosen = flat == component
        noise = rng.standard_normal((int(np.count_nonzero(chosen)), n_assets))
        out[chosen] = noise @ roots[component].T + means[component]
    return out.reshape(*labels.shape, n_assets)


def stationary_distribution(transition: FloatArray) -> FloatArray:
    """Return the stationary distribution ``pi`` of a Markov chain, ``pi @ transition == pi``.

    Parameters
    ----------
    transition : ndarray of shape (n_states, n_states)
        Row-stochastic transition matrix.

    Returns
    -------
    ndarray of shape (n_states,)
        Non-negative probabilities summing to one (a least-squares solution when the chain
        has several stationary distributions).
    """
    n_states = transition.shape[0]
    system = np.vstack([transition.T - np.eye(n_states), np.ones((1, n_states))])
    target = np.zeros(n_states + 1)
    target[-1] = 1.0
    solution = np.linalg.lstsq(system, target, rcond=None)[0]
    probabilities: FloatArray = np.clip(solution, 0.0, None)
    probabilities /= probabilities.sum()
    return probabilities
