"""Privacy accounting of DP-SGD: the spend, the noise for a target epsilon, released counts.

The Rényi-DP accountant (opacus' ``RDPAccountant``, Mironov, 2017) composes every private
discriminator update (a Poisson-subsampled Gaussian mechanism) and the one Gaussian release of
category counts (:func:`private_counts`) into the ``(epsilon, delta)`` of :class:`PrivacySpend`.
opacus is imported only inside the functions that need it.
"""

from __future__ import annotations

import functools
import math
import secrets
import warnings
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import torch
from torch import Tensor

from fingan.core.exceptions import ConfigError

__all__ = [
    "ACCOUNTANT",
    "HISTOGRAM_SHARE",
    "MAX_NOISE",
    "OPACUS_MISSING",
    "RELEASES",
    "PrivacySpend",
    "calibrate_noise",
    "check_privacy",
    "default_delta",
    "private_counts",
    "secret_generator",
    "smallest_noise",
    "spent_epsilon",
]

ACCOUNTANT = "rdp"
"""The accountant: opacus' Rényi-DP accountant (Mironov, 2017), as smartnoise-synth uses."""

HISTOGRAM_SHARE = 0.2
"""Share of epsilon that the released category counts would cost on their own; the noise of
the discriminator's updates is then set so that the composition spends exactly epsilon."""

RELEASES: tuple[str, ...] = ("category counts", "label tables")
"""What a private fit's count release may hold (:attr:`PrivacySpend.release`)."""

OPTIMAL_ORDER_WARNING = "Optimal order is the largest alpha"
"""opacus' warning that a larger Rényi order might give a smaller epsilon: the spend reported is
then an upper bound (conservative), which users need not be told on every fit."""

MAX_NOISE = 1e6
"""Largest noise multiplier :func:`smallest_noise` tries (opacus' own limit)."""

OPACUS_MISSING = 'differential privacy needs opacus: pip install "fingan[privacy]"'
"""The message of the ImportError raised when opacus is missing."""


@dataclass(frozen=True)
class PrivacySpend:
    """The privacy a differentially private fit spent, as the accountant reports it.

    Attributes
    ----------
    epsilon, delta : float
        The ``(epsilon, delta)``-DP guarantee of everything released about the training rows.
    noise_multiplier : float
        Noise standard deviation of each discriminator update over the clipping norm.
    steps : int
        Discriminator updates made (every one counts, also those a rollback discarded).
    sample_rate : float
        Poisson sampling probability of each row in each update.
    max_grad_norm : float
        Per-row clipping norm of the discriminator's gradient.
    histogram_noise_multiplier : float or None
        Noise of the released counts over their sensitivity (``None``: no counts).
    accountant : str
        ``"rdp"``: opacus' Rényi-DP accountant.
    release : {"category counts", "label tables"}
        What the count release held: each categorical column's counts, or the label's joint
        tables with every other column (:mod:`fingan.training.label_pairs`). Spends saved
        before the tables existed read ``"category counts"``.
    """

    epsilon: float
    delta: float
    noise_multiplier: float
    steps: int
    sample_rate: float
    max_grad_norm: float
    histogram_noise_multiplier: float | None
    accountant: str = ACCOUNTANT
    release: str = "category counts"

    def summary(self) -> str:
        """One paragraph: the guarantee and how it was spent."""
        counts = (
            ""
            if self.histogram_noise_multiplier is None
            else f"; {self.release} released with noise multiplier "
            f"{self.histogram_noise_multiplier:.3g}"
        )
        return (
            f"(epsilon = {self.epsilon:.3g}, delta = {self.delta:.2g})-differential privacy "
            f"({self.accountant.upper()} accountant): {self.steps} DP-SGD discriminator updates, "
            f"sample rate {self.sample_rate:.3g}, noise multiplier {self.noise_multiplier:.3g}, "
            f"per-row clipping norm {self.max_grad_norm:.3g}{counts}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dictionary."""
        return asdict(self)

    @classmethod
    def from_dict(cls, state: Mapping[str, Any]) -> PrivacySpend:
        """Rebuild from :meth:`to_dict` output.

        Raises
        ------
        ValueError
            If a field is missing or out of range.
        """
        if not isinstance(state, Mapping):
            raise ValueError("privacy must be a mapping")
        positive = ("epsilon", "delta", "noise_multiplier", "sample_rate", "max_grad_norm")
        for name in positive:
            value = state.get(name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ValueError(f"privacy.{name} must be a positive number; got {value!r}")
        steps, histogram = state.get("steps"), state.get("histogram_noise_multiplier")
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
            raise ValueError(f"privacy.steps must be a non-negative integer; got {steps!r}")
        if histogram is not None and not (isinstance(histogram, int | float) and histogram > 0):
            raise ValueError("privacy.histogram_noise_multiplier must be positive or null")
        if not state["delta"] < 1 or not state["sample_rate"] <= 1:
            raise ValueError("privacy.delta must be below 1 and sample_rate at most 1")
        if state.get("accountant") != ACCOUNTANT:
            raise ValueError(f"privacy.accountant must be {ACCOUNTANT!r}")
        release = state.get("release", "category counts")  # absent: saved before the tables
        if release not in RELEASES:
            raise ValueError(f"privacy.release must be one of {RELEASES}; got {release!r}")
        return cls(
            epsilon=float(state["epsilon"]),
            delta=float(state["delta"]),
            noise_multiplier=float(state["noise_multiplier"]),
            steps=steps,
            sample_rate=float(state["sample_rate"]),
            max_grad_norm=float(state["max_grad_norm"]),
            histogram_noise_multiplier=None if histogram is None else float(histogram),
            release=release,
        )


def check_privacy(epsilon: Any, delta: Any, max_grad_norm: Any) -> None:
    """Raise :class:`ConfigError` unless ``epsilon > 0``, ``0 < delta < 1`` (or None), C > 0."""
    if epsilon is not None and not _positive(epsilon):
        raise ConfigError(f"epsilon must be a positive finite number or None; got {epsilon!r}")
    if delta is not None and not (_positive(delta) and delta < 1):
        raise ConfigError(f"delta must be in (0, 1) or None; got {delta!r}")
    if not _positive(max_grad_norm):
        raise ConfigError(f"max_grad_norm must be a positive finite number; got {max_grad_norm!r}")


def default_delta(n_rows: int) -> float:
    """``1 / (10 n)``: ten times below the ``1 / n`` at which a mechanism may leak a row."""
    return 1.0 / (10.0 * n_rows)


def spent_epsilon(
    delta: float,
    sample_rate: float,
    noise_multiplier: float,
    steps: int,
    histogram_noise_multiplier: float | None = None,
) -> float:
    """Epsilon of ``steps`` subsampled Gaussian updates (and one count release) at ``delta``."""
    accountant = _accountant()
    if histogram_noise_multiplier is not None:
        accountant.history.append((histogram_noise_multiplier, 1.0, 1))
    if steps:
        accountant.history.append((noise_multiplier, sample_rate, steps))
    if not accountant.history:
        return 0.0
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", OPTIMAL_ORDER_WARNING, UserWarning)
        return float(accountant.get_epsilon(delta))


@functools.lru_cache(maxsize=64)
def calibrate_noise(
    epsilon: float, delta: float, sample_rate: float, steps: int, *, histogram_share: float
) -> tuple[float, float | None]:
    """Return ``(noise_multiplier, histogram_noise_multiplier)`` that spend at most ``epsilon``.

    The count release gets the noise that would spend ``histogram_share`` of epsilon on its
    own (opacus' ``get_noise_multiplier``; :data:`HISTOGRAM_SHARE` for category counts); the
    updates' noise multiplier is then the smallest (to 1e-4 relative, :func:`smallest_noise`)
    whose composition with it spends at most ``epsilon`` (with a share of 0, no counts: the
    updates alone). A pure function of its arguments, so its results are cached.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", OPTIMAL_ORDER_WARNING, UserWarning)
        return _calibrate(epsilon, delta, sample_rate, steps, histogram_share)


def _calibrate(
    epsilon: float, delta: float, sample_rate: float, steps: int, histogram_share: float
) -> tuple[float, float | None]:
    get_noise_multiplier = _opacus_accountants().utils.get_noise_multiplier
    counts = None
    if histogram_share:
        try:
            counts = float(
                get_noise_multiplier(
                    target_epsilon=histogram_share * epsilon,
                    target_delta=delta,
                    sample_rate=1.0,
                    steps=1,
                    accountant=ACCOUNTANT,
                    epsilon_tolerance=0.005 * epsilon,
                )
            )
        except ValueError:  # opacus: "The privacy budget is too low."
            raise _budget_too_low(epsilon, delta) from None
    # A first guess from the moments accountant's scaling (Abadi et al., 2016): the search then
    # starts within a factor of two or so and skips the slow evaluations at small noise.
    guess = max(0.5, sample_rate * math.sqrt(2.0 * steps * math.log(1.0 / delta)) / epsilon)
    noise = smallest_noise(
        lambda sigma: spent_epsilon(delta, sample_rate, sigma, steps, counts), epsilon, guess
    )
    return noise, counts


def smallest_noise(spend: Callable[[float], float], epsilon: float, guess: float = 1.0) -> float:
    """Return the smallest noise multiplier (to 1e-4 relative) whose ``spend`` is at most epsilon.

    ``spend`` falls as the noise grows, and its logarithm is nearly linear in the noise's (it
    goes as one over the noise for large noise), so the root of ``log spend - log epsilon`` in
    ``log noise`` is found by false position with the Illinois step (Dowell & Jarratt, 1971),
    from a bracket found by doubling or halving ``guess``: about eight evaluations of the
    accountant where bisection from 1 to the same precision took twenty. The value returned
    always spends at most ``epsilon``.

    Raises
    ------
    ConfigError
        If even :data:`MAX_NOISE` spends more than ``epsilon``.
    """

    def gap(log_noise: float) -> float:
        return math.log(max(spend(math.exp(log_noise)), 1e-300)) - math.log(epsilon)

    step = math.log(2.0)
    low = high = math.log(guess)
    gap_low = gap_high = gap(high)
    while gap_high > 0.0:  # too little noise: double it
        if high > math.log(MAX_NOISE):
            raise ConfigError(
                f"epsilon {epsilon:g} is too small to reach with a noise multiplier up to "
                f"{MAX_NOISE:g}; choose a larger epsilon or delta, or fewer steps"
            )
        low, gap_low = high, gap_high
        high += step
        gap_high = gap(high)
    while gap_low <= 0.0:  # enough noise already: halve it until it is too little
        high, gap_high = low, gap_low
        low -= step
        gap_low = gap(low)
    tolerance, side = math.log1p(1e-4), 0
    while high - low > tolerance:
        if math.isfinite(gap_low):
            guess = high - gap_high * (high - low) / (gap_high - gap_low)
            guess = min(max(guess, low + 0.25 * tolerance), high - 0.25 * tolerance)
        else:  # a spend too large to represent: bisect
            guess = 0.5 * (low + high)
        value = gap(guess)
        if value > 0.0:
            low, gap_low = guess, value
            if side == -1:
                gap_high *= 0.5
            side = -1
        else:
            high, gap_high = guess, value
            if side == 1:
                gap_low *= 0.5
            side = 1
    return math.exp(high)


def private_counts(
    levels: Tensor, widths: list[int], noise_multiplier: float, rng: torch.Generator
) -> list[list[int]]:
    """Release each column's category counts with the Gaussian mechanism.

    A row adds one to one count of each of the ``m`` columns, so the counts have L2
    sensitivity ``sqrt(m)``; each gets noise of standard deviation
    ``noise_multiplier * sqrt(m)``. The noisy counts are rounded and floored at zero
    (post-processing); a column whose counts all vanish gets equal counts of one.

    Parameters
    ----------
    levels : Tensor
        ``(n_rows, m)`` category index of every row in every column.
    widths : list of int
        Number of categories of each column.
    noise_multiplier : float
        Noise over sensitivity.
    rng : torch.Generator
        Source of the noise.
    """
    scale = noise_multiplier * math.sqrt(len(widths))
    released: list[list[int]] = []
    for column, width in enumerate(widths):
        exact = torch.bincount(levels[:, column], minlength=width).double()
        noisy = exact + scale * torch.randn(width, generator=rng, dtype=torch.float64)
        counts = [max(0, round(float(value))) for value in noisy]
        released.append(counts if sum(counts) else [1] * width)
    return released


def secret_generator() -> torch.Generator:
    """Return a generator seeded from the operating system's entropy, never stored.

    The noise of a private mechanism must stay secret: anyone who could regenerate it (from a
    seed saved with the model, or a saved generator state) could subtract it. A fit's
    ``random_state`` therefore does not reach the privacy noise. (As in opacus without
    ``secure_mode``, the generator itself is PyTorch's, not a cryptographic one.)
    """
    return torch.Generator().manual_seed(secrets.randbits(63))


def _budget_too_low(epsilon: float, delta: float) -> ConfigError:
    return ConfigError(
        f"epsilon {epsilon:g} is too small to reach at delta {delta:g} with the accountant's "
        "orders; choose a larger epsilon or delta"
    )


def _accountant() -> Any:
    return _opacus_accountants().RDPAccountant()


def _opacus_accountants() -> Any:
    """Return opacus' accountants, or raise :class:`ConfigError` naming fingan's extra."""
    try:
        import opacus.accountants
        import opacus.accountants.utils
    except ImportError:
        raise ConfigError(OPACUS_MISSING) from None
    return opacus.accountants


def _positive(value: Any) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
        and value > 0
    )
