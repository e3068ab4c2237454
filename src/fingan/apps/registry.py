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
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from fingan.apps.checkpoints import check_checkpointing
from fingan.baselines import GARCHBaseline, HistoricalSimulation
from fingan.baselines.historical import FilteredHistoricalSimulation
from fingan.baselines.quantile import QuantileRegressionBaseline
from fingan.core.exceptions import ConfigError
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState, draw_seed
from fingan.evaluation import REFIT_SCHEDULES, ModelFactory, RefitSchedule, Unconditional
from fingan.training import TrainingConfig

if TYPE_CHECKING:
    from fingan.models import ConditionalMarketGAN, MarketGAN

__all__ = [
    "GAN_MODELS",
    "SCENARIO_MODELS",
    "RefitSchedule",
    "build_scenario_model",
    "check_checkpoint_options",
    "fit_scenario_model",
    "gan_training",
    "parse_refit",
    "scenario_factories",
    "select_models",
    "select_names",
    "with_gan_steps",
]

Factory = TypeVar("Factory")

_CLASSICAL: dict[str, Callable[[], ConditionalPathModel]] = {
    "historical": lambda: HistoricalSimulation(lookback=500),
    "filtered_historical": FilteredHistoricalSimulation,
    "garch_t": GARCHBaseline,
    "random_walk": lambda: HistoricalSimulation(lookback=500),
    "quantile_regression": QuantileRegressionBaseline,
}
"""The classical models, by name: each takes no seed and trains in one go."""

GAN_MODELS: tuple[str, ...] = ("market_gan", "conditional_gan")
"""The built-in models that train in steps (GANs), with checkpoints and resumption."""

SCENARIO_MODELS: tuple[str, ...] = (
    "historical",
    "filtered_historical",
    "garch_t",
    "market_gan",
    "conditional_gan",
    "random_walk",
    "quantile_regression",
)
"""Every built-in conditional scenario model, by name.

``"historical"``: :class:`~fingan.baselines.HistoricalSimulation` over the last 500 days;
``"filtered_historical"``: :class:`~fingan.baselines.historical.FilteredHistoricalSimulation`;
``"garch_t"``: :class:`~fingan.baselines.GARCHBaseline` (GARCH(1,1) with Student-t
innovations); ``"market_gan"``: the unconditional :class:`~fingan.models.MarketGAN` through
:class:`~fingan.evaluation.Unconditional`; ``"conditional_gan"``:
:class:`~fingan.models.ConditionalMarketGAN`; ``"random_walk"``: i.i.d. draws of the last 500
days (:class:`~fingan.baselines.HistoricalSimulation`, the historical bootstrap);
``"quantile_regression"``: linear quantile regression on realised volatilities
(:class:`~fingan.baselines.quantile.QuantileRegressionBaseline`).
"""


def select_models(
    factories: Mapping[str, Factory],
    names: Sequence[str] | None,
    *,
    what: str = "model",
) -> dict[str, Factory]:
    """Return the factories named in ``names``, in that order (all of them for ``None``).

    Parameters
    ----------
    factories : mapping of str to callable
        The built-in factories, by name.
    names : sequence of str or None
        The names wanted.
    what : str, default "model"
        What a factory builds, for the error message (``"risk model"``, ...).

    Raises
    ------
    ConfigError
        If ``names`` is empty or holds a name not in ``factories``.
    """
    if names is None:
        return dict(factories)
    unknown = [name for name in names if name not in factories]
    if unknown or not names:
        raise ConfigError(
            f"unknown {what}(s) {', '.join(map(repr, unknown)) or '(none given)'}; "
            f"choose from {', '.join(factories)}"
        )
    return {name: factories[name] for name in names}


def select_names(
    choices: Sequence[str], names: Sequence[str] | None, *, what: str = "model"
) -> list[str]:
    """Return ``names`` checked against ``choices`` (all of ``choices`` for ``None``).

    Raises
    ------
    ConfigError
        If ``names`` is empty or holds a name not in ``choices`` (see :func:`select_models`).

    Examples
    --------
    >>> select_names(("a", "b", "c"), ["c", "a"])
    ['c', 'a']
    """
    return list(select_models(dict.fromkeys(choices), names, what=what))


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
    chosen = select_names(SCENARIO_MODELS, names, what="scenario model")
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

    Raises
    ------
    ConfigError
        If ``name`` is not a built-in model, or ``checkpoint_dir`` or ``resume`` is given for
        a model that does not train in steps.
    """
    if name not in GAN_MODELS:
        if name in SCENARIO_MODELS:
            _refuse_checkpoints(name, checkpoint_dir=checkpoint_dir, resume=resume)
        model = build_scenario_model(name, gan_training=gan_training, random_state=random_state)
        return model.fit(returns)
    gan = _gan(name, gan_training, draw_seed(random_state))
    gan.fit(returns, checkpoint_dir=checkpoint_dir, resume=resume)
    return _conditional(gan)


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
    if name not in GAN_MODELS:
        if checkpoint_every is not None and name in SCENARIO_MODELS:
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
    if name in SCENARIO_MODELS and name not in GAN_MODELS:
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


def parse_refit(text: str) -> RefitSchedule:
    """Read a ``--refit`` option: a calendar period, ``never``, or a number of trading days.

    Raises
    ------
    ConfigError
        If ``text`` is none of those.

    Examples
    --------
    >>> parse_refit("Monthly"), parse_refit("20")
    ('monthly', 20)
    """
    value = text.strip().lower()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    if value in (*REFIT_SCHEDULES, "never"):
        return value  # type: ignore[return-value]
    choices = ", ".join((*REFIT_SCHEDULES, "never"))
    raise ConfigError(f"--refit must be one of {choices} or a number of days; got {text!r}")


def _factory(name: str, training: TrainingConfig | None) -> ModelFactory:
    """Return the factory of one built-in model."""
    if name in _CLASSICAL:
        build = _CLASSICAL[name]
        return lambda seed: build()
    return lambda seed: _conditional(_gan(name, training, seed))


def _gan(name: str, training: TrainingConfig | None, seed: int) -> MarketGAN | ConditionalMarketGAN:
    """Return a new, unfitted built-in GAN."""
    return _gan_class(name)(training=training, random_state=seed)


def _conditional(gan: MarketGAN | ConditionalMarketGAN) -> ConditionalPathModel:
    """Give a GAN the conditional surface (the unconditional one through the adapter)."""
    from fingan.models import MarketGAN

    return Unconditional(gan) if isinstance(gan, MarketGAN) else gan


def _gan_class(name: str) -> type[MarketGAN] | type[ConditionalMarketGAN]:
    """Return the class of a built-in GAN (imported when first needed: it loads torch)."""
    from fingan.models import ConditionalMarketGAN, MarketGAN

    return MarketGAN if name == "market_gan" else ConditionalMarketGAN


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
    return f"{name} does not train in steps (checkpoints are for the GANs: {', '.join(GAN_MODELS)})"
