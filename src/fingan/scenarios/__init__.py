"""Conditional scenario models: a volatility filter x an innovation model.

:class:`ConditionalScenarioModel` composes a filter (:class:`EWMAFilter`,
:class:`GARCHFilter`, :class:`GJRGARCHFilter`) with a model of its standardised residuals
(:class:`StudentTInnovations`, :class:`EmpiricalInnovations`,
:class:`~fingan.models.InnovationGAN`, any of them with :class:`GPDTails`); named
configurations (``"ewma+empirical"`` alias ``"fhs"``...) are built by
:func:`build_configuration`; :class:`ConditionalRollout` rolls one out from the end of its data
as a generator of whole market paths.
"""

from fingan.scenarios.configurations import (
    ALIASES,
    build_configuration,
    configuration_names,
    resolve_configuration,
    trains_in_steps,
)
from fingan.scenarios.filters import EWMAFilter, GARCHFilter, GJRGARCHFilter
from fingan.scenarios.innovations import EmpiricalInnovations, StudentTInnovations
from fingan.scenarios.model import ConditionalScenarioModel
from fingan.scenarios.rollout import ConditionalRollout
from fingan.scenarios.tails import GPDTails

__all__ = [
    "ALIASES",
    "ConditionalRollout",
    "ConditionalScenarioModel",
    "EWMAFilter",
    "EmpiricalInnovations",
    "GARCHFilter",
    "GJRGARCHFilter",
    "GPDTails",
    "StudentTInnovations",
    "build_configuration",
    "configuration_names",
    "resolve_configuration",
    "trains_in_steps",
]
