"""TabularGAN: conditional generation of mixed tables on the shared engine."""

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest
import torch

from fingan.core.exceptions import (
    ConfigError,
    DataValidationError,
    EmptyDataError,
    MissingValueError,
)
from fingan.datasets import load_german_credit
from fingan.models import load_model
from fingan.models.tabular_gan import TabularGAN
from fingan.nn.mlp import MLPConfig
from fingan.nn.tabular import PackedDiscriminator, PooledPackDiscriminator
from fingan.training import TrainingConfig

SMALL = MLPConfig(hidden_dims=(64, 64))


def small_gan(n_steps: int, **kwargs: Any) -> TabularGAN:
    training = TrainingConfig(n_steps=n_steps, batch_size=200, lr_g=1e-3, lr_d=1e-3)
    return TabularGAN(
        noise_dim=32,
        generator=SMALL,
        discriminator=MLPConfig(hidden_dims=(64, 64), residual=False),
        training=training,
        random_state=0,
        device="cpu",
        **kwargs,
    )


@pytest.fixture(scope="module")
def rare_class_table() -> pd.DataFrame:
    """5 % 'rare' rows whose amount is near 5; the others near 0; a second categorical."""
    rng = np.random.default_rng(0)
    rare = rng.random(2000) < 0.05
    amount = np.where(rare, rng.normal(5.0, 0.5, 2000), rng.normal(0.0, 1.0, 2000))
    return pd.DataFrame(
        {
            "amount": amount,
            "count": rng.integers(1, 9, 2000),
            "segment": pd.Categorical(rng.choice(["a", "b", "c"], 2000)),
            "label": pd.Categorical(np.where(rare, "rare", "common"), ["common", "rare"]),
        }
    )


@pytest.fixture(scope="module")
def fitted(rare_class_table: pd.DataFrame) -> TabularGAN:
    return small_gan(800).fit(rare_class_table)


def test_conditioning_on_a_rare_class_generates_its_distribution(
    fitted: TabularGAN, rare_class_table: pd.DataFrame
) -> None:
    rare = fitted.sample(400, conditions={"label": "rare"}, random_state=1)
    common = fitted.sample(400, conditions={"label": "common"}, random_state=1)
    assert (rare["label"] == "rare").all()
    assert (common["label"] == "common").all()
    assert rare["amount"].mean() == pytest.approx(5.0, abs=1.0)
    assert common["amount"].mean() == pytest.approx(0.0, abs=0.5)
    # Unconditional samples keep the data's class balance (5 % rare), roughly.
    mixed = fitted.sample(2000, random_state=2)
    assert 0.01 < (mixed["label"] == "rare").mean() < 0.15


def test_stratified_samples_keep_the_training_class_shares_and_each_class_distribution(
    fitted: TabularGAN, rare_class_table: pd.DataFrame
) -> None:
    rows = fitted.sample(400, stratify="label", random_state=4)
    # 5 % of the 2,000 training rows are rare: exactly 20 of 400, shuffled among the others.
    expected = round(400 * (rare_class_table["label"] == "rare").mean())
    assert (rows["label"] == "rare").sum() == expected
    assert not (rows["label"].iloc[:expected] == "rare").all()
    assert rows.loc[rows["label"] == "rare", "amount"].mean() == pytest.approx(5.0, abs=1.0)
    pd.testing.assert_frame_equal(rows, fitted.sample(400, stratify="label", random_state=4))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stratify": "amount"}, "cannot stratify on 'amount'"),
        ({"stratify": "label", "conditions": {"segment": "a"}}, "not both"),
    ],
)
def test_bad_strata_are_named(fitted: TabularGAN, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        fitted.sample(5, **kwargs)


def test_samples_keep_columns_dtypes_categories_and_ranges(
    fitted: TabularGAN, rare_class_table: pd.DataFrame
) -> None:
    sample = fitted.sample(500, random_state=3)
    assert list(sample.columns) == list(rare_class_table.columns)
    assert sample.dtypes.equals(rare_class_table.dtypes)
    assert list(sample["segment"].cat.categories) == ["a", "b", "c"]
    for column in ("amount", "count"):
        assert (
            sample[column]
            .between(rare_class_table[column].min(), rare_class_table[column].max())
            .all()
        )


def test_same_seed_same_rows_and_save_load_round_trip(fitted: TabularGAN, tmp_path) -> None:
    first = fitted.sample(50, conditions={"segment": "b"}, random_state=7)
    pd.testing.assert_frame_equal(
        first, fitted.sample(50, conditions={"segment": "b"}, random_state=7)
    )
    fitted.save(tmp_path / "model")
    loaded = load_model(tmp_path / "model", device="cpu")
    assert isinstance(loaded, TabularGAN)
    pd.testing.assert_frame_equal(
        first, loaded.sample(50, conditions={"segment": "b"}, random_state=7)
    )


def test_german_credit_defaulters_on_demand() -> None:
    credit = load_german_credit()
    model = small_gan(5).fit(credit)
    bad = model.sample(30, conditions={"creditability": "bad"}, random_state=0)
    assert (bad["creditability"] == "bad").all()
    assert bad.dtypes.equals(credit.dtypes)


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ({"label": "unknown"}, "not a category of column 'label'"),
        ({"amount": 1.0}, "not a categorical column"),
        ({"missing": "a"}, "not a categorical column"),
    ],
)
def test_bad_conditions_are_named(
    fitted: TabularGAN, conditions: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        fitted.sample(5, conditions=conditions)


@pytest.mark.parametrize(
    ("table", "error", "message"),
    [
        (pd.DataFrame({"a": pd.Series([], dtype=float)}), EmptyDataError, "no rows"),
        (pd.DataFrame({"a": [1.0, 2.0], "b": [np.nan, np.nan]}), MissingValueError, "only missing"),
        (pd.DataFrame({"a": [1.0, 2.0], "b": ["3", "x"]}), DataValidationError, "mixes numbers"),
    ],
)
def test_bad_tables_get_clear_errors(table: pd.DataFrame, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        small_gan(1).fit(table)


def test_batch_size_must_be_a_multiple_of_pac(rare_class_table: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="multiple of pac"):
        small_gan(1, pac=7).fit(rare_class_table)


def test_condition_columns_restrict_training_by_sampling(rare_class_table: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="condition_columns"):
        small_gan(1, condition_columns=["amount"]).fit(rare_class_table)
    model = small_gan(1, condition_columns=["label"])
    model.seed_ = 0  # set by fit, which this test bypasses to look at the task
    task = model._prepare(rare_class_table)
    batch = task.real_batch(1000, torch.Generator().manual_seed(0))
    assert batch.condition is not None
    label_block = batch.condition[..., 3:]  # segment's three categories come first
    assert torch.all(label_block.sum(dim=-1) == 1)


def test_the_generator_is_conditioned_only_on_its_condition_columns(
    rare_class_table: pd.DataFrame,
) -> None:
    # Conditions on another column would be inputs the generator never saw in training.
    model = small_gan(1, condition_columns=["label"]).fit(rare_class_table)
    seen: list[torch.Tensor] = []
    hook = model.generator_.register_forward_pre_hook(lambda _, inputs: seen.append(inputs[1]))
    try:
        model.sample(2000, random_state=0)
        unconditional = torch.cat(seen)
        seen.clear()
        rows = model.sample(50, conditions={"segment": "b"}, random_state=0)  # kept if met
    finally:
        hook.remove()
    assert torch.all(unconditional[:, :3] == 0)  # segment's three categories
    assert torch.all(unconditional[:, 3:].sum(dim=1) == 1)
    assert 0.02 < float(unconditional[:, 4].mean()) < 0.08  # "rare" by its 5 % count
    assert (rows["segment"] == "b").all()
    assert torch.all(torch.cat(seen)[:, :3] == 0)


def test_pack_by_condition_packs_rows_of_one_condition(rare_class_table: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="pack_by_condition"):
        small_gan(1, pack_by_condition="yes").fit(rare_class_table)
    model = small_gan(1, condition_columns=["label"])  # packs of one condition by default
    model.seed_ = 0  # set by fit, which this test bypasses to look at the task
    task = model._prepare(rare_class_table)
    batch = task.real_batch(1000, torch.Generator().manual_seed(0))
    assert batch.condition is not None
    rare = batch.condition[..., 4]  # (packs, pac): 1 where the condition is "rare"
    assert torch.all(rare == rare[:, :1])
    assert 0 < float(rare.mean()) < 1
    mixed = small_gan(1, condition_columns=["label"], pack_by_condition=False)
    mixed.seed_ = 0
    mixed_task = mixed._prepare(rare_class_table)
    mixed_batch = mixed_task.real_batch(1000, torch.Generator().manual_seed(0))
    assert mixed_batch.condition is not None
    assert not torch.all(mixed_batch.condition[..., 4] == mixed_batch.condition[:, :1, 4])
    bad = model.fit(rare_class_table).sample(10, conditions={"label": "rare"}, random_state=0)
    assert (bad["label"] == "rare").all()


def test_a_condition_column_named_twice_is_drawn_twice_as_often(
    rare_class_table: pd.DataFrame,
) -> None:
    model = small_gan(1, condition_columns=["segment", "label", "label"])
    model.seed_ = 0
    task = model._prepare(rare_class_table)
    batch = task.real_batch(3000, torch.Generator().manual_seed(0))
    assert batch.condition is not None
    share = float(batch.condition[..., 3:].sum()) / 3000  # rows conditioned on the label
    assert 0.6 < share < 0.73


def test_the_pooled_critic_teaches_the_relation_between_two_numeric_columns() -> None:
    # Credit amount grows with duration (rho 0.79): CTGAN's concatenated packs lose such a
    # relation (generated rho 0.005 here, 0.01 on German Credit's own pair).
    rng = np.random.default_rng(0)
    duration = rng.choice([6, 12, 18, 24, 36, 48], 1000)
    table = pd.DataFrame(
        {
            "duration": duration,
            "amount": 100 * duration * np.exp(rng.normal(0.0, 0.4, 1000)),
            "segment": pd.Categorical(rng.choice(["a", "b", "c"], 1000)),
        }
    )
    model = small_gan(600).fit(table)
    assert isinstance(model.discriminator_, PooledPackDiscriminator)
    rows = model.sample(2000, random_state=0)
    real = table["duration"].corr(table["amount"])
    assert real - 0.2 < rows["duration"].corr(rows["amount"]) < real + 0.1


def test_pack_critic_choice_and_folders_saved_before_it(
    rare_class_table: pd.DataFrame, tmp_path
) -> None:
    with pytest.raises(ConfigError, match="pack_critic"):
        small_gan(1, pack_critic="mean").fit(rare_class_table)
    assert small_gan(1, pac=1).fit(rare_class_table).pack_critic_ == "concatenated"
    concatenated = small_gan(20, pack_critic="concatenated").fit(rare_class_table)
    assert isinstance(concatenated.discriminator_, PackedDiscriminator)
    # A folder saved before the option: no pack_critic anywhere; it loads as concatenated.
    concatenated.save(tmp_path / "old")
    meta_file = tmp_path / "old" / "checkpoint.json"
    meta = json.loads(meta_file.read_text())
    del meta["model"]["params"]["pack_critic"], meta["model"]["fitted"]["pack_critic"]
    meta_file.write_text(json.dumps(meta))
    loaded = load_model(tmp_path / "old", device="cpu")
    assert isinstance(loaded, TabularGAN)
    assert loaded.pack_critic_ == "concatenated"
    pd.testing.assert_frame_equal(
        loaded.sample(30, random_state=1), concatenated.sample(30, random_state=1)
    )
