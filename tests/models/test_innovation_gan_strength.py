"""InnovationGAN's condition strength: shrinking m(c) and log s(c) towards their averages."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from fingan.core.exceptions import ConfigError
from fingan.core.filtered import FilteredReturns
from fingan.models import InnovationGAN, load_model
from fingan.models.innovation_sampling import ShrunkHeads, heads
from fingan.nn import MLPConfig
from fingan.nn.conditional import ConditionalReturnGenerator
from fingan.training import TrainingConfig

TINY = MLPConfig(hidden_dims=(16,))
N_PATHS = 4000


def small_gan(**kwargs: Any) -> InnovationGAN:
    return InnovationGAN(
        noise_dim=2,
        generator=TINY,
        discriminator=TINY,
        training=TrainingConfig(n_steps=20, batch_size=128),
        random_state=0,
        device="cpu",
        **kwargs,
    )


@pytest.fixture(scope="module")
def history() -> FilteredReturns:
    """400 days of ARCH-like residuals: the spread grows with the last residual's size."""
    rng = np.random.default_rng(1)
    residuals = np.empty(400)
    residuals[0] = 0.0
    for t in range(1, 400):
        residuals[t] = rng.standard_normal() * np.sqrt(0.5 + 0.5 * residuals[t - 1] ** 2)
    variances = np.exp(rng.normal(-9.0, 0.3, size=(400, 1)))
    return FilteredReturns(residuals[:, None], variances, np.full(1, 1e-4), np.full(1, 1e-4))


@pytest.fixture(scope="module")
def fitted(history: FilteredReturns) -> InnovationGAN:
    return small_gan().fit(history)


def two_states(gan: InnovationGAN, history: FilteredReturns) -> tuple[np.ndarray, np.ndarray]:
    """Draws with the same noise after a calm day and after a -3 residual."""
    sampler = gan.sampler(history, N_PATHS, np.random.default_rng(0))
    variance = np.full((N_PATHS, 1), float(history.next_variance[0]))
    state = sampler.rng.get_state()
    calm = sampler.draw(variance)
    sampler.advance(np.full((N_PATHS, 1), -3.0), variance * 1.5)
    sampler.rng.set_state(state)
    return calm, sampler.draw(variance * 1.5)


def test_heads_rebuild_the_generator(fitted: InnovationGAN, history: FilteredReturns) -> None:
    generator = fitted.generator_.eval()
    assert isinstance(generator, ConditionalReturnGenerator)
    cond = torch.as_tensor(fitted.daily_conditions(history)[:50], dtype=torch.float32)
    noise = torch.randn(50, 2, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        location, log_scale = heads(generator, cond)
        rebuilt = location + torch.exp(log_scale) * generator.standardise(
            generator.innovation(noise)
        )
        assert torch.allclose(rebuilt, generator(noise, cond), atol=1e-6)


def test_strength_scales_the_log_spread(fitted: InnovationGAN, history: FilteredReturns) -> None:
    """With the same noise, log(s(c1) / s(c2)) is multiplied by the strength."""
    ratios = {}
    for strength in (1.0, 0.5, 0.0):
        calm, shocked = two_states(fitted.set_params(condition_strength=strength), history)
        ratios[strength] = np.log(shocked.std() / calm.std())
    fitted.set_params(condition_strength=1.0)
    assert abs(ratios[1.0]) > 1e-3  # the trained GAN does move its spread
    assert ratios[0.5] == pytest.approx(0.5 * ratios[1.0], abs=1e-4)
    assert ratios[0.0] == pytest.approx(0.0, abs=1e-5)


def test_strength_zero_ignores_the_condition(
    fitted: InnovationGAN, history: FilteredReturns
) -> None:
    calm, shocked = two_states(fitted.set_params(condition_strength=0.0), history)
    fitted.set_params(condition_strength=1.0)
    np.testing.assert_allclose(calm, shocked, atol=1e-5)
    calm, shocked = two_states(fitted, history)
    assert np.abs(calm - shocked).max() > 1e-3


@pytest.mark.parametrize("strength", [-0.1, 1.5, True, "0.5"])
def test_bad_strength(strength: object, history: FilteredReturns) -> None:
    with pytest.raises(ConfigError, match="condition_strength"):
        small_gan(condition_strength=strength).fit(history)


def test_saved_gan_keeps_its_strength(history: FilteredReturns, tmp_path) -> None:
    gan = small_gan(condition_strength=0.25)
    gan.set_params(training=TrainingConfig(n_steps=2, batch_size=64)).fit(history)
    gan.save(tmp_path / "gan")
    loaded = load_model(tmp_path / "gan")
    assert isinstance(loaded, InnovationGAN)
    assert loaded.condition_strength == 0.25


def test_damping_keeps_the_average_second_moment(
    fitted: InnovationGAN, history: FilteredReturns
) -> None:
    """Over the history's days, m'^2 + s'^2 averages to the GAN's own m^2 + s^2 at every
    strength (centring log s on its mean instead would shrink it by Jensen's inequality);
    strength 1 leaves the heads as they are."""
    with torch.no_grad():
        cond = torch.as_tensor(fitted.daily_conditions(history), dtype=torch.float32)
        location, log_scale = heads(fitted.generator_.eval(), cond)
    # widen the spread of log s so that Jensen's gap is far above float rounding
    log_scale = 3.0 * (log_scale - log_scale.mean())
    own = (location.square() + torch.exp(2 * log_scale)).mean(dim=0)
    geometric = torch.exp(2 * log_scale.mean(dim=0)) + location.mean(dim=0).square()
    assert float((own - geometric).min()) > 1e-3
    for strength in (0.0, 0.5, 1.0):
        m, log_s = ShrunkHeads.of(location, log_scale, strength)(location, log_scale)
        damped = (m.square() + torch.exp(2 * log_s)).mean(dim=0)
        assert torch.allclose(damped, own, rtol=1e-5)
        assert float(log_s.std()) == pytest.approx(strength * float(log_scale.std()), abs=1e-6)
    assert torch.allclose(log_s, log_scale, atol=1e-6)
    assert torch.allclose(m, location)
