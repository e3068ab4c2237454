"""Known answers of the privacy metrics."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import EmptyDataError, ShapeError
from fingan.datasets.credit import load_german_credit
from fingan.metrics import LeakageReport, distance_to_closest_record, leakage_report


def _population(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "amount": rng.lognormal(8.0, 0.5, size=n),
            "age": rng.integers(18, 75, size=n),
            "purpose": pd.Categorical(rng.choice(["car", "home", "tv", "other"], size=n)),
            "owner": rng.random(n) < 0.4,
        }
    )


def _slow_dcr(reference: pd.DataFrame, queries: pd.DataFrame) -> np.ndarray:
    """Obviously correct reference: row by row, column by column."""
    out = []
    for _, query in queries.iterrows():
        best = np.inf
        for _, row in reference.iterrows():
            total = 0.0
            for column in reference.columns:
                values = reference[column]
                if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
                    span = float(values.max() - values.min())
                    gap = abs(float(query[column]) - float(row[column]))
                    total += min(gap / span, 1.0) if span > 0 else float(gap != 0)
                else:
                    total += float(query[column] != row[column])
            best = min(best, total / reference.shape[1])
        out.append(best)
    return np.array(out)


def test_matches_slow_reference() -> None:
    reference, queries = _population(0, 40), _population(1, 15)
    queries.loc[0, "amount"] = 1e9  # beyond the reference range: capped at 1
    np.testing.assert_allclose(
        distance_to_closest_record(reference, queries), _slow_dcr(reference, queries)
    )


def test_known_distance() -> None:
    reference = pd.DataFrame({"v": [0.0, 10.0], "c": ["a", "b"]})
    queries = pd.DataFrame({"c": ["a", "b", "z"], "v": [0.0, 5.0, 100.0]})
    # (0 + 0) / 2; min((0.5 + 0) / 2, (0.5 + 1) / 2); (1 + 1) / 2
    np.testing.assert_allclose(distance_to_closest_record(reference, queries), [0.0, 0.25, 1.0])


def test_copying_generator_is_flagged() -> None:
    train, holdout = _population(0, 500), _population(1, 500)
    copies = train.sample(frac=1.0, random_state=3).reset_index(drop=True)
    report = leakage_report(train, holdout, copies)
    assert isinstance(report, LeakageReport)
    assert report.exact_copy_share == 1.0
    assert report.synthetic_dcr_median == 0.0
    assert report.synthetic_dcr_p05 == 0.0
    assert report.holdout_dcr_median > 0.0
    assert report.median_ratio == 0.0
    np.testing.assert_array_equal(distance_to_closest_record(train, copies), 0.0)


def test_nearer_than_unseen_compares_the_closest_rows_then_the_medians() -> None:
    train, holdout = _population(0, 400), _population(1, 400)
    assert leakage_report(train, holdout, train.sample(frac=0.5, random_state=0)).nearer_than_unseen
    assert not leakage_report(train, holdout, holdout).nearer_than_unseen
    # Real rows repeat (one categorical column of two values): every 5th percentile is 0, so
    # the medians decide.
    coin = pd.DataFrame({"side": pd.Categorical(["heads", "tails"] * 50)})
    lopsided = pd.DataFrame({"side": pd.Categorical(["heads"] * 40 + ["other"] * 60)})
    assert leakage_report(coin, coin, coin).nearer_than_unseen is False
    assert leakage_report(coin, lopsided, coin).nearer_than_unseen is True


def test_independent_sample_matches_holdout() -> None:
    train, holdout, synthetic = _population(0, 800), _population(1, 800), _population(2, 800)
    report = leakage_report(train, holdout, synthetic)
    assert report.median_ratio == pytest.approx(1.0, abs=0.15)
    assert report.p05_ratio == pytest.approx(1.0, abs=0.3)
    assert report.exact_copy_share == pytest.approx(report.holdout_exact_copy_share, abs=0.01)


def test_to_dict_is_json_ready() -> None:
    train = _population(0, 50)
    report = leakage_report(train, train.copy(), train.copy())
    payload = report.to_dict()
    assert payload["median_ratio"] is None  # holdout DCR 0: ratio undefined
    assert payload["exact_copy_share"] == 1.0
    json.dumps(payload, allow_nan=False)


def test_credit_thousand_by_thousand_is_fast() -> None:
    credit = load_german_credit()
    queries = credit.sample(frac=1.0, random_state=0)
    distance_to_closest_record(credit.iloc[:10], queries.iloc[:10])  # warm up
    start = time.perf_counter()
    distances = distance_to_closest_record(credit, queries)
    elapsed = time.perf_counter() - start
    assert distances.shape == (1_000,)
    np.testing.assert_array_equal(distances, 0.0)
    assert elapsed < 0.5


def test_bad_input() -> None:
    train = _population(0, 20)
    with pytest.raises(ShapeError, match="different columns"):
        distance_to_closest_record(train, train.drop(columns="age"))
    with pytest.raises(EmptyDataError):
        distance_to_closest_record(train, train.iloc[:0])
    with pytest.raises(EmptyDataError):
        leakage_report(train.iloc[:0], train, train)
    with pytest.raises(ShapeError):
        leakage_report(train, train, train.assign(extra=1))
