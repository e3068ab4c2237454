"""The three anonymeter attacks: copies are at risk, independent draws are not."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import pytest

from fingan.audit import inference_risk, linkability_risk, singling_out_risk, split_columns
from fingan.core.exceptions import ConfigError

from .conftest import population

TRAIN, CONTROL, INDEPENDENT = population(0, 400), population(1, 400), population(2, 400)
COPIES = TRAIN.sample(frac=1.0, random_state=5).reset_index(drop=True)


@pytest.mark.parametrize("mode", ["univariate", "multivariate"])
def test_singling_out_copies_versus_independent(
    mode: Literal["univariate", "multivariate"],
) -> None:
    leak = singling_out_risk(TRAIN, CONTROL, COPIES, mode=mode, n_attacks=200, random_state=0)
    fresh = singling_out_risk(TRAIN, CONTROL, INDEPENDENT, mode=mode, n_attacks=200, random_state=0)
    # The copies are the training rows: a predicate singling out a copy singles out its row.
    assert leak.attack_rate > leak.control_rate + 0.3
    assert leak.risk > 0.5
    assert leak.risk_low > 0.3
    assert leak.better_than_baseline
    assert fresh.risk_low == 0.0
    assert fresh.risk < 0.15


def test_singling_out_counts_by_hand() -> None:
    train = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "c": ["a", "a", "b", "b"]})
    control = pd.DataFrame({"x": [0.0, 2.0, 2.2, 9.0], "c": ["a", "a", "a", "a"]})
    synthetic = pd.DataFrame({"x": [1.0, 2.5, 3.5, 4.0], "c": ["a", "b", "b", "b"]})
    risk = singling_out_risk(train, control, synthetic, mode="univariate", n_attacks=10)
    # Predicates that single out a synthetic row: x <= 1, x >= 4, x == 1, 2.5, 3.5, 4, c == a.
    # In train, x <= 1, x >= 4, x == 1, x == 4 single out (4); c == a matches 2 rows.
    # In control, x <= 1 (0), x >= 4 (9) single out (2).
    assert (risk.n_success, risk.n_control) == (4.0, 2.0)


def test_singling_out_rescales_a_smaller_control() -> None:
    # A smaller table is easier to single out in: the raw control count overstates the
    # success the same predicates would have on a control table as large as the training one.
    small = CONTROL.iloc[:200]
    risk = singling_out_risk(TRAIN, small, INDEPENDENT, n_attacks=200, random_state=0)
    same = singling_out_risk(TRAIN, CONTROL, INDEPENDENT, n_attacks=200, random_state=0)
    assert risk.n_control != int(risk.n_control)  # rescaled
    assert risk.n_control == pytest.approx(same.n_control, rel=0.35)
    assert risk.risk < 0.15


def test_linkability_copies_versus_independent() -> None:
    aux = (["amount", "purpose", "owner"], ["income", "age", "region"])
    leak = linkability_risk(TRAIN, CONTROL, COPIES, aux_columns=aux, n_attacks=200, random_state=0)
    fresh = linkability_risk(
        TRAIN, CONTROL, INDEPENDENT, aux_columns=aux, n_attacks=200, random_state=0
    )
    assert leak.n_success == 200  # each half is unique, so both halves find the same copy
    assert leak.risk > 0.9
    assert fresh.risk_low == 0.0
    assert fresh.risk < 0.1


def test_linkability_more_neighbours_link_more() -> None:
    one = linkability_risk(TRAIN, CONTROL, INDEPENDENT, n_neighbors=1, random_state=0)
    many = linkability_risk(TRAIN, CONTROL, INDEPENDENT, n_neighbors=20, random_state=0)
    assert many.n_success > one.n_success
    assert many.n_baseline >= one.n_baseline


def test_split_columns() -> None:
    first, second = split_columns(list("abcde"), random_state=0)
    assert len(first) == 3
    assert len(second) == 2
    assert sorted(first + second) == list("abcde")
    assert split_columns(list("abcde"), random_state=0) == (first, second)
    with pytest.raises(ConfigError, match="two columns"):
        split_columns(["a"])


def test_inference_copies_versus_independent() -> None:
    leak = inference_risk(TRAIN, CONTROL, COPIES, "region", n_attacks=200, random_state=0)
    fresh = inference_risk(TRAIN, CONTROL, INDEPENDENT, "region", n_attacks=200, random_state=0)
    assert leak.n_success == 200
    assert leak.risk > 0.9
    # region is independent of everything: every attacker guesses at chance (1 in 8).
    assert fresh.risk_low == 0.0
    assert fresh.attack_rate < 0.25


def test_inference_numeric_secret_within_tolerance() -> None:
    synthetic = TRAIN.assign(income=TRAIN["income"] * 1.04)
    within = inference_risk(TRAIN, CONTROL, synthetic, "income", n_attacks=100, random_state=0)
    exact = inference_risk(
        TRAIN, CONTROL, synthetic, "income", tolerance=0.03, n_attacks=100, random_state=0
    )
    categorical = inference_risk(
        TRAIN, CONTROL, synthetic, "income", regression=False, n_attacks=100, random_state=0
    )
    assert within.n_success == 100
    assert exact.n_success == 0
    assert categorical.n_success == 0


def test_attacks_are_reproducible() -> None:
    for attack in (singling_out_risk, linkability_risk):
        first = attack(TRAIN, CONTROL, INDEPENDENT, n_attacks=50, random_state=3)
        assert first == attack(TRAIN, CONTROL, INDEPENDENT, n_attacks=50, random_state=3)
    first = inference_risk(TRAIN, CONTROL, INDEPENDENT, "age", n_attacks=50, random_state=3)
    assert first == inference_risk(TRAIN, CONTROL, INDEPENDENT, "age", n_attacks=50, random_state=3)


def test_bad_input() -> None:
    with pytest.raises(ConfigError, match="mode"):
        singling_out_risk(TRAIN, CONTROL, COPIES, mode="bivariate")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="n_columns"):
        singling_out_risk(TRAIN, CONTROL, COPIES, n_columns=7)
    with pytest.raises(ConfigError, match="overlap"):
        linkability_risk(TRAIN, CONTROL, COPIES, aux_columns=(["age", "owner"], ["age"]))
    with pytest.raises(ConfigError, match="not in the table"):
        linkability_risk(TRAIN, CONTROL, COPIES, aux_columns=(["nope"], ["age"]))
    with pytest.raises(ConfigError, match="secret"):
        inference_risk(TRAIN, CONTROL, COPIES, "nope")
    with pytest.raises(ConfigError, match="auxiliary"):
        inference_risk(TRAIN, CONTROL, COPIES, "age", aux_columns=["age", "owner"])
    assert np.isfinite(inference_risk(TRAIN, CONTROL, COPIES, "owner", n_attacks=10).risk)
