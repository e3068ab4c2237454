"""The augmenters by name and the GAN's training settings."""

from __future__ import annotations

import pytest

from fingan.apps.credit import (
    NO_AUGMENTATION,
    default_augmenters,
    default_pairs,
    gan_training_with_steps,
)
from fingan.baselines import GaussianCopulaBaseline, SMOTENCBaseline
from fingan.core.exceptions import ConfigError
from fingan.models import TabularGAN
from fingan.training import TrainingConfig


def test_gan_steps_become_the_gan_default_training_with_that_many_steps():
    assert gan_training_with_steps(None) is None
    training = gan_training_with_steps(7)
    assert isinstance(training, TrainingConfig)
    assert training.n_steps == 7
    assert training.batch_size == TabularGAN.default_training.batch_size
    with pytest.raises(ConfigError, match="gan_steps"):
        gan_training_with_steps(0)


def test_default_augmenters_build_fresh_seeded_generators():
    training = TrainingConfig(n_steps=3, batch_size=50)
    factories = default_augmenters(training, target="label")
    assert list(factories) == ["smote", "copula", "gan"]
    assert isinstance(factories["smote"](1), SMOTENCBaseline)
    copula = factories["copula"](1)
    assert isinstance(copula, GaussianCopulaBaseline)
    assert copula.class_column == "label"
    gan = factories["gan"](5)
    assert isinstance(gan, TabularGAN)
    assert gan.training == training
    assert gan.condition_columns == ["label"]
    assert gan.random_state == 5
    assert factories["gan"](5) is not gan


def test_default_pairs_put_the_gan_against_smote_and_none():
    assert default_pairs(["smote", "copula", "gan"]) == [("gan", "smote"), ("gan", NO_AUGMENTATION)]
    assert default_pairs(["gan"]) == [("gan", NO_AUGMENTATION)]
    assert default_pairs(["smote", "copula"]) == [
        ("smote", NO_AUGMENTATION),
        ("copula", NO_AUGMENTATION),
    ]
