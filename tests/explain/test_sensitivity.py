"""Condition sensitivity of a conditional GAN's VaR, on a tiny GAN with a known answer."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from fingan.core.exceptions import ConfigError
from fingan.core.random import torch_generator
from fingan.explain.condition_sensitivity import condition_sensitivity
from fingan.explain.sensitivity import (
    ConditionalVaR,
    condition_feature_names,
    gan_innovations,
    integrated_gradients,
)
from fingan.models import InnovationGAN
from fingan.nn.market import path_noise
from fingan.scenarios import ConditionalScenarioModel, EWMAFilter, StudentTInnovations
from fingan.training import TrainingConfig


def returns_frame(n_days: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    values = 0.01 * rng.standard_t(5, size=n_days)
    index = pd.bdate_range("2010-01-04", periods=n_days)
    return pd.DataFrame({"asset": values}, index=index)


@pytest.fixture(scope="module")
def returns():
    return returns_frame()


@pytest.fixture(scope="module")
def model(returns):
    """A GAN whose generator reads feature 0 only: every output depends on it alone."""
    gan = InnovationGAN(
        n_lags=2,
        changes=(1, 5),
        training=TrainingConfig(n_steps=3, batch_size=32),
        random_state=0,
        device="cpu",
    )
    fitted = ConditionalScenarioModel(volatility=EWMAFilter(), innovations=gan).fit(returns)
    generator = fitted.innovations_.generator_
    first = next(module for module in generator.encoder.modules() if isinstance(module, nn.Linear))
    with torch.no_grad():
        first.weight[:, 1:] = 0.0  # the condition enters through feature 0 only
        first.weight[:, 0] *= 5.0  # and strongly
    return fitted


@pytest.fixture(scope="module")
def function(model):
    return ConditionalVaR(model, level=0.99, n_noise=5000, random_state=1)


def test_feature_names_follow_the_condition_layout(model):
    names = condition_feature_names(gan_innovations(model), ("asset",))
    assert names == ["residual t-2", "residual t-1", "variance change 1d", "variance change 5d"]
    two = condition_feature_names(gan_innovations(model), ("a", "b"))
    assert two[:2] == ["residual t-2 (a)", "residual t-2 (b)"]


def test_the_quantile_equals_the_full_noise_batch_quantile(function, returns):
    """Fast (two noise draws) against slow (the whole fixed batch) on real conditions."""
    history = function.history(returns)
    gan = function.gan
    noise = path_noise(5000, gan.noise_dim, 1, torch_generator(1), n_assets=1,
                       innovation_df=gan.innovation_df)[..., 0]  # fmt: skip
    gan.generator_.eval()
    for row in history.features.to_numpy()[[0, 50, 200]]:
        condition = torch.as_tensor(np.tile(row, (5000, 1)), dtype=torch.float32)
        with torch.no_grad():
            draws = gan.generator_(noise, condition)[:, 0].double().numpy()
        expected = -np.quantile(draws, 0.01)
        assert function.residual_var(row[None])[0] == pytest.approx(expected, rel=1e-5)


def test_history_has_the_filter_volatility_and_the_features(function, returns):
    history = function.history(returns)
    assert list(history.features.columns) == function.feature_names
    assert len(history.features) == len(returns) - 5  # the 5-day variance change needs 5 days
    assert (history.volatility > 0).all()
    var = function.var(history.inputs().to_numpy())
    assert np.all(var > 0)


def test_known_answer_feature_0_ranks_first_and_the_deletion_test_passes(function, returns):
    history = function.history(returns)
    result = condition_sensitivity(function, history, n_rows=80, k=2, random_state=0)
    attribution = result.attribution.abs()
    assert attribution.idxmax() == "residual t-2"
    assert attribution.drop("residual t-2").max() == 0.0
    # Completeness: the attributions add up to the VaR's excess over the baseline days.
    assert result.attribution.sum() == pytest.approx(result.day_var - result.typical_var, abs=2e-3)
    condition = result.deletion["condition"]
    assert condition.passed
    assert condition.k == 2
    assert condition.bottom_change == 0.0  # the features the model ignores move nothing
    for name in function.feature_names[1:]:  # ICE curves of ignored features are flat
        assert np.ptp(result.ice[name].to_numpy(), axis=1).max() < 1e-6
    assert np.ptp(result.ice["residual t-2"].to_numpy(), axis=1).max() > 1e-3
    # The largest moves: attributions add up to each day's change (up to the error of the
    # 64-step path integral, a few per cent of a change).
    parts = result.moved.drop(columns=["var", "previous", "change"]).sum(axis=1)
    np.testing.assert_allclose(parts, result.moved["change"], rtol=0.03, atol=2e-4)
    assert result.deletion["change"].passed
    assert set(result.to_dict()) >= {"attribution", "moved", "deletion", "day"}
    assert "deletion test" in result.summary()


def test_a_chosen_day_is_attributed_and_a_wrong_one_refused(function, returns):
    history = function.history(returns)
    day = str(history.features.index[100].date())
    result = condition_sensitivity(function, history, day=day, n_rows=20, random_state=0)
    assert result.day == day
    with pytest.raises(ConfigError, match="not a day of the data"):
        condition_sensitivity(function, history, day="1990-01-01", n_rows=20)


def test_a_model_without_a_gan_is_refused(returns):
    model = ConditionalScenarioModel(innovations=StudentTInnovations()).fit(returns)
    assert gan_innovations(model) is None
    with pytest.raises(ConfigError, match="no GAN"):
        ConditionalVaR(model)


def test_missing_captum_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "captum.attr", None)
    with pytest.raises(ImportError, match=r'pip install "fingan\[explain\]"'):
        integrated_gradients(lambda x: x.sum(dim=1), np.ones((1, 2)), np.zeros(2))
