"""Conditional scenario models rolled out as market generators, against GARCH-t and the bootstrap.

Issue 14 asks for a generator that wins at least 5 of the 6 single-asset stylized-fact groups
against GARCH(1,1)-t and against the block bootstrap on held-out data, volatility clustering
included, and that is calibrated in sample on every series it is fitted to. One route: a
conditional scenario model (a volatility filter x an innovation model) rolled out from the
last training day for as long as the held-out period
(:class:`fingan.scenarios.ConditionalRollout`, ``fingan market evaluate --scenario-models``).

``scoreboard``
    Fits every candidate, GARCH(1,1)-t and the block bootstrap (and MarketGAN with
    ``--market-gan``) on the training days and scores ``--paths`` paths as long as the held-out
    days with :func:`fingan.metrics.compare_generators`. Wins are counted in a three-model
    comparison (the candidate, GARCH-t, the bootstrap), as the issue states them.
    ``--phase validation``: fit 2005-2012, score 2013-2015 (choose the generator here);
    ``--phase test``: fit 2009-2015, score 2016-2018 (run once, settings fixed).

``calibration``
    In sample: paths as long as the training data, rolled out from its last day, against the
    training data's daily volatility, kurtosis and 1 % / 99 % quantiles, on the S&P 500, the
    NASDAQ, WTI crude oil (arch) and a single stock (Google, TimeGAN's Stocks data), each over
    a window that holds 2008.

Reproduce::

    nice python bench/market_rollout.py scoreboard --phase validation --seeds 0 --market-gan
    (MarketGAN settings other than its defaults: --gan-option lambert_w=true regime_halflife=null)
    nice python bench/market_rollout.py scoreboard --phase test --candidates CHOSEN --seeds 0 1 2
    nice python bench/market_rollout.py calibration --candidates CHOSEN --seeds 0 1 2
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from market_calibration import load_series, moments

from fingan.apps.market import GAN_NAME, market_gan, scenario_generators
from fingan.baselines import GARCHBaseline, StationaryBootstrapBaseline
from fingan.core.protocols import PathModel
from fingan.metrics import STYLIZED_GROUPS, compare_generators, head_to_head

PHASES = {
    "validation": ("2005-01-01", "2012-12-31", "2013-01-01", "2015-12-31"),
    "test": ("2009-01-01", "2015-12-31", "2016-01-01", "2018-12-31"),
}
PEERS = ("GARCH(1,1)-t", "Block bootstrap")
SINGLE_ASSET_GROUPS = [group for group in STYLIZED_GROUPS if group != "cross_correlation"]
CALIBRATION_WINDOWS = {
    "sp500": ("2003-01-01", "2012-12-31"),
    "nasdaq": ("2003-01-01", "2012-12-31"),
    "wti": ("2003-01-01", "2012-12-31"),
    "goog": ("2004-08-19", "2012-12-31"),
}


def scoreboard(args: argparse.Namespace) -> list[dict[str, Any]]:
    fit_start, fit_end, test_start, test_end = PHASES[args.phase]
    rows = []
    for data in args.data:
        frame = load_series(data, fit_start, test_end)
        train, test = frame.loc[:fit_end], frame.loc[test_start:]
        for seed in args.seeds:
            generators: dict[str, PathModel] = {
                PEERS[0]: GARCHBaseline(),
                PEERS[1]: StationaryBootstrapBaseline(),
            }
            generators.update(scenario_generators(args.candidates, seed, n_steps=args.gan_steps))
            if args.market_gan:
                generators[GAN_NAME] = market_gan(seed).set_params(**gan_options(args))
            paths, seconds = {}, {}
            for offset, (name, generator) in enumerate(generators.items()):
                started = time.perf_counter()
                generator.fit(train)
                seconds[name] = time.perf_counter() - started
                paths[name] = generator.sample(
                    args.paths, len(test), random_state=seed + 100 + offset
                )
                print(f"{data} seed {seed}: {name} fitted in {seconds[name]:.1f} s", flush=True)
            scores = compare_generators(test, paths, random_state=seed)
            for name in generators:
                if name in PEERS:
                    continue
                three = scores.loc[[name, *PEERS]]
                wins = head_to_head(three, name).loc[SINGLE_ASSET_GROUPS]
                won = wins.all(axis=1)
                rows.append(
                    {
                        "data": data,
                        "seed": seed,
                        "generator": name,
                        "groups_won": int(won.sum()),
                        "won": [group for group in SINGLE_ASSET_GROUPS if won[group]],
                        "acf_abs": float(scores.loc[name, ("volatility_clustering", "acf_abs")]),
                        "acf_abs_garch_t": float(
                            scores.loc[PEERS[0], ("volatility_clustering", "acf_abs")]
                        ),
                        "discriminative": float(
                            scores.loc[name, ("discriminative", "discriminative_score")]
                        ),
                        "fit_seconds": round(seconds[name], 1),
                    }
                )
                print(json.dumps(rows[-1]), flush=True)
    return rows


def calibration(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = []
    for data in args.data:
        start, end = CALIBRATION_WINDOWS[data]
        train = load_series(data, start, end)
        real = moments(train.to_numpy())
        for seed in args.seeds:
            generators = scenario_generators(args.candidates, seed, n_steps=args.gan_steps)
            for name, generator in generators.items():
                generator.fit(train)
                paths = generator.sample(args.calibration_paths, len(train), random_state=seed)
                generated = moments(paths.values)
                ratios = {key: generated[key] / real[key] for key in real}
                rows.append(
                    {"data": data, "seed": seed, "generator": name, "days": len(train), **ratios}
                )
                print(json.dumps(rows[-1]), flush=True)
    return rows


def gan_options(args: argparse.Namespace) -> dict[str, Any]:
    """``--gan-option NAME=JSON ...`` as keyword arguments of MarketGAN."""
    options = {}
    for item in args.gan_option:
        name, _, value = item.partition("=")
        options[name] = json.loads(value)
    return options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["scoreboard", "calibration"])
    parser.add_argument("--phase", choices=sorted(PHASES), default="validation")
    parser.add_argument("--data", nargs="+", default=None)
    parser.add_argument(
        "--candidates", nargs="+", default=["garch+gan_evt", "gjr+gan_evt", "garch+t", "gjr+t"]
    )
    parser.add_argument("--market-gan", action="store_true", help="also MarketGAN (defaults)")
    parser.add_argument("--gan-steps", type=int, default=None)
    parser.add_argument(
        "--gan-option",
        nargs="+",
        default=[],
        help="MarketGAN settings as NAME=JSON, e.g. lambert_w=true regime_halflife=null",
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--paths", type=int, default=100)
    parser.add_argument("--calibration-paths", type=int, default=50)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    if args.data is None:
        args.data = ["sp500", "nasdaq"] if args.what == "scoreboard" else list(CALIBRATION_WINDOWS)
    rows = scoreboard(args) if args.what == "scoreboard" else calibration(args)
    frame = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(frame.drop(columns=[c for c in ("won",) if c in frame]).round(3).to_string())
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, default=str))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
