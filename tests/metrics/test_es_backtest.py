from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fingan.metrics.es_backtest import acerbi_szekely_z2, mcneil_frey_test


def _normal_es(level: float) -> float:
    """ES of a standard normal loss at ``level``."""
    return float(stats.norm.pdf(stats.norm.ppf(level)) / (1.0 - level))


# --- McNeil-Frey ----------------------------------------------------------------------------------


def test_mcneil_frey_accepts_correct_es_and_rejects_underestimated_es():
    level = 0.975
    returns = np.random.default_rng(99).normal(size=4000)
    var, es = stats.norm.ppf(level), _normal_es(level)
    correct = mcneil_frey_test(returns, var, es, random_state=0)
    too_low = mcneil_frey_test(returns, var, var + 0.5 * (es - var), random_state=0)
    assert correct.n_exceedances == too_low.n_exceedances > 50
    assert correct.p_value > 0.05
    assert too_low.p_value < 0.01
    assert too_low.mean_residual > 0


def test_mcneil_frey_is_reproducible_and_uses_scale():
    rng = np.random.default_rng(5)
    sigma = rng.uniform(0.5, 2.0, size=2000)
    returns = sigma * rng.normal(size=2000)
    level = 0.975
    var, es = sigma * stats.norm.ppf(level), sigma * _normal_es(level)
    first = mcneil_frey_test(returns, var, es, scale=sigma, random_state=1)
    second = mcneil_frey_test(returns, var, es, scale=sigma, random_state=1)
    assert first == second
    assert abs(first.mean_residual) < 0.2
    assert first.p_value > 0.05


def test_mcneil_frey_undefined_with_too_few_exceedances():
    none = mcneil_frey_test([0.01, 0.02], 0.05, 0.06, random_state=0)
    assert none.n_exceedances == 0
    assert np.isnan(none.p_value)
    assert none.to_dict()["p_value"] is None
    one = mcneil_frey_test([-0.1, 0.02], 0.05, 0.06, random_state=0)
    assert one.n_exceedances == 1
    assert one.mean_residual == pytest.approx(0.04)
    assert np.isnan(one.statistic)


# --- Acerbi-Szekely Z2 ----------------------------------------------------------------------------


def test_z2_near_zero_when_right_and_negative_when_es_too_low():
    level = 0.975
    returns = np.random.default_rng(8).normal(size=20000)
    var, es = stats.norm.ppf(level), _normal_es(level)
    assert acerbi_szekely_z2(returns, var, es, level) == pytest.approx(0.0, abs=0.1)
    assert acerbi_szekely_z2(returns, var, 0.8 * es, level) < -0.2


def test_z2_matches_definition():
    returns = np.array([-3.0, 0.5, -1.0, -2.5, 1.0])
    var, es = np.array([2.0, 2.0, 2.0, 2.0, 2.0]), np.array([2.5, 2.5, 2.5, 2.0, 2.5])
    expected = 1.0 - (3.0 / 2.5 + 2.5 / 2.0) / (5 * 0.5)
    assert acerbi_szekely_z2(returns, var, es, 0.5) == pytest.approx(expected)
