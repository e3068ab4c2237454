"""Known-answer checks of the scoreboard: per-metric errors and the stylized-fact curves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.metrics import SCORE_GROUPS, stylized_curves, stylized_facts_scores


def test_scores_have_one_error_per_metric_and_nan_cross_correlation_for_one_asset(market):
    real, generators = market
    scores = stylized_facts_scores(real, generators["true_process"], random_state=0)
    assert scores.index.names == ["group", "metric"]
    assert list(scores.index.get_level_values("group").unique()) == list(SCORE_GROUPS)
    assert np.isnan(scores.loc[("cross_correlation", "correlation_distance")])
    finite = scores.drop(index="cross_correlation", level="group")
    assert np.isfinite(finite.to_numpy()).all()
    assert (finite >= 0).all()


def test_scores_of_two_assets_include_cross_correlation(rng):
    covariance = [[1e-4, 5e-5], [5e-5, 1e-4]]  # correlation 0.5
    real = rng.multivariate_normal([0, 0], covariance, size=2000)
    same = rng.multivariate_normal([0, 0], covariance, size=(20, 600))
    independent = rng.normal(0, 0.01, (20, 600, 2))
    kwargs = {"volatility_lags": 20, "kurtosis_horizons": (1, 5, 20), "random_state": 0}
    close = stylized_facts_scores(real, ReturnPaths.from_array(same, ["a", "b"]), **kwargs)
    far = stylized_facts_scores(pd.DataFrame(real), independent, **kwargs)
    assert close.loc[("cross_correlation", "correlation_distance")] < 0.1
    assert far.loc[("cross_correlation", "correlation_distance")] == pytest.approx(
        np.sqrt(2) * 0.5, abs=0.1
    )


def test_stylized_curves_pair_real_and_synthetic(market):
    real, generators = market
    curves = stylized_curves(real, generators["true_process"], volatility_lags=50)
    assert set(curves) == {
        "acf_returns",
        "acf_abs",
        "acf_squared",
        "leverage",
        "kurtosis",
        "gain_loss_asymmetry",
    }
    assert curves["acf_abs"].shape == (50, 2)
    assert curves["acf_returns"].index.name == "lag"
    assert list(curves["kurtosis"].index) == [1, 5, 20, 60]
    assert list(curves["leverage"].columns) == ["real", "synthetic"]
    # The true process has leverage: negative correlation of r_t with r_{t+k}^2.
    assert curves["leverage"]["synthetic"].iloc[:5].mean() < -0.03
    with pytest.raises(ConfigError):
        stylized_curves(real, generators["gaussian"], asset=1)
