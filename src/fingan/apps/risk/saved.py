"""Saved risk models: the list of models the risk commands take, fitting one, saving, loading.

A configuration of the conditional scenario model (:mod:`fingan.scenarios.configurations`:
``"<filter>+<innovations>"`` or an alias such as ``"fhs"``) can be fitted once on all the data
(:func:`fit_configuration`), saved as a folder (:func:`save_risk_model`) and used later by the
VaR and stress commands instead of a new fit (:func:`load_risk_model`, checked against the
data by :func:`match_assets`). :func:`risk_models_table` lists every model a risk command
takes, with the parts of each configuration.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from fingan.apps.registry import fit_scenario_model
from fingan.apps.risk.models import RISK_MODELS
from fingan.core.estimator import BaseEstimator
from fingan.core.exceptions import CheckpointError, ConfigError, ShapeError
from fingan.core.io import output_kind
from fingan.core.random import RandomState
from fingan.models import InnovationGAN
from fingan.scenarios import (
    ALIASES,
    ConditionalScenarioModel,
    GPDTails,
    build_configuration,
    configuration_names,
    resolve_configuration,
    trains_in_steps,
)
from fingan.scenarios.configurations import FILTERS, INNOVATIONS
from fingan.scenarios.persistence import MODEL_KIND
from fingan.training import ProgressCallback, TrainingConfig

__all__ = [
    "MODEL_KIND",
    "ConditionalScenarioModel",
    "check_configuration",
    "configuration_of",
    "fit_configuration",
    "load_risk_model",
    "match_assets",
    "reports_progress",
    "risk_models_table",
    "save_risk_model",
]

FILTER_DESCRIPTIONS: dict[str, str] = {
    "ewma": "EWMA (decay 0.94)",
    "garch": "GARCH(1,1)",
    "gjr": "GJR-GARCH(1,1)",
}
"""A few words on each volatility filter of :data:`~fingan.scenarios.FILTERS`."""

INNOVATION_DESCRIPTIONS: dict[str, str] = {
    "t": "Student-t residuals",
    "empirical": "residuals of the last 500 days",
    "empirical_evt": "all past residuals, recent GPD tails",
    "gan": "GAN residuals",
    "gan_evt": "GAN residuals, GPD tails",
    "gan_recent": "GAN on recent days, recent GPD tails",
    "gan_shrunk": "GAN residuals, condition off, GPD tails",
    "gan_shrunk_recent": "GAN, condition off, recent GPD tails",
}
"""A few words on each innovation model of :data:`~fingan.scenarios.INNOVATIONS`."""

OTHER_DESCRIPTIONS: dict[str, str] = {
    "historical": "days of the last 500, drawn i.i.d.",
    "market_gan": "MarketGAN paths, unconditional",
}
"""One line on each risk model that is not a configuration."""

TABLE_COLUMNS = ("filter", "innovations", "alias_of", "listed", "description")
"""Columns of :func:`risk_models_table`."""


def risk_models_table() -> pd.DataFrame:
    """Return every model a risk command takes: the defaults, then every configuration.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``model`` (the name a command takes), with columns ``filter`` and
        ``innovations`` (the parts of a configuration; missing for another model),
        ``alias_of`` (the ``"<filter>+<innovations>"`` name an alias stands for; missing
        for other names), ``listed`` (whether a backtest runs it by default,
        :data:`RISK_MODELS`) and ``description`` (one line).

    Examples
    --------
    >>> table = risk_models_table()
    >>> table.loc["fhs", ["filter", "innovations", "alias_of"]].tolist()
    ['ewma', 'empirical', 'ewma+empirical']
    """
    names = list(dict.fromkeys([*RISK_MODELS, *configuration_names()]))
    rows = [_describe(name) for name in names]
    frame = pd.DataFrame(rows, index=pd.Index(names, name="model"), columns=TABLE_COLUMNS)
    return frame.astype({"listed": bool})


def check_configuration(name: str) -> str:
    """Return ``name`` if it is a configuration of the conditional scenario model (or alias).

    Raises
    ------
    ConfigError
        If ``name`` is another risk model (such as ``"historical"``) or no model at all.

    Examples
    --------
    >>> check_configuration("gjr+t")
    'gjr+t'
    """
    if name in RISK_MODELS and name not in ALIASES:
        raise ConfigError(
            f"{name} is not a configuration of the conditional scenario model and cannot be "
            f"fitted and saved; choose {', '.join(ALIASES)} or <filter>+<innovations> with "
            f"filter in {', '.join(FILTERS)} and innovations in {', '.join(INNOVATIONS)} "
            "(see `fingan risk models`)"
        )
    resolve_configuration(name)
    return name


def fit_configuration(
    returns: pd.DataFrame,
    name: str,
    *,
    gan_training: TrainingConfig | None = None,
    random_state: RandomState = 0,
    checkpoint_dir: str | os.PathLike[str] | None = None,
    resume: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
) -> ConditionalScenarioModel:
    """Build the configuration ``name`` and fit it to ``returns``.

    The model is the one :func:`~fingan.apps.risk.fit_risk_model` fits for the same name,
    training and seed, so a saved fit gives the same scenarios as a fit in the same command.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns, one column per asset.
    name : str
        ``"<filter>+<innovations>"`` or an alias (``"fhs"``, ``"garch_t"``, ``"gan"``).
    gan_training : TrainingConfig, optional
        Training of a GAN's innovations (default: the GAN's own).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the model.
    checkpoint_dir, resume : path-like, optional
        Checkpoints of a GAN's training (see :meth:`fingan.models.GANEstimator.fit`).
    progress : callable, optional
        Called after each GAN training step with ``(step, n_steps, record)`` where the
        configuration reports its training (:func:`reports_progress`).

    Raises
    ------
    ConfigError
        If ``name`` is not a configuration, or training options are given to one that does
        not train in steps.
    """
    check_configuration(name)
    model = fit_scenario_model(
        returns,
        name,
        gan_training=gan_training,
        random_state=random_state,
        checkpoint_dir=checkpoint_dir,
        resume=resume,
        progress=progress,
    )
    if not isinstance(model, ConditionalScenarioModel):  # every configuration builds one
        raise TypeError(f"{name} did not build a ConditionalScenarioModel")
    return model


def reports_progress(name: str) -> bool:
    """Return whether :func:`fit_configuration` of ``name`` calls its ``progress`` callback.

    Raises
    ------
    ConfigError
        If ``name`` is not a configuration.
    """
    check_configuration(name)
    return trains_in_steps(name)


def save_risk_model(
    model: ConditionalScenarioModel, out_dir: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Save a fitted configuration as the new folder ``out_dir``, all or nothing.

    ``out_dir`` must be new, empty, or a model saved here before (replaced only with
    ``overwrite``); see :mod:`fingan.core.io` and :data:`MODEL_KIND`.
    """
    model.save(out_dir, overwrite=overwrite)
    return Path(out_dir)


def load_risk_model(path: str | os.PathLike[str]) -> ConditionalScenarioModel:
    """Load a model saved by :func:`save_risk_model`, checked as strictly as a fit's input.

    Raises
    ------
    CheckpointError
        If ``path`` is not a folder holding a saved scenario model, or the model is corrupt.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise CheckpointError(f"{folder} is not a folder holding a saved scenario model")
    kind = output_kind(folder)
    if kind is not None and kind != MODEL_KIND:
        raise CheckpointError(
            f"{folder} holds a fingan {kind}, not a {MODEL_KIND} (made by `fingan risk fit`)"
        )
    return ConditionalScenarioModel.load(folder)


def match_assets(
    model: ConditionalScenarioModel, returns: pd.DataFrame, *, source: object = "the model"
) -> pd.DataFrame:
    """Return ``returns`` with the columns in the order of the assets ``model`` was fitted on.

    Parameters
    ----------
    model : ConditionalScenarioModel
        A fitted (or loaded) model.
    returns : pandas.DataFrame
        Daily log returns, one column per asset.
    source : object, default "the model"
        What to call the model in the message (a saved model's folder).

    Raises
    ------
    ShapeError
        If the columns are not exactly the model's assets (in any order).
    """
    assets = list(model.assets_)
    columns = [str(column) for column in returns.columns]
    if sorted(columns) != sorted(assets) or len(set(columns)) != len(columns):
        raise ShapeError(
            f"{source} was fitted on {', '.join(map(repr, assets))}; the data has "
            f"{', '.join(map(repr, columns))}: give data with the same assets"
        )
    ordered = returns.copy()
    ordered.columns = columns
    return ordered[assets]


def configuration_of(model: ConditionalScenarioModel) -> str | None:
    """Return the name of the configuration whose parts ``model`` has (``None`` if none).

    Parts are compared by class and hyperparameters (a GAN's by class only).

    Examples
    --------
    >>> configuration_of(build_configuration("fhs"))
    'ewma+empirical'
    """
    wanted = (_signature(model.volatility), _signature(model.innovations))
    for name in configuration_names():
        built = build_configuration(name)
        if (_signature(built.volatility), _signature(built.innovations)) == wanted:
            return name
    return None


def _describe(name: str) -> dict[str, Any]:
    listed = name in RISK_MODELS
    if name in OTHER_DESCRIPTIONS:
        return {
            "filter": None,
            "innovations": None,
            "alias_of": None,
            "listed": listed,
            "description": OTHER_DESCRIPTIONS[name],
        }
    resolved = resolve_configuration(name)
    filter_name, _, innovation_name = resolved.partition("+")
    description = (
        f"{FILTER_DESCRIPTIONS.get(filter_name, filter_name)}, "
        f"{INNOVATION_DESCRIPTIONS.get(innovation_name, innovation_name)}"
    )
    if resolved == "ewma+empirical":
        description = f"{description} (FHS)"
    return {
        "filter": filter_name,
        "innovations": innovation_name,
        "alias_of": resolved if resolved != name else None,
        "listed": listed,
        "description": description,
    }


def _signature(part: object) -> object:
    if isinstance(part, GPDTails):
        return ("GPDTails", part.tail_probability, part.window, _signature(part.body))
    if isinstance(part, InnovationGAN):
        return ("InnovationGAN", part.recency_halflife, part.condition_strength)
    params = part.get_params() if isinstance(part, BaseEstimator) else {}
    return (type(part).__name__, sorted(params.items()))
