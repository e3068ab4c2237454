"""The risk study's models: which built-in scenario models it compares, and fitting one."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pandas as pd

from fingan.apps.registry import fit_scenario_model, scenario_factories, study_model_names
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState
from fingan.evaluation import ModelFactory
from fingan.training import TrainingConfig

__all__ = ["RISK_MODELS", "default_risk_models", "fit_risk_model", "risk_model_names"]

RISK_MODELS: tuple[str, ...] = (
    "historical",
    "fhs",
    "garch_t",
    "market_gan",
    "gan",
)
"""Names of the built-in risk models, in the order :func:`default_risk_models` lists them."""


def default_risk_models(
    gan_training: TrainingConfig | None = None, *, names: Sequence[str] | None = None
) -> dict[str, ModelFactory]:
    """Return factories of the risk models a quant would compare, by name.

    ``"historical"``: :class:`~fingan.baselines.historical.HistoricalSimulation` over the last
    500 days; ``"fhs"``: filtered historical simulation (EWMA filter, residuals of the last
    500 days); ``"garch_t"``: GARCH(1,1) with Student-t innovations; ``"market_gan"``: the
    unconditional :class:`~fingan.models.MarketGAN` through
    :class:`~fingan.evaluation.Unconditional`; ``"gan"``: the conditional GAN of the EWMA
    residuals with EVT tails. ``names`` may also hold any other configuration of the
    conditional scenario model (``"gjr+t"``, ``"ewma+gan"``..., see
    :mod:`fingan.scenarios.configurations` and :mod:`fingan.apps.registry`).

    Parameters
    ----------
    gan_training : TrainingConfig, optional
        Training of both GANs (default: each model's own ``default_training``).
    names : sequence of str, optional
        Return only these models, in this order (default: all).

    Returns
    -------
    dict of str to callable
        ``factory(seed)`` builds a new, unfitted model.

    Raises
    ------
    ConfigError
        If a name is not a known model.
    """
    chosen = study_model_names(RISK_MODELS, names, what="risk model")
    return scenario_factories(chosen, gan_training)


def risk_model_names(names: Sequence[str]) -> list[str]:
    """Return ``names`` checked: risk models, or configurations of the scenario model.

    Raises
    ------
    ConfigError
        If a name is neither.
    """
    return study_model_names(RISK_MODELS, names, what="risk model")


def fit_risk_model(
    returns: pd.DataFrame,
    model: str = "garch_t",
    *,
    gan_training: TrainingConfig | None = None,
    random_state: RandomState = 0,
    checkpoint_dir: str | os.PathLike[str] | None = None,
    resume: str | os.PathLike[str] | None = None,
) -> ConditionalPathModel:
    """Build a built-in risk model by name and fit it to ``returns``.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns, one column per asset.
    model : str, default "garch_t"
        One of :data:`RISK_MODELS` (see :func:`default_risk_models`).
    gan_training : TrainingConfig, optional
        Training of a GAN model.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the model.
    checkpoint_dir, resume : path-like, optional
        Checkpoints of a GAN's training: where they are written, and the one to continue
        from (see :func:`fingan.apps.registry.fit_scenario_model`).

    Raises
    ------
    ConfigError
        If ``model`` is not a known model, or checkpoints are asked of a model that does not
        train in steps.
    """
    (name,) = risk_model_names([model])
    return fit_scenario_model(
        returns,
        name,
        gan_training=gan_training,
        random_state=random_state,
        checkpoint_dir=checkpoint_dir,
        resume=resume,
    )
