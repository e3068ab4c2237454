"""The forward-looking forecast: the distribution of the next days after the last day of data."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from fingan.apps.forecast.targets import (
    TARGETS,
    asset_column,
    quantile_columns,
    quantile_levels,
    target_values,
)
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState
from fingan.core.validation import check_int
from fingan.data.validation import validate_returns_frame
from fingan.metrics.forecast import DEFAULT_QUANTILES

__all__ = ["forecast_distribution"]


def forecast_distribution(
    model: ConditionalPathModel,
    history: pd.DataFrame,
    *,
    horizon: int = 1,
    n_paths: int = 10_000,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
    asset: str | None = None,
    random_state: RandomState = None,
) -> pd.DataFrame:
    """Forecast the distribution of the next ``horizon`` days after the end of ``history``.

    The targets are those of :func:`~fingan.apps.forecast.evaluate_forecasts` (see
    :mod:`fingan.apps.forecast.targets`), summarised from ``n_paths`` paths that the fitted
    ``model`` draws given all of ``history``.

    Parameters
    ----------
    model : ConditionalPathModel
        A fitted model (for example from :func:`~fingan.apps.forecast.fit_forecast_model`).
    history : pandas.DataFrame
        Daily log returns up to today, one column per fitted asset.
    horizon : int, default 1
        Days ``h`` in the forecast.
    n_paths : int, default 10000
        Paths drawn (at least 2).
    quantiles : sequence of float
        Quantile levels reported.
    asset : str, optional
        The asset forecast (default: the first column of ``history``).
    random_state : int, numpy.random.Generator or None
        Seed of the paths.

    Returns
    -------
    pandas.DataFrame
        One row per target (index ``target``: ``"return"``, ``"realised_vol"``); columns
        ``mean``, ``std`` (sample standard deviation) and ``q<level>`` per quantile level.

    Raises
    ------
    ConfigError
        For an unknown asset, bad quantiles or a bad count.
    """
    frame = validate_returns_frame(history, min_rows=2)
    horizon = check_int(horizon, "horizon", minimum=1)
    n_paths = check_int(n_paths, "n_paths", minimum=2)
    levels = quantile_levels(quantiles)
    name = str(frame.columns[asset_column(frame, asset)])
    paths = model.sample_paths(frame, n_paths, horizon, random_state=random_state)
    samples = target_values(paths.values[:, :, paths.assets.index(name)])
    rows = {
        target: [
            float(samples[target].mean()),
            float(samples[target].std(ddof=1)),
            *np.quantile(samples[target], levels).tolist(),
        ]
        for target in TARGETS
    }
    table = pd.DataFrame.from_dict(
        rows, orient="index", columns=["mean", "std", *quantile_columns(levels)]
    )
    table.index.name = "target"
    return table
