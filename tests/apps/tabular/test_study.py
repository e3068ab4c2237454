"""The tabular evaluation's privacy verdict: a copy leaks, a share high by luck does not."""

from __future__ import annotations

import pandas as pd

from fingan.apps.tabular.study import evaluate_tabular
from tests.audit.conftest import population

LEAK = "The audit finds signs that training rows leak"


def test_a_copy_leaks_and_a_split_that_read_high_by_luck_does_not() -> None:
    train, holdout = population(0, 200), population(1, 200)
    copied = evaluate_tabular(train, train.sample(frac=1.0, random_state=0), holdout)
    assert copied.audit.dcr.closer_to_training == 1.0
    assert copied.audit.dcr_p_value < 0.01
    assert LEAK in copied.verdict()
    # Every synthetic row near one training row: all closer to training (share 1), but a
    # random split of the real rows puts that row in training half of the time.
    alike = pd.concat([train.iloc[[0]]] * 200, ignore_index=True)
    alike["amount"] *= 1.001
    lucky = evaluate_tabular(train, alike, holdout)
    assert lucky.audit.dcr.closer_to_training == 1.0
    assert lucky.audit.dcr_p_value > 0.3
    assert LEAK not in lucky.verdict()
    assert "p = " in lucky.verdict()
    assert lucky.to_frame().loc["dcr_share_p_value", "value"] == lucky.audit.dcr_p_value


def test_the_report_draws_the_columns_and_the_distances() -> None:
    train, holdout = population(0, 120), population(1, 120)
    study = evaluate_tabular(train, population(2, 120), holdout)
    assert study.synthetic_dcr is not None
    assert len(study.synthetic_dcr) == 120
    html = study.report().to_html()
    assert html.count("<figure") == 2
    assert "columns whose shapes differ most" in html
    assert "Distance to the closest training row" in html
    assert "synthetic_dcr" not in study.to_dict()
    assert f"lie {study.audit.leakage.p05_ratio:.2f} times as far" in study.verdict()


def test_repeated_rows_are_said_to_hide_copies_from_distances() -> None:
    # Two categorical columns of two values: every held-out row equals a training row.
    coin = pd.DataFrame(
        {
            "side": pd.Categorical(["heads", "tails"] * 20),
            "hand": pd.Categorical(["left"] * 20 + ["right"] * 20),
        }
    )
    study = evaluate_tabular(coin, coin, coin.copy())
    assert "distances cannot tell copies from fresh rows" in study.verdict()
    assert "nan" not in study.verdict()
