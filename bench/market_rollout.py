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
    ``--draws N`` scores each fit on N independent draws of paths: the groups one fit wins
    move by one or two from draw to draw, so a single draw says little about a setting.

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
DRAW_SEED_STEP = 1000  # sampling seeds of draw d: those of draw 0 plus d * DRAW_SEED_STEP
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
            seconds = {}
            for name, generator in generators.items():
                started = time.perf_counter()
                generator.fit(train)
                seconds[name] = time.perf_counter() - started
                print(f"{data} seed {seed}: {name} fitted in {seconds[name]:.1f} s", flush=True)
            for draw in range(args.draws):
                # draw 0 keeps the sampling seeds of the runs before --draws existed
                shift = DRAW_SEED_STEP * draw
                paths = {
                    name: generator.sample(
                        args.paths, len(test), random_state=seed + 100 + offset + shift
                    )
                    for offset, (name, generator) in enumerate(generators.items())
                }
                scores = compare_generators(test, paths, random_state=seed + shift)
                for name in generators:
                    if name in PEERS:
                        continue
                    fit_seconds = round(seconds[name], 1)
                    keys = {"data": data, "seed": seed, "draw": draw, "fit_seconds": fit_seconds}
                    rows.append(score_row(scores, name, **keys))
                    print(json.dumps(rows[-1]), flush=True)
    return rows


def score_row(scores: pd.DataFrame, name: str, **keys: Any) -> dict[str, Any]:
    """Groups ``name`` wins against GARCH-t and the bootstrap, and its headline errors."""
    three = scores.loc[[name, *PEERS]]
    won = head_to_head(three, name).loc[SINGLE_ASSET_GROUPS].all(axis=1)
    return {
        **keys,
        "generator": name,
        "groups_won": int(won.sum()),
        "won": [group for group in SINGLE_ASSET_GROUPS if won[group]],
        "acf_abs": float(scores.loc[name, ("volatility_clustering", "acf_abs")]),
        "acf_abs_garch_t": float(scores.loc[PEERS[0], ("volatility_clustering", "acf_abs")]),
        "acf_returns": float(scores.loc[name, ("autocorrelation", "acf_returns")]),
        "leverage": float(scores.loc[name, ("leverage", "leverage")]),
        "discriminative": float(scores.loc[name, ("discriminative", "discriminative_score")]),
    }


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
    parser.add_argument(
        "--draws",
        type=int,
        default=1,
        help="score each fit on this many independent draws of paths (groups won vary by draw)",
    )
    parser.add_argument("--calibration-paths", type=int, default=50)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    if args.data is None:
        args.data = ["sp500", "nasdaq"] if args.what == "scoreboard" else list(CALIBRATION_WINDOWS)
    rows = scoreboard(args) if args.what == "scoreboard" else calibration(args)
    frame = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(frame.drop(columns=[c for c in ("won",) if c in frame]).round(3).to_string())
        if args.what == "scoreboard" and args.draws > 1:
            keys = ["data", "seed", "generator"]
            numeric = [c for c in frame.columns if c not in (*keys, "won", "draw")]
            print("mean over draws:")
            print(frame.groupby(keys)[numeric].mean().round(3).to_string())
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, default=str))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
