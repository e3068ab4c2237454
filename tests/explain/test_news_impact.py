"""The news impact curve: GJR's leverage shows, GARCH and EWMA are symmetric, VaR grows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError
from fingan.datasets import load_sp500
from fingan.explain import news_impact_curve
from fingan.scenarios import build_configuration


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return load_sp500(end="2012-12-31")


def test_gjr_is_asymmetric_and_garch_is_not(returns: pd.DataFrame) -> None:
    gjr = news_impact_curve(build_configuration("gjr+t").fit(returns), returns, n_paths=5000)
    garch = news_impact_curve(build_configuration("garch_t").fit(returns), returns, n_paths=5000)
    assert gjr.asymmetry() > 1.15  # falls raise tomorrow's volatility more than rises
    assert abs(garch.asymmetry() - 1.0) < 0.05
    # Both curves rise with the size of the shock, from their minimum near no shock.
    for curve in (gjr, garch):
        volatility = curve.frame["volatility"]
        assert volatility.loc[-4.0] > volatility.loc[-1.0] > volatility.loc[0.0] * 0.99
        assert np.all(curve.frame["es"] >= curve.frame["var"])


def test_common_random_numbers_make_an_ewma_curve_exactly_symmetric(returns) -> None:
    curve = news_impact_curve(build_configuration("ewma+t").fit(returns), returns, n_paths=2000)
    volatility = curve.frame["volatility"]
    np.testing.assert_allclose(volatility.loc[-2.0], volatility.loc[2.0], rtol=1e-12)
    assert "asymmetry" in curve.summary()


def test_bad_requests(returns: pd.DataFrame) -> None:
    model = build_configuration("fhs").fit(returns)
    with pytest.raises(ConfigError, match="asset"):
        news_impact_curve(model, returns, asset="gold")
    with pytest.raises(ConfigError, match="shocks"):
        news_impact_curve(model, returns, shocks=[])
    curve = news_impact_curve(model, returns, shocks=[0.0, 1.0], n_paths=100)
    with pytest.raises(ConfigError, match="no shocks"):
        curve.asymmetry()
