"""Settings of a private TabularGAN: the expected sample, the label's weight, the critic."""

from __future__ import annotations

import pytest

from fingan.core.exceptions import ConfigError
from fingan.models.tabular_private_settings import (
    CRITIC,
    CRITIC_BETAS,
    SAMPLE_RATE,
    STEPS,
    label_weighted,
    private_settings,
)


@pytest.mark.parametrize(("n_rows", "batch"), [(2, 1), (3, 1), (8, 3), (400, 150), (1000, 375)])
def test_the_expected_sample_is_a_share_of_the_rows_and_below_them(n_rows, batch) -> None:
    training = private_settings(n_rows, ["a"])["training"]
    assert training.batch_size == batch
    assert training.batch_size < n_rows
    assert training.batch_size == min(n_rows - 1, max(1, round(SAMPLE_RATE * n_rows)))
    assert training.n_steps == STEPS
    assert training.gp_weight == 0.0
    assert training.betas_d == CRITIC_BETAS


def test_the_label_is_half_of_the_conditions() -> None:
    columns = ["purpose", "housing", "job", "label"]
    weighted = label_weighted(columns, "label")
    assert weighted.count("label") == 3
    assert sorted(set(weighted)) == sorted(columns)
    assert label_weighted(["label"], "label") == ["label"]
    assert label_weighted(columns, "label", share=0.25) == ["purpose", "housing", "job", "label"]
    settings = private_settings(100, columns, "label", n_steps=7)
    assert settings["condition_columns"] == weighted
    assert settings["target"] == "label"
    assert settings["discriminator"] == CRITIC
    assert settings["training"].n_steps == 7
    assert "condition_columns" not in private_settings(100, columns)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: label_weighted(["a"], "b"), "not a categorical column"),
        (lambda: label_weighted(["a", "b"], "b", share=1.0), "share"),
        (lambda: private_settings(1, ["a"]), "n_rows"),
        (lambda: private_settings(10, ["a"], n_steps=0), "n_steps"),
    ],
)
def test_bad_input(call, message) -> None:
    with pytest.raises(ConfigError, match=message):
        call()
