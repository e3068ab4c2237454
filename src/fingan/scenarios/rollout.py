"""ConditionalRollout: a conditional scenario model as a generator of whole market paths."""

from __future__ import annotations

from typing import Any, ClassVar, Self

import pandas as pd

from fingan.core.estimator import BaseEstimator, check_is_fitted, clone
from fingan.core.paths import ReturnPaths
from fingan.core.random import RandomState
from fingan.data.validation import validate_returns_frame
from fingan.scenarios.filters import GARCHFilter
from fingan.scenarios.innovations import EmpiricalInnovations
from fingan.scenarios.model import ConditionalScenarioModel

__all__ = ["ConditionalRollout"]


class ConditionalRollout(BaseEstimator):
    """Paths that continue the fitted days: a conditional model rolled out for the whole horizon.

    A :class:`~fingan.scenarios.ConditionalScenarioModel` forecasts the days after a given
    history. Rolled out from the end of the days it was fitted on, for as many days as asked,
    it is a generator of market paths like any other (``fit(returns)``, then
    ``sample(n_paths, horizon)``), with the volatility clustering of its filter and the
    residual distribution of its innovation model. Every path starts from the filter's state
    after the last fitted day, as the GARCH(1,1)-t baseline does by default.

    Use a filter whose variance reverts to a level (GARCH, GJR-GARCH) for long horizons: an
    EWMA filter's variance is a martingale, so its paths spread without bound as they lengthen.

    Parameters
    ----------
    model : ConditionalScenarioModel, optional
        The conditional model (fitted on a clone); default GARCH(1,1)-filtered empirical
        residuals.

    Attributes
    ----------
    model_ : ConditionalScenarioModel
        The fitted conditional model.
    history_ : pandas.DataFrame
        The fitted returns, from whose end the paths start.

    Examples
    --------
    >>> from fingan.datasets import load_sp500
    >>> from fingan.scenarios import build_configuration
    >>> returns = load_sp500(start="2009-01-01", end="2014-12-31")
    >>> generator = ConditionalRollout(model=build_configuration("garch+t")).fit(returns)
    >>> generator.sample(100, 250, random_state=0).values.shape
    (100, 250, 1)
    """

    _fitted_attributes: ClassVar[tuple[str, ...]] = ("model_", "history_")

    def __init__(self, *, model: ConditionalScenarioModel | None = None) -> None:
        self.model = model

    def fit(self, returns: Any, **training: Any) -> Self:
        """Fit the conditional model to daily log returns and keep them as the paths' start.

        ``training`` goes to the conditional model's ``fit`` (e.g. a GAN's ``progress``).
        """
        frame = validate_returns_frame(returns)
        template = self.model
        if template is None:
            template = ConditionalScenarioModel(
                volatility=GARCHFilter(), innovations=EmpiricalInnovations()
            )
        self.model_ = clone(template).fit(frame, **training)
        self.history_: pd.DataFrame = frame
        return self

    def sample(
        self, n_paths: int, horizon: int, *, random_state: RandomState = None
    ) -> ReturnPaths:
        """Draw ``n_paths`` paths of the ``horizon`` days after the fitted days."""
        check_is_fitted(self)
        return self.model_.sample_paths(self.history_, n_paths, horizon, random_state=random_state)
