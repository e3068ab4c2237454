"""The four-year VaR backtest of the five risk models: fresh refits against warm-started ones.

Runs ``fingan.apps.risk.backtest_var`` with the settings of the accuracy runs (10,000
scenarios a day, yearly refit on every earlier day; historical simulation, FHS-EWMA,
GARCH(1,1)-t, MarketGAN and the GAN configuration) on 2 local process workers, first with
every refit a fresh fit (the peer: how fingan ran before), then with MarketGAN's refits
warm-started from the previous year's weights (``warm_start``, a quarter of the steps). One
row per run: wall time, each model's summed fit and sampling seconds, and its violations,
so that the speed and what it costs in accuracy are read side by side.

    python bench/backtest_speed.py --data sp500 --start 2015-01-01 --end 2018-12-31
    python bench/backtest_speed.py --data sp500 --start 2011-01-01 --end 2014-12-31 \
        --models market_gan          # the validation period, MarketGAN alone
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from fingan.apps.execution import executor_from_options
from fingan.apps.market import market_data
from fingan.apps.registry import warm_startable
from fingan.apps.risk import backtest_var
from fingan.apps.risk.models import RISK_MODELS, default_risk_models


def run(
    returns: pd.DataFrame,
    names: list[str],
    *,
    start: str,
    end: str,
    warm: bool,
    workers: int,
    seed: int,
) -> dict[str, object]:
    """Run one backtest and return its wall time and per-model figures."""
    started = time.perf_counter()
    result = backtest_var(
        returns,
        models=default_risk_models(names=names),
        start=start,
        end=end,
        random_state=seed,
        executor=executor_from_options("processes", workers=workers),
        warm_start=warm_startable(names) if warm else (),
    )
    row: dict[str, object] = {
        "refits": "warm" if warm else "fresh",
        "seed": seed,
        "wall_s": round(time.perf_counter() - started, 1),
    }
    timings = result.timings()
    tests = result.tests()
    for name in names:
        row[f"{name}_fit_s"] = round(float(timings.loc[name, "fit_seconds"]), 1)
        row[f"{name}_sample_s"] = round(float(timings.loc[name, "sample_seconds"]), 1)
        row[f"{name}_violations"] = int(tests.loc[name, "n_violations"])
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="sp500")
    parser.add_argument("--start", default="2015-01-01")
    parser.add_argument("--end", default="2018-12-31")
    parser.add_argument("--models", default=",".join(RISK_MODELS))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--only", choices=["fresh", "warm"], default=None)
    args = parser.parse_args()
    returns = market_data(args.data)
    names = args.models.split(",")
    modes = [args.only == "warm"] if args.only else [False, True]
    rows = [
        run(
            returns,
            names,
            start=args.start,
            end=args.end,
            warm=warm,
            workers=args.workers,
            seed=int(seed),
        )
        for seed in args.seeds.split(",")
        for warm in modes
    ]
    print(pd.DataFrame(rows).set_index(["refits", "seed"]).T.to_string())


if __name__ == "__main__":
    main()
