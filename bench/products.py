"""Evaluation speed: a 5-year worst-of autocallable on 100,000 two-asset daily paths.

The product: 1,260 trading days, quarterly observations (every 63 days), autocall at 100 %,
a 2 % coupon per quarter paid at or above 70 % with memory (Phoenix), a 60 % knock-in barrier
observed at every close, on the worst of two underlyings. The paths are i.i.d. normal log
returns (daily volatility 1.2 %, independent assets), drawn with a seed before the clock starts:
only the evaluation is timed, the paths being given.

Memory: the paths themselves are 100,000 x 1,260 x 2 float64 = 2.0 GB (1.0 GB with
``--float32``). The evaluation adds no copy of them: the levels on observation days are sums of
returns between those days (``np.add.reduceat``), and the running minimum for the daily
knock-in is computed only for the paths not called that end below par, in blocks of at most
32 MiB. The peak memory the evaluation adds is printed.

Reproduce: python bench/products.py [--paths 100000] [--days 1260] [--float32] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from fingan.core.paths import ReturnPaths
from fingan.products import Autocallable, evaluate


def draw_paths(n_paths: int, n_days: int, *, float32: bool, seed: int = 0) -> ReturnPaths:
    """I.i.d. normal daily log returns of two assets, drawn block by block into one array."""
    rng = np.random.default_rng(seed)
    dtype = np.float32 if float32 else np.float64
    values = np.empty((n_paths, n_days, 2), dtype=dtype)
    block = 10_000
    for start in range(0, n_paths, block):
        rng.standard_normal(out=values[start : start + block], dtype=dtype)
    values *= dtype(0.012)
    return ReturnPaths(values, ("asset_a", "asset_b"))  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paths", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=1_260)
    parser.add_argument("--float32", action="store_true", help="draw the paths as float32")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    note = Autocallable(
        underlyings=("asset_a", "asset_b"),
        maturity=args.days,
        observation_days=tuple(range(63, args.days + 1, 63)),
        coupon=0.02,
        coupon_barrier=0.7,
        memory=True,
        knock_in=0.6,
        knock_in_observation="daily",
    )
    paths = draw_paths(args.paths, args.days, float32=args.float32)
    print(
        f"{args.paths:,} paths x {args.days:,} days x 2 assets "
        f"({paths.values.nbytes / 2**30:.2f} GiB of {paths.values.dtype})"
    )
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        outcome = evaluate(note, paths)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    evaluate(note, paths)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    called = outcome.called
    assert called is not None
    print(f"evaluate: best {min(times):.2f} s, all {', '.join(f'{t:.2f}' for t in times)} s")
    print(f"peak memory added by the evaluation: {peak / 2**20:.0f} MiB")
    print(
        f"mean return {outcome.returns.mean():.4f}, P(loss) {(outcome.returns < 0).mean():.3f}, "
        f"called {called.mean():.3f}"
    )


if __name__ == "__main__":
    main()
