"""Variants of MarketGAN on the same held-out scoreboard (for the design notes).

Reproduce: python bench/market_ablation.py [--steps N] [--df 0] [--no-sv] [--no-stats] [--lambert]
[--seed S]
"""

from __future__ import annotations

import argparse
import dataclasses
import time

from fingan.apps.market import GAN_NAME, evaluate_market
from fingan.datasets import load_market
from fingan.models import MarketGAN
from fingan.models.market_gan import DEFAULT_DISCRIMINATOR, DEFAULT_GENERATOR
from fingan.nn.tcn import TCNConfig


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="sp500")
    parser.add_argument("--test-start", default="2016-01-01")
    parser.add_argument("--steps", type=int, default=MarketGAN.default_training.n_steps)
    parser.add_argument("--hidden", type=int, default=DEFAULT_GENERATOR.hidden_channels)
    parser.add_argument("--d-blocks", type=int, default=DEFAULT_DISCRIMINATOR.n_blocks)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--n-critic", type=int, default=1)
    parser.add_argument("--window", type=int, default=256)
    parser.add_argument("--no-sv", action="store_true")
    parser.add_argument("--no-stats", action="store_true")
    parser.add_argument(
        "--lambert", action="store_true", help="the Lambert W step on (the default before)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--df", type=int, default=5, help="0: Gaussian innovations")
    args = parser.parse_args()
    returns = load_market(args.data, "2009-01-01", "2018-12-31")
    training = dataclasses.replace(
        MarketGAN.default_training,
        n_steps=args.steps,
        batch_size=args.batch,
        lr_g=args.lr,
        lr_d=args.lr,
        n_critic=args.n_critic,
    )
    gan = MarketGAN(
        window=args.window,
        generator=TCNConfig(hidden_channels=args.hidden, skip_channels=args.hidden, n_blocks=7),
        discriminator=TCNConfig(
            hidden_channels=args.hidden, skip_channels=args.hidden, n_blocks=args.d_blocks
        ),
        stochastic_volatility=not args.no_sv,
        window_statistics=not args.no_stats,
        lambert_w=args.lambert,
        innovation_df=args.df or None,
        training=training,
        random_state=args.seed,
    )
    started = time.perf_counter()
    result = evaluate_market(
        returns, test_start=args.test_start, gan=gan, n_paths=100, random_state=args.seed
    )
    print(vars(args))
    print(f"total {time.perf_counter() - started:.0f}s, fit {result.fit_seconds[GAN_NAME]:.0f}s")
    print(result.summary())
    wins = result.stylized_wins(GAN_NAME, ["GARCH(1,1)-t", "Block bootstrap"])
    print(f"groups won against both: {int(wins.drop(index='overall').all(axis=1).sum())} of 7")
    print(result.scores.T.to_string(float_format=lambda v: f"{v:.4f}"))


if __name__ == "__main__":
    main()
