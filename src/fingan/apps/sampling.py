"""Many paths from a saved model, piece by piece, into a partitioned Parquet dataset.

Either model a fingan command saves can be sampled: a market GAN (``fingan market fit``),
which draws unconditional paths, or a conditional scenario model (``fingan risk fit``), which
draws paths that start after the last day of the history it is given. See
:func:`fingan.evaluation.write_path_dataset` for the layout and the random streams.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from fingan.apps.market import load_market_gan
from fingan.apps.risk.saved import load_risk_model, match_assets
from fingan.core.exceptions import CheckpointError, ConfigError
from fingan.core.io import output_kind
from fingan.core.paths import ReturnPaths
from fingan.core.random import RandomState
from fingan.evaluation import Executor
from fingan.evaluation.partitioned import (
    DEFAULT_PIECE_PATHS,
    DatasetProgress,
    PathDataset,
    PathDraw,
    write_path_dataset,
)
from fingan.scenarios.persistence import MODEL_KIND as SCENARIO_MODEL_KIND

__all__ = ["PathDataset", "sample_dataset", "saved_sampler", "write_path_dataset"]


def saved_sampler(
    model_dir: str | os.PathLike[str], history: pd.DataFrame | None = None
) -> tuple[PathDraw, int]:
    """Load a saved model and return its sampler ``draw(n_paths, horizon, seed)`` and asset count.

    Parameters
    ----------
    model_dir : path-like
        A folder from ``fingan market fit`` or ``fingan risk fit``.
    history : pandas.DataFrame, optional
        Daily log returns the paths of a conditional scenario model start after (required for
        one, refused for a market GAN, which draws unconditional paths).

    Raises
    ------
    CheckpointError
        If the folder holds neither model.
    ConfigError
        If ``history`` is missing for a scenario model or given for a market GAN.
    """
    if output_kind(model_dir) == SCENARIO_MODEL_KIND:
        model = load_risk_model(model_dir)
        if history is None:
            raise ConfigError(
                f"{model_dir} holds a conditional scenario model: give --data, the returns its "
                "paths start after"
            )
        frame = match_assets(model, history, source=model_dir)

        def draw_conditional(n_paths: int, horizon: int, seed: int) -> ReturnPaths:
            return model.sample_paths(frame, n_paths, horizon, random_state=seed)

        return draw_conditional, len(model.assets_)
    if history is not None:
        raise ConfigError(
            f"{model_dir} holds a market GAN, which draws unconditional paths: leave out --data"
        )
    try:
        gan = load_market_gan(model_dir)
    except CheckpointError as error:
        raise CheckpointError(
            f"{model_dir} holds neither a market GAN (`fingan market fit`) nor a scenario model "
            f"(`fingan risk fit`): {error}"
        ) from None

    def draw_unconditional(n_paths: int, horizon: int, seed: int) -> ReturnPaths:
        return gan.sample(n_paths, horizon, random_state=seed)

    return draw_unconditional, len(gan.assets_)


def sample_dataset(
    model_dir: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    n_paths: int,
    horizon: int,
    history: pd.DataFrame | None = None,
    piece_paths: int = DEFAULT_PIECE_PATHS,
    random_state: RandomState = 0,
    executor: Executor | None = None,
    overwrite: bool = False,
    progress: DatasetProgress | None = None,
) -> PathDataset:
    """Draw ``n_paths`` paths from a saved model into the new folder ``out``, piece by piece.

    See :func:`saved_sampler` for the models and :func:`fingan.evaluation.write_path_dataset`
    for the dataset.
    """
    draw, n_assets = saved_sampler(model_dir, history)
    return write_path_dataset(
        draw,
        Path(out),
        n_paths=n_paths,
        horizon=horizon,
        n_assets=n_assets,
        piece_paths=piece_paths,
        random_state=random_state,
        executor=executor,
        overwrite=overwrite,
        progress=progress,
    )
