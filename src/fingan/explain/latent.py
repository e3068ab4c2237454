"""What does MarketGAN's noise control? Latent traversals in a quant's terms.

MarketGAN's generator reads a noise sequence of ``noise_width`` channels
(:func:`~fingan.nn.market.path_noise`); there is no single latent vector, but each path has a
*level* per channel, the mean of that channel's noise over the path. :func:`latent_traversal`
moves these levels along a direction -- adding ``offset * direction`` times each channel's
level standard deviation (:func:`~fingan.nn.market.level_scale`: ``1 / sqrt(length)`` for
noise independent in time, more for the persistent regime channel) to every step, so an offset
of 1 is one standard deviation of a path's level -- and measures what the
generated returns do: their volatility, excess kurtosis and lower tail quantile. Every offset
uses the same base noise (common random numbers), so the changes are the direction's effect,
not sampling noise.

The directions are each noise channel alone and two found from the data: the least-squares
regression of each path's log volatility, and of its excess kurtosis, on its channel levels
(normalised to unit length) -- the direction in which the noise most changes the volatility
regime, and the tails.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import torch
from scipy import stats

from fingan.core.exceptions import ConfigError
from fingan.core.random import RandomState, draw_seed, torch_generator
from fingan.core.validation import check_int
from fingan.models.market_gan import MarketGAN
from fingan.nn.market import PathGenerator, level_scale, path_noise

__all__ = ["LatentTraversal", "latent_traversal"]

FloatArray = npt.NDArray[np.float64]

#: Offsets, in standard deviations of a path's noise level, drawn by default.
DEFAULT_OFFSETS: tuple[float, ...] = (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0)

_MEASURES = ("volatility", "kurtosis", "tail_quantile")


@dataclass(frozen=True)
class LatentTraversal:
    """Generated volatility, kurtosis and tail quantile along directions of the noise.

    Attributes
    ----------
    frame : pandas.DataFrame
        Index ``(direction, offset)``; columns ``volatility`` (standard deviation of the daily
        returns of all paths), ``kurtosis`` (their excess kurtosis) and ``tail_quantile``
        (their ``level`` quantile), of the first asset.
    directions : pandas.DataFrame
        Index: the directions; columns: the noise channels (unit vectors).
    fit : pandas.DataFrame
        Index: ``"volatility"``, ``"kurtosis"``; column ``r_squared`` of the regressions of
        each path's log volatility and excess kurtosis on its channel levels.
    level : float
        Probability of the tail quantile.
    """

    frame: pd.DataFrame
    directions: pd.DataFrame
    fit: pd.DataFrame
    level: float

    def sensitivity(self) -> pd.DataFrame:
        """Per direction: change per unit offset of log volatility, kurtosis, tail quantile."""
        rows = {}
        for direction in self.directions.index:
            curve = self.frame.xs(direction, level="direction")
            offsets = curve.index.to_numpy(dtype=np.float64)
            rows[direction] = {
                "log_volatility": _slope(offsets, np.log(curve["volatility"].to_numpy())),
                "kurtosis": _slope(offsets, curve["kurtosis"].to_numpy()),
                "tail_quantile": _slope(offsets, curve["tail_quantile"].to_numpy()),
            }
        return pd.DataFrame(rows).T

    @property
    def volatility_direction(self) -> str:
        """The direction along which the volatility changes most."""
        return str(self.sensitivity()["log_volatility"].abs().idxmax())

    @property
    def tail_direction(self) -> str:
        """The direction along which the excess kurtosis changes most."""
        return str(self.sensitivity()["kurtosis"].abs().idxmax())

    def summary(self) -> str:
        """Return the sensitivities and the controlling directions as text."""
        return "\n".join(
            [
                "What the noise controls (change per standard deviation of a path's noise level)",
                self.sensitivity().to_string(float_format=lambda value: f"{value:.4g}"),
                f"volatility regime: {self.volatility_direction}; tails: {self.tail_direction}",
                "R^2 of the regressions on the channel levels: "
                + ", ".join(f"{k} {v:.3f}" for k, v in self.fit["r_squared"].items()),
            ]
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the traversal curves (index ``(direction, offset)``)."""
        return self.frame

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "level": self.level,
            "volatility_direction": self.volatility_direction,
            "tail_direction": self.tail_direction,
            "sensitivity": {
                str(name): {str(k): float(v) for k, v in row.items()}
                for name, row in self.sensitivity().iterrows()
            },
            "directions": {
                str(name): [float(v) for v in row] for name, row in self.directions.iterrows()
            },
            "r_squared": {str(k): float(v) for k, v in self.fit["r_squared"].items()},
        }


def latent_traversal(
    model: MarketGAN,
    *,
    n_paths: int = 256,
    horizon: int = 250,
    offsets: tuple[float, ...] = DEFAULT_OFFSETS,
    level: float = 0.01,
    random_state: RandomState = 0,
) -> LatentTraversal:
    """Traverse a fitted MarketGAN's noise and measure the generated returns.

    Parameters
    ----------
    model : MarketGAN
        A fitted model.
    n_paths, horizon : int
        Paths per offset and their length (days).
    offsets : tuple of float
        Offsets along each direction, in standard deviations of a path's noise level.
    level : float, default 0.01
        Probability of the lower tail quantile.
    random_state : int, numpy.random.Generator or None
        Seed of the base noise.

    Returns
    -------
    LatentTraversal
    """
    n_paths = check_int(n_paths, "n_paths", minimum=10)
    horizon = check_int(horizon, "horizon", minimum=10)
    if not 0.0 < level < 0.5:
        raise ConfigError(f"level must be in (0, 0.5); got {level!r}")
    if len(offsets) < 2 or not all(np.isfinite(offsets)):
        raise ConfigError("offsets must hold at least two finite numbers")
    generator = model.generator_
    if not isinstance(generator, PathGenerator):
        raise ConfigError("the model's generator is not a PathGenerator")
    n_assets = len(model.assets_)
    length = horizon + generator.receptive_field
    noise = path_noise(
        n_paths,
        model.noise_width,
        length,
        torch_generator(draw_seed(random_state)),
        n_assets=n_assets,
        innovation_df=model.innovation_df,
        regime_halflife=model.regime_halflife,
    )  # (n_paths, channels, length)
    base = _generate(model, noise)  # (n_paths, horizon)
    scales = np.full(noise.shape[1], level_scale(length))
    if model.regime_halflife is not None:
        scales[-1] = level_scale(length, model.regime_halflife)
    levels = noise.mean(dim=-1).double().numpy() / scales  # (n_paths, channels), sd 1
    channels = [f"channel {c}" for c in range(noise.shape[1])]
    path_volatility = np.log(base.std(axis=1) + 1e-12)
    path_kurtosis = stats.kurtosis(base, axis=1)
    vol_direction, vol_r2 = _regression_direction(levels, path_volatility)
    tail_direction, tail_r2 = _regression_direction(levels, path_kurtosis)
    directions = pd.DataFrame(
        np.vstack([np.eye(len(channels)), vol_direction, tail_direction]),
        index=[*channels, "volatility regression", "kurtosis regression"],
        columns=channels,
    )
    records = []
    for name, direction in directions.iterrows():
        step = torch.tensor(direction.to_numpy(dtype=np.float64) * scales, dtype=noise.dtype)
        for offset in offsets:
            returns = _generate(model, noise + float(offset) * step[None, :, None])
            records.append((name, float(offset), *_measures(returns, level)))
    frame = pd.DataFrame.from_records(
        records, columns=["direction", "offset", *_MEASURES]
    ).set_index(["direction", "offset"])
    fit = pd.DataFrame({"r_squared": {"volatility": vol_r2, "kurtosis": tail_r2}})
    return LatentTraversal(frame=frame, directions=directions, fit=fit, level=float(level))


def _generate(model: MarketGAN, noise: torch.Tensor) -> FloatArray:
    """Return the returns of the first asset, original scale, ``(n_paths, horizon)``."""
    generator = model.generator_
    generator.eval()
    with torch.no_grad():
        paths = generator(noise.to(model.device_))  # (n_paths, assets, horizon)
    values = paths.transpose(1, 2).double().cpu().numpy()  # (n_paths, horizon, assets)
    flat = model.transform_.inverse_transform(values.reshape(-1, values.shape[-1]))
    return np.asarray(flat.reshape(values.shape)[..., 0], dtype=np.float64)


def _measures(returns: FloatArray, level: float) -> tuple[float, float, float]:
    pooled = returns.reshape(-1)
    return (
        float(pooled.std()),
        float(stats.kurtosis(pooled)),
        float(np.quantile(pooled, level)),
    )


def _regression_direction(levels: FloatArray, target: FloatArray) -> tuple[FloatArray, float]:
    """Return the unit least-squares slope of ``target`` on ``levels`` and the R^2."""
    design = np.column_stack([np.ones(len(levels)), levels])
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    slope = coefficients[1:]
    residual = target - design @ coefficients
    total = float(((target - target.mean()) ** 2).sum())
    r_squared = 1.0 - float((residual**2).sum()) / total if total > 0 else 0.0
    norm = float(np.linalg.norm(slope))
    direction = slope / norm if norm > 0 else np.eye(len(slope))[0]
    return np.asarray(direction, dtype=np.float64), r_squared


def _slope(x: FloatArray, y: FloatArray) -> float:
    return float(np.polyfit(x, y, 1)[0])
