"""The composed model: FHS, GARCH-t and the GAN as configurations of one class."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import CheckpointError, ConfigError, ShapeError
from fingan.models import InnovationGAN
from fingan.scenarios import (
    ConditionalScenarioModel,
    EmpiricalInnovations,
    EWMAFilter,
    build_configuration,
    configuration_names,
    resolve_configuration,
    trains_in_steps,
)

TINY_GAN = dataclasses.replace(InnovationGAN.default_training, n_steps=3, batch_size=32)


def test_fhs_is_the_filter_times_recent_residuals(sp500: pd.DataFrame) -> None:
    """One-day FHS scenarios are exactly today's EWMA volatility times residual days."""
    model = build_configuration("fhs").fit(sp500)
    paths = model.sample_paths(sp500, 20_000, 1, random_state=0).values[:, 0, 0]
    filtered = model.volatility_.filter(sp500.to_numpy())
    allowed = np.sqrt(filtered.next_variance[0]) * filtered.residuals[-500:, 0]
    assert np.all(np.isin(np.round(paths, 12), np.round(allowed, 12)))
    assert len(np.unique(paths)) > 450


@pytest.mark.parametrize("name", ["fhs", "garch_t", "gjr+t"])
def test_multi_day_paths_carry_volatility_clustering(name: str, sp500: pd.DataFrame) -> None:
    """A large first-day move raises the next day's spread (the filter rolls per path)."""
    paths = build_configuration(name).fit(sp500).sample_paths(sp500, 40_000, 2, random_state=1)
    first, second = paths.values[:, 0, 0], paths.values[:, 1, 0]
    big = np.abs(first) > np.quantile(np.abs(first), 0.9)
    assert second[big].std() > 1.1 * second[~big].std()


def test_portfolio_keeps_same_day_dependence(two_assets: pd.DataFrame) -> None:
    for name in ("fhs", "garch_t"):
        model = build_configuration(name).fit(two_assets)
        paths = model.sample_paths(two_assets, 20_000, 1, random_state=2).values[:, 0]
        correlation = np.corrcoef(paths[:, 0], paths[:, 1])
        assert correlation[0, 1] > 0.7  # S&P 500 and NASDAQ move together


def test_seeds_reproduce_and_differ(sp500: pd.DataFrame) -> None:
    model = build_configuration("garch_t").fit(sp500)
    first = model.sample_paths(sp500, 500, 3, random_state=5).values
    np.testing.assert_array_equal(first, model.sample_paths(sp500, 500, 3, random_state=5).values)
    assert not np.array_equal(first, model.sample_paths(sp500, 500, 3, random_state=6).values)


def test_gan_configuration_trains_and_rolls_forward(sp500: pd.DataFrame) -> None:
    model = build_configuration("gan", random_state=0, gan_training=TINY_GAN).fit(sp500)
    paths = model.sample_paths(sp500, 300, 4, random_state=0).values
    assert paths.shape == (300, 4, 1)
    assert np.all(np.isfinite(paths))


def test_checkpoints_only_for_gans(sp500: pd.DataFrame, tmp_path) -> None:
    with pytest.raises(ConfigError, match="does not train in steps"):
        build_configuration("fhs").fit(sp500, checkpoint_dir=tmp_path / "c")
    gan = build_configuration("gan", random_state=0, gan_training=TINY_GAN)
    gan.fit(sp500, checkpoint_dir=tmp_path / "c")
    assert any((tmp_path / "c").iterdir())


def test_history_must_hold_the_fitted_assets(sp500: pd.DataFrame, two_assets) -> None:
    model = ConditionalScenarioModel(
        volatility=EWMAFilter(), innovations=EmpiricalInnovations()
    ).fit(two_assets)
    with pytest.raises(ShapeError):
        model.sample_paths(sp500, 10, 1)


def test_names_and_aliases() -> None:
    assert resolve_configuration("fhs") == "ewma+empirical"
    assert resolve_configuration("garch_t") == "garch+t"
    assert trains_in_steps("gan")
    assert not trains_in_steps("gjr+empirical")
    assert "gjr+gan_evt" in configuration_names()
    with pytest.raises(ConfigError, match="unknown scenario configuration"):
        resolve_configuration("ewma+magic")


def test_save_and_load_give_the_same_paths(sp500: pd.DataFrame, tmp_path) -> None:
    for name in ("fhs", "gjr+t", "gan"):
        model = build_configuration(name, random_state=0, gan_training=TINY_GAN).fit(sp500)
        model.save(tmp_path / name)
        loaded = ConditionalScenarioModel.load(tmp_path / name)
        np.testing.assert_array_equal(
            model.sample_paths(sp500, 200, 2, random_state=3).values,
            loaded.sample_paths(sp500, 200, 2, random_state=3).values,
        )


def test_a_tampered_model_folder_is_refused(sp500: pd.DataFrame, tmp_path) -> None:
    build_configuration("garch_t").fit(sp500).save(tmp_path / "m")
    meta = tmp_path / "m" / "scenario_model.json"
    meta.write_text(meta.read_text().replace("GARCHFilter", "os.system"))
    with pytest.raises(CheckpointError, match=r"scenario_model\.json"):
        ConditionalScenarioModel.load(tmp_path / "m")
