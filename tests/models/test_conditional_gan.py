"""ConditionalMarketGAN: scenarios that move with the market they are conditioned on."""

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError, NotFittedError, ShapeError, TooFewRowsError
from fingan.models import load_model
from fingan.models.conditional_gan import ConditionalMarketGAN
from fingan.training import TrainingConfig


@pytest.fixture(scope="module")
def garch_returns() -> pd.DataFrame:
    """Two years of GARCH(1,1) returns of two correlated assets."""
    rng = np.random.default_rng(0)
    n = 1500
    variance, values = 1e-4, np.empty((n, 2))
    for day in range(n):
        shock = rng.multivariate_normal([0, 0], [[1, 0.6], [0.6, 1]])
        values[day] = np.sqrt(variance) * shock
        variance = 2e-6 + 0.1 * values[day, 0] ** 2 + 0.88 * variance
    index = pd.bdate_range("2010-01-01", periods=n)
    return pd.DataFrame(values, index=index, columns=["a", "b"])


@pytest.fixture(scope="module")
def fitted(garch_returns: pd.DataFrame) -> ConditionalMarketGAN:
    training = TrainingConfig(n_steps=800, batch_size=128, n_critic=5)
    return ConditionalMarketGAN(training=training, random_state=0, device="cpu").fit(garch_returns)


def test_scenarios_widen_after_a_turbulent_history(
    fitted: ConditionalMarketGAN, garch_returns: pd.DataFrame
) -> None:
    calm = garch_returns.copy()
    calm.iloc[-30:] *= 0.3
    turbulent = garch_returns.copy()
    turbulent.iloc[-30:] *= 3.0
    calm_paths = fitted.sample_paths(calm, 4000, 1, random_state=1).values
    turbulent_paths = fitted.sample_paths(turbulent, 4000, 1, random_state=1).values
    assert turbulent_paths.std() > 3 * calm_paths.std()


def test_paths_have_the_asked_shape_and_keep_the_assets_correlated(
    fitted: ConditionalMarketGAN, garch_returns: pd.DataFrame
) -> None:
    paths = fitted.sample_paths(garch_returns, 3000, 5, random_state=2)
    assert paths.values.shape == (3000, 5, 2)
    assert paths.assets == ("a", "b")
    assert np.isfinite(paths.values).all()
    correlation = np.corrcoef(paths.values[:, 0, 0], paths.values[:, 0, 1])[0, 1]
    assert correlation > 0.3


def test_seeded_and_saved_models_give_the_same_paths(
    fitted: ConditionalMarketGAN, garch_returns: pd.DataFrame, tmp_path
) -> None:
    first = fitted.sample_paths(garch_returns, 50, 3, random_state=5).values
    np.testing.assert_array_equal(
        first, fitted.sample_paths(garch_returns, 50, 3, random_state=5).values
    )
    fitted.save(tmp_path / "model")
    loaded = load_model(tmp_path / "model", device="cpu")
    assert isinstance(loaded, ConditionalMarketGAN)
    np.testing.assert_array_equal(
        first, loaded.sample_paths(garch_returns, 50, 3, random_state=5).values
    )


def test_history_errors(fitted: ConditionalMarketGAN, garch_returns: pd.DataFrame) -> None:
    with pytest.raises(ShapeError, match="lacks fitted asset"):
        fitted.sample_paths(garch_returns.rename(columns={"a": "c"}), 10, 1)
    with pytest.raises(TooFewRowsError):
        fitted.sample_paths(garch_returns.iloc[:2], 10, 1)
    with pytest.raises(ConfigError, match="horizon"):
        fitted.sample_paths(garch_returns, 10, 0)
    with pytest.raises(NotFittedError):
        ConditionalMarketGAN().sample_paths(garch_returns, 10, 1)
