"""Design-search speed: a 200-point grid of a 5-year worst-of autocallable on 100,000 paths.

The product is the one of ``bench/products.py``: 1,260 trading days, quarterly observations,
autocall at 100 %, a coupon paid at or above 70 % with memory (Phoenix), a knock-in barrier
observed at every close, on the worst of two underlyings. The grid varies the knock-in barrier
and the coupon, both bounds included::

    knock_in=0.40:0.78:0.02  (20 values)  x  coupon=0.010:0.028:0.002  (10 values)

The paths are i.i.d. normal log returns (daily volatility 1.2 %, independent assets), drawn with
a seed before the clock starts. Timed: one :func:`fingan.products.evaluate` of the product
(the one-off evaluation), a few candidates evaluated one by one with ``evaluate`` (the naive
search, extrapolated to the grid), and the whole :func:`design_search` (every candidate on the
same paths with shared observations, every figure, constraints, frontier and choice).

Reproduce: python bench/product_design.py [--paths 100000] [--days 1260] [--naive 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fingan.products import Autocallable, evaluate
from fingan.products.design import design_search, grid_candidates
from products import draw_paths  # bench/products.py, beside this script

GRID = "knock_in=0.40:0.78:0.02,coupon=0.010:0.028:0.002"
CONSTRAINTS = "p_loss<=0.10"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paths", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=1_260)
    parser.add_argument("--vary", default=GRID)
    parser.add_argument("--naive", type=int, default=5, help="candidates timed one by one")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
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
    paths = draw_paths(args.paths, args.days, float32=False)
    candidates = grid_candidates(note, args.vary)
    started = time.perf_counter()
    evaluate(note, paths)
    one_off = time.perf_counter() - started
    started = time.perf_counter()
    for candidate in candidates[: args.naive]:
        assert candidate.spec is not None
        evaluate(candidate.spec, paths)
    naive = (time.perf_counter() - started) / max(1, args.naive) * len(candidates)
    started = time.perf_counter()
    search = design_search(candidates, paths, constraints=CONSTRAINTS)
    grid_seconds = time.perf_counter() - started
    chosen = None if search.chosen is None else search.frame.iloc[search.chosen].to_dict()
    figures = {
        "n_paths": args.paths,
        "n_days": args.days,
        "grid": args.vary,
        "n_candidates": len(candidates),
        "cpu_count": os.cpu_count(),
        "evaluate_seconds": round(one_off, 3),
        "naive_grid_seconds_extrapolated": round(naive, 1),
        "design_search_seconds": round(grid_seconds, 2),
        "n_feasible": int(search.frame["feasible"].sum()),
        "n_frontier": int(search.frame["frontier"].sum()),
        "chosen": None
        if chosen is None
        else {
            "knock_in": float(chosen["knock_in"]),
            "coupon": float(chosen["coupon"]),
            "expected_return": round(float(chosen["expected_return"]), 4),
            "p_loss": round(float(chosen["p_loss"]), 4),
        },
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{args.paths:,} paths x {args.days:,} days x 2 assets; grid {args.vary}")
    print(f"one-off evaluate: {one_off:.2f} s")
    print(f"naive grid (evaluate per candidate, extrapolated from {args.naive}): {naive:.1f} s")
    print(f"design search, {len(candidates)} candidates: {grid_seconds:.2f} s")
    print(
        f"{figures['n_feasible']} feasible under {CONSTRAINTS}, {figures['n_frontier']} on the "
        f"frontier; chosen {figures['chosen']}"
    )


if __name__ == "__main__":
    main()
