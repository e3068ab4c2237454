"""Seeded return series for the scenario model tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.datasets import load_nasdaq, load_sp500


@pytest.fixture(scope="module")
def sp500() -> pd.DataFrame:
    """S&P 500 daily log returns 1999-2010."""
    return load_sp500(end="2010-12-31")


@pytest.fixture(scope="module")
def two_assets() -> pd.DataFrame:
    """S&P 500 and NASDAQ 1999-2010, one column each."""
    return pd.concat([load_sp500(end="2010-12-31"), load_nasdaq(end="2010-12-31")], axis=1)


@pytest.fixture
def garch_returns(rng: np.random.Generator) -> np.ndarray:
    """3,000 days of a GJR-GARCH(1,1) with t(6) innovations, known parameters."""
    omega, alpha, gamma, beta, nu = 0.02e-4, 0.03, 0.10, 0.88, 6.0
    z = rng.standard_t(nu, size=3000) / np.sqrt(nu / (nu - 2))
    variance, out = omega / (1 - alpha - gamma / 2 - beta), np.empty(3000)
    for t in range(3000):
        out[t] = np.sqrt(variance) * z[t]
        variance = omega + (alpha + gamma * (out[t] < 0)) * out[t] ** 2 + beta * variance
    return out[:, None]
