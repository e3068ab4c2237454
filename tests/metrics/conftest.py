"""Fixtures shared by the metric tests: a seeded market of real returns and generators."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.metrics import compare_generators

SEED = 20261125


def simulate_gjr_garch(rng, n_paths, n_steps, *, alpha=0.05, gamma=0.15, beta=0.85, burn=300):
    """GJR-GARCH(1,1) with Student-t(6) shocks: fat tails, clustering and leverage; 1 % vol."""
    omega = 1e-4 * (1.0 - alpha - gamma / 2 - beta)
    shocks = rng.standard_t(6, (n_paths, n_steps + burn)) / np.sqrt(1.5)
    returns = np.empty_like(shocks)
    variance = np.full(n_paths, 1e-4)
    for t in range(n_steps + burn):
        returns[:, t] = np.sqrt(variance) * shocks[:, t]
        shock_weight = alpha + gamma * (returns[:, t] < 0)
        variance = omega + shock_weight * returns[:, t] ** 2 + beta * variance
    return returns[:, burn:]


@pytest.fixture(scope="package")
def market():
    """A real series; generators: the true process, i.i.d. Gaussian, i.i.d. resampling."""
    rng = np.random.default_rng(SEED)
    real = simulate_gjr_garch(rng, 1, 3000)[0]
    generators = {
        "true_process": simulate_gjr_garch(rng, 100, 3000),
        "gaussian": rng.normal(real.mean(), real.std(), (100, 3000)),
        "iid_bootstrap": rng.choice(real, size=(100, 3000)),
    }
    return real, generators


@pytest.fixture(scope="package")
def scoreboard(market):
    real, generators = market
    return compare_generators(real, generators, random_state=SEED)
