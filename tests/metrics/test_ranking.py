"""Known-answer checks of the ranking: group scores, overall score, head to head."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError, ShapeError
from fingan.metrics import (
    STYLIZED_GROUPS,
    group_scores,
    head_to_head,
    overall_score,
)


def test_overall_score_ranks_the_true_process_above_iid_gaussian(scoreboard):
    table = overall_score(scoreboard)
    assert table.loc["true_process", "overall"] < table.loc["gaussian", "overall"]
    assert table.loc["true_process", "rank"] < table.loc["gaussian", "rank"]
    assert table["rank"].is_monotonic_increasing  # best first
    assert list(table.columns[-2:]) == ["overall", "rank"]
    np.testing.assert_allclose(
        table["overall"], table.drop(columns=["overall", "rank"]).mean(axis=1)
    )
    stylized_only = overall_score(scoreboard, groups=STYLIZED_GROUPS[:-1])
    assert stylized_only.loc["true_process", "overall"] < stylized_only.loc["gaussian", "overall"]


def test_head_to_head_lists_groups_won(scoreboard):
    duel = head_to_head(scoreboard, "true_process", ["gaussian"])
    assert duel.loc["overall", "gaussian"]
    for group in ("volatility_clustering", "aggregational_gaussianity"):
        assert duel.loc[group, "gaussian"]
    assert "cross_correlation" not in duel.index  # one asset: no such group
    assert duel[duel.index.isin(STYLIZED_GROUPS)].shape[0] == 6
    everyone = head_to_head(scoreboard, "gaussian")
    assert list(everyone.columns) == ["true_process", "iid_bootstrap"]
    with pytest.raises(ConfigError):
        head_to_head(scoreboard, "gan")


def test_group_scores_divide_each_metric_by_its_median():
    columns = pd.MultiIndex.from_tuples(
        [("distribution", "a"), ("distribution", "b"), ("leverage", "c")],
        names=["group", "metric"],
    )
    errors = pd.DataFrame(
        [[1.0, 10.0, 0.2], [2.0, 20.0, 0.4], [3.0, 60.0, 0.0]],
        index=["x", "y", "z"],
        columns=columns,
    )
    table = group_scores(errors)
    # Medians 2, 20 and 0.2: x = mean(0.5, 0.5), y = 1, z = mean(1.5, 3).
    np.testing.assert_allclose(table["distribution"], [0.5, 1.0, 2.25])
    np.testing.assert_allclose(table["leverage"], [1.0, 2.0, 0.0])
    overall = overall_score(errors)
    assert list(overall.index) == ["x", "z", "y"]
    np.testing.assert_allclose(overall["overall"], [0.75, 1.125, 1.5])
    with pytest.raises(ShapeError):
        group_scores(errors.droplevel("metric", axis=1))
    with pytest.raises(ConfigError):
        group_scores(-errors)
    with pytest.raises(ConfigError):
        overall_score(errors, groups=["cross_correlation"])
