"""I.i.d. baselines recover the parameters of data drawn from their own family."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.baselines import GaussianBaseline, StudentTBaseline
from fingan.core.exceptions import NotFittedError


def test_gaussian_recovers_mean_and_covariance(rng):
    covariance = np.array([[1.0, 0.6], [0.6, 2.0]])
    data = rng.multivariate_normal([0.5, -1.0], covariance, size=20_000)
    samples = GaussianBaseline().fit(data).sample(20_000, random_state=0).to_numpy()
    np.testing.assert_allclose(np.cov(samples, rowvar=False), covariance, atol=0.08)
    np.testing.assert_allclose(samples.mean(axis=0), [0.5, -1.0], atol=0.05)


def test_student_t_recovers_degrees_of_freedom_and_dependence(rng):
    normal = rng.multivariate_normal([0, 0], [[1.0, 0.7], [0.7, 1.0]], size=10_000)
    chi = rng.chisquare(5, size=(10_000, 1))
    data = normal / np.sqrt(chi / 5) * 0.01
    model = StudentTBaseline().fit(data)
    assert [params[0] for params in model.params_] == pytest.approx([5, 5], rel=0.25)
    samples = model.sample(10_000, random_state=1).to_numpy()
    assert np.corrcoef(samples.T)[0, 1] == pytest.approx(0.7, abs=0.06)
    with pytest.raises(NotFittedError):
        StudentTBaseline().sample(3)
