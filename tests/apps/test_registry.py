"""One registry of the built-in scenario models: names, builds, fits, command-line options."""

from __future__ import annotations

import dataclasses

import pytest

from fingan.apps.forecast import FORECAST_MODELS
from fingan.apps.registry import (
    GAN_MODELS,
    SCENARIO_MODELS,
    build_scenario_model,
    check_checkpoint_options,
    gan_training,
    parse_refit,
    scenario_factories,
    select_models,
    select_names,
)
from fingan.apps.risk import RISK_MODELS
from fingan.baselines import GARCHBaseline, GBMBaseline, HistoricalSimulation
from fingan.baselines.historical import FilteredHistoricalSimulation
from fingan.baselines.quantile import QuantileRegressionBaseline
from fingan.core.exceptions import ConfigError
from fingan.evaluation import Unconditional
from fingan.models import ConditionalMarketGAN, MarketGAN
from fingan.training import TrainingConfig


def test_select_models_keeps_the_order_asked_and_names_unknown_ones():
    factories = {"a": GBMBaseline, "b": GBMBaseline, "c": GBMBaseline}
    assert list(select_models(factories, None)) == ["a", "b", "c"]
    assert list(select_models(factories, ["c", "a"])) == ["c", "a"]
    with pytest.raises(ConfigError, match=r"unknown risk model\(s\) 'x'; choose from a, b, c"):
        select_models(factories, ["a", "x"], what="risk model")
    with pytest.raises(ConfigError, match=r"\(none given\)"):
        select_models(factories, [])
    assert select_names(("a", "b"), None) == ["a", "b"]


def test_every_study_model_is_a_registry_model():
    assert set(RISK_MODELS) | set(FORECAST_MODELS) == set(SCENARIO_MODELS)
    assert set(GAN_MODELS) <= set(SCENARIO_MODELS)


def test_each_name_builds_its_model():
    built = {name: build_scenario_model(name, random_state=4) for name in SCENARIO_MODELS}
    assert isinstance(built["historical"], HistoricalSimulation)
    assert built["historical"].lookback == 500
    assert isinstance(built["random_walk"], HistoricalSimulation)
    assert isinstance(built["filtered_historical"], FilteredHistoricalSimulation)
    assert isinstance(built["garch_t"], GARCHBaseline)
    assert isinstance(built["quantile_regression"], QuantileRegressionBaseline)
    wrapped = built["market_gan"]
    assert isinstance(wrapped, Unconditional)
    assert isinstance(wrapped.model, MarketGAN)
    gan = built["conditional_gan"]
    assert isinstance(gan, ConditionalMarketGAN)
    assert gan.training is None  # its own default training
    training = TrainingConfig(n_steps=3)
    factories = scenario_factories(["conditional_gan", "market_gan"], training)
    assert list(factories) == ["conditional_gan", "market_gan"]
    assert factories["conditional_gan"](1).training == training
    with pytest.raises(ConfigError, match=r"unknown scenario model\(s\) 'var_cov'"):
        scenario_factories(["var_cov"])


def test_gan_steps_keep_each_gans_own_defaults():
    market = gan_training("market_gan", 7)
    conditional = gan_training("conditional_gan", 7, checkpoint_every=2)
    assert market == dataclasses.replace(MarketGAN.default_training, n_steps=7)
    assert conditional == dataclasses.replace(
        ConditionalMarketGAN.default_training, n_steps=7, checkpoint_every=2
    )
    assert gan_training("garch_t", 7) is None
    with pytest.raises(ConfigError, match="gan_steps"):
        gan_training("conditional_gan", 0)


def test_checkpoint_options_are_checked_before_any_work(tmp_path):
    assert check_checkpoint_options("garch_t") is None
    assert check_checkpoint_options("conditional_gan", checkpoint_dir=tmp_path / "new") is None
    with pytest.raises(ConfigError, match=r"garch_t does not train in steps.*--resume does not"):
        check_checkpoint_options("garch_t", resume=tmp_path)
    with pytest.raises(ConfigError, match="--checkpoint-dir and --checkpoint-every do not"):
        check_checkpoint_options("historical", checkpoint_dir=tmp_path, checkpoint_every=3)
    with pytest.raises(ConfigError, match="separate folders"):
        check_checkpoint_options(
            "conditional_gan", checkpoint_dir=tmp_path, out=tmp_path / "out.csv"
        )


def test_parse_refit():
    assert parse_refit(" Yearly ") == "yearly"
    assert parse_refit("never") == "never"
    assert parse_refit("15") == 15
    for bad in ("weekly", "0", "-3", "1.5"):
        with pytest.raises(ConfigError, match="--refit must be one of"):
            parse_refit(bad)
