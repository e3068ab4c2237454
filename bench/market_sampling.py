"""Sampling speed: 100,000 paths of 252 days from MarketGAN and from its classical peers.

Reproduce: python bench/market_sampling.py [--paths 100000] [--steps 252]
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import torch

from fingan.apps.market import classical_generators
from fingan.datasets import load_sp500
from fingan.models import MarketGAN


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paths", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=252)
    args = parser.parse_args()
    returns = load_sp500("2009-01-01", "2015-12-31")
    # Sampling speed does not depend on how long the GAN was trained: a few steps suffice.
    gan = MarketGAN(
        training=dataclasses.replace(MarketGAN.default_training, n_steps=10), random_state=0
    ).fit(returns)
    generators = {"MarketGAN": gan, **classical_generators(0)}
    print(f"torch threads: {torch.get_num_threads()}; {args.paths:,} paths x {args.steps} days")
    for name, generator in generators.items():
        if name != "MarketGAN":
            generator.fit(returns)
        started = time.perf_counter()
        paths = generator.sample(args.paths, args.steps, random_state=1)
        elapsed = time.perf_counter() - started
        print(f"{name:18s} {elapsed:7.2f} s   shape {paths.values.shape}")


if __name__ == "__main__":
    main()
