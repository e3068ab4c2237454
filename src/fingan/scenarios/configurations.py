"""Named configurations of the conditional scenario model: ``"<filter>+<innovations>"``.

Filters: ``ewma`` (RiskMetrics, decay 0.94), ``garch`` (GARCH(1,1), Student-t likelihood),
``gjr`` (GJR-GARCH(1,1)). Innovations: ``t`` (Student-t), ``empirical`` (the residuals of the
last 500 days: filtered historical simulation), ``gan`` (:class:`~fingan.models.InnovationGAN`)
``gan_evt`` (the GAN with generalised Pareto tails beyond its 5 % quantiles,
:class:`~fingan.scenarios.tails.GPDTails`) and ``gan_recent``, the GAN trained on days weighted
by recency (half-life :data:`RECENT_DAYS` days) with GPD tails of the residuals of the last
:data:`RECENT_DAYS` days of each history (issue 13: following the drift of the filter's
errors as FHS does; on the validation periods fewer violations than ``gan_evt`` in 2011-2014,
more in 2003-2006), and ``gan_shrunk``, ``gan_evt`` whose conditional location and log scale
move with the condition by only :data:`SHRUNK_STRENGTH` of what the GAN learned
(``InnovationGAN(condition_strength=...)``; the GAN moved them too far out of sample), and
``gan_shrunk_recent``, ``gan_shrunk`` with the GPD tails of the last :data:`RECENT_DAYS` days
of each history (FHS's window; on the validation periods 48 violations against 63 for
``gan_shrunk`` and 59 for FHS, issue 13). ``empirical_evt`` is the same without a GAN: every
past residual as the body, the GPD tails of the last :data:`RECENT_DAYS` days (McNeil and
Frey's method); it does as well as ``gan_shrunk_recent`` (47 and 51 validation violations in
two runs with other random streams). The
familiar names are aliases: ``fhs`` is ``ewma+empirical``, ``garch_t`` is ``garch+t``, ``gan``
is ``ewma+gan_evt``.
"""

from __future__ import annotations

from collections.abc import Callable

from fingan.core.exceptions import ConfigError
from fingan.core.protocols import InnovationModel
from fingan.core.random import RandomState
from fingan.models.innovation_gan import InnovationGAN
from fingan.scenarios.filters import EWMAFilter, GARCHFilter, GJRGARCHFilter, VolatilityFilterBase
from fingan.scenarios.innovations import EmpiricalInnovations, StudentTInnovations
from fingan.scenarios.model import ConditionalScenarioModel
from fingan.scenarios.tails import GPDTails
from fingan.training import TrainingConfig

__all__ = [
    "ALIASES",
    "FILTERS",
    "INNOVATIONS",
    "RECENT_DAYS",
    "SHRUNK_STRENGTH",
    "build_configuration",
    "configuration_names",
    "resolve_configuration",
    "trains_in_steps",
]

FILTERS: dict[str, Callable[[], VolatilityFilterBase]] = {
    "ewma": EWMAFilter,
    "garch": GARCHFilter,
    "gjr": GJRGARCHFilter,
}
"""The volatility filters, by name."""

RECENT_DAYS = 500
"""Half-life of the recency weights and window of the recent GPD tails (FHS's window)."""

SHRUNK_STRENGTH = 0.0
"""``condition_strength`` of ``gan_shrunk``: chosen on the validation periods (issue 13, seed 0;
the lowest pooled tick loss and violations of 1, 0.5, 0.25, 0). At 0 the GAN's residual
distribution is the same every day, so its VaR is the filter's volatility times a constant."""

InnovationFactory = Callable[[RandomState, TrainingConfig | None], InnovationModel]

INNOVATIONS: dict[str, InnovationFactory] = {
    "t": lambda seed, training: StudentTInnovations(),
    "empirical": lambda seed, training: EmpiricalInnovations(window=500),
    "empirical_evt": lambda seed, training: GPDTails(
        body=EmpiricalInnovations(window=None), window=RECENT_DAYS
    ),
    "gan": lambda seed, training: InnovationGAN(training=training, random_state=seed),
    "gan_evt": lambda seed, training: GPDTails(
        body=InnovationGAN(training=training, random_state=seed)
    ),
    "gan_recent": lambda seed, training: GPDTails(
        body=InnovationGAN(recency_halflife=RECENT_DAYS, training=training, random_state=seed),
        window=RECENT_DAYS,
    ),
    "gan_shrunk": lambda seed, training: GPDTails(
        body=InnovationGAN(condition_strength=SHRUNK_STRENGTH, training=training, random_state=seed)
    ),
    "gan_shrunk_recent": lambda seed, training: GPDTails(
        body=InnovationGAN(
            condition_strength=SHRUNK_STRENGTH, training=training, random_state=seed
        ),
        window=RECENT_DAYS,
    ),
}
"""The innovation models, by name: ``factory(seed, gan_training)``."""

TRAINED_IN_STEPS: frozenset[str] = frozenset(
    {"gan", "gan_evt", "gan_recent", "gan_shrunk", "gan_shrunk_recent"}
)
"""Innovation names that train in steps (checkpoints, ``--gan-steps``)."""

ALIASES: dict[str, str] = {
    "fhs": "ewma+empirical",
    "garch_t": "garch+t",
    "gan": "ewma+gan_evt",
}
"""Familiar names of configurations."""


def configuration_names() -> list[str]:
    """Return every ``"<filter>+<innovations>"`` name, filters first, in definition order."""
    return [f"{f}+{i}" for f in FILTERS for i in INNOVATIONS]


def resolve_configuration(name: str) -> str:
    """Return the ``"<filter>+<innovations>"`` name of ``name`` (an alias or itself).

    Raises
    ------
    ConfigError
        If ``name`` names no configuration.
    """
    resolved = ALIASES.get(name, name)
    filter_name, _, innovation_name = resolved.partition("+")
    if filter_name not in FILTERS or innovation_name not in INNOVATIONS:
        raise ConfigError(
            f"unknown scenario configuration {name!r}; use <filter>+<innovations> with filter "
            f"in {', '.join(FILTERS)} and innovations in {', '.join(INNOVATIONS)}, or an "
            f"alias ({', '.join(ALIASES)})"
        )
    return resolved


def trains_in_steps(name: str) -> bool:
    """Return whether the configuration ``name`` holds a GAN (trains in steps)."""
    return resolve_configuration(name).partition("+")[2] in TRAINED_IN_STEPS


def build_configuration(
    name: str,
    *,
    random_state: RandomState = None,
    gan_training: TrainingConfig | None = None,
) -> ConditionalScenarioModel:
    """Return a new, unfitted model of the configuration ``name``.

    Parameters
    ----------
    name : str
        ``"<filter>+<innovations>"`` (e.g. ``"ewma+empirical"``) or an alias (``"fhs"``).
    random_state : int, numpy.random.Generator or None
        Seed of a GAN's training.
    gan_training : TrainingConfig, optional
        Training of a GAN (default: the GAN's own).

    Examples
    --------
    >>> build_configuration("fhs")
    ConditionalScenarioModel(volatility=EWMAFilter(), innovations=EmpiricalInnovations())
    """
    filter_name, _, innovation_name = resolve_configuration(name).partition("+")
    return ConditionalScenarioModel(
        volatility=FILTERS[filter_name](),
        innovations=INNOVATIONS[innovation_name](random_state, gan_training),
    )
