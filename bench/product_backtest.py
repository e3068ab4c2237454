"""Backtest of the product study's scenarios: S&P 500, monthly starts 2004-2017, two notes.

Products (on the S&P 500 total-return index, or ``--data nasdaq``'s NASDAQ Composite; one year =
252 trading days):

- an autocallable: quarterly observations (days 63, 126, 189, 252), autocall trigger 100 %,
  coupon 2 % per quarter (8 % a year) paid with the call, knock-in 60 % observed daily;
- a reverse convertible: coupon 7 %, knock-in 70 % observed daily.

At the first trading day of each month from January 2004 to December 2017 (168 starts, the
last holding period ending in December 2018) each generator predicts the product's return
over the year after the start; the conditional models (the GAN configuration of the
conditional scenario model ``gan`` = ``ewma+gan_evt``, ``fhs``, ``garch_t``) are refitted on
the first trading day of each year on every earlier day, and each start's paths are
conditioned on the market up to that start; ``priips`` is the regulation's bootstrap. Both
products are evaluated on the same paths (one fit per model and year).

Target (issue 15): the GAN's 10-90 % band covers the realised outcome on 70-90 % of starts and
its Winkler score is no worse than priips'; PIT uniformity p-values for every generator.

Reproduce: nice python bench/product_backtest.py [--paths 2000] [--models gan,fhs,garch_t]
           [--gan-steps N] [--seed 0] [--data sp500] [--json results.json] [--out reports/]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

from fingan.apps.market import market_data
from fingan.apps.product.backtest import backtest_products
from fingan.apps.reporting import write_report
from fingan.products import Autocallable, ReverseConvertible


def study_products(
    underlying: str,
) -> dict[str, Autocallable | ReverseConvertible]:
    """The study's two notes on ``underlying``."""
    return {
        "autocallable": Autocallable(
            underlyings=(underlying,),
            maturity=252,
            observation_days=(63, 126, 189, 252),
            autocall_trigger=1.0,
            coupon=0.02,
            knock_in=0.6,
        ),
        "reverse_convertible": ReverseConvertible(
            underlyings=(underlying,), maturity=252, coupon=0.07, knock_in=0.7
        ),
    }


COLUMNS = ["coverage", "pit_coverage", "winkler", "width", "pit_ks_p", "pit_chi2_p", "pit_ks_p_iid",
           "stress_breach"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=2_000)
    parser.add_argument("--models", default="gan,fhs,garch_t")
    parser.add_argument("--gan-steps", type=int, default=None)
    parser.add_argument("--start", default="2004-01-01")
    parser.add_argument("--end", default=None, help="last day a holding period may end on")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", default="sp500", help="the underlying: sp500 or nasdaq")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    parser.add_argument("--out", type=Path, default=None, help="write a report per product")
    args = parser.parse_args()
    returns = market_data(args.data)
    products_of_study = study_products(args.data)
    started = time.perf_counter()

    def progress(done: int, total: int, description: str) -> None:
        if "fitting" in description or done == total:
            elapsed = time.perf_counter() - started
            print(f"[{elapsed:7.1f} s] {done}/{total} {description}", flush=True)

    results = backtest_products(
        list(products_of_study.values()),
        returns,
        start=args.start,
        end=args.end,
        models=args.models.split(","),
        n_paths=args.paths,
        n_steps=args.gan_steps,
        random_state=args.seed,
        progress=progress,
    )
    seconds = time.perf_counter() - started
    fits = results[0].fits.groupby("generator", sort=False)["seconds"].agg(["count", "sum"])
    record: dict[str, object] = {
        "settings": vars(args) | {"json": str(args.json), "out": str(args.out)},
        "seconds": seconds,
        "fit_seconds": {name: float(row["sum"]) for name, row in fits.iterrows()},
        "products": {},
    }
    print(f"\n{args.paths:,} paths, seed {args.seed}, {seconds:.0f} s in all; fits (count, s):")
    print(fits.to_string(float_format=lambda value: f"{value:.1f}"))
    products: dict[str, object] = {}
    for (name, _spec), result in zip(products_of_study.items(), results, strict=True):
        scores = result.scores()
        print(f"\n{name}: {result.n_starts} starts {result.starts[0]:%Y-%m-%d} to "
              f"{result.starts[-1]:%Y-%m-%d}, n_effective {result.n_effective:.1f}")  # fmt: skip
        print(scores[COLUMNS].to_string(float_format=lambda value: f"{value:.4f}"))
        target = _target(scores)
        print(f"target (gan coverage 70-90 %, Winkler <= priips): {target}")
        products[name] = {
            "n_starts": result.n_starts,
            "n_effective": result.n_effective,
            "scores": scores.to_dict(orient="index"),
            "target": target,
        }
        if args.out is not None:
            write_report(result, args.out / name, overwrite=True)
    record["products"] = products
    if args.json is not None:
        args.json.write_text(json.dumps(record, indent=2, default=str))
        print(f"\nwrote {args.json}", file=sys.stderr)


def _target(scores: pd.DataFrame) -> dict[str, bool] | None:
    """Whether the GAN met the issue's target, or ``None`` without a GAN."""
    if "gan" not in scores.index or "priips" not in scores.index:
        return None
    coverage = {str(name): float(value) for name, value in scores["coverage"].items()}
    in_band = {str(name): float(value) for name, value in scores["pit_coverage"].items()}
    winkler = {str(name): float(value) for name, value in scores["winkler"].items()}
    return {
        "coverage_in_70_90": 0.7 <= coverage["gan"] <= 0.9,
        "pit_coverage_in_70_90": 0.7 <= in_band["gan"] <= 0.9,
        "winkler_no_worse_than_priips": winkler["gan"] <= winkler["priips"],
    }


if __name__ == "__main__":
    main()
