"""Fit, save, load and sample the tabular GAN for any table (``fingan tabular fit / sample``)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from fingan.core.exceptions import CheckpointError, ConfigError, FileMissingError
from fingan.core.io import atomic_directory, output_kind
from fingan.core.random import RandomState
from fingan.core.validation import check_choice
from fingan.models import TabularGAN
from fingan.models.tabular_networks import check_pack_critic
from fingan.models.tabular_private_settings import private_settings
from fingan.training import ProgressCallback
from fingan.training.accounting import check_privacy
from fingan.transforms.tabular import NUMERIC_ENCODINGS

__all__ = [
    "TABULAR_MODEL_KIND",
    "categorical_values",
    "check_tabular_options",
    "fit_tabular",
    "load_metadata",
    "load_tabular",
    "parse_conditions",
    "sample_tabular",
    "save_tabular",
]

TABULAR_MODEL_KIND = "tabular model"
"""What :func:`save_tabular` folders hold, recorded in their marker file."""

MIN_TABLE_ROWS = 10
"""The fewest rows a table must have to be fitted."""


def load_metadata(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Read column metadata (categories and bounds) written by the user, JSON or YAML.

    The file maps each column to ``{"categories": [...]}`` or ``{"bounds": [low, high]}``;
    a differentially private fit takes the encoding from it instead of from the rows.

    Raises
    ------
    FileMissingError, ConfigError
        If the file is missing or is not a mapping of columns to mappings.
    """
    file = Path(path)
    if not file.is_file():
        raise FileMissingError(f"metadata file {file} does not exist")
    text = file.read_text(encoding="utf-8")
    try:
        data = (
            yaml.safe_load(text) if file.suffix.lower() in (".yaml", ".yml") else json.loads(text)
        )
    except (yaml.YAMLError, json.JSONDecodeError) as error:
        problem = str(error).splitlines()[0]
        raise ConfigError(f"{file.name} cannot be read: {problem}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ConfigError(
            f'{file.name} must map each column to {{"categories": [...]}} or {{"bounds": [lo, hi]}}'
        )
    return {str(column): dict(entry) for column, entry in data.items()}


def fit_tabular(
    table: pd.DataFrame,
    *,
    target: str | None = None,
    epsilon: float | None = None,
    delta: float | None = None,
    metadata: Mapping[str, Mapping[str, Any]] | None = None,
    n_steps: int | None = None,
    pack_critic: str | None = None,
    numeric_encoding: str = "auto",
    random_state: RandomState = 0,
    progress: ProgressCallback | None = None,
) -> TabularGAN:
    """Fit a :class:`TabularGAN` on ``table``, optionally with differential privacy.

    Parameters
    ----------
    table : pandas.DataFrame
        The rows to learn; numeric and categorical columns.
    target : str, optional
        A column the generator conditions on, so that rows of one value can be asked for;
        without ``epsilon`` its critic then reads packs of rows of one value, which keeps the
        column's relation to the others (see ``TabularGAN(pack_by_condition=...)``); with
        ``epsilon`` the generator conditions on every categorical column, the target half of
        the time.
    epsilon, delta : float, optional
        The privacy budget (``epsilon`` switches DP-SGD on; it needs ``metadata``). A private
        fit takes the settings of
        :func:`~fingan.models.tabular_private_settings.private_settings`, chosen on two tables.
    metadata : mapping, optional
        Categories and bounds of every column (see :func:`load_metadata`).
    n_steps : int, optional
        Training steps (default: the model's own, or 300 with ``epsilon``).
    pack_critic : {"pooled", "concatenated"}, optional
        How the critic reads a pack (``TabularGAN(pack_critic=...)``); the model's default when
        ``None`` (pooled: it keeps the relations between columns).
    numeric_encoding : {"auto", "modes"}, default "auto"
        ``TabularGAN(numeric_encoding=...)``: quantile normalisation of numeric columns with
        many distinct values, or CTGAN's modes for all.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the fit.
    progress : callable, optional
        Training progress callback.

    Raises
    ------
    ConfigError, DataValidationError
        For a bad budget, missing metadata, an unknown target or pack critic, or too few rows.
    """
    check_tabular_options(
        table,
        target=target,
        epsilon=epsilon,
        delta=delta,
        metadata=metadata,
        pack_critic=pack_critic,
        numeric_encoding=numeric_encoding,
    )
    settings: dict[str, Any]
    if epsilon is not None:
        assert metadata is not None  # checked above
        categorical = [str(c) for c in table.columns if "categories" in metadata[str(c)]]
        settings = private_settings(len(table), categorical, target, n_steps=n_steps)
    else:
        training = TabularGAN.training_with_steps(n_steps=n_steps)
        settings = {
            "pac": 10,
            "condition_columns": None if target is None else [target],
            "training": training,
        }
    model = TabularGAN(
        **settings,
        pack_critic=pack_critic,
        numeric_encoding=numeric_encoding,
        epsilon=epsilon,
        delta=delta,
        metadata=metadata,
        random_state=random_state,
    )
    return model.fit(table, progress=progress)


def check_tabular_options(
    table: pd.DataFrame,
    *,
    target: str | None = None,
    epsilon: float | None = None,
    delta: float | None = None,
    metadata: Mapping[str, Mapping[str, Any]] | None = None,
    pack_critic: str | None = None,
    numeric_encoding: str = "auto",
) -> None:
    """Check a fit's table and options before any work (see :func:`fit_tabular`).

    Raises
    ------
    ConfigError
        For too few rows, an unknown target, a bad budget, a budget without metadata, a pack
        critic that is unknown or, with a budget, pooled, or an unknown numeric encoding.
    """
    if len(table) < MIN_TABLE_ROWS:
        raise ConfigError(f"the table has {len(table)} rows; a fit needs at least {MIN_TABLE_ROWS}")
    if target is not None and target not in table.columns:
        columns = ", ".join(map(str, table.columns))
        raise ConfigError(f"--target {target!r} is not a column of the table ({columns})")
    check_privacy(epsilon, delta, 1.0)
    if epsilon is not None and metadata is None:
        raise ConfigError(
            "--epsilon needs --metadata: a private fit may not read categories and bounds "
            "from the rows for free"
        )
    check_pack_critic(
        pack_critic, private=epsilon is not None, names=("--pack-critic", "--epsilon")
    )
    check_choice(numeric_encoding, "--numeric-encoding", NUMERIC_ENCODINGS)


def save_tabular(
    model: TabularGAN, out: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Save a fitted model into a new folder, all or nothing."""
    with atomic_directory(out, kind=TABULAR_MODEL_KIND, overwrite=overwrite) as staging:
        model.save(staging)
    return Path(out)


def load_tabular(path: str | os.PathLike[str]) -> TabularGAN:
    """Load a model saved by :func:`save_tabular`, checked.

    Raises
    ------
    CheckpointError
        If ``path`` does not hold a saved tabular model.
    """
    folder = Path(path)
    kind = output_kind(folder)
    if not folder.is_dir() or (kind is not None and kind != TABULAR_MODEL_KIND):
        what = f"a fingan {kind}" if kind else "no saved model"
        raise CheckpointError(f"{folder} holds {what}, not a {TABULAR_MODEL_KIND}")
    return TabularGAN.load(folder)


def parse_conditions(text: str | None, model: TabularGAN) -> dict[str, Any]:
    """Read ``--where col=value[,col=value]`` into conditions the model can take.

    Values are matched to the model's categories by their text, so ``1`` names the integer 1.

    Raises
    ------
    ConfigError
        If a part is not ``col=value``, or names a column or value the model cannot condition on.
    """
    if not text:
        return {}
    categories = categorical_values(model)
    conditions: dict[str, Any] = {}
    for part in text.split(","):
        column, sep, value = part.partition("=")
        column, value = column.strip(), value.strip()
        if not sep or not column:
            raise ConfigError(f"--where must look like column=value[,column=value]; got {text!r}")
        if column not in categories:
            known = ", ".join(categories) or "none"
            raise ConfigError(
                f"--where: {column!r} is not a categorical column of the model ({known})"
            )
        matches = [category for category in categories[column] if str(category) == value]
        if not matches:
            values = ", ".join(map(str, categories[column]))
            raise ConfigError(f"--where: {column} has no value {value!r} (values: {values})")
        conditions[column] = matches[0]
    return conditions


def sample_tabular(
    model: TabularGAN,
    n_rows: int,
    *,
    conditions: Mapping[str, Any] | None = None,
    stratify: str | None = None,
    random_state: RandomState = 0,
) -> pd.DataFrame:
    """Draw ``n_rows`` rows, all meeting ``conditions``, or class by class of ``stratify``."""
    if n_rows < 1:
        raise ConfigError(f"--rows must be at least 1; got {n_rows}")
    if conditions and stratify is not None:
        raise ConfigError("give --where or --stratify, not both")
    return model.sample(
        n_rows, conditions=dict(conditions or {}), stratify=stratify, random_state=random_state
    )


def categorical_values(model: TabularGAN) -> dict[str, list[Any]]:
    """Return each categorical column of a fitted model with its categories."""
    return {
        str(info["name"]): list(info["categories"])
        for info in model.transformer_.columns_
        if info["kind"] == "categorical"
    }
