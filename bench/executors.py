"""Executors side by side (issue 17): the same work serially and on 2 workers, in one run.

Two measurements, each run back to back in this process so that the ratio compares like
with like on the same machine:

``backtest``
    A four-year risk backtest of the S&P 500 (2015-2018, yearly refits, so 4 independent
    pieces per model) run serially and on ``--executor`` with ``--workers`` workers, one
    thread per piece; prints both wall times, the speed-up, and whether the figures agree.

``sample``
    ``--paths`` one-year paths of two assets (S&P 500 and NASDAQ) from GARCH-t and the GAN
    configuration of the conditional scenario model, fitted on 1999-2014, written as a
    partitioned Parquet dataset; prints the time per million paths and the peak memory of all
    processes together (the resident memory of this process and its children, read from
    /proc every 0.2 s, Linux only).

Reproduce (on an otherwise idle 2-core machine)::

    python bench/executors.py backtest --models fhs,garch_t,gan --workers 2
    python bench/executors.py sample --paths 1000000 --workers 2 --models garch_t,gan
    python bench/executors.py backtest --json results.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from fingan.apps.execution import executor_from_options
from fingan.apps.market import market_data
from fingan.apps.risk import backtest_var
from fingan.apps.risk.models import default_risk_models
from fingan.core.threads import configure_process
from fingan.evaluation.partitioned import write_path_dataset
from fingan.scenarios import build_configuration


class PeakMemory:
    """Peak total resident memory of this process and all its descendants, polled."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_rss(pid) for pid in _tree(os.getpid())))
            self._stop.wait(self.interval)


def _tree(pid: int) -> list[int]:
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            stack.extend(int(child) for child in children)
    return pids


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def bench_backtest(args: argparse.Namespace) -> dict[str, object]:
    returns = market_data("sp500")
    names = args.models.split(",")
    results: dict[str, object] = {"models": names, "workers": args.workers}
    figures = {}
    for executor in ("serial", args.executor):
        runner = executor_from_options(
            executor, workers=None if executor == "serial" else args.workers, threads=1
        )
        started = time.perf_counter()
        result = backtest_var(
            returns,
            models=default_risk_models(names=names),
            start="2015-01-01",
            end="2018-12-31",
            n_paths=args.backtest_paths,
            random_state=args.seed,
            executor=runner,
        )
        results[f"{executor}_seconds"] = time.perf_counter() - started
        figures[executor] = result.forecasts.to_dict()
        print(f"{executor}: {results[f'{executor}_seconds']:.1f} s", flush=True)
    serial, parallel = results["serial_seconds"], results[f"{args.executor}_seconds"]
    results["speed_up"] = float(serial) / float(parallel)  # type: ignore[arg-type]
    results["same_figures"] = figures["serial"] == figures[args.executor]
    print(f"speed-up {results['speed_up']:.2f}x; same figures: {results['same_figures']}")
    return results


def bench_sample(args: argparse.Namespace) -> dict[str, object]:
    returns = market_data("sp500,nasdaq", end="2014-12-31")
    runner = executor_from_options(args.executor, workers=args.workers, threads=1)
    results: dict[str, object] = {"paths": args.paths, "workers": args.workers}
    for name in args.models.split(","):
        model = build_configuration(name, random_state=args.seed).fit(returns)

        def draw(n_paths: int, horizon: int, seed: int, model=model):
            return model.sample_paths(returns, n_paths, horizon, random_state=seed)

        folder = Path(tempfile.mkdtemp()) / "paths"
        with PeakMemory() as memory:
            started = time.perf_counter()
            written = write_path_dataset(
                draw,
                folder,
                n_paths=args.paths,
                horizon=252,
                n_assets=2,
                piece_paths=args.piece_paths,
                executor=runner,
            )
            seconds = time.perf_counter() - started
        size = sum(file.stat().st_size for file in folder.glob("*.parquet"))
        shutil.rmtree(folder.parent)
        results[name] = {
            "seconds": seconds,
            "seconds_per_million": seconds / args.paths * 1e6,
            "peak_memory_gb": memory.peak / 2**30,
            "files": written.n_pieces,
            "dataset_gb": size / 2**30,
        }
        print(name, json.dumps(results[name]), flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["backtest", "sample"])
    parser.add_argument("--executor", default="processes", choices=["processes", "ray"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--models", default=None)
    parser.add_argument("--paths", type=int, default=1_000_000)
    parser.add_argument("--piece-paths", type=int, default=5_000)
    parser.add_argument("--backtest-paths", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    configure_process(1)
    if args.models is None:
        args.models = "fhs,garch_t,gan" if args.what == "backtest" else "garch_t,gan"
    results = bench_backtest(args) if args.what == "backtest" else bench_sample(args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
