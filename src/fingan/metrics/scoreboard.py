"""The stylized-facts scoreboard: errors of synthetic paths against real returns.

:func:`stylized_facts_scores` measures one generator's paths against the real returns and gives
one error per metric (lower is better), indexed by ``(group, metric)``. The seven stylized-fact
groups are those of :data:`STYLIZED_GROUPS`; two post-hoc scores join them, ``discriminative``
(a classifier tells real from synthetic windows) and ``predictive`` (train on synthetic, test
on real), from :mod:`fingan.metrics.ml_scores`. :func:`compare_generators` does this for several
generators; :mod:`fingan.metrics.ranking` turns their errors into one number each and a rank::

    scores = compare_generators(real, {"gan": gan_paths, "garch_t": garch_paths})
    overall_score(scores)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState, draw_seed
from fingan.metrics.arrays import (
    FloatArray,
    RealReturns,
    SyntheticReturns,
    as_real_and_synthetic,
    safe_scale,
)
from fingan.metrics.marginals import (
    aggregate,
    aggregational_gaussianity,
    gain_loss_asymmetry,
    hill_tail_index,
    wasserstein_horizons,
)
from fingan.metrics.ml_scores import discriminative_score, predictive_score
from fingan.metrics.stylized import (
    acf,
    correlation_matrix_distance,
    leverage,
    path_acf,
    path_leverage,
)

#: The seven stylized-fact groups of the scoreboard, in report order.
STYLIZED_GROUPS: tuple[str, ...] = (
    "distribution",
    "autocorrelation",
    "volatility_clustering",
    "leverage",
    "gain_loss_asymmetry",
    "aggregational_gaussianity",
    "cross_correlation",
)
#: Every group of :func:`stylized_facts_scores`: the stylized facts and the two post-hoc scores.
SCORE_GROUPS: tuple[str, ...] = (*STYLIZED_GROUPS, "discriminative", "predictive")


def stylized_curves(
    real: RealReturns,
    synthetic: SyntheticReturns,
    *,
    asset: int = 0,
    acf_lags: int = 20,
    volatility_lags: int = 100,
    leverage_lags: int = 20,
    horizons: Sequence[int] = (1, 5, 20),
    kurtosis_horizons: Sequence[int] = (1, 5, 20, 60),
) -> dict[str, pd.DataFrame]:
    """Real and synthetic stylized-fact curves of one asset, ready to plot.

    Parameters
    ----------
    real : array-like of shape (T,) or (T, n_assets)
        Real daily log returns.
    synthetic : ReturnPaths or array-like of shape (n_paths, horizon[, n_assets])
        Synthetic paths.
    asset : int
        Position of the asset to describe.
    acf_lags, volatility_lags, leverage_lags : int
        Largest lag of the return ACF, of the ``|r|`` and ``r^2`` ACFs, and of the leverage curve.
    horizons : sequence of int
        Horizons of the gain/loss asymmetry.
    kurtosis_horizons : sequence of int
        Horizons of the kurtosis curve.

    Returns
    -------
    dict of str to pandas.DataFrame
        Frames with columns ``real`` and ``synthetic``: ``acf_returns``, ``acf_abs``,
        ``acf_squared`` and ``leverage`` indexed by ``lag`` (:func:`~.stylized.acf`,
        :func:`~.stylized.path_acf`, :func:`~.stylized.leverage`); ``kurtosis`` and
        ``gain_loss_asymmetry`` (quantile skewness) indexed by ``horizon``.
    """
    real_values, synthetic_values = as_real_and_synthetic(real, synthetic)
    if not 0 <= asset < real_values.shape[1]:
        raise ConfigError(f"asset must be in [0, {real_values.shape[1]}); got {asset!r}")
    series, paths = real_values[:, asset], synthetic_values[:, :, asset]

    def by_lag(real_curve: FloatArray, synthetic_curve: FloatArray) -> pd.DataFrame:
        lags = pd.RangeIndex(1, real_curve.size + 1, name="lag")
        return pd.DataFrame({"real": real_curve, "synthetic": synthetic_curve}, index=lags)

    asymmetry = {
        "real": gain_loss_asymmetry(series, horizons)["quantile_skewness"],
        "synthetic": gain_loss_asymmetry(paths, horizons)["quantile_skewness"],
    }
    kurtosis = {
        "real": aggregational_gaussianity(series, kurtosis_horizons),
        "synthetic": aggregational_gaussianity(paths, kurtosis_horizons),
    }
    return {
        "acf_returns": by_lag(acf(series, acf_lags), path_acf(paths, acf_lags)),
        "acf_abs": by_lag(
            acf(np.abs(series), volatility_lags), path_acf(np.abs(paths), volatility_lags)
        ),
        "acf_squared": by_lag(acf(series**2, volatility_lags), path_acf(paths**2, volatility_lags)),
        "leverage": by_lag(leverage(series, leverage_lags), path_leverage(paths, leverage_lags)),
        "kurtosis": pd.DataFrame(kurtosis),
        "gain_loss_asymmetry": pd.DataFrame(asymmetry),
    }


def stylized_facts_scores(
    real: RealReturns,
    synthetic: SyntheticReturns,
    *,
    horizons: Sequence[int] = (1, 5, 20),
    kurtosis_horizons: Sequence[int] = (1, 5, 20, 60),
    acf_lags: int = 20,
    volatility_lags: int = 100,
    leverage_lags: int = 20,
    window: int = 20,
    random_state: RandomState = None,
) -> pd.Series:
    """Errors of one generator's paths against the real returns, one per metric.

    Every value is an error (0 is perfect, lower is better). Per-asset metrics are averaged over
    the assets. With ``h`` the horizons, ``k`` the kurtosis horizons and RMSE the root mean
    squared difference of two curves over their lags:

    * ``distribution``: ``wasserstein``, the mean over ``h`` of the W1 distance of ``h``-day
      returns divided by the real ``h``-day standard deviation; ``kurtosis``, the absolute
      difference of daily excess kurtosis (the series' against the median of the paths', see
      :func:`~.marginals.aggregational_gaussianity`); ``hill_left`` and ``hill_right``, the
      absolute differences of Hill tail indices (5 % tails, paths pooled);
    * ``autocorrelation``: ``acf_returns``, RMSE of the ACF of returns over ``acf_lags`` lags;
    * ``volatility_clustering``: ``acf_abs`` and ``acf_squared``, RMSE of the ACFs of ``|r|``
      and ``r^2`` over ``volatility_lags`` lags;
    * ``leverage``: ``leverage``, RMSE of ``corr(r_t, r_{t+k}^2)`` over ``leverage_lags`` lags;
    * ``gain_loss_asymmetry``: ``quantile_skewness``, mean absolute difference over ``h`` of
      the 5 % quantile skewness of ``h``-day returns;
    * ``aggregational_gaussianity``: ``kurtosis_curve``, the mean over ``k`` of
      ``|kappa_syn(h) - kappa_real(h)| / (1 + |kappa_real(h)|)``, so that every horizon counts
      alike although kurtosis falls with ``h``;
    * ``cross_correlation``: ``correlation_distance``, the Frobenius distance of the
      correlation matrices (:func:`~.stylized.correlation_matrix_distance`); NaN for one asset;
    * ``discriminative``: ``discriminative_score`` (:func:`~.ml_scores.discriminative_score`);
    * ``predictive``: ``mae_ratio``, :attr:`~.ml_scores.PredictiveScore.ratio`
      (:func:`~.ml_scores.predictive_score`).

    Parameters
    ----------
    real : array-like of shape (T,) or (T, n_assets)
        Real daily log returns.
    synthetic : ReturnPaths or array-like of shape (n_paths, horizon[, n_assets])
        Synthetic paths; each must be longer than every lag and horizon.
    horizons, kurtosis_horizons : sequence of int
        Horizons in days (see above).
    acf_lags, volatility_lags, leverage_lags : int
        Largest lags (see above).
    window : int
        Window length of the discriminative and predictive scores.
    random_state : int, numpy.random.Generator or None
        Seed of the two post-hoc scores.

    Returns
    -------
    pandas.Series
        Errors indexed by a ``(group, metric)`` MultiIndex.
    """
    real_values, synthetic_values = as_real_and_synthetic(real, synthetic)
    n_assets = real_values.shape[1]
    per_asset = [
        _asset_errors(
            real_values[:, asset],
            synthetic_values[:, :, asset],
            horizons=horizons,
            kurtosis_horizons=kurtosis_horizons,
            acf_lags=acf_lags,
            volatility_lags=volatility_lags,
            leverage_lags=leverage_lags,
        )
        for asset in range(n_assets)
    ]
    errors = {key: float(np.mean([asset[key] for asset in per_asset])) for key in per_asset[0]}
    errors["cross_correlation", "correlation_distance"] = (
        correlation_matrix_distance(real_values, synthetic_values) if n_assets > 1 else np.nan
    )
    seed = draw_seed(random_state)
    errors["discriminative", "discriminative_score"] = discriminative_score(
        real_values, synthetic_values, window, random_state=seed
    )
    errors["predictive", "mae_ratio"] = predictive_score(
        real_values, synthetic_values, window, random_state=seed
    ).ratio
    index = pd.MultiIndex.from_tuples(list(errors), names=["group", "metric"])
    return pd.Series(list(errors.values()), index=index, name="error")


def compare_generators(
    real: RealReturns,
    synthetic_by_model: Mapping[str, SyntheticReturns],
    *,
    random_state: RandomState = None,
) -> pd.DataFrame:
    """:func:`stylized_facts_scores` of several generators, one row each.

    Every generator's post-hoc scores use the same seed, so they see the same real split.

    Parameters
    ----------
    real : array-like of shape (T,) or (T, n_assets)
        Real daily log returns.
    synthetic_by_model : mapping of str to ReturnPaths or array-like
        Each generator's paths, by name.
    random_state : int, numpy.random.Generator or None
        Seed of the post-hoc scores.

    Returns
    -------
    pandas.DataFrame
        One row per generator (index ``model``), columns the ``(group, metric)`` MultiIndex.
    """
    if not synthetic_by_model:
        raise ConfigError("synthetic_by_model must name at least one generator")
    seed = draw_seed(random_state)
    rows = {
        name: stylized_facts_scores(real, paths, random_state=seed)
        for name, paths in synthetic_by_model.items()
    }
    frame = pd.DataFrame(rows).T
    frame.index.name = "model"
    return frame


def _asset_errors(
    series: FloatArray,
    paths: FloatArray,
    *,
    horizons: Sequence[int],
    kurtosis_horizons: Sequence[int],
    acf_lags: int,
    volatility_lags: int,
    leverage_lags: int,
) -> dict[tuple[str, str], float]:
    """Compute the per-asset errors of :func:`stylized_facts_scores` for one asset."""
    curves = stylized_curves(
        series,
        paths,
        acf_lags=acf_lags,
        volatility_lags=volatility_lags,
        leverage_lags=leverage_lags,
        horizons=horizons,
        kurtosis_horizons=kurtosis_horizons,
    )
    real_std = np.array([aggregate(series, horizon).std() for horizon in horizons])
    w1 = wasserstein_horizons(series, paths, horizons).to_numpy() / safe_scale(real_std)
    kurtosis = curves["kurtosis"]
    asymmetry = curves["gain_loss_asymmetry"]
    return {
        ("distribution", "wasserstein"): float(np.mean(w1)),
        ("distribution", "kurtosis"): abs(_daily_kurtosis(paths) - _daily_kurtosis(series)),
        ("distribution", "hill_left"): _hill_error(series, paths, "left"),
        ("distribution", "hill_right"): _hill_error(series, paths, "right"),
        ("autocorrelation", "acf_returns"): _rmse(curves["acf_returns"]),
        ("volatility_clustering", "acf_abs"): _rmse(curves["acf_abs"]),
        ("volatility_clustering", "acf_squared"): _rmse(curves["acf_squared"]),
        ("leverage", "leverage"): _rmse(curves["leverage"]),
        ("gain_loss_asymmetry", "quantile_skewness"): float(
            np.mean(np.abs(asymmetry["synthetic"] - asymmetry["real"]))
        ),
        ("aggregational_gaussianity", "kurtosis_curve"): float(
            np.mean(np.abs(kurtosis["synthetic"] - kurtosis["real"]) / (1 + kurtosis["real"].abs()))
        ),
    }


def _daily_kurtosis(values: FloatArray) -> float:
    return float(aggregational_gaussianity(values, (1,)).iloc[0])


def _hill_error(series: FloatArray, paths: FloatArray, tail: Literal["left", "right"]) -> float:
    return abs(hill_tail_index(paths, tail) - hill_tail_index(series, tail))


def _rmse(curves: pd.DataFrame) -> float:
    return float(np.sqrt(np.mean((curves["synthetic"] - curves["real"]) ** 2)))
