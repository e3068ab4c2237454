"""The result of a settings search, and the chosen settings saved as JSON and loaded back.

The settings file holds the model, the chosen settings and everything that explains them:
the space, every trial's settings and scores, the validation period, the metric, the search
and the seed. Loading reads JSON only and checks the settings against the model again.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from fingan.apps.tune.objective import METRICS, ValidationPeriod, check_metric
from fingan.apps.tune.space import SearchSpace, SettingValue, settings_factory
from fingan.core.exceptions import ConfigError
from fingan.core.io import write_text_atomic
from fingan.evaluation import ModelFactory
from fingan.metrics.arrays import json_number
from fingan.training import TrainingConfig

__all__ = [
    "SETTINGS_FORMAT",
    "TrialResult",
    "TuneResult",
    "TunedSettings",
    "load_settings",
    "save_settings",
]

SETTINGS_FORMAT = "fingan tuned settings"
"""The ``format`` field of a settings file."""


@dataclass(frozen=True)
class TrialResult:
    """One trial: its settings and scores.

    Attributes
    ----------
    number : int
        Position of the trial (from 0).
    settings : dict
        The settings tried.
    scores : dict of str to float
        Every score of :data:`~fingan.apps.tune.objective.METRICS`, ``n_days`` and
        ``n_violations``.
    seconds : float
        Wall time of the trial (the only field that depends on where it ran).
    """

    number: int
    settings: dict[str, SettingValue]
    scores: dict[str, float]
    seconds: float = float("nan")

    def to_dict(self) -> dict[str, Any]:
        """Return the trial, JSON-ready (a non-finite score is ``null``)."""
        scores = {name: json_number(value) for name, value in self.scores.items()}
        return {
            "number": self.number,
            "settings": dict(self.settings),
            "scores": scores,
            "seconds": json_number(self.seconds),
        }


@dataclass(frozen=True)
class TuneResult:
    """Every trial of a settings search and the settings with the best validation score.

    Attributes
    ----------
    model : str
        The configuration tuned.
    space : SearchSpace
        The settings' values searched.
    metric : str
        The score minimised (one of :data:`~fingan.apps.tune.objective.METRICS`).
    search : str
        ``"grid"``, ``"random"`` or ``"optuna"``.
    trials : tuple of TrialResult
        Every trial, in the order they were proposed.
    period : ValidationPeriod
        The days scored.
    random_state : int
        Seed of the search and of every trial's backtest.
    backtest : dict
        The trials' backtest settings: ``level``, ``n_paths``, ``refit``.
    """

    model: str
    space: SearchSpace
    metric: str
    search: str
    trials: tuple[TrialResult, ...]
    period: ValidationPeriod
    random_state: int
    backtest: dict[str, Any] = field(default_factory=dict)

    @property
    def best(self) -> TrialResult:
        """The trial with the lowest finite score (the first of equal ones)."""
        finite = [trial for trial in self.trials if math.isfinite(trial.scores[self.metric])]
        if not finite:
            raise ConfigError(f"no trial has a finite {self.metric}")
        return min(finite, key=lambda trial: trial.scores[self.metric])

    @property
    def best_settings(self) -> dict[str, SettingValue]:
        """The chosen settings."""
        return dict(self.best.settings)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per trial: its settings, then its scores; index ``trial``."""
        rows = [{**t.settings, **t.scores, "seconds": t.seconds} for t in self.trials]
        frame = pd.DataFrame(rows, index=pd.Index([t.number for t in self.trials], name="trial"))
        return frame

    def summary(self) -> str:
        """Return the chosen settings, their score and the period, as text."""
        best = self.best
        chosen = ", ".join(f"{name}={value}" for name, value in best.settings.items())
        days = self.period.to_dict()
        return (
            f"{self.model}: {len(self.trials)} trials ({self.search} search, seed "
            f"{self.random_state}) scored on {days['validation_start']} to "
            f"{days['validation_end']}; best {self.metric} {best.scores[self.metric]:.6g} "
            f"(trial {best.number}) with {chosen}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the settings file's content, JSON-ready."""
        best = self.best
        return {
            "format": SETTINGS_FORMAT,
            "model": self.model,
            "settings": dict(best.settings),
            "metric": self.metric,
            "score": json_number(best.scores[self.metric]),
            "best_trial": best.number,
            "search": self.search,
            "random_state": self.random_state,
            **self.period.to_dict(),
            "backtest": dict(self.backtest),
            "space": self.space.to_dict(),
            "trials": [trial.to_dict() for trial in self.trials],
        }

    def __str__(self) -> str:
        return self.summary()


@dataclass(frozen=True)
class TunedSettings:
    """Settings chosen by a search, as loaded from their file.

    Attributes
    ----------
    model : str
        The configuration they are for.
    settings : dict
        The chosen settings.
    record : dict
        The whole file (space, trials, validation period, seed).
    """

    model: str
    settings: dict[str, SettingValue]
    record: dict[str, Any] = field(default_factory=dict)

    def factory(
        self, *, training: TrainingConfig | None = None, n_steps: int | None = None
    ) -> ModelFactory:
        """Return ``factory(seed)`` building the model with the settings.

        The settings replace fields of ``training`` (a command's GAN training); ``n_steps``
        is its ``--gan-steps``, refused when the settings set the steps too (see
        :func:`~fingan.apps.tune.space.settings_training`).
        """
        return settings_factory(self.model, self.settings, training=training, n_steps=n_steps)

    def summary(self) -> str:
        """Return the model and its settings as one line."""
        shown = ", ".join(f"{name}={value}" for name, value in self.settings.items())
        return f"{self.model} with {shown or 'its defaults'}"


def save_settings(
    result: TuneResult, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write the chosen settings and the whole search to the new JSON file ``path``.

    Raises
    ------
    OutputPathError
        If ``path`` exists (unless ``overwrite``) or cannot be written.
    """
    text = json.dumps(result.to_dict(), indent=2, allow_nan=False)
    return write_text_atomic(path, text + "\n", overwrite=overwrite)


def load_settings(path: str | os.PathLike[str]) -> TunedSettings:
    """Read settings written by :func:`save_settings` (JSON only; nothing is run).

    Raises
    ------
    ConfigError
        If the file is not a settings file, or its settings do not suit its model.
    OSError
        If it cannot be read.
    """
    source = Path(path)
    try:
        record = json.loads(source.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ConfigError(f"{source} is not a fingan settings file (not JSON)") from None
    if not isinstance(record, dict) or record.get("format") != SETTINGS_FORMAT:
        raise ConfigError(f"{source} is not a fingan settings file")
    model, settings = record.get("model"), record.get("settings")
    if not isinstance(model, str) or not isinstance(settings, dict):
        raise ConfigError(f"{source}: a settings file needs a model and its settings")
    for name, value in settings.items():
        if not isinstance(value, bool | int | float | str):
            raise ConfigError(f"{source}: setting {name} is not a number, true/false or word")
    check_metric(str(record.get("metric", next(iter(METRICS)))))
    settings_factory(model, settings)  # the settings must suit the model
    return TunedSettings(model, settings, record)
