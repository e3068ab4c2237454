"""One registry of the built-in scenario models: names, builds, fits, command-line options."""

from __future__ import annotations

import dataclasses

import pytest

from fingan.apps.forecast import FORECAST_MODELS
from fingan.apps.registry import (
    SCENARIO_MODELS,
    build_scenario_model,
    check_checkpoint_options,
    gan_training,
    parse_refit,
    scenario_factories,
    scenario_model_names,
    select_models,
    select_names,
    trains_in_steps,
)
from fingan.apps.risk import RISK_MODELS
from fingan.baselines import GBMBaseline, HistoricalSimulation
from fingan.baselines.quantile import QuantileRegressionBaseline
from fingan.core.exceptions import ConfigError
from fingan.evaluation import Unconditional
from fingan.models import InnovationGAN, MarketGAN
from fingan.scenarios import (
    ConditionalScenarioModel,
    EmpiricalInnovations,
    EWMAFilter,
    GARCHFilter,
    GJRGARCHFilter,
    GPDTails,
    StudentTInnovations,
)
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


def conditional_gan(model: object) -> InnovationGAN:
    """The GAN of a configuration with GAN innovations (plain or with EVT tails)."""
    assert isinstance(model, ConditionalScenarioModel)
    innovations = model.innovations
    gan = innovations.body if isinstance(innovations, GPDTails) else innovations
    assert isinstance(gan, InnovationGAN)
    return gan


def test_every_study_model_is_a_registry_model():
    assert set(RISK_MODELS) | set(FORECAST_MODELS) == set(SCENARIO_MODELS)
    names = scenario_model_names()
    assert names[: len(SCENARIO_MODELS)] == list(SCENARIO_MODELS)
    assert {"ewma+empirical", "garch+t", "gjr+gan", "ewma+gan_evt"} <= set(names)
    assert len(names) == len(set(names))


def test_each_name_builds_its_model():
    built = {name: build_scenario_model(name, random_state=4) for name in SCENARIO_MODELS}
    assert isinstance(built["historical"], HistoricalSimulation)
    assert built["historical"].lookback == 500
    assert isinstance(built["random_walk"], HistoricalSimulation)
    fhs = built["fhs"]
    assert isinstance(fhs, ConditionalScenarioModel)
    assert isinstance(fhs.volatility, EWMAFilter)
    assert fhs.volatility.decay == 0.94
    assert isinstance(fhs.innovations, EmpiricalInnovations)
    assert fhs.innovations.window == 500
    garch_t = built["garch_t"]
    assert isinstance(garch_t, ConditionalScenarioModel)
    assert type(garch_t.volatility) is GARCHFilter
    assert isinstance(garch_t.innovations, StudentTInnovations)
    assert isinstance(built["quantile_regression"], QuantileRegressionBaseline)
    wrapped = built["market_gan"]
    assert isinstance(wrapped, Unconditional)
    assert isinstance(wrapped.model, MarketGAN)
    gan = built["gan"]
    assert isinstance(gan, ConditionalScenarioModel)
    assert isinstance(gan.volatility, EWMAFilter)
    assert isinstance(gan.innovations, GPDTails)  # EVT tails on the GAN's body
    assert conditional_gan(gan).training is None  # its own default training
    assert conditional_gan(gan).random_state == 4
    training = TrainingConfig(n_steps=3)
    factories = scenario_factories(["gan", "market_gan", "gjr+gan"], training)
    assert list(factories) == ["gan", "market_gan", "gjr+gan"]
    assert conditional_gan(factories["gan"](1)).training == training
    assert conditional_gan(factories["gan"](1)).random_state == 1
    gjr = factories["gjr+gan"](2)
    assert isinstance(gjr, ConditionalScenarioModel)
    assert isinstance(gjr.volatility, GJRGARCHFilter)
    assert conditional_gan(gjr).training == training
    with pytest.raises(ConfigError, match=r"unknown scenario model\(s\) 'var_cov'"):
        scenario_factories(["var_cov"])
    with pytest.raises(ConfigError, match=r"unknown scenario model\(s\) 'ewma\+normal'"):
        scenario_factories(["ewma+normal"])


def test_which_models_train_in_steps():
    gans = [name for name in SCENARIO_MODELS if trains_in_steps(name)]
    assert gans == ["market_gan", "gan"]
    assert trains_in_steps("garch+gan")
    assert not trains_in_steps("gjr+t")
    assert not trains_in_steps("var_cov")


def test_gan_steps_keep_each_gans_own_defaults():
    market = gan_training("market_gan", 7)
    conditional = gan_training("gan", 7, checkpoint_every=2)
    assert market == dataclasses.replace(MarketGAN.default_training, n_steps=7)
    assert conditional == dataclasses.replace(
        InnovationGAN.default_training, n_steps=7, checkpoint_every=2
    )
    assert gan_training("ewma+gan", 7) == dataclasses.replace(
        InnovationGAN.default_training, n_steps=7
    )
    assert gan_training("garch_t", 7) is None
    assert gan_training("fhs", 7) is None
    with pytest.raises(ConfigError, match="gan_steps"):
        gan_training("gan", 0)


def test_checkpoint_options_are_checked_before_any_work(tmp_path):
    assert check_checkpoint_options("garch_t") is None
    assert check_checkpoint_options("gan", checkpoint_dir=tmp_path / "new") is None
    with pytest.raises(ConfigError, match=r"garch_t does not train in steps.*--resume does not"):
        check_checkpoint_options("garch_t", resume=tmp_path)
    with pytest.raises(ConfigError, match="--checkpoint-dir and --checkpoint-every do not"):
        check_checkpoint_options("historical", checkpoint_dir=tmp_path, checkpoint_every=3)
    with pytest.raises(ConfigError, match="separate folders"):
        check_checkpoint_options("gan", checkpoint_dir=tmp_path, out=tmp_path / "out.csv")


def test_parse_refit():
    assert parse_refit(" Yearly ") == "yearly"
    assert parse_refit("never") == "never"
    assert parse_refit("15") == 15
    for bad in ("weekly", "0", "-3", "1.5"):
        with pytest.raises(ConfigError, match="--refit must be one of"):
            parse_refit(bad)
