"""The condition-sensitivity part of the interpretability study (GAN innovation models only)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fingan.core.random import RandomState
from fingan.explain.condition_sensitivity import ConditionSensitivity, condition_sensitivity
from fingan.explain.sensitivity import ConditionalVaR, gan_innovations

__all__ = ["NOT_APPLICABLE", "explain_sensitivity"]

NOT_APPLICABLE = (
    "The condition sensitivity applies to a model with a GAN innovation model (e.g. gan, "
    "ewma+gan); this model has none, so its risk does not depend on learned condition features."
)
"""What the report says for a model without a GAN."""


def explain_sensitivity(
    model: Any,
    returns: pd.DataFrame,
    *,
    asset: str | None = None,
    day: str | None = None,
    level: float = 0.99,
    random_state: RandomState = 0,
) -> ConditionSensitivity | None:
    """Explain how a saved model's GAN VaR responds to its condition; ``None`` without a GAN.

    Parameters
    ----------
    model : ConditionalScenarioModel
        A fitted model (as :func:`fingan.apps.risk.load_risk_model` returns).
    returns : pandas.DataFrame
        Daily log returns with the model's assets; every day with a condition is explained.
    asset : str, optional
        The explained asset (default: the first).
    day : str, optional
        The day whose VaR is attributed (default: the last).
    level : float, default 0.99
        VaR level.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the fixed noise, the sampled days and the deletion tests.
    """
    if gan_innovations(model) is None:
        return None
    function = ConditionalVaR(model, asset=asset, level=level, random_state=random_state)
    history = function.history(returns)
    return condition_sensitivity(function, history, day=day, random_state=random_state)
