"""Mode-specific normalisation and the table encoder (CTGAN's data transform)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import (
    ConfigError,
    DataValidationError,
    EmptyDataError,
    MissingValueError,
    ShapeError,
)
from fingan.datasets import load_german_credit
from fingan.transforms.modes import ModeSpecificNormalizer
from fingan.transforms.quantiles import QuantileNormalizer
from fingan.transforms.tabular import TableTransformer


def test_normalizer_finds_the_modes_of_a_mixture(rng):
    values = np.concatenate([rng.normal(-5, 0.5, 3000), rng.normal(10, 1.0, 1000)])
    normalizer = ModeSpecificNormalizer(random_state=0).fit(values)
    assert normalizer.means_ is not None
    means = np.sort(normalizer.means_)
    assert means[0] == pytest.approx(-5, abs=0.2)
    assert means[-1] == pytest.approx(10, abs=0.3)
    alpha, modes = normalizer.transform(values)
    assert np.abs(alpha).max() < 1.2  # within ~4.8 sigma of its own mode
    np.testing.assert_allclose(normalizer.inverse_transform(alpha, modes), values, atol=1e-9)


def test_german_credit_round_trip_is_exact_and_layout_consistent():
    credit = load_german_credit()
    transformer = TableTransformer(numeric_encoding="modes", random_state=0).fit(credit)
    encoded = transformer.transform(credit)
    assert encoded.shape == (1000, transformer.output_width_)
    assert sum(span.width for span in transformer.spans_) == transformer.output_width_
    categorical = [span for span in transformer.spans_ if span.kind == "categorical"]
    assert len(categorical) == 14
    for span in categorical:  # exactly one hot per categorical block
        assert (encoded[:, span.start : span.start + span.width].sum(axis=1) == 1).all()
    decoded = transformer.inverse_transform(encoded)
    pd.testing.assert_frame_equal(decoded, credit)
    rebuilt = TableTransformer.from_dict(json.loads(json.dumps(transformer.to_dict())))
    np.testing.assert_array_equal(rebuilt.transform(credit), encoded)


def test_decoding_generator_output_keeps_dtypes_ranges_and_categories(rng):
    frame = pd.DataFrame(
        {
            "age": rng.integers(19, 75, 500),
            "amount": rng.lognormal(8, 0.7, 500),
            "flag": rng.random(500) < 0.3,
            "grade": pd.Categorical(rng.choice(["a", "b", "c"], 500), categories=["a", "b", "c"]),
        }
    )
    transformer = TableTransformer(random_state=0).fit(frame)
    noise = rng.normal(0, 3, size=(200, transformer.output_width_))  # anything a generator emits
    decoded = transformer.inverse_transform(noise)
    assert decoded.dtypes.to_dict() == frame.dtypes.to_dict()
    assert decoded["age"].between(19, 74).all()
    assert decoded["amount"].between(frame["amount"].min(), frame["amount"].max()).all()
    assert list(decoded["grade"].cat.categories) == ["a", "b", "c"]


def test_bad_tables_get_clear_errors():
    with pytest.raises(EmptyDataError):
        TableTransformer().fit(pd.DataFrame({"x": []}))
    with pytest.raises(MissingValueError, match="only missing"):
        TableTransformer().fit(pd.DataFrame({"x": [np.nan, np.nan]}))
    with pytest.raises(DataValidationError, match="mixes numbers"):
        TableTransformer().fit(pd.DataFrame({"x": ["1", "2", "abc"]}))
    fitted = TableTransformer(random_state=0).fit(pd.DataFrame({"c": ["a", "b"], "v": [1.0, 2.0]}))
    with pytest.raises(DataValidationError, match="not seen in fit"):
        fitted.transform(pd.DataFrame({"c": ["z"], "v": [1.0]}))
    with pytest.raises(ShapeError, match="missing column"):
        fitted.transform(pd.DataFrame({"c": ["a"]}))
    with pytest.raises(ShapeError):
        fitted.inverse_transform(np.zeros((2, 99)))


def test_auto_encoding_uses_quantiles_only_where_a_mode_cannot_sit_on_each_value():
    credit = load_german_credit()
    auto = TableTransformer(random_state=0).fit(credit)
    quantile_columns = {
        name for name, n in auto.normalizers_.items() if isinstance(n, QuantileNormalizer)
    }
    many_values = {name for name in auto.normalizers_ if credit[name].nunique() > auto.max_modes}
    assert (
        quantile_columns
        == many_values
        == {
            "duration_in_month",
            "credit_amount",
            "age_in_years",
        }
    )
    # Quantile-normalised columns decode exactly, their most extreme few rows to the outer knots.
    decoded = auto.inverse_transform(auto.transform(credit))
    for name in quantile_columns:
        knots = auto.normalizers_[name].knots_
        expected = np.round(credit[name].clip(knots[0], knots[-1])).astype(np.int64)
        pd.testing.assert_series_equal(decoded[name], expected)
    modes = TableTransformer(numeric_encoding="modes", random_state=0).fit(credit)
    assert all(isinstance(n, ModeSpecificNormalizer) for n in modes.normalizers_.values())
    # A transformer saved before quantile normalisation existed (modes only) still loads.
    rebuilt = TableTransformer.from_dict(json.loads(json.dumps(modes.to_dict())))
    np.testing.assert_array_equal(rebuilt.transform(credit), modes.transform(credit))
    with pytest.raises(ConfigError, match="numeric_encoding"):
        TableTransformer(numeric_encoding="ranks").fit(credit)
