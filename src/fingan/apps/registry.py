"""The models of every study, by name: one place to list, select, build and fit them.

Every built-in conditional scenario model (the surface
:class:`~fingan.core.protocols.ConditionalPathModel`) is known here by one name; the risk and
forecast studies only choose which of them they list by default (their ``models`` modules).
The command lines' options about models are read here too: ``--gan-steps`` becomes a
:class:`~fingan.training.TrainingConfig` in :func:`gan_training` only, and ``--refit`` a
schedule in :func:`parse_refit`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from fingan.apps.checkpoints import check_checkpointing
from fingan.apps.selection import parse_refit, select_models, select_names
from fingan.baselines import HistoricalSimulation
from fingan.baselines.quantile import QuantileRegressionBaseline
from fingan.core.exceptions import ConfigError
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState, draw_seed
from fingan.evaluation import ModelFactory, RefitSchedule, Unconditional
from fingan.scenarios import (
    ALIASES,
    build_configuration,
    configuration_names,
    resolve_configuration,
)
from fingan.scenarios import trains_in_steps as configuration_trains_in_steps
from fingan.training import ProgressCallback, TrainingConfig

if TYPE_CHECKING:
    from fingan.models import InnovationGAN, MarketGAN

__all__ = [
    "SCENARIO_MODELS",
    "RefitSchedule",
    "build_scenario_model",
    "check_checkpoint_options",
    "fit_scenario_model",
    "gan_training",
    "is_configuration",
    "parse_refit",
    "scenario_factories",
    "scenario_model_names",
    "select_models",
    "select_names",
    "study_model_names",
    "trains_in_steps",
    "with_gan_steps",
]

_CLASSICAL: dict[str, Callable[[], ConditionalPathModel]] = {
    "historical": lambda: HistoricalSimulation(lookback=500),
    "random_walk": lambda: HistoricalSimulation(lookback=500),
    "quantile_regression": QuantileRegressionBaseline,
}
"""The classical models that are not a filter x innovations configuration, by name."""

SCENARIO_MODELS: tuple[str, ...] = (
    "historical",
    "fhs",
    "garch_t",
    "market_gan",
    "gan",
    "random_walk",
    "quantile_regression",
)
"""The built-in conditional scenario models a study lists by default, by name.

``"historical"``: :class:`~fingan.baselines.HistoricalSimulation` over the last 500 days;
``"fhs"``, ``"garch_t"`` and ``"gan"``: configurations of the conditional scenario model
(:mod:`fingan.scenarios.configurations`: ``ewma+empirical``, filtered historical simulation;
``garch+t``; ``ewma+gan_evt``, the conditional GAN of the residuals with EVT tails);
``"market_gan"``: the unconditional :class:`~fingan.models.MarketGAN` through
:class:`~fingan.evaluation.Unconditional`; ``"random_walk"``: i.i.d. draws of the last 500
days (the historical bootstrap); ``"quantile_regression"``: linear quantile regression on
realised volatilities (:class:`~fingan.baselines.quantile.QuantileRegressionBaseline`).
Every other configuration (``"gjr+t"``, ``"ewma+gan"``...) is known too
(:func:`scenario_model_names`).
"""


def scenario_model_names() -> list[str]:
    """Return every name a study accepts: the defaults, then every configuration."""
    names = [*SCENARIO_MODELS, *configuration_names()]
    return list(dict.fromkeys(names))


def study_model_names(
    defaults: Sequence[str], names: Sequence[str] | None, *, what: str = "model"
) -> list[str]:
    """Return a study's models: ``defaults`` for ``None``, else ``names`` checked.

    A study accepts its own default models and every configuration of the conditional
    scenario model (``"gjr+t"``, ``"ewma+gan"``...).

    Raises
    ------
    ConfigError
        If a name is neither (see :func:`~fingan.apps.selection.select_names`).
    """
    if names is None:
        return list(defaults)
    choices = list(dict.fromkeys([*defaults, *ALIASES, *configuration_names()]))
    return select_names(choices, names, what=what)


def trains_in_steps(name: str) -> bool:
    """Return whether the built-in model ``name`` is (or holds) a GAN: checkpoints, steps."""
    if name == "market_gan":
        return True
    if name in _CLASSICAL:
        return False
    return is_configuration(name) and configuration_trains_in_steps(name)


def warm_startable(names: Sequence[str]) -> list[str]:
    """Return the built-in models among ``names`` that refit from their previous fit.

    ``market_gan`` (:meth:`fingan.models.GANEstimator.refit` through
    :class:`~fingan.evaluation.Unconditional`); see ``warm_start`` of
    :func:`~fingan.evaluation.rolling_scenarios`.
    """
    return [name for name in names if name == "market_gan"]


def is_configuration(name: str) -> bool:
    """Return whether ``name`` is a filter x innovations configuration (or its alias)."""
    try:
        resolve_configuration(name)
    except ConfigError:
        return False
    return True


def scenario_factories(
    names: Sequence[str] = SCENARIO_MODELS, gan_training: TrainingConfig | None = None
) -> dict[str, ModelFactory]:
    """Return a factory of each built-in model in ``names``, by name, in that order.

    Parameters
    ----------
    names : sequence of str, default every model
        Names among :data:`SCENARIO_MODELS`.
    gan_training : TrainingConfig, optional
        Training of every GAN among them (default: each GAN's own ``default_training``).

    Returns
    -------
    dict of str to callable
        ``factory(seed)`` builds a new, unfitted model.

    Raises
    ------
    ConfigError
        If a name is not a built-in model.
    """
    chosen = select_names(scenario_model_names(), names, what="scenario model")
    return {name: _factory(name, gan_training) for name in chosen}


def build_scenario_model(
    name: str, *, gan_training: TrainingConfig | None = None, random_state: RandomState = 0
) -> ConditionalPathModel:
    """Build a new, unfitted built-in model by name (see :data:`SCENARIO_MODELS`).

    Raises
    ------
    ConfigError
        If ``name`` is not a built-in model.
    """
    return scenario_factories([name], gan_training)[name](draw_seed(random_state))


def fit_scenario_model(
    returns: pd.DataFrame,
    name: str,
    *,
    gan_training: TrainingConfig | None = None,
    random_state: RandomState = 0,
    checkpoint_dir: str | os.PathLike[str] | None = None,
    resume: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
) -> ConditionalPathModel:
    """Build a built-in model by name and fit it to ``returns``.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns, one column per asset.
    name : str
        One of :data:`SCENARIO_MODELS`.
    gan_training : TrainingConfig, optional
        Training of a GAN (default: its own ``default_training``).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the model.
    checkpoint_dir, resume : path-like, optional
        Passed to a GAN's ``fit`` (see :meth:`fingan.models.GANEstimator.fit`): where its
        training writes checkpoints, and the checkpoint it continues from.
    progress : callable, optional
        Called after each training step of a GAN with ``(step, n_steps, record)``; a model
        that does not train in steps ignores it.

    Raises
    ------
    ConfigError
        If ``name`` is not a built-in model, or ``checkpoint_dir`` or ``resume`` is given for
        a model that does not train in steps.
    """
    if not trains_in_steps(name):
        if name in scenario_model_names():
            _refuse_checkpoints(name, checkpoint_dir=checkpoint_dir, resume=resume)
        model = build_scenario_model(name, gan_training=gan_training, random_state=random_state)
        return model.fit(returns)
    if name == "market_gan":
        gan = _market_gan(gan_training, draw_seed(random_state))
        gan.fit(returns, checkpoint_dir=checkpoint_dir, resume=resume, progress=progress)
        return Unconditional(gan)
    configuration = build_configuration(
        name, random_state=draw_seed(random_state), gan_training=gan_training
    )
    return configuration.fit(
        returns, checkpoint_dir=checkpoint_dir, resume=resume, progress=progress
    )


def gan_training(
    name: str, n_steps: int | None = None, *, checkpoint_every: int | None = None
) -> TrainingConfig | None:
    """Return the training of the built-in model ``name`` for command-line options.

    This is where ``--gan-steps`` and ``--checkpoint-every`` become training settings: the
    GAN's own ``default_training`` with ``n_steps`` steps and a checkpoint every
    ``checkpoint_every`` steps (each only when given). A model that does not train in steps
    has no training: ``None`` (``n_steps`` does not apply to it).

    Parameters
    ----------
    name : str
        A built-in model (see :data:`SCENARIO_MODELS`).
    n_steps : int, optional
        Training steps of a GAN.
    checkpoint_every : int, optional
        Steps between a GAN's checkpoints.

    Returns
    -------
    TrainingConfig or None
        ``None`` when nothing is given (each GAN's defaults) or ``name`` is not a GAN.

    Raises
    ------
    ConfigError
        If a count is not a positive integer, or ``checkpoint_every`` is given for a model
        that does not train in steps.
    """
    if not trains_in_steps(name):
        if checkpoint_every is not None and name in scenario_model_names():
            raise ConfigError(f"{_not_a_gan(name)}; --checkpoint-every does not apply to it")
        return None
    gan = _gan_class(name)
    training = gan.training_with_steps(n_steps=n_steps)
    if checkpoint_every is None:
        return training
    return dataclasses.replace(training or gan.default_training, checkpoint_every=checkpoint_every)


def check_checkpoint_options(
    name: str,
    *,
    checkpoint_dir: str | os.PathLike[str] | None = None,
    checkpoint_every: int | None = None,
    resume: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
) -> int | None:
    """Check a command's checkpoint options for the model ``name``, before any work.

    Parameters
    ----------
    name : str
        The built-in model to fit.
    checkpoint_dir, checkpoint_every, resume
        The ``--checkpoint-dir``, ``--checkpoint-every`` and ``--resume`` options.
    out : path-like, optional
        The command's output, which must not lie in ``checkpoint_dir`` (nor contain it).

    Returns
    -------
    int or None
        The step a resumed training starts from; ``None`` without ``resume``.

    Raises
    ------
    ConfigError
        If an option is given for a model that does not train in steps, or ``out`` and
        ``checkpoint_dir`` overlap.
    CheckpointError
        If ``checkpoint_dir`` holds anything but fingan checkpoints, or ``resume`` is none.
    """
    if name in scenario_model_names() and not trains_in_steps(name):
        options = {
            "--checkpoint-dir": checkpoint_dir,
            "--checkpoint-every": checkpoint_every,
            "--resume": resume,
        }
        given = [option for option, value in options.items() if value is not None]
        if given:
            verb = "does" if len(given) == 1 else "do"
            raise ConfigError(f"{_not_a_gan(name)}; {' and '.join(given)} {verb} not apply to it")
    return check_checkpointing(checkpoint_dir, resume, out=out)


def with_gan_steps(
    models: Callable[..., dict[str, ModelFactory]],
    names: Sequence[str] | None,
    n_steps: int | None,
) -> dict[str, ModelFactory]:
    """Return a study's built-in models ``names``, each GAN trained for ``n_steps`` steps.

    What ``--gan-steps`` means for a study of several models: each GAN keeps its own default
    training but for the number of steps (see :func:`gan_training`).

    Parameters
    ----------
    models : callable
        The study's list of models, called as ``models(gan_training, names=names)``
        (:func:`fingan.apps.risk.default_risk_models`, ...).
    names : sequence of str or None
        The models wanted (``None``: the study's default list).
    n_steps : int, optional
        Training steps of every GAN (default: each GAN's own).

    Raises
    ------
    ConfigError
        If a name is not one of the study's models, or ``n_steps`` is not positive.
    """
    chosen = models(None, names=names)
    if n_steps is None:
        return chosen
    return {name: models(gan_training(name, n_steps), names=[name])[name] for name in chosen}


def _factory(name: str, training: TrainingConfig | None) -> ModelFactory:
    """Return the factory of one built-in model."""
    if name in _CLASSICAL:
        build = _CLASSICAL[name]
        return lambda seed: build()
    if name == "market_gan":
        return lambda seed: Unconditional(_market_gan(training, seed))
    return lambda seed: build_configuration(name, random_state=seed, gan_training=training)


def _market_gan(training: TrainingConfig | None, seed: int) -> MarketGAN:
    """Return a new, unfitted MarketGAN (imported when first needed: it loads torch)."""
    from fingan.models import MarketGAN

    return MarketGAN(training=training, random_state=seed)


def _gan_class(name: str) -> type[MarketGAN] | type[InnovationGAN]:
    """Return the GAN class that the built-in model ``name`` trains."""
    from fingan.models import InnovationGAN, MarketGAN

    return MarketGAN if name == "market_gan" else InnovationGAN


def _refuse_checkpoints(
    name: str,
    *,
    checkpoint_dir: str | os.PathLike[str] | None,
    resume: str | os.PathLike[str] | None,
) -> None:
    given = [
        option
        for option, value in (("checkpoint_dir", checkpoint_dir), ("resume", resume))
        if value is not None
    ]
    if given:
        verb = "does" if len(given) == 1 else "do"
        raise ConfigError(f"{_not_a_gan(name)}; {' and '.join(given)} {verb} not apply to it")


def _not_a_gan(name: str) -> str:
    return (
        f"{name} does not train in steps (checkpoints are for the GANs: market_gan and the "
        "configurations with GAN innovations, such as gan)"
    )
