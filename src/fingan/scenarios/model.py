"""ConditionalScenarioModel: a volatility filter x an innovation model, fitted in turn."""

from __future__ import annotations

import os
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt

from fingan.core.estimator import BaseEstimator, check_is_fitted, clone
from fingan.core.paths import ReturnPaths
from fingan.core.protocols import InnovationModel
from fingan.core.random import RandomState, draw_seed
from fingan.core.resources import check_paths_memory
from fingan.core.threads import ensure_threads
from fingan.data.validation import validate_path_request, validate_returns_frame
from fingan.scenarios.filters import EWMAFilter, VolatilityFilterBase
from fingan.scenarios.innovations import EmpiricalInnovations
from fingan.scenarios.options import training_options

__all__ = ["ConditionalScenarioModel"]

FloatArray = npt.NDArray[np.float64]

#: Paths are simulated in chunks of at most this many (bounded memory for the GAN's state).
_CHUNK = 50_000


class ConditionalScenarioModel(BaseEstimator):
    r"""Scenarios of the next days given the market so far: a filter x an innovation model.

    Composed the way ``arch`` composes a mean, a volatility process and a distribution:
    ``volatility`` splits the returns into :math:`r_t = \mu + \sigma_t z_t`
    (:mod:`fingan.scenarios.filters`: EWMA, GARCH(1,1), GJR-GARCH(1,1)), and ``innovations``
    learns the standardised residuals :math:`z_t` (Student-t, the empirical residuals, a GAN,
    optionally with EVT tails). ``fit`` fits the filter, filters the returns and fits the
    innovation model to the residuals. ``sample_paths(history, n_paths, horizon)`` filters
    the history with the fitted filter (no refit) and rolls every path forward day by day:
    the innovation model draws :math:`z` given the path's state, the return is
    :math:`\mu + \sigma z`, and the filter updates the path's variance from it.

    Filtered historical simulation is ``ConditionalScenarioModel(EWMAFilter(),
    EmpiricalInnovations(window=500))``; GARCH-t is a GARCH filter with Student-t
    innovations; the conditional GAN is a filter with an :class:`~fingan.models.InnovationGAN`
    (see :mod:`fingan.scenarios.configurations` for the named configurations).

    Parameters
    ----------
    volatility : volatility filter, default EWMAFilter()
        The filter (fitted on a clone).
    innovations : innovation model, default EmpiricalInnovations()
        The model of the residuals (fitted on a clone when it is a fingan estimator).

    Attributes
    ----------
    assets_ : tuple of str
        The fitted asset names.
    volatility_ : volatility filter
        The fitted filter.
    innovations_ : innovation model
        The fitted innovation model.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> returns = load_sp500(end="2014-12-31")
    >>> model = ConditionalScenarioModel().fit(returns)
    >>> model.sample_paths(returns, n_paths=1000, horizon=5, random_state=0).values.shape
    (1000, 5, 1)
    """

    _fitted_attributes: ClassVar[tuple[str, ...]] = ("volatility_", "innovations_")

    def __init__(
        self,
        *,
        volatility: VolatilityFilterBase | None = None,
        innovations: InnovationModel | None = None,
    ) -> None:
        self.volatility = volatility
        self.innovations = innovations

    def fit(self, returns: Any, **training: Any) -> Self:
        """Fit the filter to ``returns``, then the innovation model to its residuals.

        Parameters
        ----------
        returns : pandas.DataFrame, pandas.Series or numpy.ndarray
            Daily log returns, one column per asset, rows in date order (at least 100).
        **training
            ``checkpoint_dir``, ``resume``, ``progress``: passed to an innovation model that
            trains in steps (a GAN).

        Raises
        ------
        ConfigError
            If training options are given to an innovation model that takes none.
        """
        ensure_threads()
        frame = validate_returns_frame(returns, min_rows=100)
        values = frame.to_numpy(dtype=np.float64)
        volatility = self.volatility if self.volatility is not None else EWMAFilter()
        innovations = self.innovations if self.innovations is not None else EmpiricalInnovations()
        self.volatility_ = clone(volatility).fit(values)
        filtered = self.volatility_.filter(values)
        fitted = clone(innovations) if isinstance(innovations, BaseEstimator) else innovations
        self.innovations_ = fitted.fit(filtered, **training_options(fitted.fit, training))
        self.assets_ = tuple(str(column) for column in frame.columns)
        return self

    def sample_paths(
        self,
        history: Any,
        n_paths: int,
        horizon: int,
        *,
        random_state: RandomState = None,
    ) -> ReturnPaths:
        """Draw paths of the ``horizon`` days after the last row of ``history``.

        Parameters
        ----------
        history : pandas.DataFrame, pandas.Series or numpy.ndarray
            Daily log returns up to and including today, the fitted assets (at least 100
            rows; it may extend beyond the fitted data).
        n_paths, horizon : int
            Number of paths and days per path.
        random_state : int, numpy.random.Generator or None
            Seed; the same seed gives the same paths.

        Returns
        -------
        ReturnPaths
            Log returns of shape ``(n_paths, horizon, n_assets)``.
        """
        check_is_fitted(self)
        values, n_paths, horizon = validate_path_request(
            history, n_paths, horizon, assets=self.assets_, min_rows=100
        )
        check_paths_memory(n_paths, horizon, len(self.assets_))
        rng = np.random.default_rng(draw_seed(random_state))
        filtered = self.volatility_.filter(values)
        chunks = [
            self._roll_out(filtered, min(_CHUNK, n_paths - start), horizon, rng)
            for start in range(0, n_paths, _CHUNK)
        ]
        return ReturnPaths.from_array(np.concatenate(chunks), self.assets_)

    def _roll_out(
        self, filtered: Any, n_paths: int, horizon: int, rng: np.random.Generator
    ) -> FloatArray:
        sampler = self.innovations_.sampler(filtered, n_paths, rng)
        mean = self.volatility_.mean
        variance = np.broadcast_to(filtered.next_variance, (n_paths, filtered.n_assets)).copy()
        paths = np.empty((n_paths, horizon, filtered.n_assets))
        for day in range(horizon):
            residuals = sampler.draw(variance)
            shock = np.sqrt(variance) * residuals
            paths[:, day] = mean + shock
            if day + 1 < horizon:
                sampler.advance(residuals, variance)
                variance = self.volatility_.update(variance, shock)
        return paths

    def save(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        """Save the fitted model to a new folder (JSON and safetensors only, all or nothing).

        An earlier saved model there is replaced only with ``overwrite``; see
        :mod:`fingan.scenarios.persistence`.
        """
        from fingan.scenarios.persistence import save_scenario_model

        check_is_fitted(self)
        save_scenario_model(self, path, overwrite=overwrite)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ConditionalScenarioModel:
        """Load a model written by :meth:`save`; loading never runs code from the folder."""
        from fingan.scenarios.persistence import load_scenario_model

        return load_scenario_model(path)
