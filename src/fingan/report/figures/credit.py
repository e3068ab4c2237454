"""Figures of the credit study (``Figure`` objects, no pyplot)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from fingan.report.figures.common import legend_below, model_colour_map, model_handles


def share_curve(
    means: pd.DataFrame, *, colours: Mapping[str, str] | None = None, label: str = "PR-AUC"
) -> Figure:
    """Mean score against the share of training positives kept, a line per augmenter.

    Parameters
    ----------
    means : pandas.DataFrame
        Index: the share kept; columns: a ``(classifier, augmenter)`` MultiIndex of mean scores
        (see :meth:`fingan.apps.credit.DefaulterShareCurve.table`). One panel per classifier.
    colours : mapping of str to str, optional
        Colour by augmenter (default: by order of appearance).
    label : str
        Name of the score, for the y axis.
    """
    classifiers = list(dict.fromkeys(means.columns.get_level_values(0)))
    augmenters = [str(name) for name in dict.fromkeys(means.columns.get_level_values(1))]
    colour_map = model_colour_map(augmenters, colours)
    figure = Figure(figsize=(4.6 * len(classifiers), 3.6), layout="constrained")
    grid = np.atleast_1d(figure.subplots(1, len(classifiers), squeeze=False)[0])
    shares = means.index.to_numpy(np.float64)
    for axes, classifier in zip(grid, classifiers, strict=True):
        for augmenter in augmenters:
            if (classifier, augmenter) not in means.columns:
                continue
            axes.plot(
                shares,
                means[(classifier, augmenter)].to_numpy(np.float64),
                marker="o",
                color=colour_map[augmenter],
            )
        axes.set_xscale("log")
        axes.set_xticks(shares, [f"{share:.0%}" for share in shares])
        axes.minorticks_off()
        axes.set_xlabel("share of training defaulters kept")
        axes.set_ylabel(label)
        axes.set_title(str(classifier))
        axes.grid(alpha=0.3)
    legend_below(figure, model_handles(colour_map, marker="o"), augmenters)
    return figure
