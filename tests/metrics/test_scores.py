"""Known-answer checks of the scoreboard: post-hoc scores, per-metric errors and the ranking."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError, ShapeError, TooFewRowsError
from fingan.core.paths import ReturnPaths
from fingan.metrics import (
    SCORE_GROUPS,
    STYLIZED_GROUPS,
    compare_generators,
    discriminative_score,
    group_scores,
    head_to_head,
    overall_score,
    predictive_score,
    stylized_curves,
    stylized_facts_scores,
)

SEED = 20261125


def simulate_gjr_garch(rng, n_paths, n_steps, *, alpha=0.05, gamma=0.15, beta=0.85, burn=300):
    """GJR-GARCH(1,1) with Student-t(6) shocks: fat tails, clustering and leverage; 1 % vol."""
    omega = 1e-4 * (1.0 - alpha - gamma / 2 - beta)
    shocks = rng.standard_t(6, (n_paths, n_steps + burn)) / np.sqrt(1.5)
    returns = np.empty_like(shocks)
    variance = np.full(n_paths, 1e-4)
    for t in range(n_steps + burn):
        returns[:, t] = np.sqrt(variance) * shocks[:, t]
        shock_weight = alpha + gamma * (returns[:, t] < 0)
        variance = omega + shock_weight * returns[:, t] ** 2 + beta * variance
    return returns[:, burn:]


@pytest.fixture(scope="module")
def market():
    """A real series; generators: the true process, i.i.d. Gaussian, i.i.d. resampling."""
    rng = np.random.default_rng(SEED)
    real = simulate_gjr_garch(rng, 1, 3000)[0]
    generators = {
        "true_process": simulate_gjr_garch(rng, 100, 3000),
        "gaussian": rng.normal(real.mean(), real.std(), (100, 3000)),
        "iid_bootstrap": rng.choice(real, size=(100, 3000)),
    }
    return real, generators


@pytest.fixture(scope="module")
def scoreboard(market):
    real, generators = market
    return compare_generators(real, generators, random_state=SEED)


def test_discriminative_score_is_low_for_one_process_and_high_for_two(rng):
    real = rng.standard_normal(20_000)  # 1,000 windows of 20 days
    same = rng.standard_normal((100, 2000))
    heavy = rng.standard_t(2, (100, 2000)) / np.sqrt(2)
    assert discriminative_score(real, same, random_state=0) < 0.1
    assert discriminative_score(real, heavy, random_state=0) > 0.2
    assert discriminative_score(real, same, random_state=3) == discriminative_score(
        real, same, random_state=3
    )
    with pytest.raises(TooFewRowsError):
        discriminative_score(real[:100], same, random_state=0)


def test_predictive_score_rewards_volatility_clustering(market):
    real, generators = market
    true_process = predictive_score(real, generators["true_process"], random_state=0)
    gaussian = predictive_score(real, generators["gaussian"], random_state=0)
    assert true_process.mae_real == gaussian.mae_real > 0
    assert true_process.ratio == pytest.approx(1.0, abs=0.05)
    assert gaussian.ratio > true_process.ratio + 0.03


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


def test_overall_score_ranks_the_true_process_above_iid_gaussian(scoreboard):
    table = overall_score(scoreboard)
    assert table.loc["true_process", "overall"] < table.loc["gaussian", "overall"]
    assert table.loc["true_process", "rank"] < table.loc["gaussian", "rank"]
    assert table["rank"].is_monotonic_increasing  # best first
    assert list(table.columns[-2:]) == ["overall", "rank"]
    np.testing.assert_allclose(
        table["overall"], table.drop(columns=["overall", "rank"]).mean(axis=1)
    )
    stylized_only = overall_score(scoreboard, groups=STYLIZED_GROUPS[:-1])
    assert stylized_only.loc["true_process", "overall"] < stylized_only.loc["gaussian", "overall"]


def test_head_to_head_lists_groups_won(scoreboard):
    duel = head_to_head(scoreboard, "true_process", ["gaussian"])
    assert duel.loc["overall", "gaussian"]
    for group in ("volatility_clustering", "aggregational_gaussianity"):
        assert duel.loc[group, "gaussian"]
    assert "cross_correlation" not in duel.index  # one asset: no such group
    assert duel[duel.index.isin(STYLIZED_GROUPS)].shape[0] == 6
    everyone = head_to_head(scoreboard, "gaussian")
    assert list(everyone.columns) == ["true_process", "iid_bootstrap"]
    with pytest.raises(ConfigError):
        head_to_head(scoreboard, "gan")


def test_group_scores_divide_each_metric_by_its_median():
    columns = pd.MultiIndex.from_tuples(
        [("distribution", "a"), ("distribution", "b"), ("leverage", "c")],
        names=["group", "metric"],
    )
    errors = pd.DataFrame(
        [[1.0, 10.0, 0.2], [2.0, 20.0, 0.4], [3.0, 60.0, 0.0]],
        index=["x", "y", "z"],
        columns=columns,
    )
    table = group_scores(errors)
    # Medians 2, 20 and 0.2: x = mean(0.5, 0.5), y = 1, z = mean(1.5, 3).
    np.testing.assert_allclose(table["distribution"], [0.5, 1.0, 2.25])
    np.testing.assert_allclose(table["leverage"], [1.0, 2.0, 0.0])
    overall = overall_score(errors)
    assert list(overall.index) == ["x", "z", "y"]
    np.testing.assert_allclose(overall["overall"], [0.75, 1.125, 1.5])
    with pytest.raises(ShapeError):
        group_scores(errors.droplevel("metric", axis=1))
    with pytest.raises(ConfigError):
        group_scores(-errors)
    with pytest.raises(ConfigError):
        overall_score(errors, groups=["cross_correlation"])


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
