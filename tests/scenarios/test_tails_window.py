"""GPD tails of the last days: fitted at fit, and again for every sampler of a history."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from fingan.core.exceptions import ConfigError, TooFewRowsError
from fingan.core.filtered import FilteredReturns
from fingan.scenarios import ConditionalScenarioModel, EWMAFilter, GPDTails, StudentTInnovations
from fingan.scenarios.tails import fit_tails


def filtered_from(residuals: np.ndarray) -> FilteredReturns:
    variances = np.full_like(residuals, 1e-4)
    n_assets = residuals.shape[1]
    return FilteredReturns(residuals, variances, np.full(n_assets, 1e-4), np.full(n_assets, 1e-4))


@pytest.fixture
def calm_then_storm(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """3,000 calm days of t(4) residuals (spread 0.7), then 400 wider ones (spread 1.5)."""
    calm = stats.t.rvs(4, size=(3000, 1), random_state=rng) * 0.7
    storm = stats.t.rvs(4, size=(400, 1), random_state=rng) * 1.5
    return calm, storm


def test_a_window_fits_the_tails_of_the_last_days(calm_then_storm) -> None:
    calm, storm = calm_then_storm
    tails = GPDTails(body=StudentTInnovations(), window=400).fit(
        filtered_from(np.vstack([calm, storm]))
    )
    np.testing.assert_allclose(tails.lower_, np.quantile(storm, 0.05, axis=0))
    np.testing.assert_allclose(tails.scale_, fit_tails(storm, 0.05).scale)
    # Every sampler fits them again to the last days of its own history.
    history = filtered_from(np.vstack([storm, calm]))
    sampler = tails.sampler(history, 10, np.random.default_rng(0))
    np.testing.assert_allclose(sampler.tails.upper, np.quantile(calm[-400:], 0.95, axis=0))
    everything = GPDTails(body=StudentTInnovations()).fit(filtered_from(np.vstack([calm, storm])))
    kept = everything.sampler(history, 10, np.random.default_rng(0))
    np.testing.assert_array_equal(kept.tails.lower, everything.lower_)


def test_after_a_storm_the_recent_tails_reach_further(calm_then_storm) -> None:
    """The 1 % quantile moves out with the recent tails, though the body still says how often.

    The body (a t fitted to every day, mostly calm) lands beyond the wider recent threshold
    less often than 5 %, so the quantile moves out by less than the recent residuals' did.
    """
    calm, storm = calm_then_storm
    data = filtered_from(np.vstack([calm, storm]))
    quantiles = {}
    for window in (None, 400):
        tails = GPDTails(body=StudentTInnovations(), window=window).fit(data)
        draws = tails.sampler(data, 50_000, np.random.default_rng(1)).draw(np.ones((50_000, 1)))
        quantiles[window] = float(np.quantile(draws, 0.01))
    assert quantiles[400] < 1.05 * quantiles[None]  # both negative: further out
    assert quantiles[400] > np.quantile(storm, 0.01)


def test_window_needs_enough_exceedances_and_days(calm_then_storm) -> None:
    calm, storm = calm_then_storm
    with pytest.raises(ConfigError, match="exceedances"):
        GPDTails(body=StudentTInnovations(), window=100).fit(filtered_from(calm))
    with pytest.raises(ConfigError, match="window"):
        GPDTails(body=StudentTInnovations(), window=2.5).fit(filtered_from(calm))  # type: ignore[arg-type]
    tails = GPDTails(body=StudentTInnovations(), window=400).fit(filtered_from(calm))
    with pytest.raises(TooFewRowsError, match="window"):
        tails.sampler(filtered_from(storm[:300]), 10, np.random.default_rng(0))


def test_saved_model_keeps_the_window(tmp_path) -> None:
    from fingan.datasets import load_sp500

    returns: pd.DataFrame = load_sp500(end="2010-12-31")
    innovations = GPDTails(body=StudentTInnovations(), window=500)
    model = ConditionalScenarioModel(volatility=EWMAFilter(), innovations=innovations)
    model.fit(returns).save(tmp_path / "m")
    loaded = ConditionalScenarioModel.load(tmp_path / "m")
    assert isinstance(loaded.innovations_, GPDTails)
    assert loaded.innovations_.window == 500
    later = load_sp500(end="2012-12-31")  # a later history: the tails move with it
    np.testing.assert_array_equal(
        model.sample_paths(later, 300, 2, random_state=3).values,
        loaded.sample_paths(later, 300, 2, random_state=3).values,
    )
