from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from fingan.core.exceptions import ConfigError, MissingValueError, ShapeError, TooFewRowsError
from fingan.metrics.backtest import (
    basel_traffic_light,
    christoffersen_independence_test,
    conditional_coverage_test,
    kupiec_test,
    var_backtest,
    var_violations,
)
from fingan.metrics.risk import value_at_risk

LEVEL = 0.99
Z99 = stats.norm.ppf(LEVEL)


def _normal_es(level: float) -> float:
    """ES of a standard normal loss at ``level``."""
    return float(stats.norm.pdf(stats.norm.ppf(level)) / (1.0 - level))


def _hits(n_days: int, positions: list[int]) -> np.ndarray:
    hits = np.zeros(n_days, dtype=bool)
    hits[positions] = True
    return hits


def _reference_kupiec(hits: int, days: int, rate: float) -> float:
    """-2 log of the binomial likelihood ratio, straight from scipy's binomial pmf."""
    return float(
        -2.0 * (stats.binom.logpmf(hits, days, rate) - stats.binom.logpmf(hits, days, hits / days))
    )


# --- violations and sign convention ---------------------------------------------------------------


def test_violations_use_the_loss_sign_convention_of_value_at_risk(rng):
    returns = rng.normal(size=1000)
    var = value_at_risk(returns, 0.95)
    assert var > 0  # a loss, reported as a positive number
    hits = var_violations(returns, np.full(returns.size, var))
    assert hits.dtype == np.bool_
    np.testing.assert_array_equal(hits, returns < -var)
    assert hits.mean() == pytest.approx(0.05, abs=0.002)


def test_violation_is_strict():
    assert var_violations([-0.02, -0.0200001], 0.02).tolist() == [False, True]


# --- Kupiec ---------------------------------------------------------------------------------------


def test_kupiec_known_answer():
    result = kupiec_test(_hits(250, [10, 60, 110, 160, 210]), LEVEL)
    assert result.statistic == pytest.approx(1.956, abs=1e-3)
    assert result.p_value == pytest.approx(0.162, abs=1e-3)
    assert result.statistic == pytest.approx(_reference_kupiec(5, 250, 0.01), rel=1e-12)
    assert result.p_value == pytest.approx(stats.chi2.sf(result.statistic, 1), rel=1e-12)
    assert result.df == 1


@pytest.mark.parametrize("n_hits", [0, 1, 2, 7, 15, 250])
def test_kupiec_matches_binomial_reference_including_extremes(n_hits):
    result = kupiec_test(_hits(250, list(range(n_hits))), LEVEL)
    assert np.isfinite(result.statistic)
    assert np.isfinite(result.p_value)
    if 0 < n_hits < 250:
        assert result.statistic == pytest.approx(_reference_kupiec(n_hits, 250, 0.01), rel=1e-10)


def test_kupiec_zero_and_all_violations_closed_forms():
    assert kupiec_test(np.zeros(250, dtype=bool), LEVEL).statistic == pytest.approx(
        -2 * 250 * np.log(0.99)
    )
    assert kupiec_test(np.ones(250, dtype=bool), LEVEL).statistic == pytest.approx(
        -2 * 250 * np.log(0.01)
    )
    assert kupiec_test(np.ones(250, dtype=bool), LEVEL).p_value == pytest.approx(0.0)


def test_kupiec_accepts_zero_one_integers():
    as_int = kupiec_test([0, 1, 0, 0], 0.9)
    as_bool = kupiec_test([False, True, False, False], 0.9)
    assert as_int == as_bool


# --- Christoffersen independence ------------------------------------------------------------------


def test_independence_rejects_clustered_violations():
    clustered = _hits(500, [100, 101, 102, 103, 300, 301, 302, 303])
    assert christoffersen_independence_test(clustered).p_value < 0.01


def test_independence_does_not_reject_iid_bernoulli():
    hits = np.random.default_rng(7).uniform(size=1000) < 0.05
    result = christoffersen_independence_test(hits)
    assert result.p_value > 0.05
    assert result.df == 1


def test_independence_matches_two_by_two_reference():
    """LR of a Markov chain vs iid equals the G statistic of the 2 x 2 transition table."""
    hits = np.random.default_rng(3).uniform(size=400) < 0.1
    table = np.array(
        [
            [np.sum(~hits[:-1] & ~hits[1:]), np.sum(~hits[:-1] & hits[1:])],
            [np.sum(hits[:-1] & ~hits[1:]), np.sum(hits[:-1] & hits[1:])],
        ]
    )
    g_statistic, _, _, _ = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert christoffersen_independence_test(hits).statistic == pytest.approx(g_statistic)


@pytest.mark.parametrize(
    "hits",
    [
        np.zeros(100, dtype=bool),
        np.ones(100, dtype=bool),
        _hits(100, [99]),
        _hits(100, [0]),
        _hits(2, [1]),
    ],
    ids=["none", "all", "last-only", "first-only", "two-days"],
)
def test_independence_finite_with_empty_transition_counts(hits):
    result = christoffersen_independence_test(hits)
    assert np.isfinite(result.statistic)
    assert 0.0 <= result.p_value <= 1.0


def test_independence_needs_two_days():
    with pytest.raises(TooFewRowsError):
        christoffersen_independence_test([True])


# --- conditional coverage -------------------------------------------------------------------------


def test_conditional_coverage_is_sum_with_two_degrees_of_freedom():
    hits = np.random.default_rng(11).uniform(size=500) < 0.02
    pof = kupiec_test(hits, LEVEL)
    independence = christoffersen_independence_test(hits)
    result = conditional_coverage_test(hits, LEVEL)
    assert result.statistic == pytest.approx(pof.statistic + independence.statistic)
    assert result.p_value == pytest.approx(stats.chi2.sf(result.statistic, 2))
    assert result.df == 2


def test_conditional_coverage_accepts_correct_var_and_rejects_too_low_var():
    returns = np.random.default_rng(2024).normal(size=1000)
    correct = conditional_coverage_test(var_violations(returns, Z99), LEVEL)
    too_low = conditional_coverage_test(var_violations(returns, 0.6 * Z99), LEVEL)
    assert correct.p_value > 0.05
    assert too_low.p_value < 0.001


# --- Basel traffic light --------------------------------------------------------------------------


def test_traffic_light_basel_table_for_250_days():
    zones = [basel_traffic_light(k, 250, 0.99) for k in range(16)]
    assert zones == ["green"] * 5 + ["yellow"] * 5 + ["red"] * 6


@pytest.mark.parametrize(("n_days", "level"), [(500, 0.99), (1000, 0.975), (60, 0.95)])
def test_traffic_light_follows_binomial_cdf_for_any_sample(n_days, level):
    for k in range(n_days // 4):
        cumulative = stats.binom.cdf(k, n_days, 1 - level)
        expected = "green" if cumulative < 0.95 else "yellow" if cumulative < 0.9999 else "red"
        assert basel_traffic_light(k, n_days, level) == expected


def test_traffic_light_for_500_days():
    # green 0-8, yellow 9-14, red from 15: the zones scale with the number of days
    assert basel_traffic_light(8, 500) == "green"
    assert basel_traffic_light(9, 500) == "yellow"
    assert basel_traffic_light(14, 500) == "yellow"
    assert basel_traffic_light(15, 500) == "red"


def test_traffic_light_rejects_bad_counts():
    with pytest.raises(ConfigError):
        basel_traffic_light(11, 10)
    with pytest.raises(ConfigError):
        basel_traffic_light(-1, 10)
    with pytest.raises(ConfigError):
        basel_traffic_light(1, 10, level=1.0)


# --- the bundle -----------------------------------------------------------------------------------


def test_var_backtest_bundles_every_test():
    returns = np.random.default_rng(17).normal(size=750)
    result = var_backtest(returns, Z99, LEVEL, es=_normal_es(LEVEL), random_state=0)
    hits = var_violations(returns, Z99)
    assert result.n_days == 750
    assert result.n_violations == int(hits.sum())
    assert result.violation_rate == pytest.approx(hits.mean())
    assert result.expected_rate == pytest.approx(0.01)
    assert result.kupiec_p_value == pytest.approx(kupiec_test(hits, LEVEL).p_value)
    assert result.independence_p_value == pytest.approx(
        christoffersen_independence_test(hits).p_value
    )
    assert result.conditional_coverage_p_value == pytest.approx(
        conditional_coverage_test(hits, LEVEL).p_value
    )
    assert result.traffic_light == basel_traffic_light(result.n_violations, 750, LEVEL)
    assert result.z2 is not None
    assert result.es_p_value is not None
    assert not any(result.rejected(0.01).values())


def test_var_backtest_to_dict_is_json_ready():
    returns = np.random.default_rng(1).normal(size=300)
    result = var_backtest(returns, 10.0, LEVEL, es=11.0, random_state=0)  # no violations
    payload = result.to_dict()
    assert json.loads(json.dumps(payload)) == payload
    assert payload["n_violations"] == 0
    assert payload["es_p_value"] is None  # undefined without exceedances, not NaN
    assert payload["traffic_light"] == "green"
    assert set(result.rejected()) == {
        "kupiec",
        "independence",
        "conditional_coverage",
        "expected_shortfall",
    }


def test_var_backtest_without_es_and_with_too_low_var():
    returns = np.random.default_rng(4).normal(size=250)
    result = var_backtest(returns, 1.5, LEVEL)
    assert result.es_p_value is None
    assert result.z2 is None
    assert "expected_shortfall" not in result.rejected()
    assert result.rejected()["kupiec"]
    assert result.traffic_light == "red"


# --- validation -----------------------------------------------------------------------------------


def test_mismatched_lengths_raise_shape_error():
    with pytest.raises(ShapeError, match="var has 3 values"):
        var_violations([0.1, 0.2], [0.1, 0.2, 0.3])
    with pytest.raises(ShapeError):
        var_backtest(np.zeros(10), np.ones(10), LEVEL, es=np.ones(9))
    with pytest.raises(ShapeError):
        kupiec_test(np.zeros((5, 2), dtype=bool), LEVEL)


def test_nan_raises_missing_value_error():
    with pytest.raises(MissingValueError):
        var_violations([0.1, np.nan], 0.1)
    with pytest.raises(MissingValueError):
        var_backtest([0.1, 0.2], [0.1, np.inf], LEVEL)
    with pytest.raises(MissingValueError):
        kupiec_test([0.0, np.nan], LEVEL)


@pytest.mark.parametrize("level", [0.0, 1.0, -0.5, 99.0])
def test_level_outside_unit_interval_raises_config_error(level):
    with pytest.raises(ConfigError):
        kupiec_test([True, False], level)
    with pytest.raises(ConfigError):
        var_backtest([0.1, -0.2], 0.1, level)
