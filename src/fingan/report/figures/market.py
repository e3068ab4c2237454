"""Figures comparing real and synthetic data, as matplotlib ``Figure`` objects (no pyplot)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from fingan.report.figures.common import (
    grid_shape,
    hide_unused,
    histogram_edges,
    legend_below,
    legend_right,
    model_colour_map,
    model_handles,
)
from fingan.report.palette import MUTED_COLOUR, PALETTE, REAL_COLOUR, REFERENCE_COLOUR


def return_histograms(
    real: npt.ArrayLike,
    synthetic: Mapping[str, npt.ArrayLike],
    *,
    grid_points: int = 512,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Density of real and synthetic returns on a log scale, where fat tails show.

    Every sample is drawn as a kernel density (Gaussian kernel, Silverman's bandwidth, binned
    on a fine grid): on a log scale a histogram of a few hundred real days turns into spikes
    and holes in the tails, a smooth density does not. The densities are cut where they fall
    below a fifth of what a single real observation adds, so no model draws invisible tails.

    Parameters
    ----------
    real : array-like
        Real returns.
    synthetic : mapping of str to array-like
        Samples to compare, by model name; every one is drawn.
    grid_points : int
        Points of the grid over the real data's range (widened by 20 % on each side).
    colours : mapping of str to str, optional
        Colour by model (default: :func:`fingan.report.palette.model_colours` of the keys).
    """
    real_values = _finite(real)
    colour_map = model_colour_map(synthetic, colours)
    grid = histogram_edges(real_values, grid_points - 1, widen=0.2)
    real_density, real_bandwidth = _density(real_values, grid)
    floor = 0.2 / (max(real_values.size, 1) * real_bandwidth * np.sqrt(2.0 * np.pi))
    figure = Figure(figsize=(9, 4.2), layout="constrained")
    axes = figure.add_subplot()
    shown = np.where(real_density >= floor, real_density, np.nan)
    axes.fill_between(grid, shown, floor, color=REAL_COLOUR, lw=0, label="real")
    for name, values in synthetic.items():
        density, _ = _density(_finite(values), grid)
        axes.plot(
            grid,
            np.where(density >= floor, density, np.nan),
            color=colour_map[str(name)],
            lw=1.4,
            label=str(name),
        )
    axes.set_yscale("log")
    axes.set_ylim(bottom=floor)
    axes.set_xlim(grid[0], grid[-1])
    axes.set_xlabel("daily log return")
    axes.set_ylabel("density (log scale)")
    legend_right(axes)
    return figure


def qq_plot(
    real: npt.ArrayLike,
    synthetic: Mapping[str, npt.ArrayLike],
    *,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Quantiles of each synthetic sample against the real quantiles (the diagonal is perfect).

    Every model is drawn, in the colour ``colours`` gives it (default: by order of the keys).
    """
    real_values = _finite(real)
    colour_map = model_colour_map(synthetic, colours)
    probabilities = np.linspace(0.001, 0.999, 400)
    real_quantiles = np.quantile(real_values, probabilities)
    figure = Figure(figsize=(7.0, 5.2), layout="constrained")
    axes = figure.add_subplot()
    for name, values in synthetic.items():
        quantiles = np.quantile(_finite(values), probabilities)
        axes.plot(
            real_quantiles, quantiles, ".", ms=3, color=colour_map[str(name)], label=str(name)
        )
    limits = [real_quantiles[0], real_quantiles[-1]]
    axes.plot(limits, limits, color=REFERENCE_COLOUR, lw=1, ls="--", label="perfect")
    axes.set_xlabel("real quantile")
    axes.set_ylabel("synthetic quantile")
    legend_right(axes, markerscale=3)
    return figure


def training_curves(history: pd.DataFrame) -> Figure:
    """Discriminator and generator losses and gradient norms over training steps."""
    figure = Figure(figsize=(9, 3.9), layout="constrained")
    loss_axes, norm_axes = figure.subplots(1, 2)
    window = max(len(history) // 50, 1)
    roles = (("d", "discriminator (critic)", PALETTE[0]), ("g", "generator", PALETTE[1]))
    for prefix, _, color in roles:
        for axes, suffix in ((loss_axes, "loss"), (norm_axes, "grad_norm")):
            smooth = history[f"{prefix}_{suffix}"].rolling(window, min_periods=1).mean()
            axes.plot(history.index, smooth, color=color)
    loss_axes.set_xlabel("step")
    loss_axes.set_title("losses (moving average)", fontsize=10)
    norm_axes.set_yscale("log")
    norm_axes.set_xlabel("step")
    norm_axes.set_title("gradient norms", fontsize=10)
    handles = [Line2D([], [], color=color, lw=2.0) for _, _, color in roles]
    legend_below(figure, handles, [label for _, label, _ in roles])
    return figure


def sample_paths(
    real: pd.Series,
    synthetic: Mapping[str, npt.ArrayLike],
    *,
    n_shown: int = 5,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Cumulative log return of the real period beside a few paths of each generator.

    Parameters
    ----------
    real : pandas.Series
        Real daily log returns of one asset over the period compared.
    synthetic : mapping of str to array-like of shape (n_paths, n_steps)
        Paths of the same asset, by model name; one panel per model.
    n_shown : int
        Paths drawn per model.
    colours : mapping of str to str, optional
        Colour by model (default: by order of the keys).
    """
    colour_map = model_colour_map(synthetic, colours)
    n_panels = len(synthetic)
    rows, columns = grid_shape(n_panels, 3)
    figure = Figure(figsize=(4.2 * columns, 2.9 * rows + 0.5), layout="constrained")
    axes_grid = np.atleast_1d(figure.subplots(rows, columns, sharey=True, squeeze=False)).ravel()
    real_path = np.cumsum(np.asarray(real, dtype=np.float64))
    for axes, (name, values) in zip(axes_grid, synthetic.items(), strict=False):
        paths = np.cumsum(np.asarray(values, dtype=np.float64)[:n_shown], axis=1)
        axes.plot(paths.T, color=colour_map[str(name)], lw=0.8, alpha=0.8)
        axes.plot(real_path, color="black", lw=1.3)
        axes.set_title(str(name), fontsize=10)
        axes.set_xlabel("day")
    hide_unused(axes_grid, n_panels)
    axes_grid[0].set_ylabel("cumulative log return")
    handles = [Line2D([], [], color="black", lw=1.3), *model_handles(colour_map)]
    legend_below(figure, handles, ["real", *colour_map])
    return figure


def curve_comparison(
    curves: Mapping[str, pd.DataFrame],
    *,
    title: str,
    xlabel: str,
    log_x: bool = False,
    n_obs: int | None = None,
    colours: Mapping[str, str] | None = None,
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
    n_obs : int, optional
        Length of the real series when the curve is an autocorrelation: the band
        ``±1.96/√n_obs`` that the sample autocorrelations of white noise stay in 95 % of the
        time is shaded and labelled.
    colours : mapping of str to str, optional
        Colour by model (default: by order of the keys).
    """
    colour_map = model_colour_map(curves, colours)
    figure = Figure(figsize=(9.0, 3.8), layout="constrained")
    axes = figure.add_subplot()
    if n_obs is not None and n_obs > 0:
        half = 1.96 / np.sqrt(n_obs)
        axes.axhspan(-half, half, color=REAL_COLOUR, alpha=0.45, lw=0,
                     label=f"±1.96/√n, n = {n_obs:,} (±{half:.3f})")  # fmt: skip
    first = next(iter(curves.values()))
    axes.plot(first.index, first["real"], color="black", lw=2.0, marker="o", ms=3, label="real")
    for name, frame in curves.items():
        axes.plot(
            frame.index, frame["synthetic"], color=colour_map[str(name)], lw=1.2, label=str(name)
        )
    axes.axhline(0.0, color=MUTED_COLOUR, lw=0.8)
    if log_x:
        axes.set_xscale("log")
    axes.set_title(title, fontsize=10)
    axes.set_xlabel(xlabel)
    legend_right(axes)
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


def _finite(values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64).ravel()
    return array[np.isfinite(array)]


def _density(
    values: npt.NDArray[np.float64], grid: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], float]:
    """Return a Gaussian kernel density on an even ``grid`` (binned, so fast) and its bandwidth.

    The bandwidth is Silverman's rule, ``0.9 min(sd, IQR / 1.34) n^(-1/5)``, at least one
    grid step; mass beyond the grid is left out.
    """
    step = float(grid[1] - grid[0])
    if values.size == 0:
        return np.zeros_like(grid), step
    q75, q25 = np.percentile(values, [75, 25])
    spread = min(float(np.std(values)), float(q75 - q25) / 1.34) or float(np.std(values))
    bandwidth = max(0.9 * spread * values.size ** (-0.2), step)
    edges = np.concatenate([grid - step / 2, [grid[-1] + step / 2]])
    counts, _ = np.histogram(values, bins=edges)
    reach = int(np.ceil(4.0 * bandwidth / step))
    offsets = np.arange(-reach, reach + 1) * step
    kernel = np.exp(-0.5 * (offsets / bandwidth) ** 2) / (bandwidth * np.sqrt(2.0 * np.pi))
    full = np.convolve(counts, kernel)  # (grid.size + 2 * reach,)
    density = full[reach : reach + grid.size] / values.size
    return density, bandwidth
