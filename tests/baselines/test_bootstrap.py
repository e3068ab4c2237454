"""The stationary bootstrap glues paths from blocks of real, consecutive rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from arch.bootstrap import optimal_block_length

from fingan.baselines import StationaryBootstrapBaseline
from fingan.baselines.bootstrap import stationary_bootstrap_indices
from fingan.core.exceptions import ConfigError, MissingValueError, NotFittedError, TooFewRowsError


@pytest.fixture(scope="module")
def returns():
    rng = np.random.default_rng(11)
    index = pd.bdate_range("2005-01-03", periods=3000, name="date")
    values = rng.multivariate_normal([0, 0], [[1e-4, 5e-5], [5e-5, 2e-4]], size=3000)
    return pd.DataFrame(values, index=index, columns=["spx", "ndx"])


def row_indices(paths, returns):
    """The data row of every sampled day, found by its (unique) first-column value."""
    where = {value: row for row, value in enumerate(returns["spx"].to_numpy())}
    rows = np.vectorize(where.__getitem__)(paths.values[:, :, 0])
    np.testing.assert_array_equal(paths.values, returns.to_numpy()[rows])  # whole rows
    return rows


def test_paths_are_blocks_of_real_consecutive_rows(returns):
    paths = (
        StationaryBootstrapBaseline(block_length=10).fit(returns).sample(400, 100, random_state=0)
    )
    assert paths.values.shape == (400, 100, 2)
    assert paths.assets == ("spx", "ndx")
    rows = row_indices(paths, returns)
    continues = np.diff(rows, axis=1) % len(returns) == 1
    # A block continues with probability 1 - 1 / 10 (plus a 1 / 3000 chance of a new block
    # starting just after the old one); the mean block length is the inverse of the break rate.
    assert continues.mean() == pytest.approx(0.9, abs=0.01)
    assert 1 / (1 - continues.mean()) == pytest.approx(10, rel=0.1)


def test_blocks_wrap_around_the_end():
    short = pd.DataFrame({"x": np.arange(20, dtype=float) / 1000})
    paths = StationaryBootstrapBaseline(block_length=1000).fit(short).sample(50, 60, random_state=1)
    rows = np.rint(paths.values[:, :, 0] * 1000).astype(int)
    steps = np.diff(rows, axis=1)
    assert np.mean(steps % 20 == 1) > 0.9
    assert np.any((rows[:, :-1] == 19) & (rows[:, 1:] == 0))


def test_block_length_one_resamples_rows_independently(returns):
    paths = StationaryBootstrapBaseline(block_length=1).fit(returns).sample(100, 50, random_state=2)
    rows = row_indices(paths, returns)
    assert np.mean(np.diff(rows, axis=1) % len(returns) == 1) < 0.01


def test_default_block_length_is_arch_optimal_max_over_assets():
    rng = np.random.default_rng(4)
    noise = rng.standard_normal((3000, 2))
    persistent = np.empty(3000)
    persistent[0] = noise[0, 0]
    for day in range(1, 3000):
        persistent[day] = 0.8 * persistent[day - 1] + noise[day, 0]
    data = pd.DataFrame({"white": noise[:, 1], "ar": persistent}) / 100
    model = StationaryBootstrapBaseline().fit(data)
    expected = optimal_block_length(data.to_numpy())["stationary"].max()
    assert model.block_length_ == pytest.approx(expected)
    assert model.block_length_ > 5


def test_vectorised_indices_match_a_loop_over_days():
    def reference(n_rows, n_paths, n_steps, block_length, rng):
        new_block = rng.random((n_paths, n_steps)) < 1 / block_length
        new_block[:, 0] = True
        starts = iter(rng.integers(0, n_rows, size=int(new_block.sum()), dtype=np.intp))
        rows = np.empty((n_paths, n_steps), dtype=np.intp)
        for path in range(n_paths):
            for day in range(n_steps):
                if new_block[path, day]:
                    rows[path, day] = next(starts)
                else:
                    rows[path, day] = (rows[path, day - 1] + 1) % n_rows
        return rows

    for block_length in (1.0, 3.5, 50.0):
        fast = stationary_bootstrap_indices(37, 30, 80, block_length, np.random.default_rng(9))
        slow = reference(37, 30, 80, block_length, np.random.default_rng(9))
        np.testing.assert_array_equal(fast, slow)


def test_same_seed_same_paths_other_seed_other_paths(returns):
    model = StationaryBootstrapBaseline().fit(returns)
    first = model.sample(20, 30, random_state=5).values
    np.testing.assert_array_equal(first, model.sample(20, 30, random_state=5).values)
    assert not np.array_equal(first, model.sample(20, 30, random_state=6).values)


def test_bad_input_raises_fingan_errors(returns):
    with pytest.raises(NotFittedError):
        StationaryBootstrapBaseline().sample(1, 1)
    broken = returns.copy()
    broken.iloc[3, 1] = np.inf
    with pytest.raises(MissingValueError):
        StationaryBootstrapBaseline().fit(broken)
    with pytest.raises(TooFewRowsError):
        StationaryBootstrapBaseline().fit(returns.iloc[:5])
    for bad in (0.5, 0, float("nan"), "10"):
        with pytest.raises(ConfigError):
            StationaryBootstrapBaseline(block_length=bad).fit(returns)
    model = StationaryBootstrapBaseline(block_length=5).fit(returns)
    with pytest.raises(ConfigError):
        model.sample(0, 10)
    with pytest.raises(ConfigError):
        model.sample(10, -1)
