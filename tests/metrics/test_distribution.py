"""Known-answer checks of the marginal comparison metrics."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fingan.core.exceptions import ConfigError
from fingan.metrics import (
    compare_marginals,
    excess_kurtosis,
    expected_shortfall,
    ks_statistic,
    value_at_risk,
    wasserstein_1,
)


def test_wasserstein_of_a_shift_is_the_shift(rng):
    sample = rng.normal(size=5000)
    assert wasserstein_1(sample, sample + 0.3) == pytest.approx(0.3, abs=1e-12)
    assert ks_statistic(sample, sample) == 0.0


def test_kurtosis_is_zero_for_gaussian_and_six_for_laplace(rng):
    assert excess_kurtosis(rng.normal(size=200_000)) == pytest.approx(0.0, abs=0.05)
    assert excess_kurtosis(rng.laplace(size=200_000)) == pytest.approx(3.0, abs=0.2)


def test_var_and_es_of_a_gaussian_match_closed_form(rng):
    sample = rng.normal(0.0, 0.01, size=1_000_000)
    z = stats.norm.ppf(0.99)
    assert value_at_risk(sample, 0.99) == pytest.approx(0.01 * z, rel=0.01)
    closed_form_es = 0.01 * stats.norm.pdf(z) / 0.01
    assert expected_shortfall(sample, 0.99) == pytest.approx(closed_form_es, rel=0.02)
    with pytest.raises(ConfigError):
        value_at_risk(sample, 1.5)


def test_compare_marginals_is_zero_for_identical_samples(rng):
    sample = rng.standard_t(4, size=10_000)
    comparison = compare_marginals(sample, sample)
    assert np.allclose(comparison.to_numpy(), 0.0)
    assert set(comparison.index) == {
        "wasserstein_1",
        "ks",
        "std_error",
        "kurtosis_error",
        "var99_error",
        "es99_error",
    }
