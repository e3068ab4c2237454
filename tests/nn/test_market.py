"""Generator noise: Gaussian channels, and Student-t innovations with unit variance."""

from __future__ import annotations

import pytest
import torch
from scipy import stats

from fingan.nn.market import path_noise


def test_student_t_innovations_have_unit_variance_and_fat_tails():
    rng = torch.Generator().manual_seed(0)
    noise = path_noise(400, 3, 500, rng, n_assets=1, innovation_df=5)
    innovations, others = noise[:, 0].ravel().numpy(), noise[:, 1:].ravel().numpy()
    assert innovations.var() == pytest.approx(1.0, abs=0.03)
    assert stats.kurtosis(innovations) == pytest.approx(6.0, abs=1.5)  # t(5): 6 / (5 - 4)
    assert abs(stats.kurtosis(others)) < 0.05
    gaussian = path_noise(400, 3, 500, torch.Generator().manual_seed(0))
    assert abs(stats.kurtosis(gaussian.ravel().numpy())) < 0.05
