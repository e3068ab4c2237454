"""Figures for tables of numeric and categorical columns (``Figure`` objects, no pyplot)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from fingan.data.tables import column_kind
from fingan.report.figures.common import (
    grid_shape,
    hide_unused,
    histogram_edges,
    legend_below,
    model_colour_map,
    model_handles,
    robust_edges,
)
from fingan.report.palette import REAL_COLOUR, REFERENCE_COLOUR


def column_distributions(
    real: pd.DataFrame,
    synthetic: Mapping[str, pd.DataFrame],
    *,
    columns: Sequence[str] | None = None,
    n_cols: int = 3,
    bins: int | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Marginal distribution of each column, real beside every synthetic table.

    Numeric columns are drawn as density histograms over shared bins spanning the real values;
    categorical columns as the share of each category (grouped horizontal bars).

    Parameters
    ----------
    real : pandas.DataFrame
        The real rows.
    synthetic : mapping of str to pandas.DataFrame
        Synthetic rows by source name, with the columns of ``real``.
    columns : sequence of str, optional
        Columns to draw (default: all of ``real``).
    n_cols : int
        Panels per row.
    bins : int, optional
        Histogram bins of numeric columns (default: Freedman-Diaconis width over the real
        values, 10 to 40 bins).
    colours : mapping of str to str, optional
        Colour by source (default: by order of the keys).
    """
    colour_map = model_colour_map(synthetic, colours)
    names = list(real.columns if columns is None else columns)
    n_rows, n_cols = grid_shape(len(names), n_cols)
    figure = Figure(figsize=(4.4 * n_cols, 3.1 * n_rows + 0.5), layout="constrained")
    grid = np.atleast_1d(figure.subplots(n_rows, n_cols, squeeze=False)).ravel()
    for axes, name in zip(grid, names, strict=False):
        samples = {str(key): frame[name] for key, frame in synthetic.items()}
        if column_kind(real[name]) == "numeric":
            _histograms(axes, real[name], samples, bins, colour_map)
        else:
            _category_bars(axes, real[name], samples, colour_map)
        axes.set_title(str(name), fontsize=9)
    hide_unused(grid, len(names))
    handles = [Patch(color=REAL_COLOUR), *model_handles(colour_map)]
    legend_below(figure, handles, ["real", *colour_map])
    return figure


def pair_gap_heatmaps(gaps: Mapping[str, pd.Series], columns: Sequence[str]) -> Figure:
    """How far each synthetic table's pairwise dependence is from the real one, pair by pair.

    Parameters
    ----------
    gaps : mapping of str to pandas.Series
        By source: one value per column pair, indexed by ``(column_a, column_b)``, such as
        ``1 - column_pair_trends(real, synthetic)`` (half the correlation difference for two
        numeric columns, the total variation distance of the contingency tables otherwise).
    columns : sequence of str
        Column order of the matrices.
    """
    names = list(columns)
    position = {name: index for index, name in enumerate(names)}
    figure = Figure(figsize=(5.0 * len(gaps) + 1.0, 4.8))
    axes_row = np.atleast_1d(figure.subplots(1, len(gaps)))
    top = max((float(series.max()) for series in gaps.values() if len(series)), default=1.0)
    image = None
    for panel, (axes, (source, series)) in enumerate(zip(axes_row, gaps.items(), strict=True)):
        matrix = np.zeros((len(names), len(names)))
        for (first, second), value in zip(series.index.tolist(), series.to_numpy(), strict=True):
            row, column = position[str(first)], position[str(second)]
            matrix[row, column] = matrix[column, row] = value
        image = axes.imshow(matrix, vmin=0.0, vmax=max(top, 1e-6), cmap="Reds")
        axes.set_xticks(range(len(names)), names, rotation=90, fontsize=6)
        axes.set_yticks(range(len(names)), names if panel == 0 else [], fontsize=6)
        axes.set_title(f"{source}: mean gap {float(series.mean()):.3f}", fontsize=10)
    if image is not None:
        figure.colorbar(image, ax=list(axes_row), shrink=0.8, label="dependence gap")
    return figure


def dcr_distributions(
    holdout: npt.ArrayLike,
    synthetic: Mapping[str, npt.ArrayLike],
    *,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Distance to the closest training record: synthetic rows against unseen real rows.

    Parameters
    ----------
    holdout : array-like
        DCR of real rows the generators never saw: what a generator that does not copy matches.
    synthetic : mapping of str to array-like
        DCR of each generator's rows.
    colours : mapping of str to str, optional
        Colour by generator (default: by order of the keys).
    """
    colour_map = model_colour_map(synthetic, colours)
    reference = np.asarray(holdout, dtype=np.float64)
    samples = {name: np.asarray(values, dtype=np.float64) for name, values in synthetic.items()}
    top = max(float(reference.max()), *(float(values.max()) for values in samples.values()))
    edges = np.linspace(0.0, max(top, 1e-6), 31)
    figure = Figure(figsize=(10, 4.2), layout="constrained")
    density_axes, cdf_axes = figure.subplots(1, 2)
    density_axes.hist(
        reference, bins=edges.tolist(), density=True, color=REAL_COLOUR, label="holdout (real)"
    )
    cdf_axes.plot(*_ecdf(reference), color=REFERENCE_COLOUR, lw=2.0, label="holdout (real)")
    for name, values in samples.items():
        colour = colour_map[str(name)]
        density_axes.hist(
            values, bins=edges.tolist(), density=True, histtype="step", color=colour, lw=1.5,
            label=name,
        )  # fmt: skip
        cdf_axes.plot(*_ecdf(values), color=colour, lw=1.4, label=name)
    density_axes.set_xlabel("distance to closest training row")
    density_axes.set_ylabel("density")
    cdf_axes.set_xlabel("distance to closest training row")
    cdf_axes.set_ylabel("share of rows at most this close")
    handles = [Patch(color=REAL_COLOUR), *model_handles(colour_map)]
    legend_below(figure, handles, ["holdout (real)", *colour_map])
    return figure


def metric_intervals(
    summary: pd.DataFrame,
    *,
    metrics: Sequence[str] | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Means with confidence intervals per augmenter, one panel per metric and classifier.

    Parameters
    ----------
    summary : pandas.DataFrame
        Columns ``mean``, ``ci_low``, ``ci_high`` indexed by ``(augmenter, classifier, metric)``
        (see :meth:`fingan.apps.credit.CreditEvaluation.intervals`).
    metrics : sequence of str, optional
        Metrics drawn (default: all in ``summary``).
    colours : mapping of str to str, optional
        Colour by augmenter (default: by order of appearance).
    """
    frame = summary.reset_index()
    metric_names = list(dict.fromkeys(frame["metric"])) if metrics is None else list(metrics)
    classifiers = list(dict.fromkeys(frame["classifier"]))
    augmenters = [str(name) for name in dict.fromkeys(frame["augmenter"])]
    colour_map = model_colour_map(augmenters, colours)
    figure = Figure(
        figsize=(3.3 * len(metric_names), 1.5 + 0.45 * len(augmenters) * 2), layout="constrained"
    )
    grid = np.atleast_2d(figure.subplots(len(classifiers), len(metric_names), squeeze=False))
    for row, classifier in enumerate(classifiers):
        for column, metric in enumerate(metric_names):
            axes = grid[row, column]
            part = frame[(frame["classifier"] == classifier) & (frame["metric"] == metric)]
            part = part.assign(augmenter=part["augmenter"].astype(str))
            part = part.set_index("augmenter").reindex(augmenters)
            positions = np.arange(len(augmenters))
            for position, name in zip(positions, augmenters, strict=True):
                row_values = part.loc[name]
                axes.errorbar(
                    [row_values["mean"]],
                    [position],
                    xerr=[
                        [row_values["mean"] - row_values["ci_low"]],
                        [row_values["ci_high"] - row_values["mean"]],
                    ],
                    fmt="o",
                    color=colour_map[name],
                    capsize=3,
                )
            axes.set_yticks(positions, augmenters if column == 0 else [""] * len(augmenters))
            axes.invert_yaxis()
            axes.set_title(f"{metric} ({classifier})", fontsize=9)
    legend_below(figure, model_handles(colour_map, marker="o", ls=""), list(colour_map))
    return figure


def _histograms(
    axes: Axes,
    real: pd.Series,
    synthetic: Mapping[str, pd.Series],
    bins: int | None,
    colour_map: Mapping[str, str],
) -> None:
    values = real.to_numpy(np.float64)
    values = values[np.isfinite(values)]
    edges = (
        robust_edges(values, min_bins=10, max_bins=40)
        if bins is None
        else histogram_edges(values, bins)
    ).tolist()
    axes.hist(values, bins=edges, density=True, color=REAL_COLOUR, label="real")
    for name, sample in synthetic.items():
        colour = colour_map[name]
        clipped = np.clip(sample.to_numpy(np.float64), edges[0], edges[-1])
        axes.hist(
            clipped, bins=edges, density=True, histtype="step", color=colour, lw=1.4, label=name
        )
    axes.tick_params(labelsize=7)


def _category_bars(
    axes: Axes,
    real: pd.Series,
    synthetic: Mapping[str, pd.Series],
    colour_map: Mapping[str, str],
) -> None:
    shares = {"real": real.astype(str).value_counts(normalize=True)}
    shares.update(
        {
            name: sample.astype(str).value_counts(normalize=True)
            for name, sample in synthetic.items()
        }
    )
    categories = list(shares["real"].sort_values(ascending=False).index)
    categories += sorted(set().union(*(share.index for share in shares.values())) - set(categories))
    positions = np.arange(len(categories))
    height = 0.8 / len(shares)
    colours = {"real": REAL_COLOUR, **colour_map}
    for offset, (name, share) in enumerate(shares.items()):
        colour = colours[name]
        values = share.reindex(categories, fill_value=0.0).to_numpy()
        axes.barh(positions + offset * height, values, height=height, color=colour, label=name)
    axes.set_yticks(positions + 0.4 - height / 2, [_short(name) for name in categories])
    axes.invert_yaxis()
    axes.tick_params(labelsize=6)


def _ecdf(
    values: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    ordered = np.sort(values)
    return ordered, np.arange(1, len(ordered) + 1) / len(ordered)


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
