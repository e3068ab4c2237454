"""The market generators: the GAN and the classical models a quant would otherwise use."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from fingan.apps.registry import gan_training
from fingan.baselines import (
    GARCHBaseline,
    GaussianHMMBaseline,
    GaussianMixtureBaseline,
    GBMBaseline,
    StationaryBootstrapBaseline,
)
from fingan.core.io import atomic_directory
from fingan.core.protocols import PathModel
from fingan.core.random import RandomState, draw_seed
from fingan.models import GANEstimator, MarketGAN
from fingan.scenarios import ConditionalRollout, build_configuration

__all__ = [
    "GAN_NAME",
    "MODEL_KIND",
    "classical_generators",
    "market_gan",
    "save_model",
    "scenario_generators",
]

GAN_NAME = "MarketGAN"
"""The name the market GAN goes by in the studies' results."""


def classical_generators(random_state: RandomState = None) -> dict[str, PathModel]:
    """Return the baselines a quant would otherwise use, by display name."""
    seed = draw_seed(random_state)
    return {
        "GARCH(1,1)-t": GARCHBaseline(),
        "Block bootstrap": StationaryBootstrapBaseline(),
        "Gaussian HMM": GaussianHMMBaseline(random_state=seed),
        "Gaussian mixture": GaussianMixtureBaseline(random_state=seed),
        "GBM": GBMBaseline(),
    }


def scenario_generators(
    names: Sequence[str], random_state: RandomState = 0, *, n_steps: int | None = None
) -> dict[str, PathModel]:
    """Return conditional scenario configurations as path generators, by configuration name.

    Each is rolled out from the end of the days it is fitted on
    (:class:`~fingan.scenarios.ConditionalRollout`): the filter's volatility clustering with
    the innovation model's residuals, e.g. ``"garch+gan_evt"`` (a GARCH(1,1) filter x the
    conditional GAN with EVT tails) or ``"gjr+gan_evt"``.

    Parameters
    ----------
    names : sequence of str
        Configuration names or aliases (``fingan risk models`` lists them).
    random_state : int, numpy.random.Generator or None
        Seed of the GANs' training.
    n_steps : int, optional
        Training steps of a GAN innovation model (default: its own).

    Raises
    ------
    ConfigError
        For an unknown configuration name.
    """
    seed = draw_seed(random_state)
    return {
        name: ConditionalRollout(
            model=build_configuration(
                name, random_state=seed, gan_training=gan_training(name, n_steps)
            )
        )
        for name in names
    }


def market_gan(
    random_state: RandomState = 0,
    *,
    n_steps: int | None = None,
    checkpoint_every: int | None = None,
) -> MarketGAN:
    """Return an unfitted :class:`MarketGAN` with its default settings but for those given.

    Parameters
    ----------
    random_state : int, numpy.random.Generator or None
        Seed of the GAN.
    n_steps : int, optional
        Training steps (default: ``MarketGAN.default_training``'s).
    checkpoint_every : int, optional
        Steps between checkpoints (default: ``MarketGAN.default_training``'s).
    """
    training = gan_training("market_gan", n_steps, checkpoint_every=checkpoint_every)
    return MarketGAN(training=training or MarketGAN.default_training, random_state=random_state)


MODEL_KIND = "model"
"""What :func:`save_model` folders hold, recorded in their marker file."""


def save_model(
    model: GANEstimator, out_dir: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Save a fitted model as a new folder, all or nothing.

    ``out_dir`` must be new, empty, or a model saved by this function before (replaced only
    when ``overwrite`` is true); see :mod:`fingan.core.io`.
    """
    with atomic_directory(out_dir, kind=MODEL_KIND, overwrite=overwrite) as staging:
        model.save(staging)
    return Path(out_dir)


def load_market_gan(path: str | os.PathLike[str]) -> MarketGAN:
    """Load a market GAN saved by :func:`save_model` (or ``MarketGAN.save``), checked."""
    return MarketGAN.load(path)
