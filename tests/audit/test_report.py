"""The privacy audit end to end: a copying generator fails it, an honest one passes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from fingan.audit import PrivacyAudit, privacy_audit
from fingan.baselines.copula import GaussianCopulaBaseline
from fingan.core.exceptions import ConfigError, ShapeError, TooFewRowsError
from fingan.datasets import load_german_credit

from .conftest import CREDIT_NUMERIC, leaky_copy, population


def test_copying_generator_fails(credit_halves) -> None:
    train, holdout = credit_halves
    synthetic = leaky_copy(train, CREDIT_NUMERIC, scale=0.0, seed=0)
    audit = privacy_audit(
        train, holdout, synthetic, secret="creditability", n_attacks=100, n_resamples=50
    )
    assert isinstance(audit, PrivacyAudit)
    assert audit.dcr.closer_to_training == 1.0
    assert audit.membership.auc > 0.9
    assert audit.singling_out_multivariate.risk_low > 0.5
    assert audit.linkability.risk_low > 0.5
    assert audit.worst_inference.name == "inference:creditability"
    assert audit.worst_inference.risk_low > 0.5
    assert audit.dcr_finds_copies


def test_a_smooth_model_of_a_lopsided_half_copies_nothing() -> None:
    # German Credit halves that differ by chance (bench/dp_tabular.py's seed 3): a copula
    # fitted on the training half reads a DCR share above 0.55 that a random relabelling of
    # the real rows rarely reaches, yet its closest rows are farther from the training rows
    # than unseen real rows; with a tenth of the training rows copied in, they are nearer.
    credit = load_german_credit()
    order = np.random.default_rng(3).permutation(len(credit))
    train = credit.iloc[order[:500]].reset_index(drop=True)
    holdout = credit.iloc[order[500:]].reset_index(drop=True)
    synthetic = GaussianCopulaBaseline(random_state=3).fit(train).sample(500, random_state=4)
    smooth = privacy_audit(train, holdout, synthetic, secret="creditability", n_attacks=50)
    assert smooth.dcr.closer_to_training > 0.55
    assert smooth.dcr_pooled.closer_to_training > 0.55
    assert smooth.dcr_p_value < 0.05
    assert smooth.leakage.p05_ratio > 1.2
    assert not smooth.dcr_finds_copies
    copied = pd.concat([synthetic.iloc[50:], train.iloc[:50]], ignore_index=True)
    copying = privacy_audit(train, holdout, copied, secret="creditability", n_attacks=50)
    assert copying.leakage.nearer_than_unseen
    assert copying.dcr_finds_copies == (
        copying.dcr_pooled.closer_to_training > 0.55 and copying.dcr_p_value < 0.05
    )


def test_honest_generator_passes() -> None:
    train, holdout, synthetic = population(0, 400), population(1, 400), population(2, 400)
    audit = privacy_audit(train, holdout, synthetic, n_attacks=200, n_resamples=50)
    assert 0.4 < audit.dcr.closer_to_training < 0.6
    assert audit.membership.auc_low < 0.5 < audit.membership.auc_high
    for risk in audit.risks:
        assert risk.risk_low == 0.0, risk.name
    assert [risk.name for risk in audit.inference] == [f"inference:{c}" for c in train.columns]


def test_outputs() -> None:
    train, holdout, synthetic = population(0, 60), population(1, 60), population(2, 60)
    audit = privacy_audit(
        train, holdout, synthetic, secret=["age", "purpose"], n_attacks=30, n_resamples=20
    )
    frame = audit.to_frame()
    assert list(frame.index) == [
        "dcr_share",
        "dcr_share_pooled",
        "dcr_p05_ratio",
        "membership_auc",
        "singling_out_univariate",
        "singling_out_multivariate",
        "linkability",
        "inference:age",
        "inference:purpose",
    ]
    assert frame.loc["dcr_share", "ideal"] == 0.5
    payload = audit.to_dict()
    json.dumps(payload, allow_nan=False)
    assert payload["n_attacks"] == 30
    assert len(payload["inference"]) == 2
    text = audit.summary()
    assert "DCR share" in text
    assert "closest 5 % vs unseen rows" in text
    assert "the same on one scale" in text
    assert frame.loc["dcr_share_pooled", "p_value"] == audit.dcr_p_value
    assert payload["leakage"]["p05_ratio"] == audit.leakage.p05_ratio
    assert "membership attack AUC" in text
    assert "highest of 2" in text
    again = privacy_audit(
        train, holdout, synthetic, secret=["age", "purpose"], n_attacks=30, n_resamples=20
    )
    assert again == audit


def test_bad_input() -> None:
    train = population(0, 30)
    with pytest.raises(ShapeError, match="different columns"):
        privacy_audit(train, train.drop(columns="age"), train)
    with pytest.raises(TooFewRowsError):
        privacy_audit(train, train, train.iloc[:3])
    with pytest.raises(ConfigError, match="secret"):
        privacy_audit(train, train, train, secret="nope")


def test_dcr_share_compares_equal_sizes_when_the_holdout_is_smaller() -> None:
    # An honest generator against 400 training and 100 held-out rows: without equal sizes
    # the share would read about 400 / 500 = 0.8.
    train, holdout, synthetic = population(0, 400), population(1, 100), population(2, 400)
    audit = privacy_audit(train, holdout, synthetic, n_attacks=50, n_resamples=20)
    assert 0.4 < audit.dcr.closer_to_training < 0.6
    assert (audit.dcr.train_rows, audit.dcr.holdout_rows) == (100, 100)


def test_a_two_column_table_is_audited() -> None:
    # Multivariate singling-out asks for three columns by default; a table with two uses both.
    columns = ["amount", "purpose"]
    train, holdout = population(0, 100)[columns], population(1, 100)[columns]
    audit = privacy_audit(train, holdout, population(2, 100)[columns], n_attacks=30)
    assert audit.singling_out_multivariate.n_attacks > 0
