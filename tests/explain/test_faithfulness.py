"""The deletion test: faithful attributions pass, unfaithful ones fail, bad input is refused."""

from __future__ import annotations

import numpy as np
import pytest

from fingan.core.exceptions import ConfigError, ShapeError
from fingan.explain.faithfulness import DeletionTest, deletion_test


@pytest.fixture
def features():
    return np.random.default_rng(0).normal(size=(80, 6))


def scale_of_feature_0(rows):
    """A known answer: the output depends on feature 0 only."""
    return np.exp(0.5 * rows[:, 0])


def test_the_feature_the_model_uses_passes(features):
    result = deletion_test(scale_of_feature_0, features, np.eye(6)[0], k=3, random_state=1)
    assert result.passed
    assert result.low > 0.0
    assert result.bottom_change == 0.0  # the three lowest-ranked features are ignored
    assert result.gap == pytest.approx(result.top_change - result.bottom_change)
    assert result.low <= result.gap <= result.high


def test_ranking_an_ignored_feature_first_fails(features):
    wrong = np.eye(6)[5] + 0.1 * np.eye(6)[1] - 0.05 * np.eye(6)[2]  # feature 0 ranked last
    result = deletion_test(scale_of_feature_0, features, wrong, k=3, random_state=1)
    assert result.top_change == 0.0
    assert not result.passed
    assert result.high < 0.0


def test_per_row_attributions_are_ranked_row_by_row(features):
    # Half the rows credit feature 0, half feature 1; the model uses both as their row says.
    attributions = np.zeros_like(features)
    attributions[:40, 0], attributions[40:, 1] = 1.0, 1.0

    def predict(rows):
        return rows[:, 0] + rows[:, 1]

    result = deletion_test(predict, features, attributions, k=1, random_state=0)
    assert result.passed
    assert result.n_rows == 80


def test_donors_are_used_and_the_test_is_seeded(features):
    donors = np.zeros((5, 6))
    first = deletion_test(scale_of_feature_0, features, np.eye(6)[0], k=1, donors=donors)
    again = deletion_test(scale_of_feature_0, features, np.eye(6)[0], k=1, donors=donors)
    assert first == again
    expected = np.abs(np.exp(0.5 * features[:, 0]) - 1.0).mean()
    assert first.top_change == pytest.approx(expected)


def test_to_dict_and_summary(features):
    result = deletion_test(scale_of_feature_0, features, np.eye(6)[0], n_boot=50)
    assert isinstance(result, DeletionTest)
    record = result.to_dict()
    assert set(record) >= {"top_change", "bottom_change", "gap", "low", "high", "k", "passed"}
    assert record["passed"] is True
    assert "passed" in result.summary()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"k": 4}, ConfigError),  # top and bottom would overlap in 6 features
        ({"k": 0}, ConfigError),
        ({"level": 1.0}, ConfigError),
        ({"attributions": np.ones(5)}, ShapeError),
        ({"donors": np.zeros((3, 5))}, ShapeError),
    ],
)
def test_bad_input_is_refused(features, kwargs, error):
    arguments = {"attributions": np.eye(6)[0]} | kwargs
    with pytest.raises(error):
        deletion_test(scale_of_feature_0, features, **arguments)


def test_predict_must_return_one_value_per_row(features):
    with pytest.raises(ShapeError, match="one value per row"):
        deletion_test(lambda rows: rows, features, np.eye(6)[0])
