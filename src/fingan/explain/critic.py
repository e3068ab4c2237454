"""Which window statistics MarketGAN's critic relies on.

MarketGAN's critic (:class:`~fingan.nn.market.PathDiscriminator`) scores a window by a TCN over
the path plus a head on stylized-fact statistics of the window
(:class:`~fingan.nn.market.WindowStatistics`): autocorrelations of ``|r|`` (volatility
clustering) and of ``r``, the leverage correlation, the volatility, skewness and kurtosis. The
statistics head is where the critic "looks" in a quant's own terms. :func:`critic_attributions`
attributes the head's score on real windows to each statistic, by integrated gradients (Sundararajan
et al., 2017, with ``captum``) or gradient x input, from the average real window as the baseline:
an attribution says how much a window's critic score differs from the average window's because
of that statistic. A deletion test (:func:`~fingan.explain.faithfulness.deletion_test`) checks
it: swapping the top-3 statistics for those of other real windows must move the score more than
swapping the bottom-3.

The attributions are of the statistics head only; the TCN head's share of the score is not
explained here.

References
----------
Sundararajan, M., Taly, A., & Yan, Q. (2017). Axiomatic attribution for deep networks.
*Proceedings of the 34th International Conference on Machine Learning*, 3319-3328.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import torch
from torch import Tensor

from fingan.core.exceptions import ConfigError, ShapeError
from fingan.core.random import RandomState, draw_seed
from fingan.core.validation import check_choice, check_int
from fingan.data.validation import validate_returns_frame
from fingan.explain.faithfulness import DeletionTest, deletion_test
from fingan.models.market_gan import MarketGAN
from fingan.nn.market import WindowStatistics

__all__ = [
    "ATTRIBUTION_METHODS",
    "CriticAttribution",
    "attribute_statistics",
    "critic_attributions",
    "statistic_names",
]

FloatArray = npt.NDArray[np.float64]
Method = Literal["integrated-gradients", "gradient-input"]
ATTRIBUTION_METHODS: tuple[str, ...] = ("integrated-gradients", "gradient-input")
"""Attribution methods :func:`critic_attributions` knows."""

_EXTRA = 'integrated gradients need captum: pip install "fingan[explain]"'


@dataclass(frozen=True)
class CriticAttribution:
    """Attributions of a critic's statistics-head score to each window statistic.

    Attributes
    ----------
    attributions : pandas.DataFrame
        One row per real window, one column per statistic (named in quant terms).
    statistics : pandas.DataFrame
        The statistics of the same windows.
    method : str
        ``"integrated-gradients"`` or ``"gradient-input"``.
    deletion : DeletionTest
        Deletion test of the per-window attributions.
    """

    attributions: pd.DataFrame
    statistics: pd.DataFrame
    method: str
    deletion: DeletionTest

    @property
    def importance(self) -> pd.Series:
        """Mean absolute attribution per statistic, largest first."""
        values = self.attributions.abs().mean().rename("importance")
        return values.sort_values(ascending=False, kind="stable")

    def summary(self) -> str:
        """Return the ranking of the statistics and the deletion test as text."""
        lines = [f"What the critic looks at ({self.method}, {len(self.attributions)} windows)"]
        lines.append(self.to_frame().to_string(float_format=lambda value: f"{value:.4g}"))
        lines.append(self.deletion.summary())
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """Per statistic: mean |attribution|, mean signed attribution, mean and sd of the value."""
        importance = self.importance
        order = importance.index
        return pd.DataFrame(
            {
                "importance": importance,
                "mean_attribution": self.attributions.mean().loc[order],
                "mean_value": self.statistics.mean().loc[order],
                "sd_value": self.statistics.std().loc[order],
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "method": self.method,
            "n_windows": len(self.attributions),
            "importance": {str(k): float(v) for k, v in self.importance.items()},
            "deletion": self.deletion.to_dict(),
        }


def statistic_names(statistics: WindowStatistics, assets: Sequence[str]) -> list[str]:
    """Names, in quant terms, of the flattened statistics of :class:`WindowStatistics`.

    The order is that of ``statistics(paths).flatten(1)``: asset by asset, and within an asset
    the ACF of ``|r|`` at each lag, the ACF of ``r``, the leverage correlation
    ``corr(r_t, r_{t+k}^2)``, then volatility, skewness and log kurtosis. With several assets
    each name starts with the asset's.
    """
    base = [
        *(f"ACF |r| lag {lag}" for lag in statistics.abs_lags),
        *(f"ACF r lag {lag}" for lag in statistics.return_lags),
        *(f"leverage lag {lag}" for lag in statistics.leverage_lags),
        "volatility",
        "skewness",
        "log kurtosis",
    ]
    if len(assets) == 1:
        return base
    return [f"{asset}: {name}" for asset in assets for name in base]


def attribute_statistics(
    score: Callable[[Tensor], Tensor],
    statistics: Tensor,
    names: Sequence[str],
    *,
    method: str = "integrated-gradients",
    n_steps: int = 32,
    k: int = 3,
    random_state: RandomState = 0,
) -> CriticAttribution:
    """Attribute ``score(statistics)`` to each statistic, from their mean as the baseline.

    Parameters
    ----------
    score : callable
        Maps a ``(n, n_statistics)`` tensor to ``n`` scores, differentiably.
    statistics : torch.Tensor
        Statistics of the explained windows, shape ``(n_windows, n_statistics)``; their mean is
        the baseline, and they are the donors of the deletion test.
    names : sequence of str
        One name per statistic.
    method : {"integrated-gradients", "gradient-input"}
        Integrated gradients (``captum``; exact for a linear score) or the gradient at the
        window times its distance from the baseline (first order, no extra dependency).
    n_steps : int, default 32
        Points of the integrated-gradients path integral.
    k : int, default 3
        Statistics swapped in the deletion test.
    random_state : int, numpy.random.Generator or None
        Seed of the deletion test.

    Returns
    -------
    CriticAttribution
    """
    check_choice(method, "method", ATTRIBUTION_METHODS)
    n_steps = check_int(n_steps, "n_steps", minimum=2)
    inputs = statistics.detach().float()
    if inputs.ndim != 2 or inputs.shape[1] != len(names) or inputs.shape[0] < 2:
        raise ShapeError(
            f"statistics must have shape (n_windows >= 2, {len(names)}); got {tuple(inputs.shape)}"
        )
    baseline = inputs.mean(dim=0, keepdim=True).expand_as(inputs)
    if method == "integrated-gradients":
        try:
            from captum.attr import IntegratedGradients
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError(_EXTRA) from error
        attributed = IntegratedGradients(score).attribute(
            inputs, baselines=baseline, n_steps=n_steps
        )
    else:
        leaf = inputs.clone().requires_grad_(True)
        (gradient,) = torch.autograd.grad(score(leaf).sum(), leaf)
        attributed = gradient * (inputs - baseline)
    values = attributed.detach().double().cpu().numpy()

    def predict(rows: FloatArray) -> FloatArray:
        with torch.no_grad():
            output = score(torch.as_tensor(rows, dtype=inputs.dtype, device=inputs.device))
        return output.double().cpu().numpy()

    x = inputs.double().cpu().numpy()
    test = deletion_test(
        predict, x, values, k=max(1, min(k, len(names) // 2)), random_state=random_state
    )
    return CriticAttribution(
        attributions=pd.DataFrame(values, columns=list(names)),
        statistics=pd.DataFrame(x, columns=list(names)),
        method=method,
        deletion=test,
    )


def critic_attributions(
    model: MarketGAN,
    returns: pd.DataFrame,
    *,
    n_windows: int = 256,
    method: str = "integrated-gradients",
    n_steps: int = 32,
    k: int = 3,
    random_state: RandomState = 0,
) -> CriticAttribution:
    """Attribute a fitted MarketGAN critic's statistics-head score on real windows.

    Parameters
    ----------
    model : MarketGAN
        Fitted, with ``window_statistics=True``.
    returns : pandas.DataFrame
        Real daily log returns of the model's assets (e.g. its training data), at least
        ``model.window + 1`` rows; windows of ``model.window`` days are drawn at random.
    n_windows : int, default 256
        Windows explained.
    method, n_steps, k, random_state
        As in :func:`attribute_statistics`; ``random_state`` also draws the windows.

    Raises
    ------
    ConfigError
        If the critic has no statistics head or the returns lack the model's assets.
    """
    n_windows = check_int(n_windows, "n_windows", minimum=2)
    critic = model.discriminator_
    head = getattr(critic, "statistics", None)
    summary = getattr(critic, "window_statistics", None)
    if head is None or not isinstance(summary, WindowStatistics):
        raise ConfigError(
            "the critic has no statistics head (fit the model with window_statistics=True)"
        )
    frame = validate_returns_frame(returns, min_rows=int(model.window) + 1)
    missing = [asset for asset in model.assets_ if asset not in frame.columns]
    if missing:
        raise ConfigError(f"returns lack the model's assets {missing}")
    values = model.transform_.transform(frame[model.assets_].to_numpy())  # (T, assets)
    seed = draw_seed(random_state)
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, len(values) - model.window + 1, size=n_windows)
    windows = np.stack([values[start : start + model.window].T for start in starts])
    device = model.device_
    paths = torch.as_tensor(windows, dtype=torch.float32, device=device)  # (n, assets, window)
    was_training = critic.training
    critic.eval()
    try:
        with torch.no_grad():
            statistics = summary(paths).flatten(1)  # (n, assets * n_features)

        def score(rows: Tensor) -> Tensor:
            output: Tensor = head(rows).squeeze(-1)
            return output

        return attribute_statistics(
            score,
            statistics,
            statistic_names(summary, model.assets_),
            method=method,
            n_steps=n_steps,
            k=k,
            random_state=seed,
        )
    finally:
        critic.train(was_training)
