"""The Gaussian copula keeps margins, correlations, dtypes and conditions of a mixed table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.baselines.copula import GaussianCopulaBaseline
from fingan.core.exceptions import ConfigError, MissingValueError, NotFittedError, TooFewRowsError
from fingan.datasets import GERMAN_CREDIT_NUMERIC, load_german_credit

RHO = 0.8
LEVEL_SHARES = {"low": 0.6, "mid": 0.3, "high": 0.1}
COUNT_SHARES = np.array([0.5, 0.3, 0.15, 0.05])  # of the integers 1, 2, 3, 4


@pytest.fixture(scope="module")
def table():
    rng = np.random.default_rng(7)
    n = 3000
    x = rng.standard_normal(n)
    y = RHO * x + np.sqrt(1 - RHO**2) * rng.standard_normal(n)
    level = rng.choice(list(LEVEL_SHARES), size=n, p=list(LEVEL_SHARES.values()))
    return pd.DataFrame(
        {
            "x": x,
            "y": np.exp(y).astype(np.float32),  # a skewed margin; Spearman rho is unchanged
            "count": rng.choice([1, 2, 3, 4], size=n, p=COUNT_SHARES),
            "level": pd.Categorical(level, categories=["low", "mid", "high"], ordered=True),
            "flag": rng.random(n) < 0.2,
            "region": rng.choice(["north", "south"], size=n),
        }
    )


@pytest.fixture(scope="module")
def credit():
    return load_german_credit()


@pytest.fixture(scope="module")
def per_class(credit):
    return GaussianCopulaBaseline(class_column="creditability", random_state=0).fit(credit)


def assert_same_layout(sample, data):
    assert list(sample.columns) == list(data.columns)
    assert sample.index.equals(pd.RangeIndex(len(sample)))
    for name in data.columns:
        assert sample[name].dtype == data[name].dtype, name
        if data[name].dtype.kind in "iuf":
            assert data[name].min() <= sample[name].min(), name
            assert sample[name].max() <= data[name].max(), name


def spearman(a, b):
    return float(np.corrcoef(pd.Series(a).rank(), pd.Series(b).rank())[0, 1])


def test_keeps_correlation_and_margins(table):
    sample = GaussianCopulaBaseline(random_state=0).fit(table).sample(6000, random_state=1)
    assert_same_layout(sample, table)
    assert spearman(sample["x"], sample["y"]) == pytest.approx(
        spearman(table["x"], table["y"]), abs=0.05
    )
    assert np.corrcoef(sample["x"], np.log(sample["y"]))[0, 1] == pytest.approx(RHO, abs=0.1)
    shares = sample["level"].value_counts(normalize=True)
    for level, share in LEVEL_SHARES.items():
        assert shares[level] == pytest.approx(share, abs=0.03)
    counts = sample["count"].value_counts(normalize=True).reindex([1, 2, 3, 4], fill_value=0)
    np.testing.assert_allclose(counts.to_numpy(), COUNT_SHARES, atol=0.03)
    assert sample["flag"].mean() == pytest.approx(table["flag"].mean(), abs=0.03)
    assert set(sample["region"]) == {"north", "south"}
    assert sample["level"].cat.ordered


def test_numeric_samples_are_new_values_not_copies(table):
    sample = GaussianCopulaBaseline(random_state=0).fit(table).sample(500, random_state=2)
    assert not sample["x"].isin(table["x"]).any()
    assert sample["x"].nunique() == 500


def test_german_credit_round_trip(credit, per_class):
    for model in (GaussianCopulaBaseline(random_state=0).fit(credit), per_class):
        sample = model.sample(400, random_state=0)
        assert_same_layout(sample, credit)
        for name in credit.columns.difference(GERMAN_CREDIT_NUMERIC):
            assert list(sample[name].cat.categories) == list(credit[name].cat.categories)
        numbers = sample[list(GERMAN_CREDIT_NUMERIC)]
        assert (numbers.dtypes == np.int64).all()


@pytest.mark.parametrize("class_column", [None, "creditability"])
def test_conditional_rows_all_match(credit, class_column):
    model = GaussianCopulaBaseline(class_column=class_column, random_state=0).fit(credit)
    conditions = {"creditability": "bad", "housing": "own"}
    sample = model.sample(200, conditions=conditions, random_state=3)
    assert len(sample) == 200
    assert (sample["creditability"] == "bad").all()
    assert (sample["housing"] == "own").all()
    assert_same_layout(sample, credit)


def test_per_class_copula_follows_each_class(credit, per_class):
    real = credit.groupby("creditability", observed=True)["duration_in_month"].mean()
    assert real["bad"] > real["good"] + 4  # bad loans run longer
    bad = per_class.sample(3000, conditions={"creditability": "bad"}, random_state=4)
    good = per_class.sample(3000, conditions={"creditability": "good"}, random_state=4)
    assert bad["duration_in_month"].mean() == pytest.approx(real["bad"], abs=1.5)
    assert good["duration_in_month"].mean() == pytest.approx(real["good"], abs=1.5)
    mixed = per_class.sample(3000, random_state=5)
    assert (mixed["creditability"] == "bad").mean() == pytest.approx(0.3, abs=0.03)
    assert per_class.class_weights_ == pytest.approx({"good": 0.7, "bad": 0.3})
    assert "creditability" not in per_class.correlations_["bad"].columns


def test_same_seed_same_rows(credit, per_class):
    first = per_class.sample(50, random_state=9)
    pd.testing.assert_frame_equal(first, per_class.sample(50, random_state=9))
    assert not first.equals(per_class.sample(50, random_state=10))
    again = GaussianCopulaBaseline(class_column="creditability", random_state=0).fit(credit)
    pd.testing.assert_frame_equal(first, again.sample(50, random_state=9))


def test_bad_input_raises_fingan_errors(credit, per_class):
    with pytest.raises(NotFittedError):
        GaussianCopulaBaseline().sample(5)
    with pytest.raises(ConfigError, match="'ugly' is not a category"):
        per_class.sample(5, conditions={"creditability": "ugly"})
    with pytest.raises(ConfigError, match="not a categorical column"):
        per_class.sample(5, conditions={"age_in_years": 30})
    with pytest.raises(ConfigError, match="n must be a positive integer"):
        per_class.sample(0)
    with pytest.raises(ConfigError, match="class_column 'age_in_years'"):
        GaussianCopulaBaseline(class_column="age_in_years").fit(credit)
    with pytest.raises(TooFewRowsError, match="class 'bad'"):
        GaussianCopulaBaseline(class_column="creditability").fit(credit.iloc[:4])
    broken = credit.copy()
    broken.loc[3, "credit_amount"] = np.nan
    with pytest.raises(MissingValueError, match="row 4"):
        GaussianCopulaBaseline().fit(broken)


def test_condition_on_class_without_rows_is_refused(credit):
    good_only = credit[credit["creditability"] == "good"].reset_index(drop=True)
    model = GaussianCopulaBaseline(class_column="creditability", random_state=0).fit(good_only)
    assert (model.sample(20, random_state=0)["creditability"] == "good").all()
    with pytest.raises(ConfigError, match="no rows of that class"):
        model.sample(5, conditions={"creditability": "bad"})
