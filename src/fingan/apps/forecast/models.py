"""The forecast study's models: which built-in scenario models it compares, and fitting one."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from fingan.apps.registry import fit_scenario_model, scenario_factories, study_model_names
from fingan.core.exceptions import ConfigError
from fingan.core.protocols import ConditionalPathModel
from fingan.core.random import RandomState
from fingan.evaluation import ModelFactory
from fingan.training import TrainingConfig

__all__ = [
    "BENCHMARK",
    "FORECAST_MODELS",
    "ModelSpec",
    "default_forecast_models",
    "fit_forecast_model",
    "forecast_factories",
]

FORECAST_MODELS: tuple[str, ...] = (
    "random_walk",
    "garch_t",
    "quantile_regression",
    "gan",
)
"""Names of the built-in forecast models, in the order :func:`default_forecast_models` lists."""

BENCHMARK = "garch_t"
"""The model every other is tested against when it is evaluated."""

ModelSpec = ModelFactory | ConditionalPathModel
"""A factory ``factory(seed) -> model``, or an unfitted model copied afresh for every refit."""


def default_forecast_models(
    gan_training: TrainingConfig | None = None, *, names: Sequence[str] | None = None
) -> dict[str, ModelFactory]:
    """Return factories of the forecast models compared by default, by name.

    ``"random_walk"``: returns are i.i.d. draws of the last 500 days
    (:class:`~fingan.baselines.HistoricalSimulation`, the historical bootstrap); ``"garch_t"``:
    GARCH(1,1) with Student-t innovations (the ``garch+t`` configuration);
    ``"quantile_regression"``: linear quantile regression on realised volatilities
    (:class:`~fingan.baselines.quantile.QuantileRegressionBaseline`); ``"gan"``: the
    conditional GAN of the EWMA residuals with EVT tails (see :mod:`fingan.apps.registry`).

    Parameters
    ----------
    gan_training : TrainingConfig, optional
        Training of the conditional GAN (default: the model's own).
    names : sequence of str, optional
        Return only these models, in this order (default: every one); any configuration of
        the conditional scenario model (``"fhs"``, ``"gjr+t"``...) is accepted too.

    Returns
    -------
    dict of str to callable
        ``factory(seed)`` builds a new, unfitted model.

    Raises
    ------
    ConfigError
        If a name is not a known model.
    """
    chosen = study_model_names(FORECAST_MODELS, names, what="forecast model")
    return scenario_factories(chosen, gan_training)


def fit_forecast_model(
    returns: pd.DataFrame,
    model: str = BENCHMARK,
    *,
    gan_training: TrainingConfig | None = None,
    random_state: RandomState = 0,
    checkpoint_dir: str | os.PathLike[str] | None = None,
    resume: str | os.PathLike[str] | None = None,
) -> ConditionalPathModel:
    """Build a built-in forecast model by name and fit it to ``returns``.

    Parameters
    ----------
    returns : pandas.DataFrame
        Daily log returns, one column per asset.
    model : str, default "garch_t"
        One of :data:`FORECAST_MODELS` (see :func:`default_forecast_models`) or a
        configuration of the conditional scenario model.
    gan_training : TrainingConfig, optional
        Training of the conditional GAN.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the model.
    checkpoint_dir, resume : path-like, optional
        Checkpoints of the GAN's training: where they are written, and the one to continue
        from (see :func:`fingan.apps.registry.fit_scenario_model`).

    Raises
    ------
    ConfigError
        If ``model`` is not a known model, or checkpoints are asked of a model that does not
        train in steps.
    """
    (name,) = study_model_names(FORECAST_MODELS, [model], what="forecast model")
    return fit_scenario_model(
        returns,
        name,
        gan_training=gan_training,
        random_state=random_state,
        checkpoint_dir=checkpoint_dir,
        resume=resume,
    )


def forecast_factories(
    models: Mapping[str, ModelSpec] | Sequence[str] | None, gan_training: TrainingConfig | None
) -> dict[str, ModelFactory]:
    """Return the factories of the models an evaluation compares, by display name.

    Parameters
    ----------
    models : mapping, sequence of str, str or None
        Built-in names (see :func:`default_forecast_models`; ``None``: every one), or models
        by display name: factories, or unfitted models copied afresh for every refit.
    gan_training : TrainingConfig, optional
        Training of the conditional GAN among built-in models.

    Raises
    ------
    ConfigError
        For an unknown name, no model, or a model that is neither a factory nor has ``fit``
        and ``sample_paths``.
    """
    if models is None:
        return default_forecast_models(gan_training)
    if isinstance(models, str):
        return default_forecast_models(gan_training, names=[models])
    if not isinstance(models, Mapping):
        return default_forecast_models(gan_training, names=list(models))
    if not models:
        raise ConfigError("no models to evaluate")
    return {str(name): _as_factory(spec) for name, spec in models.items()}


def _as_factory(spec: ModelSpec) -> ModelFactory:
    if hasattr(spec, "sample_paths") and hasattr(spec, "fit"):
        template = spec
        return lambda seed: copy.deepcopy(template)
    if callable(spec):
        factory: Callable[[int], ConditionalPathModel] = spec
        return factory
    raise ConfigError(
        f"a model must be a factory or have fit and sample_paths; got {type(spec).__name__}"
    )
