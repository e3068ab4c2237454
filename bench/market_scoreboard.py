"""MarketGAN against the classical generators on S&P 500 returns, held out 2017-2018.

Reproduce: python bench/market_scoreboard.py [--steps N] [--seed S]
    [--statistics-lags sparse|dense_abs|dense] [--g-average W]
    (MarketGAN settings; default: its defaults)
"""

from __future__ import annotations

import argparse
import dataclasses
import time

from fingan.apps.market import GAN_NAME, evaluate_market
from fingan.datasets import load_market
from fingan.models import MarketGAN
from fingan.models.market_gan import DEFAULT_GENERATOR


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="sp500")
    parser.add_argument("--start", default="2009-01-01")
    parser.add_argument("--end", default="2018-12-31")
    parser.add_argument("--test-start", default="2017-01-01")
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--paths", type=int, default=100)
    parser.add_argument("--statistics-lags", default=None, help="sparse, dense_abs or dense")
    parser.add_argument("--g-average", type=int, default=None, help="generator head_average")
    args = parser.parse_args()
    returns = load_market(args.data, args.start, args.end)
    gan = MarketGAN(random_state=args.seed)
    if args.statistics_lags is not None:
        gan.statistics_lags = args.statistics_lags
    if args.g_average is not None:
        gan.generator = dataclasses.replace(DEFAULT_GENERATOR, head_average=args.g_average)
    if args.steps is not None:
        gan.training = gan.default_training.__class__(
            **{**gan.default_training.__dict__, "n_steps": args.steps}
        )
    print(gan)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = evaluate_market(
        returns,
        test_start=args.test_start,
        gan=gan,
        n_paths=args.paths,
        random_state=args.seed,
        on_stage=lambda stage: print(
            f"[{time.perf_counter() - started:6.1f}s] {stage}", flush=True
        ),
    )
    print(result.summary())
    print("\nfit seconds:", {k: round(v, 1) for k, v in result.fit_seconds.items()})
    print(f"CPU seconds of the whole evaluation: {time.process_time() - cpu_started:.1f}")
    wins = result.stylized_wins(GAN_NAME, ["GARCH(1,1)-t", "Block bootstrap"])
    print("\nMarketGAN wins (True) against:\n", wins.to_string())
    print("\nraw errors:\n", result.scores.T.to_string(float_format=lambda v: f"{v:.4f}"))


if __name__ == "__main__":
    main()
