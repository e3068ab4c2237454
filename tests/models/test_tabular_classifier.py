"""TabularGAN's auxiliary label classifier: what it trains, persistence, errors."""

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest
import torch

from fingan.core.exceptions import ConfigError
from fingan.models import load_model
from fingan.models.tabular_classifier import label_span
from fingan.models.tabular_gan import TabularGAN
from fingan.nn.auxiliary import ClassifiedCritic
from fingan.nn.mlp import MLPConfig
from fingan.nn.tabular import PooledPackDiscriminator
from fingan.training import TrainingConfig

METADATA = {
    "x": {"bounds": [-4.0, 4.0]},
    "segment": {"categories": ["a", "b", "c"]},
    "label": {"categories": ["neg", "pos"]},
}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """The label is the sign of ``x`` (a relation a generator must carry); segment is noise."""
    rng = np.random.default_rng(0)
    x = rng.normal(0.0, 1.0, 400)
    return pd.DataFrame(
        {
            "x": x,
            "segment": pd.Categorical(rng.choice(["a", "b", "c"], 400)),
            "label": pd.Categorical(np.where(x > 0, "pos", "neg"), ["neg", "pos"]),
        }
    )


def small_gan(n_steps: int = 2, **kwargs: Any) -> TabularGAN:
    options: dict[str, Any] = {
        "noise_dim": 8,
        "pac": 5,
        "condition_columns": ["label"],
        "classifier_weight": 1.0,
        "generator": MLPConfig(hidden_dims=(32,)),
        "discriminator": MLPConfig(hidden_dims=(32,), residual=False),
        "training": TrainingConfig(n_steps=n_steps, batch_size=100, lr_g=2e-3, lr_d=2e-3),
        "random_state": 0,
        "device": "cpu",
    }
    return TabularGAN(**{**options, **kwargs})


@pytest.fixture(scope="module")
def fitted(table: pd.DataFrame) -> TabularGAN:
    return small_gan().fit(table)


def classifier_accuracy(model: TabularGAN, table: pd.DataFrame) -> float:
    """Accuracy of the trained classifier on the encoded real rows."""
    assert isinstance(model.discriminator_, ClassifiedCritic)
    rows = torch.as_tensor(model.transformer_.transform(table), dtype=torch.float32)
    classifier = model.discriminator_.classifier.eval()
    with torch.no_grad():
        predicted = classifier(rows).argmax(dim=1)
    return float((predicted == classifier.targets(rows)).float().mean())


def test_a_label_conditioned_fit_has_a_classifier_on_the_label(
    fitted: TabularGAN, table: pd.DataFrame
) -> None:
    model = fitted
    assert isinstance(model.discriminator_, ClassifiedCritic)
    span = next(s for s in model.transformer_.spans_ if s.column == "label")
    assert model.label_span_ == (span.start, span.width)
    plain = small_gan(classifier_weight=0.0).fit(table)
    assert isinstance(plain.discriminator_, PooledPackDiscriminator)
    assert plain.label_span_ is None
    named = small_gan(condition_columns=None, target="segment", training=None)
    named.transformer_ = model.transformer_
    assert label_span(named) == (model.label_span_[0] - 3, 3)  # segment just before label
    named.target = None
    assert label_span(named) is None  # no target, no condition columns: no classifier


@pytest.mark.slow
def test_classifier_learns_the_label_and_generated_rows_carry_the_relation(
    table: pd.DataFrame,
) -> None:
    # 150 steps, CTGAN's mixed, concatenated packs: without the classifier 81 % / 91 % of the
    # rows generated for each label have the sign of x that defines it; with it (weight 3) all
    # of them did.
    model = small_gan(
        150, classifier_weight=3.0, pack_by_condition=False, pack_critic="concatenated"
    ).fit(table)
    assert classifier_accuracy(model, table) > 0.9  # sign(x): learnable from x alone
    pos = model.sample(300, conditions={"label": "pos"}, random_state=1)
    neg = model.sample(300, conditions={"label": "neg"}, random_state=1)
    assert (pos["x"] > 0).mean() > 0.95
    assert (neg["x"] < 0).mean() > 0.95


def test_save_load_keeps_the_classifier(fitted: TabularGAN, tmp_path: Any) -> None:
    model = fitted
    model.save(tmp_path / "model")
    loaded = load_model(tmp_path / "model", device="cpu")
    assert isinstance(loaded, TabularGAN)
    assert loaded.label_span_ == model.label_span_
    assert isinstance(loaded.discriminator_, ClassifiedCritic)
    pd.testing.assert_frame_equal(
        model.sample(20, random_state=3), loaded.sample(20, random_state=3)
    )


def test_a_folder_saved_before_the_classifier_still_loads(
    table: pd.DataFrame, tmp_path: Any
) -> None:
    model = small_gan(classifier_weight=0.0).fit(table)
    model.save(tmp_path / "old")
    path = tmp_path / "old" / "checkpoint.json"
    meta = json.loads(path.read_text())
    params = meta["model"]["params"]
    del params["classifier_weight"], params["target"]  # as written before the setting
    assert "label_span" not in meta["model"]["fitted"]
    path.write_text(json.dumps(meta))
    loaded = load_model(tmp_path / "old", device="cpu")
    assert isinstance(loaded, TabularGAN)
    assert loaded.label_span_ is None
    assert isinstance(loaded.discriminator_, PooledPackDiscriminator)
    pd.testing.assert_frame_equal(
        model.sample(20, random_state=3), loaded.sample(20, random_state=3)
    )


def test_private_fit_trains_the_classifier_at_the_same_spend(table: pd.DataFrame) -> None:
    options: dict[str, Any] = {"pac": 1, "epsilon": 3.0, "metadata": METADATA}
    options["training"] = TrainingConfig(n_steps=3, batch_size=40)
    with_classifier = small_gan(**options).fit(table)
    without = small_gan(**options, classifier_weight=0.0).fit(table)
    assert isinstance(with_classifier.discriminator_, ClassifiedCritic)
    assert with_classifier.privacy_spent_ == without.privacy_spent_


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"classifier_weight": -1.0}, "classifier_weight must be a finite number >= 0"),
        ({"classifier_weight": "1"}, "classifier_weight must be a finite number >= 0"),
        ({"target": 3}, "target must be a column name or None"),
        ({"target": "x"}, "target must name a categorical column"),
        ({"target": "nope"}, "'nope' is not one"),
    ],
)
def test_bad_classifier_settings_get_one_line_errors(
    table: pd.DataFrame, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        small_gan(**options).fit(table)
