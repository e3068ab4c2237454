"""Executors: results in the order of the pieces, the same on every executor."""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
import pytest

from fingan.core.exceptions import ConfigError
from fingan.evaluation import (
    ProcessExecutor,
    SerialExecutor,
    make_executor,
    rolling_scenarios,
)
from fingan.evaluation.records import Forecast
from fingan.scenarios import build_configuration


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    days = pd.bdate_range("2013-01-02", "2016-12-30", name="date")
    rng = np.random.default_rng(3)
    scale = np.exp(np.cumsum(rng.normal(0.0, 0.05, len(days))) * 0.2) * 0.01
    return pd.DataFrame({"a": rng.standard_t(5, len(days)) * scale}, index=days)


def quantile(forecast: Forecast) -> float:
    return float(np.quantile(forecast.paths.values[:, 0, 0], 0.01))


def models():
    return {
        "fhs": lambda seed: build_configuration("fhs", random_state=seed),
        "ewma+t": lambda seed: build_configuration("ewma+t", random_state=seed),
    }


def run(returns, *, start="2015-01-01", executor=None) -> pd.Series:
    rolling = rolling_scenarios(
        returns, models(), quantile, start=start, n_paths=100, executor=executor
    )
    return pd.Series(list(rolling.results), index=rolling.index)


def node_of_piece_at_barrier(barrier: str, parties: int):
    """A piece that waits until ``parties`` pieces are running at once, then names its node.

    With one CPU per node, two pieces can only run at once on two different nodes, so the
    pieces name both nodes however fast or slow the second node's workers start.
    """

    def piece() -> str:
        import ray

        node = str(ray.get_runtime_context().get_node_id())
        arrived = os.path.join(barrier, f"{os.getpid()}-{time.monotonic_ns()}")
        with open(arrived, "w") as mark:
            mark.write(node)
        deadline = time.monotonic() + 120.0
        while len(os.listdir(barrier)) < parties and time.monotonic() < deadline:
            time.sleep(0.05)
        return node

    return piece


def sleepy(seconds: float, value: int):
    def piece() -> int:
        time.sleep(seconds)
        return value

    return piece


def test_results_come_back_in_the_order_of_the_pieces():
    pieces = [sleepy(0.3, 0), sleepy(0.0, 1), sleepy(0.1, 2)]
    finished: list[int] = []
    assert ProcessExecutor(workers=2).run(pieces, done=finished.append) == [0, 1, 2]
    assert sorted(finished) == [0, 1, 2]
    assert SerialExecutor().run(pieces) == [0, 1, 2]


def pid_after(seconds: float):
    def piece() -> int:
        time.sleep(seconds)
        return os.getpid()

    return piece


def failing(seconds: float):
    def piece() -> int:
        time.sleep(seconds)
        raise ValueError("piece failed")

    return piece


def test_the_calling_process_runs_pieces_beside_the_pool():
    pieces = [pid_after(0.5) for _ in range(4)]
    pids = ProcessExecutor(workers=2).run(pieces)
    assert os.getpid() in pids
    assert len(set(pids)) == 2
    assert ProcessExecutor(workers=1).run(pieces[:2]) == [os.getpid()] * 2


@pytest.mark.parametrize("position", [0, 1])
def test_a_failing_piece_fails_the_run_wherever_it_ran(position):
    pieces = [sleepy(0.5, 0), sleepy(0.5, 1), sleepy(0.0, 2)]
    pieces[position] = failing(0.5)
    with pytest.raises(ValueError, match="piece failed"):
        ProcessExecutor(workers=2).run(pieces)


def test_a_rolling_run_is_the_same_in_local_processes(returns):
    serial = run(returns)
    assert serial.index.get_level_values("model").unique().tolist() == ["fhs", "ewma+t"]
    pd.testing.assert_series_equal(
        run(returns, executor=make_executor("processes", workers=2)), serial
    )


def test_a_piece_gives_the_same_result_whenever_it_runs(returns):
    """A refit year's forecasts do not depend on the years run before it."""
    late = run(returns, start="2016-01-01")
    early = run(returns, start="2015-01-01")
    pd.testing.assert_series_equal(early.loc[late.index], late)


@pytest.mark.slow
def test_a_rolling_run_is_the_same_on_ray(returns):
    pytest.importorskip("ray")
    import ray

    try:
        on_ray = run(returns, executor=make_executor("ray", workers=2))
    finally:
        ray.shutdown()
    pd.testing.assert_series_equal(on_ray, run(returns))


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("dask", {}, "unknown executor 'dask'"),
        ("processes", {"address": "auto"}, "--ray-address needs --executor ray"),
        ("serial", {"workers": 4}, "--workers needs --executor processes or ray"),
        ("processes", {"workers": 0}, "--workers must be a whole number >= 1"),
    ],
)
def test_bad_executor_settings_are_refused(name, options, message):
    with pytest.raises(ConfigError, match=message):
        make_executor(name, **options)


def test_a_missing_ray_names_the_extra(monkeypatch):
    import importlib

    real = importlib.import_module

    def no_ray(name, *args):
        if name == "ray":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_ray)
    with pytest.raises(ConfigError, match=r'pip install "fingan\[ray\]"'):
        make_executor("ray")


@pytest.mark.slow
def test_a_backtest_runs_across_a_two_node_ray_cluster(returns, tmp_path):
    pytest.importorskip("ray")
    import ray
    from ray.cluster_utils import Cluster

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    try:
        cluster.add_node(num_cpus=1)
        cluster.wait_for_nodes()
        executor = make_executor("ray", address=cluster.address)
        on_cluster = run(returns, executor=executor)
        used = set(executor.run([node_of_piece_at_barrier(str(tmp_path), 2)] * 2))
    finally:
        ray.shutdown()
        cluster.shutdown()
    assert len(used) == 2  # the pieces ran on both nodes
    pd.testing.assert_series_equal(on_cluster, run(returns))
