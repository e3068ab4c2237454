"""The stylized-facts scoreboard: errors of synthetic paths against real returns, and a ranking.

:func:`stylized_facts_scores` measures one generator's paths against the real returns and gives
one error per metric (lower is better), indexed by ``(group, metric)``. The seven stylized-fact
groups are those of :data:`STYLIZED_GROUPS`; two post-hoc scores join them, ``discriminative``
(a classifier tells real from synthetic windows) and ``predictive`` (train on synthetic, test
on real). :func:`overall_score` turns the errors of several generators into one number each
and a rank, and :func:`head_to_head` says which groups one generator wins against others::

    scores = compare_generators(real, {"gan": gan_paths, "garch_t": garch_paths})
    overall_score(scores)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from fingan.core.exceptions import ConfigError, ShapeError, TooFewRowsError
from fingan.core.random import LIBRARY_SEED_BOUND, RandomState, draw_seed
from fingan.metrics.stylized import (
    FloatArray,
    RealReturns,
    SyntheticReturns,
    acf,
    aggregate,
    aggregational_gaussianity,
    as_real_and_synthetic,
    correlation_matrix_distance,
    gain_loss_asymmetry,
    hill_tail_index,
    leverage,
    path_acf,
    path_leverage,
    wasserstein_horizons,
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

_MIN_WINDOWS = 10


@dataclass(frozen=True)
class PredictiveScore:
    """Mean absolute errors of next-day ``|r|`` forecasts on held-out real data.

    Attributes
    ----------
    mae_synthetic : float
        Error of the model trained on synthetic paths (train on synthetic, test on real).
    mae_real : float
        Error of the same model trained on the earlier real data (train on real, test on real).
    """

    mae_synthetic: float
    mae_real: float

    @property
    def ratio(self) -> float:
        """``mae_synthetic / mae_real``: near 1 when synthetic data teach as much as real data."""
        return self.mae_synthetic / self.mae_real if self.mae_real > 0 else float("nan")


def discriminative_score(
    real: RealReturns,
    synthetic: SyntheticReturns,
    window: int = 20,
    *,
    random_state: RandomState = None,
    test_size: float = 0.3,
    n_repeats: int = 5,
) -> float:
    """How well a classifier tells real windows from synthetic ones: ``|accuracy - 0.5|``.

    The post-hoc discriminator of TimeGAN (Yoon et al., 2019). The real returns are cut into
    disjoint windows of ``window`` days; as many synthetic windows are drawn at random from the
    disjoint windows of all paths (or, if the paths hold fewer, the real ones are subsampled).
    Every window is standardised with the real mean and standard deviation of each asset (one
    scale for both classes, so a wrong volatility level stays visible) and described by its
    values in order, the same values sorted (the window's empirical quantiles: tails and
    spread) and, per asset, the mean of ``|z_t z_{t+1}|`` (local volatility clustering). A
    gradient-boosted tree classifier (scikit-learn's ``HistGradientBoostingClassifier``, 100
    iterations, leaves of at least 5 windows so that it can learn from a few dozen) is fitted on
    a stratified ``1 - test_size`` share and scored on the rest. This is repeated
    ``n_repeats`` times with fresh synthetic windows and splits, and the scores are averaged:
    held-out periods of a few years give only a few dozen real windows.

    Parameters
    ----------
    real : array-like of shape (T,) or (T, n_assets)
        Real daily log returns.
    synthetic : ReturnPaths or array-like of shape (n_paths, n_steps[, n_assets])
        Synthetic paths.
    window : int
        Days per window.
    random_state : int, numpy.random.Generator or None
        Seed of the window draw, the split and the classifier.
    test_size : float
        Held-out share, in (0, 1).
    n_repeats : int
        Number of draws and splits averaged.

    Returns
    -------
    float
        0 when real and synthetic windows are indistinguishable, up to 0.5 when always told
        apart. With ``n`` windows per class the value has a positive bias of about
        ``0.4 / sqrt(n * test_size * 2)`` from chance alone.
    """
    real_values, synthetic_values = as_real_and_synthetic(real, synthetic)
    _check_window(window)
    _check_share(test_size, "test_size")
    if isinstance(n_repeats, bool) or not isinstance(n_repeats, int) or n_repeats < 1:
        raise ConfigError(f"n_repeats must be a positive integer; got {n_repeats!r}")
    seed = draw_seed(random_state)
    rng = np.random.default_rng(seed)
    real_windows = _disjoint_windows(real_values[None], window)
    synthetic_windows = _disjoint_windows(synthetic_values, window)
    n_windows = min(len(real_windows), len(synthetic_windows))
    if n_windows < _MIN_WINDOWS:
        raise TooFewRowsError(
            f"{n_windows} windows of {window} days per class; need at least {_MIN_WINDOWS}"
        )
    scale = _safe_scale(real_values.std(axis=0))
    labels = np.repeat([1, 0], n_windows)
    scores = []
    for _ in range(n_repeats):
        chosen_real = real_windows[rng.choice(len(real_windows), n_windows, replace=False)]
        chosen_synthetic = synthetic_windows[
            rng.choice(len(synthetic_windows), n_windows, replace=False)
        ]
        windows = np.concatenate([chosen_real, chosen_synthetic])
        features = _window_features((windows - real_values.mean(axis=0)) / scale)
        library_seed = int(rng.integers(LIBRARY_SEED_BOUND))
        x_train, x_test, y_train, y_test = train_test_split(
            features, labels, test_size=test_size, stratify=labels, random_state=library_seed
        )
        classifier = HistGradientBoostingClassifier(
            max_iter=100, min_samples_leaf=5, random_state=library_seed
        )
        # One thread: on a few hundred windows OpenMP gains nothing, and on a busy machine its
        # spinning workers slow the fit down tenfold.
        with threadpool_limits(limits=1, user_api="openmp"):
            accuracy = float(classifier.fit(x_train, y_train).score(x_test, y_test))
        scores.append(abs(accuracy - 0.5))
    return float(np.mean(scores))


def predictive_score(
    real: RealReturns,
    synthetic: SyntheticReturns,
    window: int = 20,
    *,
    random_state: RandomState = None,
    test_size: float = 0.3,
    max_train: int = 20_000,
) -> PredictiveScore:
    """Train on synthetic, test on real: forecast next-day ``|r|`` from the last ``window`` days.

    Returns themselves are unpredictable, so the target is the volatility proxy ``|r_{t+1}|``
    and the inputs are ``|r_{t-window+1}|, ..., |r_t|`` of every asset (one target per asset).
    The real series is split in time: the last ``test_size`` share of its windows is the test
    set. A ridge regression (``alpha = 1`` on ``|r|`` divided by each asset's real standard
    deviation) is fitted once on up to ``max_train`` windows drawn at random from the synthetic
    paths and once on the earlier real windows; both are scored on the same real test windows.
    A generator that reproduces volatility clustering teaches the model as much as the real
    data do (ratio near 1); one without it teaches only the mean level (ratio above 1). The
    generators are usually fitted on the whole real series, test period included, which
    favours all of them alike.

    Parameters
    ----------
    real : array-like of shape (T,) or (T, n_assets)
        Real daily log returns.
    synthetic : ReturnPaths or array-like of shape (n_paths, n_steps[, n_assets])
        Synthetic paths, each longer than ``window`` days.
    window : int
        Days of history per forecast.
    random_state : int, numpy.random.Generator or None
        Seed of the draw of synthetic windows.
    test_size : float
        Share of the real windows held out for testing, in (0, 1).
    max_train : int
        Most synthetic windows to train on.

    Returns
    -------
    PredictiveScore
        The two mean absolute errors, in log-return units.
    """
    real_values, synthetic_values = as_real_and_synthetic(real, synthetic)
    _check_window(window)
    _check_share(test_size, "test_size")
    n_steps = synthetic_values.shape[1]
    if n_steps <= window:
        raise TooFewRowsError(f"paths of {n_steps} days leave no window of {window} + 1 days")
    scale = _safe_scale(real_values.std(axis=0))
    real_abs = np.abs(real_values) / scale  # (T, n_assets)
    n_real = real_abs.shape[0] - window
    n_train = round((1.0 - test_size) * n_real)
    if n_train < _MIN_WINDOWS or n_real - n_train < _MIN_WINDOWS:
        raise TooFewRowsError(
            f"{real_abs.shape[0]} real days give too few windows of {window} + 1 days"
        )
    starts = np.arange(n_real)
    x_real, y_real = _forecast_pairs(
        real_abs[None], np.zeros(n_real, dtype=np.int64), starts, window
    )
    rng = np.random.default_rng(draw_seed(random_state))
    n_synthetic = min(int(max_train), synthetic_values.shape[0] * (n_steps - window))
    paths = rng.integers(synthetic_values.shape[0], size=n_synthetic)
    path_starts = rng.integers(n_steps - window, size=n_synthetic)
    x_synthetic, y_synthetic = _forecast_pairs(
        np.abs(synthetic_values) / scale, paths, path_starts, window
    )
    x_test, y_test = x_real[n_train:], y_real[n_train:]

    def test_error(x_fit: FloatArray, y_fit: FloatArray) -> float:
        forecast = Ridge(alpha=1.0).fit(x_fit, y_fit).predict(x_test).reshape(y_test.shape)
        return float(np.mean(np.abs(forecast - y_test) * scale))

    return PredictiveScore(
        mae_synthetic=test_error(x_synthetic, y_synthetic),
        mae_real=test_error(x_real[:n_train], y_real[:n_train]),
    )


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
    synthetic : ReturnPaths or array-like of shape (n_paths, n_steps[, n_assets])
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
      :func:`~.stylized.aggregational_gaussianity`); ``hill_left`` and ``hill_right``, the
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
    * ``discriminative``: ``discriminative_score`` (:func:`discriminative_score`);
    * ``predictive``: ``mae_ratio``, :attr:`PredictiveScore.ratio` (:func:`predictive_score`).

    Parameters
    ----------
    real : array-like of shape (T,) or (T, n_assets)
        Real daily log returns.
    synthetic : ReturnPaths or array-like of shape (n_paths, n_steps[, n_assets])
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


MAX_RELATIVE_ERROR = 3.0
"""Cap on an error divided by the median error of the generators compared."""


def group_scores(scores_by_model: pd.DataFrame) -> pd.DataFrame:
    """Relative error of each generator in each metric group.

    Each metric's error is divided by the median of that metric over the generators compared,
    and a group's score is the mean of its metrics' relative errors: 1 is the typical error
    among the generators, 0.5 half of it, 0 perfect. Dividing by the median puts metrics of
    different units on one scale and makes the scores relative to the set compared: adding or
    removing a generator moves the medians. An arithmetic mean bounds the reward for a
    near-zero error (at most 1 below the typical one), so that a generator which copies the
    real data, or a noisy metric that comes out 0 by chance, cannot outweigh failures
    elsewhere. For the same reason each relative error is capped at
    :data:`MAX_RELATIVE_ERROR` (3): a generator that fails one metric badly (say, ten times the
    typical error) loses at most 3 points there rather than outweighing every other group. A
    metric whose median is 0 (or NaN) is left out, and so is a group with no value at all
    (``cross_correlation`` for one asset).

    Parameters
    ----------
    scores_by_model : pandas.DataFrame
        One row per generator, columns a ``(group, metric)`` MultiIndex of errors (as from
        :func:`compare_generators`).

    Returns
    -------
    pandas.DataFrame
        One row per generator, one column per group.
    """
    if not isinstance(scores_by_model.columns, pd.MultiIndex):
        raise ShapeError("scores_by_model needs (group, metric) MultiIndex columns")
    errors = scores_by_model.astype(np.float64)
    if (errors < 0).to_numpy().any():
        raise ConfigError("scores_by_model holds negative errors")
    median = errors.median(axis=0).where(lambda value: value > 0)
    relative = errors.div(median, axis=1).clip(upper=MAX_RELATIVE_ERROR)
    table = relative.T.groupby(level=0, sort=False).mean().T.dropna(axis=1, how="all")
    order = [group for group in SCORE_GROUPS if group in table.columns]
    order += [group for group in table.columns if group not in order]
    return table[order]


def overall_score(
    scores_by_model: pd.DataFrame, *, groups: Sequence[str] | None = None
) -> pd.DataFrame:
    """One score per generator, and a rank: the mean of its group scores.

    Group scores are those of :func:`group_scores`: each metric's error divided by its median
    over the generators compared, averaged within the group. The overall score is the mean of
    the group scores with equal weights, over ``groups`` (by default every group present: the
    seven stylized facts, the discriminative and the predictive score; each group counts once
    however many metrics it holds), skipping groups a generator has no value for. Lower is
    better; 1 is the typical generator of the set. The score is relative to the set of
    generators compared, so compare generators only within one table.

    Parameters
    ----------
    scores_by_model : pandas.DataFrame
        One row per generator, columns a ``(group, metric)`` MultiIndex of errors.
    groups : sequence of str, optional
        Groups to average, e.g. :data:`STYLIZED_GROUPS`.

    Returns
    -------
    pandas.DataFrame
        One row per generator, best first: a column per group, ``overall`` and ``rank`` (1 is
        best; ties share the better rank).
    """
    table = group_scores(scores_by_model)
    used = list(table.columns) if groups is None else [str(group) for group in groups]
    missing = [group for group in used if group not in table.columns]
    if missing:
        raise ConfigError(f"unknown or empty groups: {', '.join(missing)}")
    table["overall"] = table[used].mean(axis=1)
    table["rank"] = table["overall"].rank(method="min", na_option="bottom").astype(np.int64)
    return table.sort_values("rank", kind="stable")


def head_to_head(
    scores_by_model: pd.DataFrame, model: str, rivals: Sequence[str] | None = None
) -> pd.DataFrame:
    """Which groups one generator wins against each rival.

    Parameters
    ----------
    scores_by_model : pandas.DataFrame
        One row per generator, columns a ``(group, metric)`` MultiIndex of errors.
    model : str
        The generator to judge.
    rivals : sequence of str, optional
        The generators to judge it against; by default all others, in the order of the rows.

    Returns
    -------
    pandas.DataFrame of bool
        Index: the groups of :func:`group_scores` and ``overall``; one column per rival; True
        where ``model``'s score (relative to all generators in ``scores_by_model``) is strictly
        lower. The number of stylized-fact groups won against every rival is
        ``frame[frame.index.isin(STYLIZED_GROUPS)].all(axis=1).sum()``.
    """
    table = overall_score(scores_by_model)
    names = [str(name) for name in scores_by_model.index]
    chosen = [name for name in names if name != model] if rivals is None else list(rivals)
    unknown = [name for name in (model, *chosen) if name not in names]
    if unknown:
        raise ConfigError(f"unknown models: {', '.join(unknown)}")
    columns = [column for column in table.columns if column != "rank"]
    mine = table.loc[model, columns]
    wins = {rival: mine < table.loc[rival, columns] for rival in chosen}
    return pd.DataFrame(wins, index=pd.Index(columns, name="group")).astype(bool)


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
    w1 = wasserstein_horizons(series, paths, horizons).to_numpy() / _safe_scale(real_std)
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


def _disjoint_windows(values: FloatArray, window: int) -> FloatArray:
    """Disjoint windows of every path: (n_paths, n_steps, n_assets) -> (n, window, n_assets)."""
    n_paths, n_steps, n_assets = values.shape
    n_windows = n_steps // window
    trimmed = values[:, : n_windows * window]
    return trimmed.reshape(n_paths * n_windows, window, n_assets)


def _window_features(windows: FloatArray) -> FloatArray:
    """Classifier inputs of windows of shape (n, window, n_assets): ordered, sorted, clustering."""
    n = windows.shape[0]
    clustering = np.mean(np.abs(windows[:, 1:] * windows[:, :-1]), axis=1)  # (n, n_assets)
    features: FloatArray = np.hstack(
        [windows.reshape(n, -1), np.sort(windows, axis=1).reshape(n, -1), clustering]
    )
    return features


def _forecast_pairs(
    values: FloatArray, paths: npt.NDArray[np.int64], starts: npt.NDArray[np.int64], window: int
) -> tuple[FloatArray, FloatArray]:
    """Cut inputs ``values[path, start : start + window]`` and the targets one day later."""
    offsets = starts[:, None] + np.arange(window)  # (n, window)
    inputs = values[paths[:, None], offsets]  # (n, window, n_assets)
    targets = values[paths, starts + window]  # (n, n_assets)
    return inputs.reshape(len(starts), -1), targets


def _safe_scale(scale: FloatArray) -> FloatArray:
    return np.where(scale > 0, scale, 1.0)


def _check_window(window: int) -> None:
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 2:
        raise ConfigError(f"window must be an integer of at least 2; got {window!r}")


def _check_share(value: float, name: str) -> None:
    if not 0.0 < value < 1.0:
        raise ConfigError(f"{name} must be in (0, 1); got {value!r}")
