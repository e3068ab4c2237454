"""Settings search: the settings of a scenario model that score best on a validation period.

``space`` reads the settings' values and maps them onto a configuration (training settings
of its GAN, parameters of its parts), ``objective`` scores one trial by a small VaR backtest
on the validation period only, ``runner`` proposes the trials (grid, seeded random draw, or
Optuna on Ray Tune) and runs them on any executor (:func:`tune_model`), and ``result`` holds
the search and saves and loads the chosen settings (:func:`save_settings`,
:func:`load_settings`) that the other commands take with ``--settings``.
"""

from fingan.apps.tune.objective import (
    METRICS,
    ValidationPeriod,
    check_metric,
    score_settings,
    validation_period,
)
from fingan.apps.tune.result import (
    SETTINGS_FORMAT,
    TrialResult,
    TunedSettings,
    TuneResult,
    load_settings,
    save_settings,
)
from fingan.apps.tune.runner import SEARCHES, tune_model
from fingan.apps.tune.settings import fit_with_settings, with_settings
from fingan.apps.tune.space import (
    TRAINING_SETTINGS,
    SearchSpace,
    SettingValue,
    parse_space,
    settings_factory,
    settings_training,
    tunable_settings,
)

__all__ = [
    "METRICS",
    "SEARCHES",
    "SETTINGS_FORMAT",
    "TRAINING_SETTINGS",
    "SearchSpace",
    "SettingValue",
    "TrialResult",
    "TuneResult",
    "TunedSettings",
    "ValidationPeriod",
    "check_metric",
    "fit_with_settings",
    "load_settings",
    "parse_space",
    "save_settings",
    "score_settings",
    "settings_factory",
    "settings_training",
    "tunable_settings",
    "tune_model",
    "validation_period",
    "with_settings",
]
