"""ConditionalRollout: a conditional model rolled out from the end of its data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import NotFittedError
from fingan.scenarios import ConditionalRollout, build_configuration


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    """A GARCH(1,1)-like series whose last 60 days are a storm (volatility x 4)."""
    rng = np.random.default_rng(11)
    days = pd.bdate_range("2010-01-04", periods=2_000, name="date")
    variance, values = 1e-4, []
    for _ in days:
        value = np.sqrt(variance) * rng.standard_t(6) / np.sqrt(1.5)
        values.append(value)
        variance = 1e-6 + 0.08 * value**2 + 0.9 * variance
    series = np.array(values)
    series[-60:] *= 4.0
    return pd.DataFrame({"a": series}, index=days)


def test_paths_start_from_the_state_after_the_last_day_and_revert(returns):
    calm = returns.iloc[:-60]
    stormy = ConditionalRollout(model=build_configuration("garch+t")).fit(returns)
    quiet = ConditionalRollout(model=build_configuration("garch+t")).fit(calm)
    storm_paths = stormy.sample(2_000, 500, random_state=0).values[:, :, 0]
    calm_paths = quiet.sample(2_000, 500, random_state=0).values[:, :, 0]
    assert storm_paths[:, 0].std() > 2 * calm_paths[:, 0].std()
    # Far from the start both revert to the filter's long-run level, near the data's.
    assert storm_paths[:, -100:].std() < 0.5 * storm_paths[:, 0].std()
    assert calm_paths[:, -100:].std() == pytest.approx(calm.to_numpy().std(), rel=0.25)


def test_sampling_is_seeded_and_needs_a_fit(returns):
    with pytest.raises(NotFittedError):
        ConditionalRollout().sample(10, 5)
    generator = ConditionalRollout().fit(returns)
    first = generator.sample(50, 20, random_state=3).values
    np.testing.assert_array_equal(first, generator.sample(50, 20, random_state=3).values)
    assert first.shape == (50, 20, 1)
