"""A Gaussian hidden Markov model of market regimes."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
from hmmlearn.hmm import GaussianHMM  # type: ignore[import-untyped]

from fingan.baselines.base import (
    FloatArray,
    PathBaseline,
    check_choice,
    check_int,
    draw_gaussian_by_label,
    library_seed,
    matrix_root,
    stationary_distribution,
)
from fingan.core.random import RandomState
from fingan.core.threads import one_openmp_thread

__all__ = ["GaussianHMMBaseline"]

#: Returns are multiplied by this before fitting, so that hmmlearn's ``min_covar`` floor
#: (1e-3, added to every covariance) is small next to daily variances (about 1 when scaled).
_SCALE = 100.0

#: Fewest rows per regime accepted by ``fit``.
_ROWS_PER_REGIME = 10

HMMStart = Literal["last", "stationary"]


class GaussianHMMBaseline(PathBaseline):
    r"""Regime-switching returns: a hidden Markov chain picks a Gaussian for each day.

    ``hmmlearn.hmm.GaussianHMM(n_components, covariance_type="full")`` is fitted by EM
    (Baum-Welch) to the rows of returns multiplied by 100 (hmmlearn floors covariances at
    ``min_covar = 1e-3``, negligible on that scale); parameters are stored unscaled, with the
    regimes ordered from the calmest (smallest total variance) to the most volatile. A day's
    returns, all assets together, are Gaussian with the mean and covariance of that day's
    regime, and the regime follows a Markov chain, so calm and turbulent stretches alternate
    and volatility clusters.

    Sampling draws the Markov chain for all paths at once from the transition matrix (one
    array operation per day), then one Gaussian vector per day from its regime.

    Parameters
    ----------
    n_components : int, default 2
        Number of regimes.
    start : {"last", "stationary"}, default "last"
        Regime distribution of the first simulated day. ``"last"``: the filtered probability
        of each regime on the last day of data (given all the data) moved one day forward by
        the transition matrix, so scenarios begin in today's regime. ``"stationary"``: the
        chain's stationary distribution, the long-run share of days in each regime.
    n_iter : int, default 100
        Maximum number of EM iterations.
    tol : float, default 1e-4
        EM stops when the log-likelihood gains less than this.
    random_state : int, numpy.random.Generator or None, default None
        Seeds hmmlearn's initialisation (k-means) in ``fit``; hmmlearn would otherwise use
        NumPy's global generator. Sampling takes its own ``random_state``.

    Attributes
    ----------
    assets_ : tuple of str
        The fitted asset names.
    means_ : ndarray of shape (n_components, n_assets)
        Mean returns of each regime.
    covariances_ : ndarray of shape (n_components, n_assets, n_assets)
        Covariance of each regime's returns.
    transmat_ : ndarray of shape (n_components, n_components)
        ``transmat_[i, j]`` is the probability of regime ``j`` tomorrow given ``i`` today.
    stationary_distribution_ : ndarray of shape (n_components,)
        Long-run probability of each regime.
    last_state_probability_ : ndarray of shape (n_components,)
        Filtered probability of each regime on the last day of data.
    converged_ : bool
        Whether EM converged.

    Notes
    -----
    At least ``10 * n_components`` rows are needed to fit.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> model = GaussianHMMBaseline(random_state=0).fit(load_sp500())
    >>> model.sample(1000, 252, random_state=0).values.shape
    (1000, 252, 1)
    """

    def __init__(
        self,
        *,
        n_components: int = 2,
        start: HMMStart = "last",
        n_iter: int = 100,
        tol: float = 1e-4,
        random_state: RandomState = None,
    ) -> None:
        self.n_components = n_components
        self.start = start
        self.n_iter = n_iter
        self.tol = tol
        self.random_state = random_state

    def _check_params(self) -> None:
        check_int(self.n_components, "n_components", minimum=1)
        check_choice(self.start, "start", ("last", "stationary"))
        check_int(self.n_iter, "n_iter", minimum=1)

    def _min_rows(self) -> int:
        return max(2, _ROWS_PER_REGIME * self.n_components)

    def _fit_values(self, values: FloatArray) -> None:
        scaled = values * _SCALE
        model = GaussianHMM(
            n_components=self.n_components,
            covariance_type="full",
            n_iter=self.n_iter,
            tol=self.tol,
            random_state=library_seed(self.random_state),
        )
        with one_openmp_thread():
            model.fit(scaled)
        covariances = np.asarray(model.covars_, dtype=np.float64)
        order = np.argsort(np.trace(covariances, axis1=1, axis2=2), kind="stable")
        self.means_ = np.asarray(model.means_, dtype=np.float64)[order] / _SCALE
        self.covariances_ = covariances[order] / _SCALE**2
        self.transmat_ = np.asarray(model.transmat_, dtype=np.float64)[np.ix_(order, order)]
        self.stationary_distribution_ = stationary_distribution(self.transmat_)
        # The smoothed probability of the last day conditions on all data: it is the filtered one.
        last = np.asarray(model.predict_proba(scaled)[-1], dtype=np.float64)
        self.last_state_probability_ = last[order]
        self.converged_ = bool(model.monitor_.converged)

    def _simulate(self, n_paths: int, horizon: int, rng: np.random.Generator) -> FloatArray:
        if self.start == "last":
            first = self.last_state_probability_ @ self.transmat_
        else:
            first = self.stationary_distribution_
        regimes = markov_chain(first, self.transmat_, n_paths, horizon, rng)
        return draw_gaussian_by_label(regimes, self.means_, matrix_root(self.covariances_), rng)


def markov_chain(
    initial: FloatArray,
    transition: FloatArray,
    n_paths: int,
    horizon: int,
    rng: np.random.Generator,
) -> npt.NDArray[np.intp]:
    """Draw paths of a finite Markov chain, all paths at once.

    Parameters
    ----------
    initial : ndarray of shape (n_states,)
        Distribution of the first state.
    transition : ndarray of shape (n_states, n_states)
        Row-stochastic transition matrix.
    n_paths, horizon : int
        Shape of the result.
    rng : numpy.random.Generator
        Source of randomness: one uniform per path and step, drawn up front.

    Returns
    -------
    ndarray of shape (n_paths, horizon)
        States in ``[0, n_states)``; each is drawn by inverting the cumulative distribution of
        the previous state's row with a uniform.
    """
    last_state = len(initial) - 1
    uniform = rng.random((n_paths, horizon))
    cumulative = np.cumsum(transition, axis=1)  # (n_states, n_states)
    states = np.empty((n_paths, horizon), dtype=np.intp)
    states[:, 0] = np.searchsorted(np.cumsum(initial), uniform[:, 0], side="right")
    np.minimum(states[:, 0], last_state, out=states[:, 0])
    for step in range(1, horizon):
        thresholds = cumulative[states[:, step - 1]]  # (n_paths, n_states)
        chosen = (uniform[:, step, None] >= thresholds).sum(axis=1)
        states[:, step] = np.minimum(chosen, last_state)
    return states
