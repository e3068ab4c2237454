"""Values before maturity: the regression's conditional expectation against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from fingan.core.exceptions import ConfigError
from fingan.core.paths import ReturnPaths
from fingan.products import Autocallable, ProtectedNote, evaluate
from fingan.products.intermediate import intermediate_days, intermediate_returns

MU, SIGMA = 0.0003, 0.012


@pytest.fixture(scope="module")
def gaussian_paths():
    rng = np.random.default_rng(7)
    return ReturnPaths(rng.normal(MU, SIGMA, size=(20_000, 120, 1)), ("a",))


def call_value(log_level, days_left):
    """E[max(S_T / S_0 - 1, 0) | log S_t / S_0] for Gaussian daily log returns."""
    mean = log_level + days_left * MU
    sd = SIGMA * np.sqrt(days_left)
    d2 = (mean - 0.0) / sd
    return np.exp(mean + sd**2 / 2) * norm.cdf(d2 + sd) - norm.cdf(d2)


def test_the_value_of_a_protected_note_matches_its_closed_form(gaussian_paths):
    note = ProtectedNote(underlyings=("a",), maturity=120, protection=1.0)
    outcome = evaluate(note, gaussian_paths)
    day = 60
    estimate = intermediate_returns(note, gaussian_paths, outcome, day, degree=3)
    log_level = gaussian_paths.values[:, :day, 0].sum(axis=1)
    exact = call_value(log_level, 120 - day)  # protection 1: value - 1 is the call
    assert np.abs(estimate - exact).mean() < 0.002
    # the regression must do better than ignoring the state (the unconditional mean)
    assert np.abs(estimate - exact).mean() < 0.1 * np.abs(outcome.returns.mean() - exact).mean()


def test_values_average_to_the_mean_outcome(gaussian_paths):
    """The tower property: the mean of E[cash | F_t] is the mean cash (the fit has a constant)."""
    note = ProtectedNote(underlyings=("a",), maturity=120, protection=0.9, cap=1.2)
    outcome = evaluate(note, gaussian_paths)
    values = intermediate_returns(note, gaussian_paths, outcome, 30)
    assert values.mean() == pytest.approx(outcome.returns.mean(), abs=1e-10)
    assert values.std() < outcome.returns.std()  # a conditional mean varies less


def test_called_paths_are_worth_what_they_paid():
    rng = np.random.default_rng(3)
    paths = ReturnPaths(rng.normal(0.001, 0.02, size=(4_000, 120, 2)), ("a", "b"))
    note = Autocallable(
        underlyings=("a", "b"),
        maturity=120,
        observation_days=(40, 80, 120),
        coupon=0.03,
        knock_in=0.6,
    )
    outcome = evaluate(note, paths)
    values = intermediate_returns(note, paths, outcome, 90)
    called = (outcome.call_day != -1) & (outcome.call_day <= 90)
    assert called.any()
    np.testing.assert_allclose(values[called], outcome.returns[called])


def test_intermediate_days_follow_the_amended_annex():
    assert intermediate_days(126) == ()
    assert intermediate_days(756) == (252,)
    assert intermediate_days(3024) == (252, 1512)
    assert intermediate_days(2772) == (252, 1512)  # half of 11 years, rounded up to 6


@pytest.mark.parametrize(("day", "degree"), [(0, 2), (120, 2), (60, 0), (1.5, 2)])
def test_bad_days_and_degrees_are_refused(gaussian_paths, day, degree):
    note = ProtectedNote(underlyings=("a",), maturity=120, protection=1.0)
    outcome = evaluate(note, gaussian_paths)
    with pytest.raises(ConfigError):
        intermediate_returns(note, gaussian_paths, outcome, day, degree=degree)
