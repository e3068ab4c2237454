"""PRIIPs figures against hand computations from the formulas of the RTS."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fingan.core.exceptions import ConfigError, DataValidationError
from fingan.products.priips import (
    MRM_BOUNDS,
    bootstrap_log_returns,
    cornish_fisher_stress,
    cornish_fisher_var,
    historical_scenarios,
    market_risk_class,
    performance_scenarios,
    simulated_vev,
    stress_volatility,
    vev_from_var,
)

# Four returns with closed-form moments: mean 0, M2 = 0.0003, M3 = -6e-6, M4 = 2.1e-7, so
# sigma = sqrt(3)/100, skewness mu1 = -2/sqrt(3), excess kurtosis mu2 = 21/9 - 3 = -2/3.
SKEWED = [-0.03, 0.01, 0.01, 0.01]
# Six returns: mean 0, M2 = 11/30000, M3 = 0, M4 = 83/3e8 -> mu1 = 0, mu2 = 249/121 - 3.
SYMMETRIC = [0.01, -0.01, 0.01, -0.01, 0.03, -0.03]
# Eleven outcomes; sorted: -0.40 -0.25 -0.10 0.00 0.02 0.05 0.08 0.12 0.20 0.30 0.50.
OUTCOMES = [0.12, -0.40, 0.05, -0.10, 0.30, 0.00, 0.08, -0.25, 0.20, 0.02, 0.50]


@pytest.mark.parametrize(
    ("vev", "expected"),
    [
        (-0.01, 1),  # a VaR above zero (a sure gain) gives a negative VEV
        (0.0, 1),
        (0.004999, 1),
        (0.005, 2),  # each bound belongs to the higher class (Annex II point 2, as amended)
        (0.049999, 2),
        (0.05, 3),
        (0.119999, 3),
        (0.12, 4),
        (0.2, 5),
        (0.3, 6),
        (0.799999, 6),
        (0.8, 7),
        (5.0, 7),
        (math.inf, 7),
    ],
)
def test_market_risk_class_buckets_and_edges(vev, expected):
    assert market_risk_class(vev) == expected
    assert isinstance(market_risk_class(vev), int)


def test_market_risk_class_on_arrays():
    classes = market_risk_class(np.array([0.0, *MRM_BOUNDS]))
    assert classes.tolist() == [1, 2, 3, 4, 5, 6, 7]


def test_vev_by_hand():
    # (sqrt(3.842 - 2 * VaR) - 1.96) / sqrt(T): VaR = -0.2, T = 1 -> sqrt(4.242) - 1.96.
    assert vev_from_var(-0.2, 1.0) == pytest.approx(2.0596116138 - 1.96, abs=1e-9)
    # T = 4 halves it.
    assert vev_from_var(-0.2, 4.0) == pytest.approx((2.0596116138 - 1.96) / 2, abs=1e-9)


def test_vev_of_a_lognormal_var_is_its_volatility():
    # Normal log returns with annual sigma 0.2 over T = 1: VaR = -1.96 * 0.2 - 0.5 * 0.04.
    # 3.842 + 0.824 = 4.666, sqrt = 2.1600926 -> VEV = 0.2000926 (3.842 vs 1.96**2 = 3.8416).
    assert vev_from_var(-0.412, 1.0) == pytest.approx(0.2000926, abs=1e-7)


def test_cornish_fisher_var_by_hand():
    n = 256
    sigma, mu1, mu2 = math.sqrt(3) / 100, -2 / math.sqrt(3), -2 / 3
    # sigma * sqrt(N) = 0.27712813; bracket = -1.96 - 0.0342080 + 0.0001789 + 0.0007604
    # = -1.9932687; minus 0.5 * 0.0003 * 256 = 0.0384 -> -0.5907908.
    expected = (
        sigma * 16 * (-1.96 + 0.474 * mu1 / 16 - 0.0687 * mu2 / n + 0.146 * mu1**2 / n)
        - 0.5 * sigma**2 * n
    )
    assert expected == pytest.approx(-0.5907908, abs=1e-7)
    assert cornish_fisher_var(SKEWED, n) == pytest.approx(expected, rel=1e-12)
    # and its VEV: sqrt(3.842 + 1.1815816) - 1.96 = 0.2813348 -> class 5.
    vev = vev_from_var(cornish_fisher_var(SKEWED, n), 1.0)
    assert vev == pytest.approx(0.2813348, abs=1e-7)
    assert market_risk_class(vev) == 5


def test_cornish_fisher_var_of_a_constant_series_is_class_1():
    var = cornish_fisher_var([0.001] * 10, 256)
    assert var == 0.0
    assert market_risk_class(vev_from_var(var, 1.0)) == 1


def test_stress_volatility_by_hand():
    # Windows of 2: (0.01, -0.01) x3 -> 0.01; (-0.01, 0.03) -> 0.02; (0.03, -0.03) -> 0.03.
    # Percentile positions over 5 sorted values: 0.99 * 4 = 3.96, 0.90 * 4 = 3.6.
    assert stress_volatility(SYMMETRIC, 1.0, window=2) == pytest.approx(0.02 + 0.96 * 0.01)
    assert stress_volatility(SYMMETRIC, 3.0, window=2) == pytest.approx(0.02 + 0.6 * 0.01)


@pytest.mark.parametrize(
    ("years", "per_year", "window"),
    [(1.0, 256, 21), (0.5, 252, 21), (1.5, 256, 63), (1.0, 52, 8), (5.0, 52, 16), (1.0, 12, 6)],
)
def test_stress_window_by_frequency_and_holding_period(years, per_year, window):
    # A series whose windows' volatility is 0 except the one holding the single jump: with
    # exactly w + 1 values there are two windows, so the window length decides the answer.
    returns = np.zeros(window + 1)
    returns[-1] = 1.0  # only the last window of length w holds it
    vols = [0.0, math.sqrt(1 / window - 1 / window**2)]
    q = 0.99 if years <= 1.0 else 0.90
    expected = vols[0] + q * (vols[1] - vols[0])
    assert stress_volatility(returns, years, periods_per_year=per_year) == pytest.approx(expected)


def test_cornish_fisher_stress_by_hand():
    # sigma_S = 0.0296 (above), N = 256, z = Phi^-1(0.01) = -2.3263479, mu1 = 0,
    # mu2 = -114/121: w = z + (z**3 - 3z)/24 * mu2/N = -2.3254875;
    # x = 0.0296 * 16 * w - 0.5 * 0.0296**2 * 256 = -1.1013509 - 0.1121485 = -1.2134993.
    z, mu2, sigma_s, n = -2.3263478740, -114 / 121, 0.0296, 256
    w = z + (z**3 - 3 * z) / 24 * mu2 / n
    expected = math.exp(sigma_s * 16 * w - 0.5 * sigma_s**2 * n) - 1
    assert expected == pytest.approx(-0.7028444, abs=1e-7)
    assert cornish_fisher_stress(SYMMETRIC, 1.0, window=2) == pytest.approx(expected, rel=1e-9)


def test_performance_scenarios_by_hand():
    s = performance_scenarios(OUTCOMES, 1.0)
    # positions 0.9 * 10, 0.5 * 10, 0.1 * 10 are whole: sorted[9], sorted[5], sorted[1]
    assert (s.favourable, s.moderate, s.unfavourable) == pytest.approx((0.30, 0.05, -0.25))
    # RHP of one year: 1 % -> position 0.1: -0.40 + 0.1 * 0.15
    assert s.stress == pytest.approx(-0.385)
    # RHP above one year: 5 % -> position 0.5: halfway between -0.40 and -0.25
    assert performance_scenarios(OUTCOMES, 5.0).stress == pytest.approx(-0.325)
    stressed = performance_scenarios(OUTCOMES, 5.0, stress_outcomes=[-0.9, -0.5, -0.1])
    assert stressed.stress == pytest.approx(-0.9 + 0.1 * 0.4)  # position 0.05 * 2 = 0.1
    assert stressed.unfavourable == pytest.approx(-0.25)
    assert "favourable" in s.summary()
    assert "+30.00%" in s.summary()
    assert s.to_dict()["method"] == "simulation"


def test_simulated_vev_by_hand():
    # 2.5th percentile of the eleven outcomes: position 0.25 -> -0.40 + 0.25 * 0.15 = -0.3625
    expected = math.sqrt(3.842 - 2 * math.log(1 - 0.3625)) - 1.96
    assert simulated_vev(OUTCOMES, 1.0) == pytest.approx(expected)
    assert simulated_vev([-1.0, -1.0, 0.5], 1.0) == math.inf  # a total loss at 2.5 %
    assert market_risk_class(simulated_vev([-1.0, -1.0, 0.5], 1.0)) == 7


def test_historical_scenarios_by_hand():
    # RHP 13 months over 15 months of history (16 month-end prices).
    prices = [100, 110, 100, 125] + [100] * 9 + [120, 99, 100]
    s = historical_scenarios(prices, 13, stress=-0.5, lookback_months=15)
    # 7(a): 120/100, 99/110, 100/100 -> +0.2, -0.1, 0.0; 7(b): 100/125 (12 months) -> -0.2
    assert (s.favourable, s.moderate, s.unfavourable) == pytest.approx((0.2, 0.0, -0.2))
    assert s.stress == -0.5
    assert s.holding_period_years == pytest.approx(13 / 12)
    # older prices than the lookback are ignored
    assert historical_scenarios([1.0, *prices], 13, stress=-0.5, lookback_months=15) == s


def test_historical_scenarios_default_lookback_is_ten_years():
    with pytest.raises(DataValidationError, match="at least 121"):
        historical_scenarios(np.ones(120), 12, stress=-0.5)


def test_bootstrap_draws_recentred_days():
    paths = bootstrap_log_returns([-0.01, 0.01], 5, 7, random_state=0)
    assert paths.shape == (7, 5, 1)
    # M1 = 0, sigma = 0.01: each day is r - 0.5 * 0.0001
    assert set(np.round(paths.ravel(), 12)) <= {-0.01005, 0.00995}
    stressed = bootstrap_log_returns([-0.01, 0.01], 5, 7, volatility=0.02, random_state=0)
    # rescaled by 0.02 / 0.01, minus 0.5 * 0.0004, on the same days
    np.testing.assert_allclose(stressed, (paths + 0.5e-4) * 2 - 2e-4)
    drifted = bootstrap_log_returns([-0.01, 0.01], 5, 7, drift=0.001, random_state=0)
    np.testing.assert_allclose(drifted, paths + 0.001)


def test_bootstrap_keeps_days_of_several_underlyings_together():
    returns = np.array([[-0.01, 0.02], [0.01, -0.02]])
    paths = bootstrap_log_returns(returns, 50, 4, random_state=1)
    assert paths.shape == (4, 50, 2)
    np.testing.assert_allclose(paths[..., 1] + 2e-4, -2 * (paths[..., 0] + 0.5e-4))


@pytest.mark.parametrize(
    "call",
    [
        lambda: cornish_fisher_var([], 256),
        lambda: cornish_fisher_var([0.01], 256),
        lambda: cornish_fisher_var([0.01, np.nan, 0.0], 256),
        lambda: cornish_fisher_var([[0.01, 0.02]], 256),
        lambda: stress_volatility([0.01, np.inf] * 30, 1.0),
        lambda: stress_volatility([0.01] * 10, 1.0),  # fewer returns than w = 21
        lambda: performance_scenarios([], 1.0),
        lambda: performance_scenarios([0.1, np.nan], 1.0),
        lambda: performance_scenarios([0.1], 1.0, stress_outcomes=[]),
        lambda: simulated_vev([np.nan], 1.0),
        lambda: market_risk_class([0.1, np.nan]),
        lambda: historical_scenarios([100.0, -1.0, 100.0], 1, stress=0.0, lookback_months=2),
        lambda: bootstrap_log_returns([0.01, 0.01], 5, 5),  # zero volatility
        lambda: bootstrap_log_returns(np.zeros((2, 2, 2)), 5, 5),
    ],
)
def test_bad_data_gives_one_line_error(call):
    with pytest.raises(DataValidationError) as info:
        call()
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda: vev_from_var(-0.2, 0.0),
        lambda: vev_from_var(-0.2, -1.0),
        lambda: vev_from_var(-0.2, math.nan),
        lambda: vev_from_var(math.nan, 1.0),
        lambda: cornish_fisher_var(SKEWED, 0),
        lambda: cornish_fisher_var(SKEWED, 2.5),  # type: ignore[arg-type]
        lambda: stress_volatility(SYMMETRIC, 0.0, window=2),
        lambda: stress_volatility(SYMMETRIC, 1.0, window=0),
        lambda: stress_volatility(SYMMETRIC, 1.0, periods_per_year=100),
        lambda: cornish_fisher_stress(SYMMETRIC, -1.0, window=2),
        lambda: performance_scenarios(OUTCOMES, 0.0),
        lambda: performance_scenarios(OUTCOMES, True),
        lambda: simulated_vev(OUTCOMES, -2.0),
        lambda: historical_scenarios(np.ones(200), 0, stress=0.0),
        lambda: historical_scenarios(np.ones(200), 24, stress=0.0, lookback_months=12),
        lambda: bootstrap_log_returns(SYMMETRIC, 0, 5),
        lambda: bootstrap_log_returns(SYMMETRIC, 5, 5, volatility=-0.1),
    ],
)
def test_bad_settings_give_one_line_config_error(call):
    with pytest.raises(ConfigError) as info:
        call()
    assert "\n" not in str(info.value)
