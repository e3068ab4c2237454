"""OHLCVGAN: short windows of daily price bars (open, high, low, close, adjusted close, volume).

The bars are turned into scale-free daily features (:func:`fingan.transforms.ohlcv_features`),
a :class:`~fingan.models.MarketGAN` learns those features jointly (each feature is one "asset"),
and generated features are turned back into bars from a starting close and volume.

The starting close and volume are *conditioning taken from the real data*: each generated window
starts from the close and volume of a real day drawn at random from the training series (the day
before a real window). Everything inside the window — returns, gaps, wicks, volume changes — is
generated.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from fingan.core.estimator import BaseEstimator, check_is_fitted, clone
from fingan.core.exceptions import CheckpointError, ConfigError, TooFewRowsError
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_int
from fingan.models.market_gan import MarketGAN
from fingan.nn.tcn import TCNConfig
from fingan.transforms.ohlcv import OHLCV_FEATURES, ohlcv_features, ohlcv_from_features

__all__ = ["OHLCVGAN", "default_gan"]

FloatArray = npt.NDArray[np.float64]

_CONSTANT = 1e-12  # a feature whose standard deviation is below this is held at its mean
_CLOSE, _VOLUME = 3, 5
_STATE_FILE = "ohlcv.json"
_GAN_FOLDER = "gan"


def default_gan(window: int, n_features: int) -> MarketGAN:
    """Return the MarketGAN an :class:`OHLCVGAN` trains when none is given.

    Generator receptive field 32 days, critic receptive field 16 days (at most ``window``),
    one noise channel per feature, default training settings, and MarketGAN's preprocessing
    and noise as they were when the Stocks benchmark was measured (Lambert W on; no regime
    channel, volatility matching or edge weighting, which windows of a few weeks do not need;
    the critic's statistics at every lag of ``|r|`` only, ``statistics_lags="dense_abs"``).
    """
    critic_blocks = max(1, min(4, int(np.log2(window))))
    return MarketGAN(
        window=window,
        noise_channels=n_features,
        lambert_w=True,
        regime_halflife=None,
        volatility_weight=0.0,
        cover_edges=False,
        statistics_lags="dense_abs",
        generator=TCNConfig(hidden_channels=16, skip_channels=16, n_blocks=5),
        discriminator=TCNConfig(hidden_channels=16, skip_channels=16, n_blocks=critic_blocks),
    )


class OHLCVGAN(BaseEstimator):
    """A GAN for windows of daily OHLCV bars, built on :class:`~fingan.models.MarketGAN`.

    Parameters
    ----------
    window : int, default 24
        Days per generated window (and per training window of the GAN).
    gan : MarketGAN, optional
        The (unfitted) GAN to train on the features; it is cloned, and its ``window`` and
        ``random_state`` are replaced by this estimator's. Default: :func:`default_gan`.
    random_state : int, numpy.random.Generator or None
        Seed of training.

    Attributes
    ----------
    gan_ : MarketGAN
        The fitted GAN of the varying features.
    varying_ : list of int
        Columns of :data:`~fingan.transforms.ohlcv.OHLCV_FEATURES` the GAN models.
    constants_ : numpy.ndarray of shape (6,)
        The mean of each feature; features that never vary (such as ``adjustment`` when the
        adjusted close equals the close) are generated as this constant.
    bounds_ : numpy.ndarray of shape (6,)
        Twice the largest absolute value of each feature in training; generated features are
        clipped to ``[-bounds_, bounds_]`` (a guard against overflow, not a rescaling).
    anchors_ : numpy.ndarray of shape (n_anchors, 2)
        Close and volume of every training day that has ``window`` days after it: the
        conditioning each generated window starts from.

    Examples
    --------
    >>> model = OHLCVGAN(random_state=0).fit(bars)  # doctest: +SKIP
    >>> model.sample(100, random_state=1).shape  # doctest: +SKIP
    (100, 24, 6)
    """

    _fitted_attributes: ClassVar[tuple[str, ...]] = (
        "gan_",
        "varying_",
        "constants_",
        "bounds_",
        "anchors_",
    )

    def __init__(
        self,
        *,
        window: int = 24,
        gan: MarketGAN | None = None,
        random_state: RandomState = None,
    ) -> None:
        self.window = window
        self.gan = gan
        self.random_state = random_state

    def fit(self, bars: pd.DataFrame | npt.ArrayLike) -> OHLCVGAN:
        """Train on daily bars.

        Parameters
        ----------
        bars : pandas.DataFrame or array-like of shape (T, 6)
            Open, high, low, close, adjusted close and volume in the order the windows should
            run (pass the rows reversed to learn windows that run backwards in time).

        Returns
        -------
        self
        """
        window = check_int(self.window, "window", minimum=2)
        if self.gan is not None and not isinstance(self.gan, MarketGAN):
            raise ConfigError(f"gan must be a MarketGAN or None; got {type(self.gan).__name__}")
        values = np.asarray(bars, dtype=np.float64)
        features = ohlcv_features(values)
        if len(features) <= window:
            raise TooFewRowsError(f"{len(values)} bars cannot hold windows of {window} days")
        constants = features.mean(axis=0)
        self.bounds_ = 2.0 * np.abs(features).max(axis=0)
        varying = [int(i) for i in np.flatnonzero(features.std(axis=0) > _CONSTANT)]
        if not varying:
            raise ConfigError("every feature of the bars is constant; nothing to learn")
        gan = default_gan(window, len(varying)) if self.gan is None else clone(self.gan)
        gan.set_params(window=window, random_state=draw_seed(self.random_state))
        frame = pd.DataFrame(features[:, varying], columns=[OHLCV_FEATURES[i] for i in varying])
        self.gan_ = gan.fit(frame)
        self.varying_ = varying
        self.constants_ = constants
        self.anchors_ = values[: len(values) - window][:, [_CLOSE, _VOLUME]].copy()
        return self

    def sample(self, n_windows: int, *, random_state: RandomState = None) -> FloatArray:
        """Generate windows of daily bars.

        Parameters
        ----------
        n_windows : int
            Number of windows.
        random_state : int, numpy.random.Generator or None
            Seed of the anchors drawn and of the GAN's noise.

        Returns
        -------
        numpy.ndarray of shape (n_windows, window, 6)
            Open, high, low, close, adjusted close and volume; each window starts from the
            close and volume of a real training day drawn at random (see the class notes).
        """
        check_is_fitted(self)
        n_windows = check_int(n_windows, "n_windows", minimum=1)
        rng = np.random.default_rng(draw_seed(random_state))
        anchors = self.anchors_[rng.integers(0, len(self.anchors_), size=n_windows)]
        paths = self.gan_.sample(n_windows, int(self.window), random_state=rng)
        features = np.broadcast_to(self.constants_, (n_windows, int(self.window), 6)).copy()
        features[:, :, self.varying_] = np.asarray(paths.values, dtype=np.float64)
        # A guard, not a rescaling: only values beyond twice the largest seen in training
        # (which an untrained generator produces and ``exp`` overflows on) are clipped.
        features = np.clip(features, -self.bounds_, self.bounds_)
        return ohlcv_from_features(features, anchors[:, 0], anchors[:, 1])

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save to a new folder: the GAN's checkpoint (``gan/``) and ``ohlcv.json``.

        ``ohlcv.json`` holds the window, the constant features, the clipping bounds and the
        anchors (closes and volumes of the training days: real data).

        Raises
        ------
        CheckpointError
            If ``path`` exists.
        """
        check_is_fitted(self)
        folder = Path(path)
        if folder.exists() or folder.is_symlink():
            raise CheckpointError(f"{folder} exists; choose a new folder")
        folder.mkdir(parents=True)
        self.gan_.save(folder / _GAN_FOLDER)
        state = {
            "window": int(self.window),
            "varying": self.varying_,
            "constants": self.constants_.tolist(),
            "bounds": self.bounds_.tolist(),
            "anchors": self.anchors_.tolist(),
        }
        (folder / _STATE_FILE).write_text(json.dumps(state), encoding="utf-8")

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, device: str = "auto") -> OHLCVGAN:
        """Load a model written by :meth:`save` (JSON and safetensors only; nothing is executed).

        Raises
        ------
        CheckpointError
            If the folder is missing, incomplete or holds values a fit could not produce.
        """
        folder = Path(path)
        try:
            state = json.loads((folder / _STATE_FILE).read_text(encoding="utf-8"))
            model = cls(window=state["window"])
            model.varying_ = [int(i) for i in state["varying"]]
            model.constants_ = _finite(state["constants"], (6,))
            model.bounds_ = _finite(state["bounds"], (6,))
            model.anchors_ = _finite(state["anchors"], (-1, 2))
            if (model.anchors_ <= 0).any() or not set(model.varying_) <= set(range(6)):
                raise ValueError("anchors must be positive and features in 0..5")
        except (OSError, KeyError, TypeError, ValueError) as error:
            raise CheckpointError(
                f"{folder / _STATE_FILE} is not a saved OHLCVGAN: {error}"
            ) from error
        model.gan_ = MarketGAN.load(folder / _GAN_FOLDER, device=device)
        if len(model.gan_.assets_) != len(model.varying_):
            raise CheckpointError(f"{folder}: the GAN's features do not match ohlcv.json")
        return model


def _finite(values: Any, shape: tuple[int, ...]) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != len(shape) or any(
        want not in (-1, got) for want, got in zip(shape, array.shape, strict=True)
    ):
        raise ValueError(f"expected shape {shape}; got {array.shape}")
    if not bool(np.isfinite(array).all()):
        raise ValueError("values must be finite")
    return array
