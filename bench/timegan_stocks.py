"""TimeGAN's "Stocks" benchmark: discriminative and predictive scores, with a novelty ratio.

The published protocol (TimeGAN's ``real_data_loading``): reverse the rows, min-max scale each
column over the whole series, cut windows of 24 days with stride 1, shuffle, generate as many
windows. Beside it the same on chronological windows (rows in file order, oldest first).

For each protocol and seed this scores three entries with the same code:

- ``fingan``: :class:`fingan.models.OHLCVGAN` fitted on the series in the protocol's order
  (conditioning: each window starts from the close and volume of a random real day);
- ``copy-real``: windows copied at random from the real windows (the floor no honest generator
  can claim to beat: novelty 0);
- ``real``: train-on-real predictive score (the real windows scored against themselves).

Published (mean ± std): TimeGAN 0.102 ± 0.021 / 0.038 ± 0.001; Diffusion-TS 0.067 ± 0.015 /
0.036 ± 0.000; real data predictive 0.036.

Run::

    nice python bench/timegan_stocks.py --data ../shared/data/stock_data.csv \
        --seeds 0 1 2 3 4 --json /tmp/stocks.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from fingan.datasets.stocks import load_stocks, timegan_windows
from fingan.metrics.novelty import novelty_ratio
from fingan.metrics.post_hoc import timegan_discriminative_score, timegan_predictive_score
from fingan.models.market_gan import MarketGAN
from fingan.models.ohlcv import OHLCVGAN, default_gan

PUBLISHED = {
    "TimeGAN": (0.102, 0.021, 0.038, 0.001),
    "Diffusion-TS": (0.067, 0.015, 0.036, 0.000),
}
ENTRIES = ("fingan", "copy-real", "real")


def run_one(
    bars: np.ndarray, protocol: str, seed: int, entries: list[str], args: argparse.Namespace
) -> list[dict[str, Any]]:
    """Score every entry for one protocol and seed."""
    reverse = protocol == "reversed"
    windows = timegan_windows(bars, 24, reverse=reverse, shuffle=True, random_state=seed)
    real = windows.windows
    rows: list[dict[str, Any]] = []
    for entry in entries:
        start = time.perf_counter()
        fit_s = fit_cpu_s = float("nan")
        if entry == "fingan":
            cpu = time.process_time()
            model = OHLCVGAN(window=24, gan=_gan(args), random_state=seed)
            model.fit(bars[::-1] if reverse else bars)
            fit_s = time.perf_counter() - start
            fit_cpu_s = time.process_time() - cpu  # wall time on a shared machine misleads
            generated = windows.scale(model.sample(len(real), random_state=seed + 1000))
        elif entry == "copy-real":
            rng = np.random.default_rng(seed + 2000)
            generated = real[rng.integers(0, len(real), size=len(real))]
        else:
            generated = real
        row: dict[str, Any] = {
            "protocol": protocol,
            "seed": seed,
            "entry": entry,
            "fit_s": fit_s,
            "fit_cpu_s": fit_cpu_s,
        }
        if entry != "real":
            row["discriminative"] = timegan_discriminative_score(
                real, generated, n_iterations=args.disc_iterations, random_state=seed
            )
            row["novelty"] = novelty_ratio(generated, real, starts=windows.starts).ratio
        row["predictive"] = timegan_predictive_score(
            real, generated, n_iterations=args.pred_iterations, random_state=seed
        )
        row["total_s"] = time.perf_counter() - start
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def _gan(args: argparse.Namespace) -> MarketGAN | None:
    if args.gan_steps is None:
        return None
    gan = default_gan(24, 5)
    training = MarketGAN.training_with_steps(n_steps=args.gan_steps)
    return gan.set_params(training=training)


def summarise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mean and standard deviation (ddof=0, as the papers) of each score per protocol and entry."""
    table = []
    keys = sorted({(row["protocol"], row["entry"]) for row in rows}, key=str)
    for protocol, entry in keys:
        chosen = [row for row in rows if row["protocol"] == protocol and row["entry"] == entry]
        line: dict[str, Any] = {"protocol": protocol, "entry": entry, "runs": len(chosen)}
        for score in ("discriminative", "predictive", "novelty", "fit_s", "fit_cpu_s"):
            values = np.array([row.get(score, np.nan) for row in chosen], dtype=float)
            if np.isfinite(values).any():
                line[score] = (float(np.nanmean(values)), float(np.nanstd(values)))
        table.append(line)
    return table


def format_table(table: list[dict[str, Any]]) -> str:
    """A Markdown table of the summary beside the published values."""
    lines = [
        "| protocol | entry | runs | discriminative | predictive | novelty | fit s | fit CPU s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for line in table:
        cells = [line["protocol"], line["entry"], str(line["runs"])]
        for score in ("discriminative", "predictive", "novelty", "fit_s", "fit_cpu_s"):
            if score in line:
                mean, std = line[score]
                cells.append(f"{mean:.3f} ± {std:.3f}" if "fit" not in score else f"{mean:.0f}")
            else:
                cells.append("—")
        lines.append("| " + " | ".join(cells) + " |")
    for name, (d, ds, p, ps) in PUBLISHED.items():
        lines.append(
            f"| published | {name} | — | {d:.3f} ± {ds:.3f} | {p:.3f} ± {ps:.3f} | — | — | — |"
        )
    lines.append("| published | real data | — | — | 0.036 | — | — | — |")
    return "\n".join(lines)


def main() -> None:
    """Parse the options, run, print and optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/stock_data.csv", help="stock_data.csv")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument(
        "--protocols",
        nargs="+",
        default=["reversed", "chronological"],
        choices=["reversed", "chronological"],
    )
    parser.add_argument("--entries", nargs="+", default=list(ENTRIES), choices=ENTRIES)
    parser.add_argument("--disc-iterations", type=int, default=2000)
    parser.add_argument("--pred-iterations", type=int, default=5000)
    parser.add_argument(
        "--gan-steps", type=int, default=None, help="MarketGAN steps (default 1800)"
    )
    parser.add_argument("--json", type=Path, default=None, help="write rows and summary here")
    args = parser.parse_args()
    bars = load_stocks(args.data).to_numpy()
    rows: list[dict[str, Any]] = []
    for seed in args.seeds:  # seed-major: an interrupted run still covers both protocols
        for protocol in args.protocols:
            rows.extend(run_one(bars, protocol, seed, list(args.entries), args))
            if args.json is not None:  # after every run, so that a long run leaves its results
                args.json.write_text(json.dumps({"rows": rows, "summary": summarise(rows)}))
    print(format_table(summarise(rows)))


if __name__ == "__main__":
    main()
