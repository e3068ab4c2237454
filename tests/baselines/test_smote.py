"""SMOTE-NC draws new rows of one class between the class's own rows, in the table's dtypes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.baselines.smote import SMOTENCBaseline
from fingan.core.exceptions import (
    ConfigError,
    DataValidationError,
    NotFittedError,
    ShapeError,
    TooFewRowsError,
)
from fingan.datasets import GERMAN_CREDIT_NUMERIC, load_german_credit

NUMERIC = list(GERMAN_CREDIT_NUMERIC)


@pytest.fixture(scope="module")
def credit():
    return load_german_credit()


@pytest.fixture(scope="module")
def fitted(credit):
    return SMOTENCBaseline().fit(credit)


@pytest.fixture(scope="module")
def bad_rows(fitted):
    return fitted.sample(300, conditions={"creditability": "bad"}, random_state=0)


def test_rows_have_the_class_and_the_table_layout(credit, bad_rows):
    assert len(bad_rows) == 300
    assert (bad_rows["creditability"] == "bad").all()
    assert list(bad_rows.columns) == list(credit.columns)
    assert bad_rows.index.equals(pd.RangeIndex(300))
    pd.testing.assert_series_equal(bad_rows.dtypes, credit.dtypes)
    for name in credit.columns.difference(NUMERIC):
        assert list(bad_rows[name].cat.categories) == list(credit[name].cat.categories)


def test_rows_lie_within_the_class(credit, bad_rows):
    bad = credit[credit["creditability"] == "bad"]
    low, high = bad[NUMERIC].min(), bad[NUMERIC].max()
    assert (bad_rows[NUMERIC] >= low).all().all()
    assert (bad_rows[NUMERIC] <= high).all().all()
    for name in credit.columns.difference([*NUMERIC, "creditability"]):
        assert set(bad_rows[name]) <= set(bad[name]), name
    # interpolated, not copied: most amounts are new
    assert (~bad_rows["credit_amount"].isin(bad["credit_amount"])).mean() > 0.8
    assert bad_rows["duration_in_month"].mean() == pytest.approx(
        bad["duration_in_month"].mean(), abs=2.5
    )


def test_only_numeric_or_only_categorical_features(rng):
    labels = np.array(["yes"] * 20 + ["no"] * 40)
    numeric = pd.DataFrame({"a": rng.normal(size=60), "b": rng.integers(0, 9, 60), "y": labels})
    model = SMOTENCBaseline(k_neighbors=3).fit(numeric)
    rows = model.sample(30, conditions={"y": "yes"}, random_state=0)
    assert (rows["y"] == "yes").all()
    assert rows["y"].dtype == numeric["y"].dtype
    assert rows["b"].dtype == numeric["b"].dtype
    yes = numeric[numeric["y"] == "yes"]
    assert yes["a"].min() <= rows["a"].min() <= rows["a"].max() <= yes["a"].max()

    categorical = pd.DataFrame(
        {"colour": rng.choice(["red", "blue"], 60), "big": rng.random(60) < 0.5, "y": labels}
    )
    rows = SMOTENCBaseline().fit(categorical).sample(10, conditions={"y": "no"}, random_state=0)
    assert (rows["y"] == "no").all()
    assert rows["big"].dtype == bool
    assert set(rows["colour"]) <= {"red", "blue"}


def test_same_seed_same_rows(fitted):
    first = fitted.sample(40, conditions={"creditability": "good"}, random_state=3)
    again = fitted.sample(40, conditions={"creditability": "good"}, random_state=3)
    pd.testing.assert_frame_equal(first, again)
    other = fitted.sample(40, conditions={"creditability": "good"}, random_state=4)
    assert not first.equals(other)


def test_bad_input_raises_fingan_errors(credit, fitted):
    with pytest.raises(NotFittedError):
        SMOTENCBaseline().sample(5, conditions={"creditability": "bad"})
    with pytest.raises(ConfigError, match="exactly one condition"):
        fitted.sample(5)
    with pytest.raises(ConfigError, match="exactly one condition"):
        fitted.sample(5, conditions={"creditability": "bad", "housing": "own"})
    with pytest.raises(ConfigError, match="'ugly' is not a category"):
        fitted.sample(5, conditions={"creditability": "ugly"})
    with pytest.raises(ConfigError, match="not a categorical column"):
        fitted.sample(5, conditions={"age_in_years": 30})
    with pytest.raises(ConfigError, match="k_neighbors"):
        SMOTENCBaseline(k_neighbors=0).fit(credit)
    with pytest.raises(TooFewRowsError, match=r"class 'bad' .* has 5 row"):
        SMOTENCBaseline().fit(credit.iloc[:12]).sample(5, conditions={"creditability": "bad"})
    good_only = credit[credit["creditability"] == "good"]
    with pytest.raises(DataValidationError, match="only the class 'good'"):
        SMOTENCBaseline().fit(good_only).sample(5, conditions={"creditability": "good"})
    with pytest.raises(ShapeError, match="at least two columns"):
        SMOTENCBaseline().fit(credit[["creditability"]])
