"""The defaulter-share curve: the study again with fewer real training defaulters."""

from __future__ import annotations

import json
from typing import ClassVar, Self

import numpy as np
import pandas as pd
import pytest

from fingan.apps.credit import evaluate_credit, parse_shares
from fingan.apps.credit.scarcity import keep_positives
from fingan.core.exceptions import ConfigError
from fingan.datasets import load_german_credit
from tests.apps.credit.test_study import Bootstrap as ClassBootstrap

TARGET = "creditability"


class Bootstrap(ClassBootstrap):
    """The study tests' class-conditional bootstrap, recording how many positives it saw."""

    positives: ClassVar[list[int]] = []

    def fit(self, frame: pd.DataFrame) -> Self:
        Bootstrap.positives.append(int((frame[TARGET] == "bad").sum()))
        return super().fit(frame)


@pytest.fixture(scope="module")
def credit() -> pd.DataFrame:
    return load_german_credit().sample(400, random_state=2).reset_index(drop=True)


def test_kept_rows_hold_every_negative_and_a_seeded_share_of_positives():
    labels = np.array([True] * 50 + [False] * 150)
    rows = np.arange(200)[::2]  # 25 positives, 75 negatives
    kept = keep_positives(rows, labels, 0.4, seed=4)
    assert labels[kept].sum() == 10
    assert set(rows[~labels[rows]]) <= set(kept)
    assert set(kept) <= set(rows)
    np.testing.assert_array_equal(kept, keep_positives(rows, labels, 0.4, seed=4))
    assert labels[keep_positives(rows, labels, 0.001, seed=4)].sum() == 6  # never fewer than 6


def test_the_curve_runs_every_fold_at_every_share_with_fewer_positives(credit):
    Bootstrap.positives = []
    result = evaluate_credit(
        credit,
        TARGET,
        "bad",
        augmenters={"bootstrap": Bootstrap},
        classifiers=["logistic"],
        n_splits=3,
        n_repeats=1,
        defaulter_shares=(0.2, 0.5),
    )
    curve = result.share_curve
    assert curve is not None
    assert curve.shares == [0.5, 0.2]
    # the study's folds, then each share's: the augmenter saw fewer real positives each time
    full, half, tenth = (Bootstrap.positives[i : i + 3] for i in (0, 3, 6))
    assert all(
        h == round(0.5 * f) and t == round(0.2 * f)
        for f, h, t in zip(full, half, tenth, strict=True)
    )
    assert curve.kept == {0.5: pytest.approx(np.mean(half)), 0.2: pytest.approx(np.mean(tenth))}
    assert set(curve.scores["share"]) == {0.5, 0.2}
    assert len(curve.scores) == 2 * 3 * 2 * 4  # shares x folds x (none, bootstrap) x metrics
    gains = curve.gains()
    assert list(gains.index.get_level_values("augmenter").unique()) == ["bootstrap"]
    assert gains["p_value"].between(0, 1).all()
    # fewer real defaulters: the classifier on the real rows alone ranks defaulters worse
    table = curve.table()
    assert table.loc[0.2, ("logistic", "none")] < table.loc[0.5, ("logistic", "none")]
    figures = json.loads(json.dumps(result.to_dict()))["defaulter_share_curve"]
    assert set(figures["scores"]) == {"0.5", "0.2"}
    assert "Fewer real defaulters" in result.report().to_html()
    assert "share" in result.summary()


@pytest.mark.parametrize("text", ["", "0", "1.5", "0.3,0.3", "a,b"])
def test_bad_shares_are_refused(text):
    with pytest.raises(ConfigError):
        parse_shares(text)
