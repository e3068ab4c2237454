"""Rank generators by their scoreboard errors: group scores, an overall score, head to head.

The input is a table of errors, one row per generator and one column per ``(group, metric)``,
as :func:`fingan.metrics.scoreboard.compare_generators` gives it. :func:`group_scores` puts each
metric on the scale of the generators compared, :func:`overall_score` averages the groups into
one number and a rank, and :func:`head_to_head` says which groups one generator wins against
others.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from fingan.core.exceptions import ConfigError, ShapeError
from fingan.metrics.scoreboard import SCORE_GROUPS

MAX_RELATIVE_ERROR = 3.0
"""Cap on an error divided by the median error of the generators compared."""


def group_scores(scores_by_model: pd.DataFrame) -> pd.DataFrame:
    """Relative error of each generator in each metric group.

    Each metric's error is divided by the median of that metric over the generators compared,
    and a group's score is the mean of its metrics' relative errors: 1 is the typical error
    among the generators, 0.5 half of it, 0 perfect. Dividing by the median puts metrics of
    different units on one scale and makes the scores relative to the set compared: adding or
    removing a generator moves the medians. An arithmetic mean bounds the reward for a
    near-zero error (at most 1 below the typical one), so that a generator which copies the
    real data, or a noisy metric that comes out 0 by chance, cannot outweigh failures
    elsewhere. For the same reason each relative error is capped at
    :data:`MAX_RELATIVE_ERROR` (3): a generator that fails one metric badly (say, ten times the
    typical error) loses at most 3 points there rather than outweighing every other group. A
    metric whose median is 0 (or NaN) is left out, and so is a group with no value at all
    (``cross_correlation`` for one asset).

    Parameters
    ----------
    scores_by_model : pandas.DataFrame
        One row per generator, columns a ``(group, metric)`` MultiIndex of errors (as from
        :func:`~.scoreboard.compare_generators`).

    Returns
    -------
    pandas.DataFrame
        One row per generator, one column per group.
    """
    if not isinstance(scores_by_model.columns, pd.MultiIndex):
        raise ShapeError("scores_by_model needs (group, metric) MultiIndex columns")
    errors = scores_by_model.astype(np.float64)
    if (errors < 0).to_numpy().any():
        raise ConfigError("scores_by_model holds negative errors")
    median = errors.median(axis=0).where(lambda value: value > 0)
    relative = errors.div(median, axis=1).clip(upper=MAX_RELATIVE_ERROR)
    table = relative.T.groupby(level=0, sort=False).mean().T.dropna(axis=1, how="all")
    order = [group for group in SCORE_GROUPS if group in table.columns]
    order += [group for group in table.columns if group not in order]
    return table[order]


def overall_score(
    scores_by_model: pd.DataFrame, *, groups: Sequence[str] | None = None
) -> pd.DataFrame:
    """One score per generator, and a rank: the mean of its group scores.

    Group scores are those of :func:`group_scores`: each metric's error divided by its median
    over the generators compared, averaged within the group. The overall score is the mean of
    the group scores with equal weights, over ``groups`` (by default every group present: the
    seven stylized facts, the discriminative and the predictive score; each group counts once
    however many metrics it holds), skipping groups a generator has no value for. Lower is
    better; 1 is the typical generator of the set. The score is relative to the set of
    generators compared, so compare generators only within one table.

    Parameters
    ----------
    scores_by_model : pandas.DataFrame
        One row per generator, columns a ``(group, metric)`` MultiIndex of errors.
    groups : sequence of str, optional
        Groups to average, e.g. :data:`~.scoreboard.STYLIZED_GROUPS`.

    Returns
    -------
    pandas.DataFrame
        One row per generator, best first: a column per group, ``overall`` and ``rank`` (1 is
        best; ties share the better rank).
    """
    table = group_scores(scores_by_model)
    used = list(table.columns) if groups is None else [str(group) for group in groups]
    missing = [group for group in used if group not in table.columns]
    if missing:
        raise ConfigError(f"unknown or empty groups: {', '.join(missing)}")
    table["overall"] = table[used].mean(axis=1)
    table["rank"] = table["overall"].rank(method="min", na_option="bottom").astype(np.int64)
    return table.sort_values("rank", kind="stable")


def head_to_head(
    scores_by_model: pd.DataFrame, model: str, rivals: Sequence[str] | None = None
) -> pd.DataFrame:
    """Which groups one generator wins against each rival.

    Parameters
    ----------
    scores_by_model : pandas.DataFrame
        One row per generator, columns a ``(group, metric)`` MultiIndex of errors.
    model : str
        The generator to judge.
    rivals : sequence of str, optional
        The generators to judge it against; by default all others, in the order of the rows.

    Returns
    -------
    pandas.DataFrame of bool
        Index: the groups of :func:`group_scores` and ``overall``; one column per rival; True
        where ``model``'s score (relative to all generators in ``scores_by_model``) is strictly
        lower. The number of stylized-fact groups won against every rival is
        ``frame[frame.index.isin(STYLIZED_GROUPS)].all(axis=1).sum()``.
    """
    table = overall_score(scores_by_model)
    names = [str(name) for name in scores_by_model.index]
    chosen = [name for name in names if name != model] if rivals is None else list(rivals)
    unknown = [name for name in (model, *chosen) if name not in names]
    if unknown:
        raise ConfigError(f"unknown models: {', '.join(unknown)}")
    columns = [column for column in table.columns if column != "rank"]
    mine = table.loc[model, columns]
    wins = {rival: mine < table.loc[rival, columns] for rival in chosen}
    return pd.DataFrame(wins, index=pd.Index(columns, name="group")).astype(bool)
