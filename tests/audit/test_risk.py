"""Success rates and risks against the Wilson interval written another way."""

from __future__ import annotations

import math

import pytest
from scipy.stats import norm

from fingan.audit import attack_risk, success_rate
from fingan.core.exceptions import ConfigError


def _wilson_bounds(n: int, k: float, confidence: float) -> tuple[float, float]:
    """Textbook form: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    z = norm.ppf(0.5 + confidence / 2)
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    return (centre - half) / scale, (centre + half) / scale


@pytest.mark.parametrize(("n", "k"), [(100, 50), (500, 3), (500, 0), (40, 40), (7, 2.5)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_success_rate_is_the_wilson_interval(n: int, k: float, confidence: float) -> None:
    rate = success_rate(n, k, confidence)
    low, high = _wilson_bounds(n, k, confidence)
    assert rate.rate - rate.error == pytest.approx(low, abs=1e-12)
    assert rate.rate + rate.error == pytest.approx(high, abs=1e-12)


def test_risk_is_the_excess_over_control() -> None:
    risk = attack_risk("x", n_attacks=10_000, n_success=6_000, n_baseline=100, n_control=2_000)
    # Wilson centres of 0.6 and 0.2 at n = 10,000 are within 1e-4 of the raw rates.
    assert risk.risk == pytest.approx((0.6 - 0.2) / (1 - 0.2), abs=1e-3)
    assert risk.risk_low < risk.risk < risk.risk_high
    assert risk.risk_high - risk.risk < 0.03
    assert risk.better_than_baseline
    # Error propagation: d/da = 1/(1-c), d/dc = (a-1)/(1-c)^2.
    attack, control = success_rate(10_000, 6_000), success_rate(10_000, 2_000)
    expected = math.hypot(
        attack.error / (1 - control.rate),
        control.error * (attack.rate - 1) / (1 - control.rate) ** 2,
    )
    assert risk.risk_high - risk.risk == pytest.approx(expected)


def test_risk_is_clipped_to_zero_and_one() -> None:
    risk = attack_risk("x", n_attacks=(50, 60, 70), n_success=5, n_baseline=10, n_control=40)
    assert risk.risk == 0.0
    assert risk.risk_low == 0.0
    assert (risk.n_attacks, risk.n_baseline_attacks, risk.n_control_attacks) == (50, 60, 70)
    assert not risk.better_than_baseline
    top = attack_risk("x", n_attacks=100, n_success=100, n_baseline=0, n_control=0)
    assert 0.9 < top.risk <= top.risk_high == 1.0


def test_bad_input() -> None:
    with pytest.raises(ConfigError, match="confidence"):
        success_rate(10, 1, 1.0)
    with pytest.raises(ConfigError, match="at least one"):
        success_rate(0, 0)
    with pytest.raises(ConfigError, match="successes"):
        success_rate(10, 11)
