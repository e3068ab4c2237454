"""DP-SGD of the discriminator and its accounting (fingan.training.private / accounting)."""

import math

import pytest
import torch
from torch import nn

from fingan.core.exceptions import ConfigError
from fingan.training.accounting import (
    HISTOGRAM_SHARE,
    PrivacySpend,
    calibrate_noise,
    check_privacy,
    default_delta,
    private_counts,
    smallest_noise,
    spent_epsilon,
)
from fingan.training.private import PrivateRowTask


def test_calibrated_noise_spends_at_most_and_close_to_epsilon() -> None:
    for epsilon in (1.0, 3.0):
        noise, counts = calibrate_noise(epsilon, 1e-4, 0.1, 200, histogram_share=HISTOGRAM_SHARE)
        assert counts is not None
        spent = spent_epsilon(1e-4, 0.1, noise, 200, counts)
        assert 0.9 * epsilon <= spent <= epsilon
        # Without the count release, opacus' own calibration.
        alone, none = calibrate_noise(epsilon, 1e-4, 0.1, 200, histogram_share=0.0)
        assert none is None
        assert alone < noise
        assert 0.9 * epsilon <= spent_epsilon(1e-4, 0.1, alone, 200) <= epsilon


@pytest.mark.parametrize(
    ("epsilon", "delta", "norm", "match"),
    [
        (0.0, None, 1.0, "epsilon"),
        (-1.0, None, 1.0, "epsilon"),
        (math.inf, None, 1.0, "epsilon"),
        (1.0, 1.0, 1.0, "delta"),
        (1.0, 0.0, 1.0, "delta"),
        (1.0, 1e-5, 0.0, "max_grad_norm"),
    ],
)
def test_bad_privacy_parameters_are_refused(
    epsilon: float, delta: float | None, norm: float, match: str
) -> None:
    with pytest.raises(ConfigError, match=match):
        check_privacy(epsilon, delta, norm)


def test_default_delta_is_well_below_one_over_n() -> None:
    assert default_delta(500) == pytest.approx(1 / 5000)


def test_private_counts_carry_noise_of_the_stated_scale() -> None:
    levels = torch.zeros((1000, 4), dtype=torch.long)
    rng = torch.Generator().manual_seed(0)
    draws = torch.tensor(
        [private_counts(levels, [2, 2, 2, 2], 5.0, rng)[0][1] for _ in range(400)],
        dtype=torch.float64,
    )
    # True count 0, noise sd 5 * sqrt(4) = 10, floored at zero: mean of max(0, N(0, 10)) ~ 4.
    assert 2.5 < float(draws.mean()) < 5.5


def test_spend_round_trips_and_refuses_bad_fields() -> None:
    spend = PrivacySpend(3.0, 1e-4, 1.2, 100, 0.1, 1.0, 5.0)
    assert PrivacySpend.from_dict(spend.to_dict()) == spend
    assert "epsilon = 3" in spend.summary()
    with pytest.raises(ValueError, match="delta"):
        PrivacySpend.from_dict({**spend.to_dict(), "delta": 2.0})


class _Critic(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(3, 1)

    def forward(self, rows: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        return self.layer(rows.flatten(start_dim=1))


def _task(noise: float) -> PrivateRowTask:
    rows = torch.tensor([[1.0, 0.0, 0.5], [0.0, 1.0, -0.5], [1.0, 0.0, 3.0]])
    return PrivateRowTask(
        rows,
        [],
        [],
        2,
        sample_rate=0.5,
        noise_multiplier=noise,
        max_grad_norm=1.0,
        secret=torch.Generator().manual_seed(0),
    )


def test_private_gradient_is_the_clipped_sum_plus_noise_over_the_expected_batch() -> None:
    torch.manual_seed(0)
    critic = _Critic()
    rows = torch.tensor([[1.0, 0.0, 0.5], [0.0, 1.0, -0.5], [1.0, 0.0, 3.0]])
    batch = type("B", (), {"data": rows.unsqueeze(1), "condition": None})()
    parameters = list(critic.parameters())
    exact = _task(0.0)._private_gradient(critic, batch, None, parameters, True, torch.device("cpu"))
    # Reference: per-row gradient of -D(x) is (-x, -1); clip each to norm 1; sum; / (q n).
    per_row = torch.cat([-rows, -torch.ones(3, 1)], dim=1)
    clipped = per_row * (1.0 / per_row.norm(dim=1, keepdim=True)).clamp(max=1.0)
    expected = clipped.sum(dim=0) / 1.5
    got = torch.cat([exact[0].flatten(), exact[1].flatten()])
    assert torch.allclose(got, expected, atol=1e-5)
    noisy = _task(2.0)._private_gradient(critic, batch, None, parameters, True, torch.device("cpu"))
    difference = torch.cat([noisy[0].flatten(), noisy[1].flatten()]) - got
    assert difference.abs().max() > 0.1  # noise of sd 2 * 1 / 1.5 per coordinate
    assert all(getattr(p, "grad_sample", None) is None for p in parameters)
    # Hooks are removed after each pass: the network is a plain module again.
    assert not critic.layer._forward_hooks
    assert not critic.layer._backward_hooks


def test_generated_rows_terms_are_clipped_per_row_alike() -> None:
    torch.manual_seed(0)
    critic = _Critic()
    rows = torch.tensor([[1.0, 0.0, 0.5], [0.0, 1.0, -0.5], [1.0, 0.0, 3.0]])
    batch = type("B", (), {"data": rows.unsqueeze(1), "condition": None})()
    parameters = list(critic.parameters())
    summed = _task(2.0)._clipped_sum(critic, batch, parameters, n_real=0, wasserstein=True)
    # Reference: per-row gradient of +D(x) is (x, 1), clipped to norm 1, summed; no noise.
    per_row = torch.cat([rows, torch.ones(3, 1)], dim=1)
    expected = (per_row * (1.0 / per_row.norm(dim=1, keepdim=True)).clamp(max=1.0)).sum(dim=0)
    got = torch.cat([summed[0].flatten(), summed[1].flatten()])
    assert torch.allclose(got, expected, atol=1e-5)
    assert all(getattr(p, "grad_sample", None) is None for p in parameters)


class _TwoLayerCritic(nn.Module):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.network = nn.Sequential(nn.Linear(width, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1))

    def forward(self, rows: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        return self.network(rows.flatten(start_dim=1))


@pytest.mark.parametrize("n_real", [12, 0, 5])
def test_clipped_sums_match_each_rows_own_gradient_clipped(n_real: int) -> None:
    """The ghost-clipped sum equals clipping every row's gradient one at a time and summing.

    With a label classifier beside the critic: a real row's term includes its cross-entropy,
    a generated row's leaves the classifier's parameters untouched; a pass may hold both
    (the first ``n_real`` rows real).
    """
    from fingan.nn.auxiliary import ClassifiedCritic, LabelClassifier
    from fingan.nn.mlp import MLPConfig
    from fingan.training.auxiliary import ClassifierLoss

    torch.manual_seed(0)
    width, clip, loss = 5, 0.5, ClassifierLoss(weight=1.0)
    discriminator = ClassifiedCritic(
        _TwoLayerCritic(width), LabelClassifier(width, (3, 2), MLPConfig(hidden_dims=(4,)))
    )
    rows = torch.randn(12, width)
    rows[:, 3:] = torch.nn.functional.one_hot(torch.arange(12) % 2, 2).float()
    task = PrivateRowTask(
        rows,
        [],
        [],
        2,
        sample_rate=0.5,
        noise_multiplier=0.0,
        max_grad_norm=clip,
        secret=torch.Generator().manual_seed(0),
        classifier=loss,
    )
    parameters = list(discriminator.parameters())
    batch = type("B", (), {"data": rows.unsqueeze(1), "condition": None})()
    summed = task._clipped_sum(discriminator, batch, parameters, n_real=n_real, wasserstein=True)

    expected = [torch.zeros_like(p) for p in parameters]
    for index, row in enumerate(rows):
        real = index < n_real
        score = discriminator(row.view(1, 1, width)).reshape(())
        term = -score if real else score
        if real:
            term = term + loss.real_terms(discriminator.classifier, row.view(1, width))[0]
        found = torch.autograd.grad(term, parameters, allow_unused=True)
        grads = [
            torch.zeros_like(p) if g is None else g for p, g in zip(parameters, found, strict=True)
        ]
        norm = torch.cat([g.flatten() for g in grads]).norm()
        factor = min(1.0, clip / (float(norm) + 1e-6))
        expected = [e + factor * g for e, g in zip(expected, grads, strict=True)]
    for got, want in zip(summed, expected, strict=True):
        assert torch.allclose(got, want, atol=1e-5)
    classifier_sum = sum(float(g.abs().sum()) for g in summed[-4:])
    assert (classifier_sum > 0) == (n_real > 0)  # the classifier learns from real rows only
    assert all(p.grad is None and "_norm_sample" not in p.__dict__ for p in parameters)


def test_smallest_noise_is_the_smallest_that_keeps_within_the_budget() -> None:
    # A spend that falls as one over the noise: the answer is known, 4.0 for epsilon 0.5.
    found = smallest_noise(lambda noise: 2.0 / noise, 0.5, guess=100.0)
    assert 4.0 <= found <= 4.0 * (1 + 1e-4)
    # The accountant's spend: within the budget, and no longer so with a little less noise.
    for guess in (1.0, 30.0):
        noise = smallest_noise(lambda sigma: spent_epsilon(1e-4, 0.1, sigma, 200), 2.0, guess)
        assert spent_epsilon(1e-4, 0.1, noise, 200) <= 2.0
        assert spent_epsilon(1e-4, 0.1, noise * (1 - 2e-4), 200) > 2.0


@pytest.mark.parametrize("share", [0.0, HISTOGRAM_SHARE])
def test_a_budget_too_small_for_the_accountant_is_a_one_line_error(share: float) -> None:
    with pytest.raises(ConfigError, match="too small") as error:
        calibrate_noise(0.01, 1e-9, 0.3, 300, histogram_share=share)
    assert "\n" not in str(error.value)
