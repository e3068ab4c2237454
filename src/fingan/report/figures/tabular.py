"""Figures for tables of numeric and categorical columns (``Figure`` objects, no pyplot)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fingan.data.tables import column_kind
from fingan.report.figures.common import grid_shape, hide_unused, histogram_edges
from fingan.report.palette import PALETTE, REAL_COLOUR, REFERENCE_COLOUR


def column_distributions(
    real: pd.DataFrame,
    synthetic: Mapping[str, pd.DataFrame],
    *,
    columns: Sequence[str] | None = None,
    n_cols: int = 3,
    bins: int = 20,
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
    bins : int
        Histogram bins of numeric columns.
    """
    names = list(real.columns if columns is None else columns)
    n_rows, n_cols = grid_shape(len(names), n_cols)
    figure = Figure(figsize=(4.4 * n_cols, 3.1 * n_rows))
    grid = np.atleast_1d(figure.subplots(n_rows, n_cols, squeeze=False)).ravel()
    for axes, name in zip(grid, names, strict=False):
        samples = {key: frame[name] for key, frame in synthetic.items()}
        if column_kind(real[name]) == "numeric":
            _histograms(axes, real[name], samples, bins)
        else:
            _category_bars(axes, real[name], samples)
        axes.set_title(str(name), fontsize=9)
    hide_unused(grid, len(names))
    handles, labels = grid[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper center", ncol=len(labels), frameon=False)
    figure.tight_layout(rect=(0.0, 0.0, 1.0, 1.0 - 0.35 / n_rows))
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


def dcr_distributions(holdout: npt.ArrayLike, synthetic: Mapping[str, npt.ArrayLike]) -> Figure:
    """Distance to the closest training record: synthetic rows against unseen real rows.

    Parameters
    ----------
    holdout : array-like
        DCR of real rows the generators never saw: what a generator that does not copy matches.
    synthetic : mapping of str to array-like
        DCR of each generator's rows.
    """
    reference = np.asarray(holdout, dtype=np.float64)
    samples = {name: np.asarray(values, dtype=np.float64) for name, values in synthetic.items()}
    top = max(float(reference.max()), *(float(values.max()) for values in samples.values()))
    edges = np.linspace(0.0, max(top, 1e-6), 31)
    figure = Figure(figsize=(10, 3.8))
    density_axes, cdf_axes = figure.subplots(1, 2)
    density_axes.hist(
        reference, bins=edges.tolist(), density=True, color=REAL_COLOUR, label="holdout (real)"
    )
    cdf_axes.plot(*_ecdf(reference), color=REFERENCE_COLOUR, lw=2.0, label="holdout (real)")
    for (name, values), colour in zip(samples.items(), PALETTE, strict=False):
        density_axes.hist(
            values, bins=edges.tolist(), density=True, histtype="step", color=colour, lw=1.5,
            label=name,
        )  # fmt: skip
        cdf_axes.plot(*_ecdf(values), color=colour, lw=1.4, label=name)
    density_axes.set_xlabel("distance to closest training row")
    density_axes.set_ylabel("density")
    cdf_axes.set_xlabel("distance to closest training row")
    cdf_axes.set_ylabel("share of rows at most this close")
    cdf_axes.legend(frameon=False, fontsize=8)
    figure.tight_layout()
    return figure


def metric_intervals(summary: pd.DataFrame, *, metrics: Sequence[str] | None = None) -> Figure:
    """Means with confidence intervals per augmenter, one panel per metric and classifier.

    Parameters
    ----------
    summary : pandas.DataFrame
        Columns ``mean``, ``ci_low``, ``ci_high`` indexed by ``(augmenter, classifier, metric)``
        (see :meth:`fingan.apps.credit.CreditEvaluation.intervals`).
    metrics : sequence of str, optional
        Metrics drawn (default: all in ``summary``).
    """
    frame = summary.reset_index()
    metric_names = list(dict.fromkeys(frame["metric"])) if metrics is None else list(metrics)
    classifiers = list(dict.fromkeys(frame["classifier"]))
    augmenters = list(dict.fromkeys(frame["augmenter"]))
    figure = Figure(figsize=(3.3 * len(metric_names), 1.0 + 0.45 * len(augmenters) * 2))
    grid = np.atleast_2d(figure.subplots(len(classifiers), len(metric_names), squeeze=False))
    for row, classifier in enumerate(classifiers):
        for column, metric in enumerate(metric_names):
            axes = grid[row, column]
            part = frame[(frame["classifier"] == classifier) & (frame["metric"] == metric)]
            part = part.set_index("augmenter").reindex(augmenters)
            positions = np.arange(len(augmenters))
            axes.errorbar(
                part["mean"],
                positions,
                xerr=[part["mean"] - part["ci_low"], part["ci_high"] - part["mean"]],
                fmt="o",
                color=PALETTE[0],
                capsize=3,
            )
            axes.set_yticks(positions, augmenters if column == 0 else [""] * len(augmenters))
            axes.invert_yaxis()
            axes.set_title(f"{metric} ({classifier})", fontsize=9)
    figure.tight_layout()
    return figure


def _histograms(axes: Axes, real: pd.Series, synthetic: Mapping[str, pd.Series], bins: int) -> None:
    values = real.to_numpy(np.float64)
    edges = histogram_edges(values, bins).tolist()
    axes.hist(values, bins=edges, density=True, color=REAL_COLOUR, label="real")
    for (name, sample), colour in zip(synthetic.items(), PALETTE, strict=False):
        clipped = np.clip(sample.to_numpy(np.float64), edges[0], edges[-1])
        axes.hist(
            clipped, bins=edges, density=True, histtype="step", color=colour, lw=1.4, label=name
        )
    axes.tick_params(labelsize=7)


def _category_bars(axes: Axes, real: pd.Series, synthetic: Mapping[str, pd.Series]) -> None:
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
    colours = [REAL_COLOUR, *PALETTE]
    for offset, ((name, share), colour) in enumerate(zip(shares.items(), colours, strict=False)):
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
