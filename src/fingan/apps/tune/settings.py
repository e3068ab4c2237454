"""Tuned settings put to work: in a backtest's models, or in a model fitted and saved."""

from __future__ import annotations

import os

import pandas as pd

from fingan.apps.registry import gan_training as registry_training
from fingan.apps.registry import is_configuration
from fingan.apps.risk import fit_configuration
from fingan.apps.tune.result import TunedSettings
from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState, draw_seed
from fingan.evaluation import ModelFactory
from fingan.scenarios import ConditionalScenarioModel, resolve_configuration, trains_in_steps
from fingan.training import ProgressCallback, TrainingConfig

__all__ = ["fit_with_settings", "with_settings"]


def with_settings(
    factories: dict[str, ModelFactory], tuned: TunedSettings, *, n_steps: int | None = None
) -> dict[str, ModelFactory]:
    """Return ``factories`` with the model the settings are for built with them.

    The model is matched by configuration (``"fhs"`` matches settings for
    ``"ewma+empirical"``); ``n_steps`` is ``--gan-steps`` (refused if the settings set it).

    Raises
    ------
    ConfigError
        If no model in ``factories`` is the settings' model.
    """
    wanted = resolve_configuration(tuned.model)
    matches = [
        name
        for name in factories
        if is_configuration(name) and resolve_configuration(name) == wanted
    ]
    if not matches:
        raise ConfigError(
            f"the settings are for {tuned.model}, which is not among the models "
            f"({', '.join(factories)}); add it to --models"
        )
    training = registry_training(tuned.model, n_steps)
    factory = tuned.factory(training=training, n_steps=n_steps)
    return {name: factory if name in matches else built for name, built in factories.items()}


def fit_with_settings(
    returns: pd.DataFrame,
    model: str,
    tuned: TunedSettings | None,
    *,
    gan_training: TrainingConfig | None = None,
    n_steps: int | None = None,
    random_state: RandomState = 0,
    checkpoint_dir: str | os.PathLike[str] | None = None,
    resume: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
) -> ConditionalScenarioModel:
    """Fit the configuration ``model`` with the settings ``tuned`` (when given) to ``returns``.

    Without settings this is :func:`fingan.apps.risk.fit_configuration`; with them the model
    is built the same way with its settings set.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns, one column per asset.
    model : str
        The configuration to fit; it must be the settings' model.
    tuned : TunedSettings or None
        The settings (:func:`~fingan.apps.tune.load_settings`).
    gan_training : TrainingConfig, optional
        The GAN training the command's options ask for; the settings replace its fields.
    n_steps : int, optional
        ``--gan-steps`` (refused when the settings set the steps).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the model.
    checkpoint_dir, resume, progress
        A GAN's training checkpoints and progress (see
        :func:`fingan.apps.registry.fit_scenario_model`).

    Raises
    ------
    ConfigError
        If ``model`` is another configuration than the settings', or the settings clash
        with the options.
    """
    if tuned is None:
        return fit_configuration(
            returns,
            model,
            gan_training=gan_training,
            random_state=random_state,
            checkpoint_dir=checkpoint_dir,
            resume=resume,
            progress=progress,
        )
    if resolve_configuration(model) != resolve_configuration(tuned.model):
        raise ConfigError(f"the settings are for {tuned.model}, not {model}")
    built = tuned.factory(training=gan_training, n_steps=n_steps)(draw_seed(random_state))
    if not isinstance(built, ConditionalScenarioModel):  # every configuration builds one
        raise TypeError(f"{tuned.model} did not build a ConditionalScenarioModel")
    if not trains_in_steps(model):  # as the registry fits it: no training options
        return built.fit(returns)
    return built.fit(returns, checkpoint_dir=checkpoint_dir, resume=resume, progress=progress)
