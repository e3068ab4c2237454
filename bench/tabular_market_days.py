"""TabularGAN on a second kind of table: S&P 500 trading days as rows.

arch's S&P 500 data, 1999-2018 (5,030 days): the day's log return, high-low range, log volume
and overnight gap (all in %, volume in log units), the weekday and the day's direction (up or
down, from the return's sign). Heavy-tailed numeric columns with strong relations between
them (absolute return and range) and a categorical column that is a function of a numeric one
(direction), unlike German Credit. Each model is fitted once per seed with its defaults except
where an option says otherwise, and as many rows as the table are generated.

    nice python bench/tabular_market_days.py --seeds 0,1
    nice python bench/tabular_market_days.py --seeds 0,1 --numeric-encoding modes
    nice python bench/tabular_market_days.py --seeds 0,1 --pack-critic concatenated
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np
import pandas as pd
import torch
from arch.data import sp500

from fingan.metrics import quality_score
from fingan.models.tabular_gan import TabularGAN

NUMERIC = ["return", "range", "log_volume", "gap"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"]


def market_days() -> pd.DataFrame:
    """The S&P 500 days as a mixed table (see the module docstring)."""
    prices = sp500.load()
    close = prices["Adj Close"]
    scale = close / prices["Close"]  # adjusted prices for open, high and low too
    table = pd.DataFrame(
        {
            "return": 100 * np.log(close).diff(),
            "range": 100 * np.log(prices["High"] / prices["Low"]),
            "log_volume": np.log(prices["Volume"]),
            "gap": 100 * np.log(prices["Open"] * scale / close.shift()),
        }
    ).iloc[1:]
    weekday = pd.Categorical(
        [WEEKDAYS[day] for day in table.index.day_of_week], categories=WEEKDAYS
    )
    table["weekday"] = weekday
    table["direction"] = pd.Categorical(
        np.where(table["return"] >= 0, "up", "down"), categories=["down", "up"]
    )
    return table.reset_index(drop=True)


def measure(real: pd.DataFrame, rows: pd.DataFrame) -> dict[str, float]:
    """The figures of the benchmark table for one generated table."""
    real_corr = real[NUMERIC].corr().to_numpy()
    corr = rows[NUMERIC].corr().to_numpy()
    upper = np.triu_indices(len(NUMERIC), 1)
    returns = rows["return"].to_numpy()
    quality = quality_score(real, rows)
    return {
        "quality": quality.score,
        "column_shapes": float(quality.column_shapes.mean()),
        "corr_error": float(np.abs(corr - real_corr)[upper].mean()),
        "abs_return_range_corr": float(np.corrcoef(np.abs(returns), rows["range"])[0, 1]),
        "direction_agrees": float(np.mean((returns >= 0) == (rows["direction"] == "up"))),
        "q01": float(np.quantile(returns, 0.01)),
        "q99": float(np.quantile(returns, 0.99)),
        "std": float(returns.std()),
        "kurtosis": float(pd.Series(returns).kurt()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1")
    parser.add_argument("--numeric-encoding", choices=["auto", "modes"], default="auto")
    parser.add_argument("--pack-critic", choices=["pooled", "concatenated"])
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--json", help="write the rows to this JSON file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    real = market_days()
    print(json.dumps({"real": measure(real, real)}), flush=True)
    records: list[dict[str, Any]] = []
    for seed in [int(value) for value in args.seeds.split(",")]:
        model = TabularGAN(
            numeric_encoding=args.numeric_encoding,
            pack_critic=args.pack_critic,
            random_state=seed,
            device="cpu",
        )
        start = time.perf_counter()
        rows = model.fit(real).sample(len(real), random_state=seed)
        record = {"seed": seed, "fit_seconds": time.perf_counter() - start}
        records.append({**record, **measure(real, rows), "settings": vars(args)})
        print(json.dumps({k: v for k, v in records[-1].items() if k != "settings"}), flush=True)
        if args.json:
            with open(args.json, "w") as handle:
                json.dump(records, handle, indent=1)
    table = pd.DataFrame(records).drop(columns="settings").set_index("seed")
    print(table.round(3))


if __name__ == "__main__":
    main()
