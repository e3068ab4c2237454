"""The differentially private TabularGAN: spend, honesty of the encoding, persistence, errors."""

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError
from fingan.models import load_model
from fingan.models.tabular_gan import TabularGAN
from fingan.nn.mlp import MLPConfig
from fingan.training import TrainingConfig

METADATA = {
    "amount": {"bounds": [-5.0, 5.0]},
    "count": {"bounds": [1, 8]},
    "segment": {"categories": ["a", "b", "c"]},
    "label": {"categories": ["x", "y"]},
}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 200
    return pd.DataFrame(
        {
            "amount": rng.normal(0.0, 1.0, n),
            "count": rng.integers(1, 9, n),
            "segment": pd.Categorical(rng.choice(["a", "b", "c"], n)),
            "label": pd.Categorical(rng.choice(["x", "y"], n), ["x", "y"]),
        }
    )


def private_gan(**kwargs: Any) -> TabularGAN:
    options: dict[str, Any] = {
        "noise_dim": 8,
        "pac": 1,
        "generator": MLPConfig(hidden_dims=(16,)),
        "discriminator": MLPConfig(hidden_dims=(16,), residual=False),
        "training": TrainingConfig(n_steps=20, batch_size=20),
        "epsilon": 3.0,
        "metadata": METADATA,
        "random_state": 0,
        "device": "cpu",
    }
    return TabularGAN(**{**options, **kwargs})


@pytest.fixture(scope="module")
def fitted(table: pd.DataFrame) -> TabularGAN:
    return private_gan().fit(table)


def test_spent_epsilon_is_at_most_and_close_to_the_target(fitted: TabularGAN) -> None:
    spend = fitted.privacy_spent_
    assert spend is not None
    assert 0.9 * 3.0 <= spend.epsilon <= 3.0
    assert spend.delta == pytest.approx(1 / 2000)  # 1 / (10 n)
    assert spend.steps == 20
    assert spend.sample_rate == pytest.approx(0.1)
    assert spend.noise_multiplier > 0
    assert spend.accountant == "rdp"


def test_samples_respect_the_metadata(fitted: TabularGAN, table: pd.DataFrame) -> None:
    sample = fitted.sample(100, random_state=0)
    assert sample.dtypes.equals(table.dtypes)
    assert sample["count"].between(1, 8).all()
    assert sample["amount"].between(-5, 5).all()
    assert (fitted.sample(20, conditions={"label": "y"}, random_state=1)["label"] == "y").all()
    # Class by class, the label follows the released counts (all the model knows of them).
    counts = fitted.category_counts_[list(fitted._categories()).index("label")]
    stratified = fitted.sample(200, stratify="label", random_state=2)["label"]
    shares = stratified.value_counts(normalize=True).reindex(fitted._categories()["label"])
    np.testing.assert_allclose(shares, np.array(counts) / sum(counts), atol=1 / 200)


def test_encoding_does_not_read_the_rows(table: pd.DataFrame) -> None:
    neighbour = table.copy()
    neighbour.loc[0, "amount"] = 4.9  # one row differs
    neighbour.loc[0, "segment"] = "c"
    one = private_gan(training=TrainingConfig(n_steps=1, batch_size=20)).fit(table)
    two = private_gan(training=TrainingConfig(n_steps=1, batch_size=20)).fit(neighbour)
    assert one.transformer_.to_dict() == two.transformer_.to_dict()


def test_released_counts_are_noisy_not_the_exact_counts(table: pd.DataFrame) -> None:
    exact = table["segment"].value_counts().reindex(["a", "b", "c"]).tolist()
    released = [
        private_gan(training=TrainingConfig(n_steps=1, batch_size=20))
        .fit(table)
        .category_counts_[0]
        for _ in range(3)
    ]
    assert any(counts != exact for counts in released)
    assert len({tuple(counts) for counts in released}) > 1  # fresh secret noise each fit


def test_spend_round_trips_through_save_and_load(fitted: TabularGAN, tmp_path: Any) -> None:
    fitted.save(tmp_path / "model")
    loaded = load_model(tmp_path / "model")
    assert isinstance(loaded, TabularGAN)
    assert loaded.privacy_spent_ == fitted.privacy_spent_
    assert loaded.sample(5, random_state=3).equals(fitted.sample(5, random_state=3))


def test_saved_record_holds_no_fingerprint_of_the_values(
    fitted: TabularGAN, table: pd.DataFrame
) -> None:
    from fingan.models.checks import data_fingerprint

    assert fitted._training_data is not None
    assert fitted._training_data["fingerprint"] == data_fingerprint(table.iloc[:0])


def test_a_critic_with_layer_norms_and_a_classifier_trains_privately(table: pd.DataFrame) -> None:
    # Every layer kind the private critic can hold goes through the one-pass clipped sum.
    model = private_gan(
        discriminator=MLPConfig(hidden_dims=(16, 16), layer_norm=True),
        classifier_weight=1.0,
        target="label",
        training=TrainingConfig(n_steps=5, batch_size=20),
    ).fit(table)
    assert model.privacy_spent_ is not None
    assert model.privacy_spent_.steps == 5
    assert np.isfinite(model.history_[["d_loss", "g_loss", "d_grad_norm"]].to_numpy()).all()
    assert (model.history_["d_grad_norm"] > 0).all()


def test_the_history_records_the_generated_rows_term(table: pd.DataFrame) -> None:
    # Without a penalty the public part of a private update is the generated rows' critic
    # score, whose gradient joins the clipped sum: the history still shows how it moves.
    model = private_gan(training=TrainingConfig(n_steps=6, batch_size=20, gp_weight=0.0))
    history = model.fit(table).history_
    assert (history["d_loss"] != 0.0).all()
    assert history["d_loss"].nunique() > 1


def test_non_private_fit_has_no_spend(table: pd.DataFrame) -> None:
    model = private_gan(epsilon=None, training=TrainingConfig(n_steps=1, batch_size=20))
    assert model.fit(table).privacy_spent_ is None


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"epsilon": 0.0}, "epsilon"),
        ({"epsilon": -2.0}, "epsilon"),
        ({"delta": 1.0}, "delta"),
        ({"delta": 0.0}, "delta"),
        ({"pac": 10}, "pac must be 1"),
        ({"label_pair_weight": -1.0}, "label_pair_weight"),
        ({"metadata": None}, "metadata"),
        ({"metadata": {**METADATA, "count": {"categories": [1]}}}, "bounds"),
        ({"training": TrainingConfig(n_steps=1, batch_size=200)}, "batch_size"),
    ],
)
def test_bad_private_settings_get_one_line_errors(
    table: pd.DataFrame, options: dict[str, Any], match: str
) -> None:
    with pytest.raises(ConfigError, match=match) as error:
        private_gan(**options).fit(table)
    assert "\n" not in str(error.value)


def test_resume_and_refit_are_refused_with_epsilon(
    fitted: TabularGAN, table: pd.DataFrame, tmp_path: Any
) -> None:
    with pytest.raises(ConfigError, match="resume"):
        private_gan().fit(table, resume=tmp_path)
    # A warm start would train on the private rows again without accounting the spend.
    spent = fitted.privacy_spent_
    with pytest.raises(ConfigError, match="a private fit cannot be refitted"):
        fitted.refit(table, n_steps=1)
    assert fitted.privacy_spent_ == spent


def test_label_pairs_release_counts_at_the_same_spend(table: pd.DataFrame) -> None:
    one_step = TrainingConfig(n_steps=1, batch_size=20)
    paired = private_gan(training=one_step, target="label").fit(table)
    plain = private_gan(training=one_step, target="label", label_pair_weight=0.0).fit(table)
    paired_spend, plain_spend = paired.privacy_spent_, plain.privacy_spent_
    assert paired_spend is not None
    assert plain_spend is not None
    for model, spend in ((paired, paired_spend), (plain, plain_spend)):
        assert 0.9 * 3.0 <= spend.epsilon <= 3.0
        totals = [sum(counts) for counts in model.category_counts_]
        assert all(abs(total - len(table)) < 150 for total in totals)  # noisy, about n
    # The tables cost a larger share of epsilon than the counts alone: the updates get more noise.
    assert paired_spend.noise_multiplier > plain_spend.noise_multiplier


def test_label_pairs_teach_the_label_relation_the_noisy_critic_misses() -> None:
    rng = np.random.default_rng(1)
    label = rng.choice(["x", "y"], 400)
    segment = np.where(label == "x", "a", "c")
    noise = rng.random(400) < 0.1
    segment[noise] = "b"
    tied = pd.DataFrame(
        {
            "amount": rng.normal(0.0, 1.0, 400),
            "count": rng.integers(1, 9, 400),
            "segment": pd.Categorical(segment, ["a", "b", "c"]),
            "label": pd.Categorical(label, ["x", "y"]),
        }
    )

    def gap(weight: float) -> float:
        """P(segment a | label x) - P(segment a | label y) of the generated rows (real: 0.9)."""
        model = private_gan(
            target="label",
            label_pair_weight=weight,
            generator=MLPConfig(hidden_dims=(32,)),
            training=TrainingConfig(n_steps=150, batch_size=60, lr_g=5e-3, lr_d=5e-3),
            epsilon=1.0,
        ).fit(tied)
        sample = model.sample(400, random_state=0)
        is_a = sample["segment"] == "a"
        return float(is_a[sample["label"] == "x"].mean() - is_a[sample["label"] == "y"].mean())

    with_pairs, without = gap(1.0), gap(0.0)
    assert with_pairs > 0.6
    assert with_pairs > without


def test_a_private_model_saved_before_the_label_tables_loads_as_fitted(
    table: pd.DataFrame, tmp_path: Any
) -> None:
    model = private_gan(target="label", training=TrainingConfig(n_steps=1, batch_size=20))
    model.fit(table).save(tmp_path / "model")
    assert model.privacy_spent_ is not None
    assert "label tables released" in model.privacy_spent_.summary()
    path = tmp_path / "model" / "checkpoint.json"
    saved = json.loads(path.read_text())
    meta = saved["model"]
    del meta["params"]["label_pair_weight"], meta["fitted"]["privacy"]["release"]
    path.write_text(json.dumps(saved))
    loaded = load_model(tmp_path / "model")
    assert isinstance(loaded, TabularGAN)
    assert loaded.label_pair_weight == 0.0
    assert loaded.privacy_spent_ is not None
    assert "category counts released" in loaded.privacy_spent_.summary()
