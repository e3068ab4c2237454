"""The DCR share as SDMetrics' DCROverfittingProtection defines it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError, ShapeError
from fingan.metrics.privacy import (
    DCRShare,
    dcr_share,
    dcr_share_p_value,
    distance_to_closest_record,
)

from .test_privacy import _population


def test_known_answer() -> None:
    train = pd.DataFrame({"x": [0.0, 4.0, 8.0], "c": ["a", "a", "b"]})
    holdout = pd.DataFrame({"x": [2.0, 6.0, 8.0], "c": ["a", "b", "a"]})
    synthetic = pd.DataFrame({"x": [0.5, 5.0, 7.0, 8.0], "c": ["a", "b", "a", "b"]})
    result = dcr_share(train, holdout, synthetic)
    to_train = distance_to_closest_record(train, synthetic)
    to_holdout = distance_to_closest_record(holdout, synthetic)
    # x spans 8 in train, 6 in holdout. Distances to train vs holdout: row 0 (0.5/8)/2 vs
    # (1.5/6)/2 -> train; row 1 (3/8)/2 vs (1/6)/2 -> holdout; row 2 (3/8)/2 vs (1/6)/2 ->
    # holdout; row 3 0 vs (2/6)/2 -> train.
    np.testing.assert_allclose(to_train, [0.5 / 16, 3 / 16, 3 / 16, 0.0])
    np.testing.assert_allclose(to_holdout, [1.5 / 12, 1 / 12, 1 / 12, 2 / 12])
    assert result.closer_to_training == 0.5
    assert result.score == 1.0
    assert (result.n_synthetic, result.train_rows, result.holdout_rows) == (4, 3, 3)


def test_ties_count_for_the_holdout() -> None:
    train = pd.DataFrame({"c": ["a", "b"]})
    holdout = pd.DataFrame({"c": ["a", "c"]})
    synthetic = pd.DataFrame({"c": ["a", "b", "z"]})
    result = dcr_share(train, holdout, synthetic)
    assert result.closer_to_training == pytest.approx(1 / 3)  # only "b"
    assert result.tie_share == pytest.approx(2 / 3)
    assert result.score == 1.0


def test_copies_and_independent_draws() -> None:
    train, holdout = _population(0, 600), _population(1, 600)
    copies = dcr_share(train, holdout, train.sample(frac=1.0, random_state=0))
    assert isinstance(copies, DCRShare)
    assert copies.closer_to_training == 1.0
    assert copies.score == 0.0
    fresh = dcr_share(train, holdout, _population(2, 600))
    assert fresh.closer_to_training == pytest.approx(0.5, abs=0.06)
    assert fresh.score > 0.88


def test_bad_input() -> None:
    train = _population(0, 20)
    with pytest.raises(ShapeError):
        dcr_share(train, train.drop(columns="age"), train)
    with pytest.raises(ShapeError):
        dcr_share(train, train, train.assign(extra=1))


def test_p_value_tells_copies_from_the_luck_of_the_split() -> None:
    train, holdout = _population(0, 300), _population(1, 300)
    copies = train.sample(frac=1.0, random_state=0)
    assert dcr_share_p_value(train, holdout, copies, n_permutations=199) == 1 / 200
    fresh = _population(2, 300)
    assert dcr_share_p_value(train, holdout, fresh, n_permutations=199) > 0.05
    # Rows that all share one nearest real row (here near a holdout row): the share is 0 or
    # 1 by which table that row fell in, and the p-value says so.
    alike = pd.concat([holdout.iloc[[0]]] * 300, ignore_index=True)
    alike["amount"] *= 1.001
    assert dcr_share(train, holdout, alike).closer_to_training == 0.0
    assert dcr_share(holdout, train, alike).closer_to_training == 1.0
    assert dcr_share_p_value(holdout, train, alike, n_permutations=199) > 0.3


def test_p_value_matches_a_slow_relabelling() -> None:
    # With every numeric range taken from the pooled rows, a relabelling's share is the
    # DCR share of the relabelled tables.
    train, holdout, synthetic = _population(3, 40), _population(4, 40), _population(5, 30)
    pooled = pd.concat([train, holdout], ignore_index=True)
    total = np.zeros((30, 80))
    for column in pooled.columns:
        real, fake = pooled[column].to_numpy(), synthetic[column].to_numpy()
        if column in ("amount", "age"):
            span = float(real.max() - real.min())
            total += np.minimum(np.abs(fake[:, None] - real[None, :]) / span, 1.0)
        else:
            total += fake[:, None] != real[None, :]
    to_pooled = total / pooled.shape[1]
    assert to_pooled.shape == (30, 80)
    observed = np.mean(to_pooled[:, :40].min(axis=1) < to_pooled[:, 40:].min(axis=1))
    rng = np.random.default_rng(7)
    labels = np.arange(80) < 40
    count = 0
    for _ in range(99):
        shuffled = rng.permutation(labels)
        share = np.mean(to_pooled[:, shuffled].min(axis=1) < to_pooled[:, ~shuffled].min(axis=1))
        count += share >= observed
    assert dcr_share_p_value(train, holdout, synthetic, n_permutations=99, random_state=7) == (
        pytest.approx((1 + count) / 100)
    )


def test_one_scale_for_both_halves() -> None:
    # Fresh rows from the source of both halves; the holdout half holds one extreme amount,
    # which stretches its range tenfold. On the tables' own scales every distance to the
    # holdout shrinks and the share falls far below 0.5; on the pooled scale it stays near it.
    train, synthetic = _population(0, 400), _population(2, 400)
    holdout = _population(1, 400)
    holdout.loc[0, "amount"] = 10 * holdout["amount"].max()
    assert dcr_share(train, holdout, synthetic).closer_to_training < 0.4
    pooled = dcr_share(train, holdout, synthetic, scale="pooled")
    assert pooled.closer_to_training == pytest.approx(0.5, abs=0.07)
    # Swapping the halves mirrors the pooled share (ties aside), as it should.
    swapped = dcr_share(holdout, train, synthetic, scale="pooled")
    assert swapped.closer_to_training == pytest.approx(
        1 - pooled.closer_to_training - pooled.tie_share
    )
    with pytest.raises(ConfigError, match="scale"):
        dcr_share(train, holdout, synthetic, scale="train")  # type: ignore[arg-type]
