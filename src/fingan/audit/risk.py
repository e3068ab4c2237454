"""Success rates of privacy attacks and the risk they imply, as Giomi et al. (2022) define them.

Every anonymeter-style attack (:mod:`fingan.audit.singling_out`, :mod:`fingan.audit.linkability`,
:mod:`fingan.audit.inference`) is run three times: against *training* rows (the rows the
generator saw), against *control* rows (real rows it never saw) and as a *baseline* attacker
that guesses at random. Each gives a count of successes out of a number of attacks.

A success rate is the Wilson score estimate (Wilson, 1927) — the centre of the Wilson interval,
``(k + z²/2) / (n + z²)`` — with half-width ``z / (n + z²) · sqrt(k (n - k) / n + z²/4)``, where
``z`` is the normal quantile of the confidence level. The risk is the excess success on
training rows over control rows, scaled by the room for improvement the control attack
leaves: ``(attack - control) / (1 - control)``; its half-width propagates the two rates'
half-widths to first order. The risk and its interval are clipped to [0, 1]. These are the
formulas of the paper ("A Unified Framework for Quantifying Privacy Risk in Synthetic Data",
PoPETs 2023) and of its reference implementation, anonymeter 1.1.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from scipy.stats import norm

from fingan.core.exceptions import ConfigError

__all__ = ["AttackRisk", "SuccessRate", "attack_risk", "success_rate"]


@dataclass(frozen=True)
class SuccessRate:
    """A Wilson score estimate of an attack's success rate.

    Attributes
    ----------
    rate : float
        Centre of the Wilson score interval.
    error : float
        Half-width of the interval at the chosen confidence.
    """

    rate: float
    error: float


def success_rate(n_attacks: int, n_success: float, confidence: float = 0.95) -> SuccessRate:
    """Wilson score estimate of a success rate from ``n_success`` successes in ``n_attacks``.

    ``n_success`` may be fractional (a size-corrected count, see
    :mod:`fingan.audit.singling_out`).

    Raises
    ------
    ConfigError
        If ``confidence`` is not in (0, 1), ``n_attacks`` is not positive or ``n_success`` is
        outside ``[0, n_attacks]``.

    Examples
    --------
    >>> round(success_rate(100, 50).rate, 6)
    0.5
    """
    if not 0.0 < confidence < 1.0:
        raise ConfigError(f"confidence must be in (0, 1); got {confidence!r}")
    if n_attacks < 1:
        raise ConfigError(f"an attack needs at least one attempt; got {n_attacks!r}")
    if not 0.0 <= n_success <= n_attacks:
        raise ConfigError(f"successes must be in [0, {n_attacks}]; got {n_success!r}")
    z = float(norm.ppf(0.5 * (1.0 + confidence)))
    z2 = z * z
    denominator = n_attacks + z2
    spread = n_success * (n_attacks - n_success) / n_attacks
    return SuccessRate(
        rate=(n_success + 0.5 * z2) / denominator,
        error=z / denominator * math.sqrt(spread + 0.25 * z2),
    )


@dataclass(frozen=True)
class AttackRisk:
    """One attack's successes and the privacy risk they imply.

    How to read it: ``risk`` is the share of the attacker's room for improvement over the
    control rows that the synthetic data gave it on the training rows. 0 means the attack
    works no better on the rows the generator saw than on rows it never saw (whatever it
    learns is about the population, not about individuals); 1 means every attack on a training
    row that could succeed did. Compare ``attack_rate`` with ``baseline_rate`` first: an
    attack no better than random guessing says nothing, in either direction.

    Attributes
    ----------
    name : str
        The attack, e.g. ``"singling_out_multivariate"`` or ``"inference:age"``.
    n_attacks, n_baseline_attacks, n_control_attacks : int
        Attempts against training rows, by the random-guess attacker, against control rows.
    n_success, n_baseline, n_control : float
        Successes of each (``n_control`` may be size-corrected, hence fractional).
    attack_rate, attack_error : float
        Wilson estimate and half-width of the success rate on training rows.
    baseline_rate, baseline_error : float
        The same for the random-guess attacker.
    control_rate, control_error : float
        The same on control rows.
    risk, risk_low, risk_high : float
        ``(attack - control) / (1 - control)`` and its interval, clipped to [0, 1].
    confidence : float
        Confidence level of the intervals.
    """

    name: str
    n_attacks: int
    n_baseline_attacks: int
    n_control_attacks: int
    n_success: float
    n_baseline: float
    n_control: float
    attack_rate: float
    attack_error: float
    baseline_rate: float
    baseline_error: float
    control_rate: float
    control_error: float
    risk: float
    risk_low: float
    risk_high: float
    confidence: float

    @property
    def better_than_baseline(self) -> bool:
        """Whether the attack beat random guessing (otherwise its risk says nothing)."""
        return self.attack_rate > self.baseline_rate

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict."""
        return {**asdict(self), "better_than_baseline": self.better_than_baseline}


def attack_risk(
    name: str,
    *,
    n_attacks: int | tuple[int, int, int],
    n_success: float,
    n_baseline: float,
    n_control: float,
    confidence: float = 0.95,
) -> AttackRisk:
    """Turn the three attacks' success counts into rates and the risk.

    Parameters
    ----------
    name : str
        The attack's name.
    n_attacks : int or (int, int, int)
        Attempts, the same for all three attacks or (training, baseline, control).
    n_success, n_baseline, n_control : float
        Successes against training rows, of the random-guess attacker, against control rows.
    confidence : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    AttackRisk
    """
    n_main, n_base, n_ctrl = (
        (n_attacks, n_attacks, n_attacks) if isinstance(n_attacks, int) else n_attacks
    )
    attack = success_rate(n_main, n_success, confidence)
    baseline = success_rate(n_base, n_baseline, confidence)
    control = success_rate(n_ctrl, n_control, confidence)
    room = 1.0 - control.rate  # > 0: the Wilson centre never reaches 1
    residual = (attack.rate - control.rate) / room
    error = math.hypot(attack.error / room, control.error * (attack.rate - 1.0) / room**2)
    return AttackRisk(
        name=name,
        n_attacks=n_main,
        n_baseline_attacks=n_base,
        n_control_attacks=n_ctrl,
        n_success=float(n_success),
        n_baseline=float(n_baseline),
        n_control=float(n_control),
        attack_rate=attack.rate,
        attack_error=attack.error,
        baseline_rate=baseline.rate,
        baseline_error=baseline.error,
        control_rate=control.rate,
        control_error=control.error,
        risk=_clip(residual),
        risk_low=_clip(residual - error),
        risk_high=_clip(residual + error),
        confidence=confidence,
    )


def _clip(value: float) -> float:
    return min(max(value, 0.0), 1.0)
