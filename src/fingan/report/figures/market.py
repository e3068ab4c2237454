"""Figures comparing real and synthetic data, as matplotlib ``Figure`` objects (no pyplot)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.figure import Figure

from fingan.report.figures.common import grid_shape, hide_unused, histogram_edges
from fingan.report.palette import MUTED_COLOUR, PALETTE, REAL_COLOUR, REFERENCE_COLOUR


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
    edges = histogram_edges(real_values, bins, widen=0.2)
    figure = Figure(figsize=(8, 4.2))
    axes = figure.add_subplot()
    axes.hist(real_values, bins=edges.tolist(), density=True, color=REAL_COLOUR, label="real")
    for (name, values), color in zip(synthetic.items(), PALETTE, strict=False):
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
    for (name, values), color in zip(synthetic.items(), PALETTE, strict=False):
        quantiles = np.quantile(np.asarray(values, dtype=np.float64).ravel(), probabilities)
        axes.plot(real_quantiles, quantiles, ".", ms=3, color=color, label=name)
    limits = [real_quantiles[0], real_quantiles[-1]]
    axes.plot(limits, limits, color=REFERENCE_COLOUR, lw=1, ls="--", label="perfect")
    axes.set_xlabel("real quantile")
    axes.set_ylabel("synthetic quantile")
    axes.legend(frameon=False)
    return figure


def training_curves(history: pd.DataFrame) -> Figure:
    """Discriminator and generator losses and gradient norms over training steps."""
    figure = Figure(figsize=(9, 3.6))
    loss_axes, norm_axes = figure.subplots(1, 2)
    window = max(len(history) // 50, 1)
    for column, color in (("d_loss", PALETTE[0]), ("g_loss", PALETTE[1])):
        smooth = history[column].rolling(window, min_periods=1).mean()
        loss_axes.plot(history.index, smooth, color=color, label=column)
    loss_axes.set_xlabel("step")
    loss_axes.set_title("losses (moving average)", fontsize=10)
    loss_axes.legend(frameon=False)
    for column, color in (("d_grad_norm", PALETTE[0]), ("g_grad_norm", PALETTE[1])):
        smooth = history[column].rolling(window, min_periods=1).mean()
        norm_axes.plot(history.index, smooth, color=color, label=column)
    norm_axes.set_yscale("log")
    norm_axes.set_xlabel("step")
    norm_axes.set_title("gradient norms", fontsize=10)
    norm_axes.legend(frameon=False)
    figure.tight_layout()
    return figure


def sample_paths(
    real: pd.Series, synthetic: Mapping[str, npt.ArrayLike], *, n_shown: int = 5
) -> Figure:
    """Cumulative log return of the real period beside a few paths of each generator.

    Parameters
    ----------
    real : pandas.Series
        Real daily log returns of one asset over the period compared.
    synthetic : mapping of str to array-like of shape (n_paths, n_steps)
        Paths of the same asset, by model name.
    n_shown : int
        Paths drawn per model.
    """
    n_panels = len(synthetic)
    rows, columns = grid_shape(n_panels, 3)
    figure = Figure(figsize=(4.2 * columns, 2.9 * rows))
    axes_grid = np.atleast_1d(figure.subplots(rows, columns, sharey=True, squeeze=False)).ravel()
    real_path = np.cumsum(np.asarray(real, dtype=np.float64))
    for axes, (name, values) in zip(axes_grid, synthetic.items(), strict=False):
        paths = np.cumsum(np.asarray(values, dtype=np.float64)[:n_shown], axis=1)
        axes.plot(paths.T, color=PALETTE[1], lw=0.8, alpha=0.8)
        axes.plot(real_path, color="black", lw=1.3, label="real")
        axes.set_title(name, fontsize=10)
        axes.set_xlabel("day")
    hide_unused(axes_grid, n_panels)
    axes_grid[0].set_ylabel("cumulative log return")
    axes_grid[0].legend(frameon=False, loc="upper left")
    figure.tight_layout()
    return figure


def curve_comparison(
    curves: Mapping[str, pd.DataFrame], *, title: str, xlabel: str, log_x: bool = False
) -> Figure:
    """One stylized-fact curve (e.g. the ACF of ``|r|``) of the real data and each model.

    Parameters
    ----------
    curves : mapping of str to pandas.DataFrame
        By model: a frame indexed by lag or horizon with columns ``real`` and ``synthetic``
        (the output of :func:`fingan.metrics.stylized_curves` for one key).
    title, xlabel : str
        Labels.
    log_x : bool
        Logarithmic x axis (for lags up to 100).
    """
    figure = Figure(figsize=(7.5, 3.8))
    axes = figure.add_subplot()
    first = next(iter(curves.values()))
    axes.plot(first.index, first["real"], color="black", lw=2.0, marker="o", ms=3, label="real")
    for (name, frame), color in zip(curves.items(), PALETTE * 2, strict=False):
        axes.plot(frame.index, frame["synthetic"], color=color, lw=1.2, label=name)
    axes.axhline(0.0, color=MUTED_COLOUR, lw=0.8)
    if log_x:
        axes.set_xscale("log")
    axes.set_title(title, fontsize=10)
    axes.set_xlabel(xlabel)
    axes.legend(frameon=False, fontsize=8, ncol=2)
    return figure


def correlation_heatmaps(matrices: Mapping[str, pd.DataFrame]) -> Figure:
    """Correlation matrices side by side (real first), on one colour scale from -1 to 1."""
    figure = Figure(figsize=(3.2 * len(matrices), 3.2))
    axes_row = np.atleast_1d(figure.subplots(1, len(matrices)))
    image = None
    for axes, (name, matrix) in zip(axes_row, matrices.items(), strict=True):
        image = axes.imshow(matrix.to_numpy(), vmin=-1.0, vmax=1.0, cmap="RdBu_r")
        labels = [str(label) for label in matrix.columns]
        axes.set_xticks(range(len(labels)), labels, rotation=45, fontsize=8)
        axes.set_yticks(range(len(labels)), labels, fontsize=8)
        for (row, column), value in np.ndenumerate(matrix.to_numpy()):
            axes.text(column, row, f"{value:.2f}", ha="center", va="center", fontsize=8)
        axes.set_title(name, fontsize=10)
    if image is not None:
        figure.colorbar(image, ax=list(axes_row), shrink=0.8)
    return figure
