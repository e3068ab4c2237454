"""Portfolios of paths: known answers, checked weights, VaR and ES as the tail of the returns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.metrics.portfolio import (
    MAX_GROSS_LEVERAGE,
    PortfolioWeights,
    portfolio_returns,
    portfolio_risk,
    portfolio_weights,
    risk_table,
)
from fingan.metrics.risk import expected_shortfall, value_at_risk


def test_portfolio_returns_known_answer():
    # Path 0: a gains 10 % on day 1, b halves on day 2; path 1: both flat.
    values = [
        [[np.log(1.1), 0.0], [0.0, np.log(0.5)]],
        [[0.0, 0.0], [0.0, 0.0]],
    ]
    paths = ReturnPaths.from_array(values, ["a", "b"])
    np.testing.assert_allclose(
        portfolio_returns(paths, {"a": 0.75, "b": 0.25}), [0.75 * 0.1 - 0.125, 0]
    )
    np.testing.assert_allclose(portfolio_returns(paths, [1.0, 0.0]), [0.1, 0.0])
    np.testing.assert_allclose(portfolio_returns(paths), [0.05 - 0.25, 0.0])  # equal weights


def test_weights_are_checked():
    assert portfolio_weights({"a": 2.0}, ["a", "b"], normalize=True).values == (1.0, 0.0)
    assert portfolio_weights({"a": 1.0}, ["a", "b"]).values == (1.0, 0.0)
    assert portfolio_weights(None, ["a", "b", "c"]).to_array().tolist() == [1 / 3] * 3
    leveraged = portfolio_weights({"a": 2.0, "b": -1.0}, ["a", "b"], allow_leverage=True)
    assert leveraged.values == (2.0, -1.0)
    with pytest.raises(ConfigError, match=r"unknown asset\(s\) 'c' in weights"):
        portfolio_weights({"c": 1.0}, ["a", "b"])
    with pytest.raises(ConfigError, match="sum to 0, not 1"):
        portfolio_weights({"a": 1.0, "b": -1.0}, ["a", "b"])
    with pytest.raises(ConfigError, match="a 1, b -1 sum to 0; they cannot be divided"):
        portfolio_weights({"a": 1.0, "b": -1.0}, ["a", "b"], normalize=True)
    with pytest.raises(ConfigError, match=r"weights must be finite numbers; got a nan, b 0$"):
        portfolio_weights({"a": float("nan")}, ["a", "b"])
    with pytest.raises(ConfigError, match=r"finite numbers; got a inf, b -inf$"):
        portfolio_weights([np.inf, -np.inf], ["a", "b"], normalize=True)
    with pytest.raises(ConfigError, match="3 weights for 2 assets"):
        portfolio_weights([1, 2, 3], ["a", "b"])
    with pytest.raises(ConfigError, match="weights must be numbers"):
        portfolio_weights({"a": "lots"}, ["a", "b"])


def test_weights_must_sum_to_one_unless_normalized():
    # Nothing is rescaled silently: a sum of 1.3 is refused, with the way to accept it.
    with pytest.raises(ConfigError) as info:
        portfolio_weights({"a": 0.8, "b": 0.5}, ["a", "b"])
    message = str(info.value)
    assert "\n" not in message
    assert "weights a 0.8, b 0.5 sum to 1.3, not 1" in message
    assert "normalize=True / --normalize-weights" in message
    used = portfolio_weights({"a": 0.8, "b": 0.5}, ["a", "b"], normalize=True)
    np.testing.assert_allclose(used.values, [0.8 / 1.3, 0.5 / 1.3])
    # Within the tolerance, the weights are kept exactly as given.
    assert portfolio_weights([0.6, 0.4 + 1e-9], ["a", "b"]).values == (0.6, 0.4 + 1e-9)


def test_gross_leverage_is_bounded_unless_allowed():
    assert MAX_GROSS_LEVERAGE == 2.0
    # 1 and -0.9 sum to 0.1: refused as they are, and 10x long 9x short once normalised.
    with pytest.raises(ConfigError, match=r"sum to 0\.1, not 1"):
        portfolio_weights([1.0, -0.9], ["a", "b"], allow_leverage=True)
    with pytest.raises(ConfigError) as info:
        portfolio_weights([1.0, -0.9], ["a", "b"], normalize=True)
    message = str(info.value)
    assert "\n" not in message
    assert "weights a 10, b -9 have a gross leverage (sum of |w|) of 19, above 2" in message
    assert "allow_leverage=True / --allow-leverage" in message
    used = portfolio_weights([1.0, -0.9], ["a", "b"], normalize=True, allow_leverage=True)
    np.testing.assert_allclose(used.values, [10.0, -9.0])
    assert used.gross_leverage == pytest.approx(19.0)
    assert str(used) == "a 10.000, b -9.000 (gross leverage 19.00)"
    # 150 % long and 50 % short is at the limit and accepted.
    assert portfolio_weights([1.5, -0.5], ["a", "b"]).gross_leverage == 2.0


def test_portfolio_weights_are_a_checked_value():
    weights = PortfolioWeights(("sp500", "nasdaq"), (0.6, 0.4))
    assert str(weights) == "sp500 0.600, nasdaq 0.400 (gross leverage 1.00)"
    assert weights.to_dict() == {"sp500": 0.6, "nasdaq": 0.4}
    pd.testing.assert_series_equal(
        weights.to_series(), pd.Series([0.6, 0.4], index=["sp500", "nasdaq"], name="weight")
    )
    with pytest.raises(ConfigError, match=r"sum to 1\.3"):
        PortfolioWeights(("a", "b"), (0.8, 0.5))
    with pytest.raises(ConfigError, match="gross leverage"):
        PortfolioWeights(("a", "b"), (3.0, -2.0))
    assert PortfolioWeights(("a", "b"), (3.0, -2.0), allow_leverage=True).gross_leverage == 5.0
    with pytest.raises(ConfigError, match="'a' appears more than once"):
        PortfolioWeights(("a", "a"), (0.5, 0.5))
    # Checked weights pass through in the order of the assets, and keep their leverage permit.
    assert portfolio_weights(weights, ["nasdaq", "sp500"]).values == (0.4, 0.6)
    levered = PortfolioWeights(("a", "b"), (3.0, -2.0), allow_leverage=True)
    assert portfolio_weights(levered, ["a", "b"]) == levered
    with pytest.raises(ConfigError, match="the weights are for sp500, nasdaq; the assets are a, b"):
        portfolio_weights(weights, ["a", "b"])


def test_portfolio_risk_is_the_tail_of_portfolio_returns(rng):
    paths = ReturnPaths.from_array(rng.normal(0.0, 0.02, (5000, 3, 2)), ["a", "b"])
    table = portfolio_risk(paths, {"a": 0.5, "b": 0.5}, levels=(0.9, 0.99))
    simulated = portfolio_returns(paths, {"a": 0.5, "b": 0.5})
    assert list(table.index) == [0.9, 0.99]
    assert table.loc[0.99, "var"] == pytest.approx(value_at_risk(simulated, 0.99))
    assert table.loc[0.99, "es"] == pytest.approx(expected_shortfall(simulated, 0.99))
    assert (table["es"] > table["var"]).all()
    assert table.loc[0.99, "var"] > table.loc[0.9, "var"] > 0


def test_risk_table_needs_a_level(rng):
    returns = rng.normal(0.0, 0.01, 1000)
    table = risk_table(returns, [0.99])
    assert table.loc[0.99, "var"] == pytest.approx(value_at_risk(returns, 0.99))
    with pytest.raises(ConfigError, match="at least one confidence level"):
        risk_table(returns, [])
