"""MarketGAN contract: path shapes, seeding, several assets, save/load, bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError, MissingValueError, TooFewRowsError
from fingan.models import MarketGAN, load_model
from fingan.nn.tcn import TCNConfig
from fingan.training import TrainingConfig
from fingan.training.tasks import WindowTask
from fingan.training.volatility_matching import VolatilityMatchedWindowTask

SMALL = TCNConfig(hidden_channels=8, skip_channels=8, n_blocks=4)  # receptive field 16


FORMAT_2 = {
    "noise_channels": 3,
    "lambert_w": True,
    "regime_halflife": None,
    "volatility_weight": 0.0,
    "cover_edges": False,
}
"""MarketGAN's defaults when folders were saved in fitted-state format 2."""


def small_market_gan(**kwargs) -> MarketGAN:
    training = TrainingConfig(n_steps=6, batch_size=8, checkpoint_every=3)
    return MarketGAN(window=32, generator=SMALL, discriminator=SMALL, training=training, **kwargs)


@pytest.fixture
def two_assets(rng) -> pd.DataFrame:
    days = pd.bdate_range("2015-01-01", periods=400, name="date")
    common = rng.standard_t(4, size=400) * 0.01
    return pd.DataFrame(
        {"aaa": common + rng.normal(0, 0.004, 400), "bbb": common + rng.normal(0, 0.006, 400)},
        index=days,
    )


def test_sample_shapes_any_length_and_seeding(two_assets):
    model = small_market_gan(random_state=0).fit(two_assets)
    paths = model.sample(5, 300, random_state=1)
    assert paths.values.shape == (5, 300, 2)
    assert paths.assets == ("aaa", "bbb")
    assert np.isfinite(paths.values).all()
    np.testing.assert_array_equal(paths.values, model.sample(5, 300, random_state=1).values)
    assert not np.array_equal(paths.values, model.sample(5, 300, random_state=2).values)
    frame = paths.to_frame()
    assert frame.index.names == ["path", "step"]
    assert frame.shape == (1500, 2)


def test_same_seed_same_model_and_save_load(two_assets, tmp_path):
    first = small_market_gan(random_state=4).fit(two_assets)
    second = small_market_gan(random_state=4).fit(two_assets)
    np.testing.assert_array_equal(
        first.sample(3, 50, random_state=0).values, second.sample(3, 50, random_state=0).values
    )
    first.save(tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    assert isinstance(loaded, MarketGAN)
    np.testing.assert_array_equal(
        loaded.sample(3, 50, random_state=0).values, first.sample(3, 50, random_state=0).values
    )


def test_plain_tcn_variant_runs(two_assets):
    model = small_market_gan(stochastic_volatility=False, window_statistics=False, random_state=0)
    assert model.fit(two_assets["aaa"]).sample(2, 40).values.shape == (2, 40, 1)


def test_bad_input_is_rejected(two_assets):
    with pytest.raises(TooFewRowsError):
        small_market_gan().fit(two_assets.iloc[:20])
    broken = two_assets.copy()
    broken.iloc[3, 0] = np.nan
    with pytest.raises(MissingValueError):
        small_market_gan().fit(broken)
    with pytest.raises(ConfigError, match="receptive field"):
        MarketGAN(window=8, generator=SMALL, discriminator=SMALL).fit(two_assets)
    with pytest.raises(ConfigError, match="noise_channels"):
        small_market_gan(noise_channels=1).fit(two_assets)
    with pytest.raises(ConfigError, match="horizon"):
        small_market_gan(random_state=0).fit(two_assets).sample(2, 0)
    with pytest.raises(ConfigError, match="regime_halflife"):
        small_market_gan(regime_halflife=0.0).fit(two_assets)
    with pytest.raises(ConfigError, match="volatility_weight"):
        small_market_gan(volatility_weight=-1.0).fit(two_assets)


def test_the_regime_channel_and_volatility_matching_are_parts_of_the_fit(two_assets, tmp_path):
    model = small_market_gan(random_state=0)
    task = model._prepare(two_assets)
    assert isinstance(task, VolatilityMatchedWindowTask)
    assert task.regime_halflife == model.regime_halflife
    assert model.noise_width == model.noise_channels + 1 == task.noise_channels
    assert task.start_weights is not None  # the edge windows are drawn more often
    assert float(task.start_weights[0]) == 1.0 + (model.window - 1) / 2
    plain = small_market_gan(
        regime_halflife=None, volatility_weight=0.0, cover_edges=False, random_state=0
    )
    plain_task = plain._prepare(two_assets)
    assert type(plain_task) is WindowTask
    assert plain_task.start_weights is None
    assert plain.noise_width == plain.noise_channels
    fitted = model.fit(two_assets)
    fitted.save(tmp_path / "model")
    loaded = load_model(tmp_path / "model")
    assert loaded.get_params()["regime_halflife"] == model.regime_halflife
    np.testing.assert_array_equal(
        loaded.sample(3, 40, random_state=1).values, fitted.sample(3, 40, random_state=1).values
    )


def test_statistics_lags_set_the_critic_and_old_folders_load_as_sparse(two_assets, tmp_path):
    with pytest.raises(ConfigError, match="statistics_lags"):
        small_market_gan(statistics_lags="every").fit(two_assets)
    dense = small_market_gan(statistics_lags="dense", random_state=0).fit(two_assets)
    statistics = dense.discriminator_.window_statistics
    every_lag = (1, 2, 3, 4, 5, 6, 7, 8)  # up to a quarter of the 32-day window
    assert statistics.abs_lags == statistics.return_lags == statistics.leverage_lags == every_lag
    sparse = small_market_gan(statistics_lags="sparse", random_state=0, **FORMAT_2).fit(two_assets)
    assert sparse.discriminator_.window_statistics.abs_lags == (1, 2, 3, 5)
    # A folder saved before the setting existed: no statistics_lags, no fitted-state format.
    sparse.save(tmp_path / "old")
    meta_file = tmp_path / "old" / "checkpoint.json"
    meta = json.loads(meta_file.read_text())
    del meta["model"]["params"]["statistics_lags"], meta["model"]["fitted"]["format"]
    for name in ("regime_halflife", "volatility_weight", "cover_edges"):
        del meta["model"]["params"][name]
    meta_file.write_text(json.dumps(meta))
    loaded = load_model(tmp_path / "old")
    assert isinstance(loaded, MarketGAN)
    assert loaded.statistics_lags == "sparse"
    np.testing.assert_array_equal(
        loaded.sample(2, 30, random_state=0).values, sparse.sample(2, 30, random_state=0).values
    )
    dense.save(tmp_path / "new")
    assert load_model(tmp_path / "new").get_params()["statistics_lags"] == "dense"


def test_folders_saved_when_dense_meant_abs_lags_only_load_as_dense_abs(two_assets, tmp_path):
    model = small_market_gan(statistics_lags="dense_abs", random_state=0).fit(two_assets)
    statistics = model.discriminator_.window_statistics
    assert statistics.abs_lags == (1, 2, 3, 4, 5, 6, 7, 8)
    assert (statistics.return_lags, statistics.leverage_lags) == ((1, 2, 5), (1, 2, 5))
    model.save(tmp_path / "format-4")
    meta_file = tmp_path / "format-4" / "checkpoint.json"
    meta = json.loads(meta_file.read_text())
    meta["model"]["params"]["statistics_lags"] = "dense"
    meta["model"]["fitted"]["format"] = 4
    meta_file.write_text(json.dumps(meta))
    loaded = load_model(tmp_path / "format-4")
    assert loaded.statistics_lags == "dense_abs"
    np.testing.assert_array_equal(
        loaded.sample(2, 30, random_state=0).values, model.sample(2, 30, random_state=0).values
    )
