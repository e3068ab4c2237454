"""Figures comparing real and synthetic data, as matplotlib ``Figure`` objects (no pyplot)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.figure import Figure

_PALETTE = ("#3d5a80", "#ee6c4d", "#2a9d8f", "#9b5de5", "#f4a261")


def return_histograms(
    real: npt.ArrayLike, synthetic: Mapping[str, npt.ArrayLike], *, bins: int = 120
) -> Figure:
    """Density of real and synthetic returns on a log scale, where fat tails show.

    Parameters
    ----------
    real : array-like
        Real returns.
    synthetic : mapping of str to array-like
        Samples to compare, by model name.
    bins : int
        Number of histogram bins over the real data's range (widened by 20 %).
    """
    real_values = np.asarray(real, dtype=np.float64).ravel()
    low, high = np.quantile(real_values, [0.0, 1.0])
    pad = 0.2 * (high - low)
    edges = np.linspace(low - pad, high + pad, bins + 1)
    figure = Figure(figsize=(8, 4.2))
    axes = figure.add_subplot()
    axes.hist(real_values, bins=edges.tolist(), density=True, color="#bcccdc", label="real")
    for (name, values), color in zip(synthetic.items(), _PALETTE, strict=False):
        density, _ = np.histogram(np.asarray(values).ravel(), bins=edges, density=True)
        centres = 0.5 * (edges[1:] + edges[:-1])
        axes.plot(centres, np.where(density > 0, density, np.nan), color=color, lw=1.4, label=name)
    axes.set_yscale("log")
    axes.set_xlabel("daily log return")
    axes.set_ylabel("density (log scale)")
    axes.legend(frameon=False)
    return figure


def qq_plot(real: npt.ArrayLike, synthetic: Mapping[str, npt.ArrayLike]) -> Figure:
    """Quantiles of each synthetic sample against the real quantiles (the diagonal is perfect)."""
    real_values = np.asarray(real, dtype=np.float64).ravel()
    probabilities = np.linspace(0.001, 0.999, 400)
    real_quantiles = np.quantile(real_values, probabilities)
    figure = Figure(figsize=(5.2, 5.2))
    axes = figure.add_subplot()
    for (name, values), color in zip(synthetic.items(), _PALETTE, strict=False):
        quantiles = np.quantile(np.asarray(values, dtype=np.float64).ravel(), probabilities)
        axes.plot(real_quantiles, quantiles, ".", ms=3, color=color, label=name)
    limits = [real_quantiles[0], real_quantiles[-1]]
    axes.plot(limits, limits, color="#52606d", lw=1, ls="--", label="perfect")
    axes.set_xlabel("real quantile")
    axes.set_ylabel("synthetic quantile")
    axes.legend(frameon=False)
    return figure


def training_curves(history: pd.DataFrame) -> Figure:
    """Discriminator and generator losses and gradient norms over training steps."""
    figure = Figure(figsize=(9, 3.6))
    loss_axes, norm_axes = figure.subplots(1, 2)
    window = max(len(history) // 50, 1)
    for column, color in (("d_loss", _PALETTE[0]), ("g_loss", _PALETTE[1])):
        smooth = history[column].rolling(window, min_periods=1).mean()
        loss_axes.plot(history.index, smooth, color=color, label=column)
    loss_axes.set_xlabel("step")
    loss_axes.set_title("losses (moving average)", fontsize=10)
    loss_axes.legend(frameon=False)
    for column, color in (("d_grad_norm", _PALETTE[0]), ("g_grad_norm", _PALETTE[1])):
        smooth = history[column].rolling(window, min_periods=1).mean()
        norm_axes.plot(history.index, smooth, color=color, label=column)
    norm_axes.set_yscale("log")
    norm_axes.set_xlabel("step")
    norm_axes.set_title("gradient norms", fontsize=10)
    norm_axes.legend(frameon=False)
    figure.tight_layout()
    return figure
