"""Innovation models: Student-t fits, empirical draws, and EVT tails spliced onto a body."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fingan.core.exceptions import ConfigError
from fingan.core.filtered import FilteredReturns
from fingan.scenarios import EmpiricalInnovations, GPDTails, StudentTInnovations


def filtered_from(residuals: np.ndarray) -> FilteredReturns:
    variances = np.full_like(residuals, 1e-4)
    n_assets = residuals.shape[1]
    return FilteredReturns(residuals, variances, np.full(n_assets, 1e-4), np.full(n_assets, 1e-4))


@pytest.fixture
def t_residuals(rng: np.random.Generator) -> np.ndarray:
    """4,000 days of two t(4) residuals with correlation 0.6 (unit variance)."""
    normal = rng.multivariate_normal([0, 0], [[1, 0.6], [0.6, 1]], size=4000)
    chi = np.sqrt(rng.chisquare(4, size=(4000, 1)) / 4)
    return normal / chi / np.sqrt(2.0)


def test_student_t_recovers_tails_and_dependence(t_residuals: np.ndarray) -> None:
    model = StudentTInnovations().fit(filtered_from(t_residuals))
    assert np.all(np.abs(model.df_ - 4.0) < 1.0)
    assert abs(model.correlation_[0, 1] - 0.6) < 0.06
    draws = model.sampler(filtered_from(t_residuals), 50_000, np.random.default_rng(1)).draw(
        np.ones((50_000, 2))
    )
    for k in range(2):
        assert abs(np.quantile(draws[:, k], 0.01) - np.quantile(t_residuals[:, k], 0.01)) < 0.25


def test_empirical_draws_only_recent_days(rng: np.random.Generator) -> None:
    residuals = np.arange(1000.0)[:, None]
    model = EmpiricalInnovations(window=100).fit(filtered_from(residuals))
    history = filtered_from(np.arange(2000.0)[:, None])
    draws = model.sampler(history, 10_000, rng).draw(np.ones((10_000, 1)))
    assert draws.min() >= 1900
    assert draws.max() <= 1999
    assert len(np.unique(draws)) > 90  # every recent day is drawn, not a few
    everything = EmpiricalInnovations(window=None).fit(filtered_from(residuals))
    assert everything.sampler(history, 5000, rng).draw(np.ones((5000, 1))).max() <= 999


def test_gpd_tails_have_the_data_tail_shape(rng: np.random.Generator) -> None:
    """Residuals with Pareto tails (shape 0.25): the splice finds it, the body keeps the rest."""
    body = rng.standard_normal((20_000, 1))
    tails = GPDTails(body=StudentTInnovations(), tail_probability=0.05).fit(
        filtered_from(stats.t.rvs(4, size=(20_000, 1), random_state=rng))
    )
    assert np.all((tails.shape_ > 0.1) & (tails.shape_ < 0.45))
    sampler = tails.sampler(filtered_from(body), 100_000, np.random.default_rng(2))
    draws = sampler.draw(np.ones((100_000, 1)))
    inside = (draws >= tails.lower_) & (draws <= tails.upper_)
    # The body decides how often a tail is hit (about 5 % each side for the fitted t body).
    assert 0.08 < 1 - inside.mean() < 0.12
    assert sampler.n_replaced == int((~inside).sum())
    # Beyond the threshold the draws follow the fitted GPD.
    excess = tails.lower_[0] - draws[draws < tails.lower_[0]]
    reference = stats.genpareto(tails.shape_[0, 0], scale=tails.scale_[0, 0])
    assert stats.kstest(excess, reference.cdf).pvalue > 0.001


@pytest.mark.parametrize("probability", [0.0, 0.3, "0.05"])
def test_bad_tail_probability(probability: object, t_residuals: np.ndarray) -> None:
    with pytest.raises(ConfigError, match="tail_probability"):
        GPDTails(body=StudentTInnovations(), tail_probability=probability).fit(  # type: ignore[arg-type]
            filtered_from(t_residuals)
        )


def test_splice_share_of_the_tail(rng: np.random.Generator) -> None:
    """Beyond the 5 % threshold every draw is spliced; a 1 % quantile lies wholly there."""
    tails = GPDTails(body=StudentTInnovations(), tail_probability=0.05).fit(
        filtered_from(stats.t.rvs(4, size=(20_000, 1), random_state=rng))
    )
    history = filtered_from(rng.standard_normal((500, 1)))
    assert tails.splice_share(history, 0.01)[0] == 1.0
    assert 0.0 < tails.splice_share(history, 0.2)[0] < 0.5
