"""The membership attack finds a leaky generator and nothing in an honest one."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from fingan.audit import MembershipAttack, membership_attack
from fingan.audit.membership import _auc
from fingan.core.exceptions import ConfigError, ShapeError, TooFewRowsError

from .conftest import CREDIT_NUMERIC, leaky_copy, population


def test_leaky_generator_is_caught(credit_halves) -> None:
    train, holdout = credit_halves
    synthetic = leaky_copy(train, CREDIT_NUMERIC, scale=0.1, seed=1)
    attack = membership_attack(train, holdout, synthetic, random_state=0)
    assert isinstance(attack, MembershipAttack)
    assert attack.auc >= 0.7
    assert attack.auc_low >= 0.7
    assert (attack.n_members, attack.n_non_members) == (500, 500)


def test_honest_generator_is_a_coin_flip() -> None:
    # Training, holdout and synthetic rows: three independent draws of one population.
    train, holdout, synthetic = population(0, 600), population(1, 600), population(2, 600)
    attack = membership_attack(train, holdout, synthetic, random_state=0)
    assert attack.auc_low <= 0.5 <= attack.auc_high
    assert abs(attack.auc - 0.5) < 0.06


def test_more_noise_leaks_less(credit_halves) -> None:
    train, holdout = credit_halves
    aucs = [
        membership_attack(
            train, holdout, leaky_copy(train, CREDIT_NUMERIC, scale, 1), random_state=0
        ).auc
        for scale in (0.05, 0.5, 2.0)
    ]
    assert aucs[0] > aucs[1] > aucs[2]


def test_auc_matches_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    positives, negatives = rng.normal(0.3, 1, 50), np.round(rng.normal(0, 1, 70), 1)
    positives[:5] = negatives[:5]  # ties count half
    labels = np.r_[np.ones(50), np.zeros(70)]
    expected = roc_auc_score(labels, np.r_[positives, negatives])
    assert _auc(positives, negatives) == pytest.approx(expected)


def test_reproducible_and_json_ready() -> None:
    train, holdout, synthetic = population(0, 100), population(1, 60), population(2, 100)
    first = membership_attack(train, holdout, synthetic, n_resamples=20, random_state=4)
    assert first == membership_attack(train, holdout, synthetic, n_resamples=20, random_state=4)
    assert first.n_members == first.n_non_members == 60
    json.dumps(first.to_dict(), allow_nan=False)


def test_bad_input() -> None:
    train = population(0, 20)
    with pytest.raises(TooFewRowsError):
        membership_attack(train, train.iloc[:3], train)
    with pytest.raises(ShapeError):
        membership_attack(train, train.drop(columns="age"), train)
    with pytest.raises(ConfigError, match="bandwidth"):
        membership_attack(train, train, train, bandwidth=0.0)
