"""The estimator base: scikit-learn's parameter contract, clone and check_is_fitted."""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pandas as pd
import pytest

import fingan.baselines
import fingan.models
from fingan.baselines import (
    GARCHBaseline,
    GaussianBaseline,
    GaussianCopulaBaseline,
    GaussianHMMBaseline,
    GaussianMixtureBaseline,
    GBMBaseline,
    HistoricalSimulation,
    QuantileRegressionBaseline,
    SMOTENCBaseline,
    StationaryBootstrapBaseline,
    StudentTBaseline,
)
from fingan.core.estimator import BaseEstimator, check_is_fitted, clone
from fingan.core.exceptions import ConfigError, NotFittedError
from fingan.models import MLPGAN, OHLCVGAN, GANEstimator, InnovationGAN, MarketGAN, TabularGAN
from fingan.nn.mlp import MLPConfig
from fingan.nn.tcn import TCNConfig
from fingan.training import TrainingConfig

TINY_MLP = MLPConfig(hidden_dims=(8,))
TINY_TCN = TCNConfig(hidden_channels=4, skip_channels=4, n_blocks=2)
FEW_STEPS = TrainingConfig(n_steps=3, batch_size=20)

#: Every built-in model with a value other than its default for every hyperparameter.
BUILT_IN: dict[type[BaseEstimator], dict[str, Any]] = {
    MLPGAN: {
        "noise_dim": 4,
        "generator": TINY_MLP,
        "discriminator": MLPConfig(hidden_dims=(6,)),
        "training": FEW_STEPS,
        "random_state": 5,
        "device": "cpu",
    },
    MarketGAN: {
        "window": 64,
        "noise_channels": 4,
        "generator": TINY_TCN,
        "discriminator": TINY_TCN,
        "stochastic_volatility": False,
        "window_statistics": False,
        "statistics_lags": "sparse",
        "lambert_w": True,
        "innovation_df": None,
        "regime_halflife": 20.0,
        "volatility_weight": 0.5,
        "cover_edges": False,
        "training": FEW_STEPS,
        "random_state": 1,
        "device": "cpu",
    },
    InnovationGAN: {
        "n_lags": 3,
        "changes": (2, 10),
        "dispersion_window": 60,
        "variance_level": True,
        "noise_dim": 4,
        "innovation_df": None,
        "quantile_weight": 0.5,
        "recency_halflife": 250.0,
        "condition_strength": 0.5,
        "generator": TINY_MLP,
        "discriminator": TINY_MLP,
        "training": FEW_STEPS,
        "random_state": 2,
        "device": "cpu",
    },
    TabularGAN: {
        "noise_dim": 8,
        "pac": 5,
        "pack_by_condition": True,
        "pack_critic": "concatenated",
        "max_modes": 3,
        "numeric_encoding": "modes",
        "condition_columns": ["label"],
        "target": "label",
        "classifier_weight": 0.5,
        "generator": TINY_MLP,
        "discriminator": TINY_MLP,
        "training": FEW_STEPS,
        "epsilon": 3.0,
        "delta": 1e-5,
        "max_grad_norm": 2.0,
        "label_pair_weight": 0.5,
        "metadata": {"label": {"categories": ["a", "b"]}},
        "random_state": 3,
        "device": "cpu",
    },
    OHLCVGAN: {
        "window": 12,
        "gan": MarketGAN(window=12, training=FEW_STEPS, random_state=0, device="cpu"),
        "random_state": 4,
    },
    GARCHBaseline: {"start": "unconditional", "burn": 10},
    HistoricalSimulation: {"lookback": 250},
    QuantileRegressionBaseline: {"quantiles": (0.1, 0.5, 0.9), "windows": (1, 5)},
    GBMBaseline: {},
    StationaryBootstrapBaseline: {"block_length": 10.0},
    GaussianMixtureBaseline: {"n_components": 2, "max_iter": 50, "n_init": 2, "random_state": 3},
    GaussianHMMBaseline: {
        "n_components": 3,
        "start": "stationary",
        "n_iter": 20,
        "tol": 1e-3,
        "random_state": 2,
    },
    GaussianCopulaBaseline: {"class_column": "label", "random_state": 4},
    SMOTENCBaseline: {"k_neighbors": 3},
    GaussianBaseline: {},
    StudentTBaseline: {},
}


def exported_models() -> set[type]:
    """The concrete estimators that fingan.models and fingan.baselines export."""
    found = set()
    for package in (fingan.models, fingan.baselines):
        for name in package.__all__:
            value = getattr(package, name)
            if (
                isinstance(value, type)
                and issubclass(value, BaseEstimator)
                and not inspect.isabstract(value)
            ):
                found.add(value)
    return found


@pytest.fixture
def returns() -> pd.DataFrame:
    values = np.random.default_rng(0).standard_t(5, size=(400, 2)) * 0.01
    index = pd.bdate_range("2015-01-01", periods=400)
    return pd.DataFrame(values, index=index, columns=["a", "b"])


@pytest.fixture
def table() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "amount": rng.gamma(2.0, 100.0, size=80),
            "age": rng.integers(20, 70, size=80),
            "label": pd.Categorical(rng.choice(["good", "bad"], size=80, p=[0.7, 0.3])),
        }
    )


class Toy(BaseEstimator):
    def __init__(self, *, alpha: float = 1.0, inner: BaseEstimator | None = None) -> None:
        self.alpha = alpha
        self.inner = inner

    def fit(self) -> Toy:
        self.coef_ = 2.0 * self.alpha
        return self


# -- every built-in model ---------------------------------------------------------------------


def init_parameters(cls: type[BaseEstimator]) -> dict[str, inspect.Parameter]:
    """The named arguments of ``cls.__init__`` (none for a class without its own)."""
    return {
        name: parameter
        for name, parameter in inspect.signature(cls).parameters.items()
        if name != "self" and parameter.kind is parameter.KEYWORD_ONLY
    }


def test_the_table_covers_every_exported_model() -> None:
    assert exported_models() == set(BUILT_IN)


@pytest.mark.parametrize("cls", list(BUILT_IN), ids=lambda cls: cls.__name__)
def test_get_params_equals_the_constructor_arguments(cls: type[BaseEstimator]) -> None:
    kwargs = BUILT_IN[cls]
    params = cls(**kwargs).get_params()
    assert params == kwargs
    assert list(params) == list(init_parameters(cls))
    defaults = {name: parameter.default for name, parameter in init_parameters(cls).items()}
    assert cls().get_params() == defaults


@pytest.mark.parametrize("cls", list(BUILT_IN), ids=lambda cls: cls.__name__)
def test_clone_gives_an_equal_unfitted_independent_copy(cls: type[BaseEstimator]) -> None:
    original = cls(**BUILT_IN[cls])
    copy = clone(original)
    assert type(copy) is cls
    assert copy is not original
    # a nested estimator (OHLCVGAN's gan) is cloned too: equal settings, another object
    assert repr(copy.get_params()) == repr(original.get_params())
    with pytest.raises(NotFittedError):
        check_is_fitted(copy)


@pytest.mark.parametrize("cls", list(BUILT_IN), ids=lambda cls: cls.__name__)
def test_set_params_round_trips(cls: type[BaseEstimator]) -> None:
    estimator = cls()
    wanted = BUILT_IN[cls]
    assert estimator.set_params(**wanted) is estimator
    assert estimator.get_params() == wanted
    assert cls().set_params(**estimator.get_params()).get_params() == wanted


@pytest.mark.parametrize("cls", list(BUILT_IN), ids=lambda cls: cls.__name__)
def test_repr_shows_the_parameters_that_differ_from_the_defaults(
    cls: type[BaseEstimator],
) -> None:
    assert repr(cls()) == f"{cls.__name__}()"
    text = repr(cls(**BUILT_IN[cls]))
    assert text.startswith(f"{cls.__name__}(")
    for name, value in BUILT_IN[cls].items():
        assert f"{name}={value!r}" in text


@pytest.mark.parametrize(
    "cls", [cls for cls in BUILT_IN if issubclass(cls, GANEstimator)], ids=lambda c: c.__name__
)
def test_every_gan_declares_its_default_training_the_same_way(cls: type[GANEstimator]) -> None:
    assert isinstance(cls.__dict__.get("default_training"), TrainingConfig)
    assert cls.training_with_steps(n_steps=7) == TrainingConfig(
        **{**vars(cls.default_training), "n_steps": 7}
    )


# -- fitted or not --------------------------------------------------------------------------


def test_check_is_fitted_before_and_after_fit_of_a_gan(returns: pd.DataFrame) -> None:
    model = MLPGAN(**BUILT_IN[MLPGAN])
    with pytest.raises(NotFittedError, match=r"^this MLPGAN is not fitted yet; call fit first$"):
        check_is_fitted(model)
    with pytest.raises(NotFittedError, match="not fitted"):
        model.sample(3)
    model.fit(returns)
    check_is_fitted(model)
    assert model.sample(3, random_state=0).shape == (3, 2)
    with pytest.raises(NotFittedError):
        check_is_fitted(clone(model))


@pytest.mark.parametrize(
    ("model", "sample"),
    [
        (GBMBaseline(), lambda model, data: model.sample(2, 3).values),
        (
            HistoricalSimulation(lookback=100),
            lambda model, data: model.sample_paths(data, 2, 3).values,
        ),
        (QuantileRegressionBaseline(), lambda model, data: model.sample_paths(data, 2, 3).values),
        (GaussianBaseline(), lambda model, data: model.sample(2).to_numpy()),
    ],
    ids=["path", "conditional-path", "quantile", "iid"],
)
def test_check_is_fitted_before_and_after_fit_of_a_path_baseline(
    model: Any, sample: Any, returns: pd.DataFrame
) -> None:
    name = type(model).__name__
    with pytest.raises(NotFittedError, match=f"^this {name} is not fitted yet; call fit first$"):
        check_is_fitted(model)
    with pytest.raises(NotFittedError, match="not fitted"):
        sample(model, returns)
    model.fit(returns)
    check_is_fitted(model)
    assert len(sample(model, returns)) == 2
    with pytest.raises(NotFittedError):
        check_is_fitted(clone(model))


def test_check_is_fitted_before_and_after_fit_of_a_table_baseline(table: pd.DataFrame) -> None:
    model = GaussianCopulaBaseline(random_state=0)
    with pytest.raises(NotFittedError, match="GaussianCopulaBaseline is not fitted"):
        model.sample(5)
    model.fit(table)
    check_is_fitted(model)
    assert model.sample(5, random_state=0).shape == (5, 3)


def test_check_is_fitted_reads_learned_attributes_or_the_declared_ones() -> None:
    toy = Toy()
    with pytest.raises(NotFittedError):
        check_is_fitted(toy)
    check_is_fitted(toy.fit())
    with pytest.raises(NotFittedError):
        check_is_fitted(toy, ("other_",))
    gan = MLPGAN()
    gan.columns_ = ["x"]  # set early in fit; the GAN is fitted only once it has networks
    with pytest.raises(NotFittedError):
        check_is_fitted(gan)


# -- the contract on a small estimator ------------------------------------------------------------


def test_set_params_refuses_unknown_names_and_reaches_nested_estimators() -> None:
    toy = Toy(inner=Toy())
    with pytest.raises(ConfigError, match=r"'beta' is not a parameter of Toy; .* alpha, inner"):
        toy.set_params(beta=1.0)
    toy.set_params(alpha=3.0, inner__alpha=4.0)
    assert toy.alpha == 3.0
    assert toy.inner is not None
    assert toy.inner.get_params() == {"alpha": 4.0, "inner": None}
    assert toy.get_params(deep=True) == {
        "alpha": 3.0,
        "inner": toy.inner,
        "inner__alpha": 4.0,
        "inner__inner": None,
    }
    with pytest.raises(ConfigError, match="not an estimator"):
        Toy().set_params(inner__alpha=1.0)


def test_clone_copies_nested_estimators_and_random_generators() -> None:
    inner = Toy(alpha=2.0).fit()
    outer = Toy(inner=inner)
    copy = clone(outer)
    assert copy.inner is not inner
    assert copy.inner is not None
    assert copy.inner.get_params() == inner.get_params()
    with pytest.raises(NotFittedError):
        check_is_fitted(copy.inner)

    generator = np.random.default_rng(7)
    model = GaussianMixtureBaseline(random_state=generator)
    copied = clone(model).random_state
    assert isinstance(copied, np.random.Generator)
    assert copied is not generator
    first, second = np.random.default_rng(7).random(2)
    assert copied.random() == first  # the same state...
    assert copied.random() == second
    assert generator.random() == first  # ...but not shared: the original has not moved
    with pytest.raises(TypeError, match="fingan estimator"):
        clone(object())  # type: ignore[type-var]


def test_repr_is_the_call_that_rebuilds_the_estimator() -> None:
    assert repr(Toy()) == "Toy()"
    assert repr(Toy(alpha=2.5)) == "Toy(alpha=2.5)"
    assert repr(Toy(inner=Toy(alpha=0.5))) == "Toy(inner=Toy(alpha=0.5))"
    assert repr(HistoricalSimulation(lookback=250)) == "HistoricalSimulation(lookback=250)"
    nested = Toy(alpha=2.5, inner=Toy(alpha=0.5))
    rebuilt = eval(repr(nested))
    assert repr(rebuilt) == repr(nested)
    assert rebuilt.inner.get_params() == {"alpha": 0.5, "inner": None}


def test_positional_only_hyperparameters_are_refused() -> None:
    class Bad(BaseEstimator):
        def __init__(self, *values: float) -> None:
            self.values = values

    with pytest.raises(TypeError, match="named arguments"):
        Bad().get_params()
