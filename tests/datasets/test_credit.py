"""Tests for the packaged German Credit data."""

from __future__ import annotations

import hashlib
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from fingan.datasets import GERMAN_CREDIT_NUMERIC, GERMAN_CREDIT_TARGET, load_german_credit

SHA256 = "2c0bae00275c028fc853a1ea72cc7a68002c3f6876c41300c5c948711540c8c6"


@pytest.fixture(scope="module")
def credit() -> pd.DataFrame:
    return load_german_credit()


def test_packaged_file_is_the_published_copy() -> None:
    data = resources.files("fingan.datasets").joinpath("data").joinpath("german_credit.csv")
    assert hashlib.sha256(data.read_bytes()).hexdigest() == SHA256
    readme = resources.files("fingan.datasets").joinpath("data").joinpath("README.md")
    text = readme.read_text(encoding="utf-8")
    assert "10.24432/C5NC77" in text
    assert "CC BY 4.0" in text
    assert "arch" in text


def test_shape_and_labels(credit: pd.DataFrame) -> None:
    assert credit.shape == (1000, 21)
    assert credit.columns[-1] == GERMAN_CREDIT_TARGET == "creditability"
    target = credit[GERMAN_CREDIT_TARGET]
    assert target.cat.categories.tolist() == ["good", "bad"]
    assert int((target == "bad").sum()) == 300
    assert int((target == "good").sum()) == 700


def test_dtypes(credit: pd.DataFrame) -> None:
    numeric = [name for name in credit.columns if credit[name].dtype == np.int64]
    categorical = [
        name for name in credit.columns if isinstance(credit[name].dtype, pd.CategoricalDtype)
    ]
    assert numeric == list(GERMAN_CREDIT_NUMERIC)
    assert len(numeric) == 7
    assert len(categorical) == 14  # 13 attributes and the label
    assert not credit.isna().any().any()


def test_known_first_row(credit: pd.DataFrame) -> None:
    first = credit.iloc[0]
    assert first["duration_in_month"] == 6
    assert first["credit_amount"] == 1169
    assert first["age_in_years"] == 67
    assert first["purpose"] == "radio/television"
    assert first["telephone"] == "yes, registered under the customers name"
    assert first[GERMAN_CREDIT_TARGET] == "good"
    assert credit["credit_amount"].sum() == 3271258


def test_each_call_returns_a_fresh_frame(credit: pd.DataFrame) -> None:
    other = load_german_credit()
    other.loc[0, "credit_amount"] = -1
    assert credit.loc[0, "credit_amount"] == 1169
