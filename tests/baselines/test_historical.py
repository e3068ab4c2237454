"""Historical simulation draws recent days; filtered HS rescales residual days to today.

Filtered historical simulation is a configuration of the conditional scenario model
(``"fhs"``: an EWMA filter with the empirical residuals of the last 500 days).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.baselines.historical import HistoricalSimulation
from fingan.core.exceptions import (
    ConfigError,
    MissingValueError,
    NotFittedError,
    ShapeError,
    TooFewRowsError,
)
from fingan.datasets import load_sp500
from fingan.scenarios import (
    ConditionalScenarioModel,
    EmpiricalInnovations,
    EWMAFilter,
    GARCHFilter,
    build_configuration,
)
from fingan.scenarios.filters import VolatilityFilterBase


@pytest.fixture(scope="module")
def sp500():
    return load_sp500()


@pytest.fixture(scope="module")
def two_assets():
    """Two correlated assets: the S&P 500 and a noisy half of it, seeded."""
    spx = load_sp500()["sp500"]
    noise = np.random.default_rng(11).standard_normal(len(spx)) * 0.005
    return pd.DataFrame({"spx": spx, "half": 0.5 * spx + noise}, index=spx.index)


def filtered_hs(volatility: VolatilityFilterBase) -> ConditionalScenarioModel:
    """Filtered historical simulation drawing from every fitted residual day."""
    return ConditionalScenarioModel(
        volatility=volatility, innovations=EmpiricalInnovations(window=None)
    )


@pytest.fixture(scope="module")
def fhs(sp500):
    return filtered_hs(EWMAFilter()).fit(sp500.iloc[:3000])


def append_shocks(history, size=0.05, days=10):
    """The history followed by ``days`` days of alternating +size / -size returns."""
    index = pd.bdate_range(history.index[-1] + pd.Timedelta(days=1), periods=days)
    shocks = np.resize([size, -size], (days, 1)) * np.ones((1, history.shape[1]))
    return pd.concat([history, pd.DataFrame(shocks, index=index, columns=history.columns)])


def rows_found_in(drawn, rows):
    """Whether each drawn row (last axis) equals some row of ``rows``."""
    flat = drawn.reshape(-1, rows.shape[1])
    return (np.abs(flat[:, None, :] - rows[None, :, :]).max(axis=2) < 1e-12).any(axis=1)


# Historical simulation.


def test_hs_draws_whole_rows_of_the_last_window_only(two_assets):
    model = HistoricalSimulation(lookback=250).fit(two_assets.iloc[:3000])
    history = two_assets.iloc[:4000]
    paths = model.sample_paths(history, 2000, 3, random_state=0)
    assert paths.values.shape == (2000, 3, 2)
    assert paths.assets == ("spx", "half")
    window = history.to_numpy()[-250:]
    assert rows_found_in(paths.values, window).all()
    # Every day of the window is drawn (6000 draws of 250 days).
    assert len(np.unique(paths.values[..., 0])) == len(np.unique(window[:, 0]))


def test_hs_sample_draws_from_the_last_window_of_the_fit_data(sp500):
    model = HistoricalSimulation(lookback=100).fit(sp500.iloc[:3000])
    np.testing.assert_array_equal(model.returns_, sp500.to_numpy()[2900:3000])
    values = model.sample(500, 4, random_state=1).values
    assert np.isin(values, model.returns_).all()


def test_hs_one_day_scenarios_are_the_window_days_equally_likely(sp500):
    model = HistoricalSimulation(lookback=500).fit(sp500)
    paths = model.sample_paths(sp500, 100_000, 1, random_state=2).values[:, 0, 0]
    window_days, multiplicity = np.unique(sp500["sp500"].to_numpy()[-500:], return_counts=True)
    drawn_days, counts = np.unique(paths, return_counts=True)
    np.testing.assert_array_equal(drawn_days, window_days)
    # Frequency 1/500 per day, standard error about 1.4e-4.
    np.testing.assert_allclose(counts / 100_000, multiplicity / 500, atol=7e-4)


def test_hs_same_seed_same_paths(sp500):
    model = HistoricalSimulation().fit(sp500)
    first = model.sample_paths(sp500, 100, 5, random_state=3).values
    np.testing.assert_array_equal(first, model.sample_paths(sp500, 100, 5, random_state=3).values)
    assert not np.array_equal(first, model.sample_paths(sp500, 100, 5, random_state=4).values)


def test_hs_bad_input_raises_fingan_errors(sp500, two_assets):
    with pytest.raises(NotFittedError):
        HistoricalSimulation().sample_paths(sp500, 1, 1)
    with pytest.raises(ConfigError):
        HistoricalSimulation(lookback=0).fit(sp500)
    with pytest.raises(TooFewRowsError):
        HistoricalSimulation(lookback=500).fit(sp500.iloc[:499])
    model = HistoricalSimulation(lookback=500).fit(two_assets)
    with pytest.raises(TooFewRowsError):
        model.sample_paths(two_assets.iloc[:499], 5, 1)
    broken = two_assets.copy()
    broken.iloc[100, 1] = np.nan
    with pytest.raises(MissingValueError):
        model.sample_paths(broken, 5, 1)
    with pytest.raises(ShapeError):
        model.sample_paths(two_assets.rename(columns={"half": "other"}), 5, 1)
    with pytest.raises(ShapeError):
        model.sample_paths(two_assets.to_numpy()[:, :1], 5, 1)
    with pytest.raises(ConfigError):
        model.sample_paths(two_assets, 5, 0)


# Filtered historical simulation: the "fhs" configuration of the conditional scenario model.


def test_fhs_is_an_ewma_filter_drawing_the_histories_last_500_residual_days(sp500):
    model = build_configuration("fhs").fit(sp500.iloc[:3000])
    assert isinstance(model.volatility_, EWMAFilter)
    assert model.volatility_.decay == 0.94
    assert isinstance(model.innovations_, EmpiricalInnovations)
    assert model.innovations_.window == 500
    history = append_shocks(sp500.iloc[:4000], size=0.08, days=1)
    filtered = model.volatility_.filter(history.to_numpy())
    values = model.sample_paths(history, 10_000, 1, random_state=7).values[:, 0]
    innovations = values / np.sqrt(filtered.next_variance)  # the EWMA filter has zero mean
    recent = filtered.residuals[-500:]
    assert rows_found_in(innovations, recent).all()
    assert len(np.unique(innovations.round(10))) == 500  # all recent days, the shock included


def test_fhs_one_day_quantiles_scale_with_current_volatility(sp500, fhs):
    calm = sp500.iloc[:3000]
    volatile = append_shocks(calm)
    variances = [fhs.volatility_.filter(h.to_numpy()).next_variance[0] for h in (calm, volatile)]
    assert variances[1] > 4 * variances[0]
    # The same seed draws the same fitted residual days, so quantiles scale by the volatility.
    quantiles = [
        np.quantile(
            fhs.sample_paths(history, 10_000, 1, random_state=5).values[:, 0, 0],
            [0.01, 0.05, 0.95],
        )
        for history in (calm, volatile)
    ]
    np.testing.assert_allclose(
        quantiles[1] / quantiles[0], np.sqrt(variances[1] / variances[0]), rtol=1e-9
    )


def test_fhs_innovations_are_fitted_residual_days(two_assets):
    model = filtered_hs(GARCHFilter()).fit(two_assets.iloc[:2500])
    history = two_assets.iloc[:3000]
    filtered = model.volatility_.filter(history.to_numpy())
    values = model.sample_paths(history, 500, 1, random_state=6).values[:, 0]  # (paths, assets)
    innovations = (values - model.volatility_.mean) / np.sqrt(filtered.next_variance)
    assert rows_found_in(innovations, model.innovations_.residuals_).all()


@pytest.mark.parametrize("volatility", [EWMAFilter(), GARCHFilter()], ids=["ewma", "garch"])
def test_fhs_variance_after_a_shock_follows_the_filters_forecast(sp500, volatility):
    model = filtered_hs(volatility).fit(sp500.iloc[:3000])
    history = append_shocks(sp500.iloc[:3000])
    values = model.sample_paths(history, 8000, 60, random_state=8).values
    per_day = np.mean((values - model.volatility_.mean) ** 2, axis=0)[:, 0]
    # Expected square of each day: the variance times the residuals' mean square, the
    # variance rolled forward by the filter's update at that expected square.
    mean_square = np.mean(model.innovations_.residuals_**2)
    variance = model.volatility_.filter(history.to_numpy()).next_variance[None, :]
    forecast = []
    for _ in range(60):
        forecast.append(mean_square * variance[0, 0])
        variance = model.volatility_.update(variance, np.sqrt(mean_square * variance))
    if isinstance(volatility, GARCHFilter):
        assert per_day[-10:].mean() < 0.95 * per_day[:10].mean()  # reverts to the long run
    # Mean of each 10-day block; block errors are a few percent.
    np.testing.assert_allclose(
        per_day.reshape(6, 10).mean(axis=1), np.reshape(forecast, (6, 10)).mean(axis=1), rtol=0.08
    )


def test_fhs_same_seed_same_paths(sp500, fhs):
    first = fhs.sample_paths(sp500, 100, 5, random_state=9).values
    np.testing.assert_array_equal(first, fhs.sample_paths(sp500, 100, 5, random_state=9).values)
    assert not np.array_equal(first, fhs.sample_paths(sp500, 100, 5, random_state=10).values)


def test_fhs_bad_input_raises_fingan_errors(sp500, fhs):
    with pytest.raises(NotFittedError):
        build_configuration("fhs").sample_paths(sp500, 1, 1)
    with pytest.raises(ConfigError):
        filtered_hs(GARCHFilter(dist="skewt")).fit(sp500)
    with pytest.raises(ConfigError):
        ConditionalScenarioModel(innovations=EmpiricalInnovations(window=0)).fit(sp500)
    with pytest.raises(TooFewRowsError):
        build_configuration("fhs").fit(sp500.iloc[:99])
    broken = sp500.copy()
    broken.iloc[-1, 0] = np.inf
    with pytest.raises(MissingValueError):
        fhs.sample_paths(broken, 5, 1)
    with pytest.raises(ShapeError):
        fhs.sample_paths(sp500.rename(columns={"sp500": "spx"}), 5, 1)
    with pytest.raises(TooFewRowsError):
        fhs.sample_paths(sp500.iloc[:99], 5, 1)
