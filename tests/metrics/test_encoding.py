"""The one table encoding: codes that mean the same in every table, and one category limit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.ensemble import HistGradientBoostingClassifier

from fingan.core.exceptions import MissingValueError, ShapeError
from fingan.metrics.encoding import (
    MAX_NATIVE_CATEGORIES,
    categorical_columns,
    category_codes,
    encoder_input,
    learned_encoder,
    native_categorical,
    numeric_values,
    one_hot_standardised,
    ordinal_encode,
)

labels = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, max_size=30)


def _mixed(seed: int, n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "amount": rng.lognormal(8.0, 0.5, size=n),
            "purpose": pd.Categorical(rng.choice(["car", "home", "tv"], size=n)),
            "age": rng.integers(18, 75, size=n),
            "owner": rng.random(n) < 0.4,
        }
    )


@settings(max_examples=60, deadline=None)
@given(labels, labels)
def test_codes_are_shared_across_tables_and_decode_back(
    first: list[str], second: list[str]
) -> None:
    (codes_a, codes_b), n_codes = category_codes(pd.Series(first), pd.Series(second))
    assert n_codes == len(set(first) | set(second))
    decoded: dict[int, str] = {}
    for codes, values in ((codes_a, first), (codes_b, second)):
        assert codes.min() >= 0
        assert codes.max() < n_codes
        for code, value in zip(codes.tolist(), values, strict=True):
            assert decoded.setdefault(code, value) == value  # one value per code, everywhere


def test_kinds_must_agree_and_keep_the_first_table_order():
    table = _mixed(0)
    assert categorical_columns(table, table.sample(frac=1.0)) == ["purpose", "owner"]
    with pytest.raises(ShapeError, match="'age' is categorical in one table"):
        categorical_columns(table, table.assign(age=table["age"].astype(str)))
    with pytest.raises(MissingValueError, match="infinite"):
        numeric_values(pd.Series([1.0, np.inf], name="x"))


def test_native_categories_stop_where_gradient_boosting_stops():
    assert native_categorical(MAX_NATIVE_CATEGORIES)
    assert not native_categorical(MAX_NATIVE_CATEGORIES + 1)
    rng = np.random.default_rng(1)
    for n_categories in (MAX_NATIVE_CATEGORIES, MAX_NATIVE_CATEGORIES + 1):
        table = pd.DataFrame(
            {
                "wide": [f"c{index}" for index in range(n_categories)] * 2,
                "x": rng.standard_normal(2 * n_categories),
            }
        )
        (encoded,), native = ordinal_encode([table])
        assert native == [n_categories <= MAX_NATIVE_CATEGORIES, False]
        labels = np.arange(2 * n_categories) % 2
        as_categorical = HistGradientBoostingClassifier(
            max_iter=2, categorical_features=[True, False]
        )
        if n_categories <= MAX_NATIVE_CATEGORIES:
            as_categorical.fit(encoded, labels)
        else:  # the limit is the classifier's: one more category and it refuses the column
            with pytest.raises(ValueError, match="cardinality"):
                as_categorical.fit(encoded, labels)


def test_learned_encoder_is_the_same_encoding_learnt_from_training_rows_only():
    train, test = _mixed(2), _mixed(3)
    categorical = categorical_columns(train, test)
    numeric = [column for column in train.columns if column not in categorical]
    pooled = pd.concat([train, test], ignore_index=True)
    # Fitted on all rows, the one-hot form holds the same columns as one_hot_standardised's.
    learned = learned_encoder("one_hot", categorical, numeric).fit_transform(
        encoder_input(pooled, categorical)
    )
    direct = one_hot_standardised(train, test)
    assert learned.shape == direct.shape
    np.testing.assert_allclose(np.sort(learned.T, axis=0), np.sort(direct.T, axis=0))
    # Fitted on the training rows only, a category it never saw is missing / all zeros.
    unseen = test.assign(purpose=pd.Categorical(["boat"] * len(test)))
    ordinal = learned_encoder("ordinal", categorical, numeric).fit(
        encoder_input(train, categorical)
    )
    codes = ordinal.transform(encoder_input(unseen, categorical))
    assert np.isnan(codes[:, 0]).all()
    assert not np.isnan(codes[:, 1:]).any()
    one_hot = learned_encoder("one_hot", categorical, numeric).fit(
        encoder_input(train, categorical)
    )
    indicators = one_hot.transform(encoder_input(unseen, categorical))[:, :3]  # purpose
    np.testing.assert_array_equal(indicators, 0.0)


def test_one_hot_standardised_columns():
    table = _mixed(4).assign(flat=5.0)
    encoded = one_hot_standardised(table)
    # amount, 3 purposes, age, 2 owner values, flat
    assert encoded.shape == (len(table), 8)
    np.testing.assert_array_equal(encoded[:, 1:4].sum(axis=1), 1.0)
    np.testing.assert_allclose(encoded[:, [0, 4]].mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(encoded[:, [0, 4]].std(axis=0), 1.0)
    np.testing.assert_array_equal(encoded[:, 7], 0.0)  # a constant column is centred only
