"""Generator noise: Gaussian channels, Student-t innovations, a persistent regime channel."""

from __future__ import annotations

import pytest
import torch
from scipy import stats

from fingan.nn.market import level_scale, path_noise, persistent_noise


def test_student_t_innovations_have_unit_variance_and_fat_tails():
    rng = torch.Generator().manual_seed(0)
    noise = path_noise(400, 3, 500, rng, n_assets=1, innovation_df=5)
    innovations, others = noise[:, 0].ravel().numpy(), noise[:, 1:].ravel().numpy()
    assert innovations.var() == pytest.approx(1.0, abs=0.03)
    assert stats.kurtosis(innovations) == pytest.approx(6.0, abs=1.5)  # t(5): 6 / (5 - 4)
    assert abs(stats.kurtosis(others)) < 0.05
    gaussian = path_noise(400, 3, 500, torch.Generator().manual_seed(0))
    assert abs(stats.kurtosis(gaussian.ravel().numpy())) < 0.05


def test_the_regime_channel_is_a_stationary_ar1_and_leaves_the_others_alone():
    halflife = 30.0
    phi = 0.5 ** (1.0 / halflife)
    plain = path_noise(2000, 3, 600, torch.Generator().manual_seed(1), innovation_df=5)
    noise = path_noise(
        2000, 3, 600, torch.Generator().manual_seed(1), innovation_df=5, regime_halflife=halflife
    )
    torch.testing.assert_close(noise[:, :2], plain[:, :2])  # same draws, last channel changed
    regime = noise[:, 2].double()
    assert float(regime[:, [0, 299, 599]].std(dim=0).max()) == pytest.approx(1.0, abs=0.05)
    for lag in (1, 30, 60):
        correlation = float((regime[:, 100] * regime[:, 100 + lag]).mean())
        assert correlation == pytest.approx(phi**lag, abs=0.05)
    assert float(regime.mean(dim=-1).std()) == pytest.approx(level_scale(600, halflife), rel=0.05)
    assert float(plain[:, 1].mean(dim=-1).std()) == pytest.approx(level_scale(600), rel=0.05)


@pytest.mark.parametrize("length", [1, 2, 257, 600])
def test_persistent_noise_is_the_ar1_recursion_at_any_length(length):
    shocks = torch.randn(5, length, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    phi = 0.5 ** (1.0 / 60.0)
    expected = [shocks[:, 0]]
    for day in range(1, length):
        expected.append(phi * expected[-1] + (1 - phi * phi) ** 0.5 * shocks[:, day])
    torch.testing.assert_close(persistent_noise(shocks, 60.0), torch.stack(expected, dim=-1))
