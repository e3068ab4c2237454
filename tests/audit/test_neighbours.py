"""Mixed-type nearest neighbours against a row-by-row reference."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.audit import mixed_neighbours
from fingan.core.exceptions import ShapeError

from .conftest import population


def _slow_neighbours(candidates: pd.DataFrame, queries: pd.DataFrame, k: int) -> np.ndarray:
    both = pd.concat([candidates, queries])
    out = []
    for _, query in queries.iterrows():
        distances = []
        for _, row in candidates.iterrows():
            total = 0.0
            for column in candidates.columns:
                values = both[column]
                if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
                    span = float(values.max() - values.min()) or 1.0
                    total += abs(float(query[column]) - float(row[column])) / span
                else:
                    total += float(query[column] != row[column])
            distances.append(total)
        out.append(np.argsort(distances, kind="stable")[:k])
    return np.array(out)


@pytest.mark.parametrize("k", [1, 3])
def test_matches_slow_reference(k: int) -> None:
    candidates, queries = population(0, 40), population(1, 12)
    np.testing.assert_array_equal(
        mixed_neighbours(candidates, queries, k), _slow_neighbours(candidates, queries, k)
    )


def test_ties_go_to_the_first_candidate_and_k_is_capped() -> None:
    candidates = pd.DataFrame({"c": ["a", "b", "a", "b"]})
    queries = pd.DataFrame({"c": ["b", "a"]})
    assert mixed_neighbours(candidates, queries, 1).tolist() == [[1], [0]]
    assert mixed_neighbours(candidates, queries, 10).shape == (2, 4)


def test_columns_must_match() -> None:
    with pytest.raises(ShapeError):
        mixed_neighbours(population(0, 5), population(1, 5).drop(columns="age"))
