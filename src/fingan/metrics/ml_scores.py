"""Post-hoc scores of synthetic paths by machine learning: discriminative and predictive.

:func:`discriminative_score` asks how well a classifier tells real windows from synthetic ones
(the post-hoc discriminator of TimeGAN, Yoon et al., 2019); :func:`predictive_score` trains a
volatility forecast on synthetic paths and tests it on real returns (train on synthetic, test
on real). :func:`fingan.metrics.scoreboard.stylized_facts_scores` reports both beside the
stylized facts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split

from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.core.random import LIBRARY_SEED_BOUND, RandomState, draw_seed
from fingan.core.threads import one_openmp_thread
from fingan.metrics.arrays import (
    FloatArray,
    RealReturns,
    SyntheticReturns,
    as_real_and_synthetic,
    check_probability,
    safe_scale,
)

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
    synthetic : ReturnPaths or array-like of shape (n_paths, horizon[, n_assets])
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
    check_probability(test_size, "test_size")
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
    scale = safe_scale(real_values.std(axis=0))
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
        with one_openmp_thread():
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
    synthetic : ReturnPaths or array-like of shape (n_paths, horizon[, n_assets])
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
    check_probability(test_size, "test_size")
    horizon = synthetic_values.shape[1]
    if horizon <= window:
        raise TooFewRowsError(f"paths of {horizon} days leave no window of {window} + 1 days")
    scale = safe_scale(real_values.std(axis=0))
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
    n_synthetic = min(int(max_train), synthetic_values.shape[0] * (horizon - window))
    paths = rng.integers(synthetic_values.shape[0], size=n_synthetic)
    path_starts = rng.integers(horizon - window, size=n_synthetic)
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


def _disjoint_windows(values: FloatArray, window: int) -> FloatArray:
    """Disjoint windows of every path: (n_paths, horizon, n_assets) -> (n, window, n_assets)."""
    n_paths, horizon, n_assets = values.shape
    n_windows = horizon // window
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


def _check_window(window: int) -> None:
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 2:
        raise ConfigError(f"window must be an integer of at least 2; got {window!r}")
