"""The Acerbi-Szekely Z2 p-value simulated under the model's own forecasts."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fingan.core.exceptions import DataValidationError
from fingan.metrics.es_backtest import acerbi_szekely_z2, z2_simulated_p_value

LEVEL = 0.975


@pytest.fixture(scope="module")
def forecasts() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """500 days of t(5) forecasts: VaR, the tail beyond it (32 quantiles) and the ES."""
    rng = np.random.default_rng(7)
    scenarios = stats.t.rvs(5, size=(500, 8000), random_state=rng) * 0.01
    var = -np.quantile(scenarios, 1 - LEVEL, axis=1)
    probabilities = (np.arange(32) + 0.5) / 32
    tails = np.array(
        [np.quantile(-s[s < -v], probabilities) for s, v in zip(scenarios, var, strict=True)]
    )
    return var, tails, tails.mean(axis=1)


def test_p_values_are_uniform_under_the_null(forecasts) -> None:
    var, tails, es = forecasts
    rng = np.random.default_rng(8)
    p_values = []
    for _ in range(40):
        realised = stats.t.rvs(5, size=len(var), random_state=rng) * 0.01
        z2 = acerbi_szekely_z2(realised, var, es, LEVEL)
        p_values.append(z2_simulated_p_value(z2, tails, es, LEVEL, n_simulations=2000))
    assert 0.3 < np.mean(p_values) < 0.7
    assert np.mean(np.array(p_values) < 0.05) < 0.2


def test_underestimated_risk_is_rejected(forecasts) -> None:
    var, tails, es = forecasts
    realised = stats.t.rvs(5, size=len(var), random_state=np.random.default_rng(9)) * 0.014
    z2 = acerbi_szekely_z2(realised, var, es, LEVEL)
    assert z2_simulated_p_value(z2, tails, es, LEVEL) < 0.01


def test_non_positive_es_is_refused(forecasts) -> None:
    _, tails, es = forecasts
    with pytest.raises(DataValidationError, match="positive"):
        z2_simulated_p_value(-0.5, tails, -es, LEVEL)
