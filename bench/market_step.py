"""MarketGAN's training step: the time-major TCN and FFT statistics against the layers before.

Times, in one process and alternating, a critic update with its gradient penalty and a
generator update of MarketGAN's default networks, computed two ways with the same weights:

- ``convolutions``: the TCN's layers as ``torch.nn.functional.conv1d`` on ``(batch, channels,
  days)`` and each lagged correlation of the critic's statistics as its own slice and product
  (the implementation before, kept here as the peer);
- ``fingan``: the TCN's layers as matrix products over time-major activations and the lagged
  correlations from one FFT (``fingan.nn.tcn``, ``fingan.nn.market``).

Then fits MarketGAN with its defaults on the S&P 500 2009-2015 (the held-out protocol's training
window) and reports the wall and CPU seconds of the fit.

Reproduce: python bench/market_step.py [--repeats 100] [--fit-steps N] [--threads 1]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import cast

import torch
import torch.nn.functional as F  # noqa: N812
from torch import Tensor, nn

import fingan.nn.market as market
from fingan.core.threads import set_threads
from fingan.datasets import load_market
from fingan.models import MarketGAN
from fingan.models.market_gan import DEFAULT_DISCRIMINATOR, DEFAULT_GENERATOR
from fingan.nn.market import DENSE_STATISTICS_LAGS, PathDiscriminator, PathGenerator, path_noise
from fingan.nn.tcn import TCN, TemporalBlock
from fingan.training.losses import gradient_penalty

BATCH, WINDOW = 32, 256


def convolution_tcn(network: TCN, x: Tensor) -> Tensor:
    """The TCN's forward pass as convolutions on ``(batch, channels, days)``."""
    skips: Tensor | None = None
    for block in cast(Iterable[TemporalBlock], network.blocks):
        hidden = F.leaky_relu(
            F.conv1d(x, block.dilated.weight, block.dilated.bias, dilation=block.dilation), 0.2
        )
        out = F.leaky_relu(F.conv1d(hidden, block.pointwise.weight, block.pointwise.bias), 0.2)
        cropped = x[..., -out.shape[-1] :]
        residual = (
            cropped
            if block.residual is None
            else F.conv1d(cropped, block.residual.weight, block.residual.bias)
        )
        x = out + residual
        skip = F.conv1d(x, block.skip.weight, block.skip.bias)
        skips = skip if skips is None else skips[..., -skip.shape[-1] :] + skip
    assert skips is not None
    if network.head_average > 1:
        skips = F.avg_pool1d(skips, network.head_average, stride=1)
    layer = cast(nn.Conv1d, network.head[1])
    return F.conv1d(F.leaky_relu(skips, 0.2), layer.weight, layer.bias)


def sliced_correlations(
    pairs: Sequence[tuple[Tensor, Tensor, Sequence[int]]],
) -> list[Tensor]:
    """Each lagged correlation as its own slice and product (the statistics before)."""
    out = []
    for leading, lagging, lags in pairs:
        scale = (leading.pow(2).mean(dim=-1) * lagging.pow(2).mean(dim=-1)).sqrt() + 1e-6
        values = [(leading[..., :-k] * lagging[..., k:]).mean(dim=-1) / scale for k in lags]
        out.append(torch.stack(values, dim=-1))
    return out


@contextmanager
def implementation(name: str) -> Iterator[None]:
    """Run the networks as ``name`` ("fingan" or "convolutions") inside the block."""
    if name == "fingan":
        yield
        return
    forward, correlations = TCN.forward, market._lagged_correlations
    TCN.forward = convolution_tcn  # type: ignore[method-assign,assignment]
    market._lagged_correlations = sliced_correlations
    try:
        yield
    finally:
        TCN.forward = forward  # type: ignore[method-assign]
        market._lagged_correlations = correlations


def training_step(seed: int) -> Callable[[], None]:
    """One critic update (with gradient penalty) and one generator update, as a closure."""
    torch.manual_seed(seed)
    rng = torch.Generator().manual_seed(seed)
    generator = PathGenerator(3, 1, DEFAULT_GENERATOR)
    critic = PathDiscriminator(1, DEFAULT_DISCRIMINATOR, window=WINDOW, lags=DENSE_STATISTICS_LAGS)
    real = torch.randn(BATCH, 1, WINDOW, generator=rng)
    noise_length = WINDOW + DEFAULT_GENERATOR.receptive_field

    def step() -> None:
        noise = path_noise(BATCH, 3, noise_length, rng, innovation_df=5, regime_halflife=60.0)
        with torch.no_grad():
            fake = generator(noise)
        loss = critic(fake).mean() - critic(real).mean()
        loss = loss + 10 * gradient_penalty(lambda x: critic(x).reshape(-1), real, fake, rng)
        loss.backward()
        critic.requires_grad_(False)
        noise = path_noise(BATCH, 3, noise_length, rng, innovation_df=5, regime_halflife=60.0)
        (-critic(generator(noise)).mean()).backward()
        critic.requires_grad_(True)

    return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=100, help="steps timed per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fit-steps", type=int, default=MarketGAN.default_training.n_steps)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    set_threads(args.threads)
    names = ("convolutions", "fingan")
    with torch.no_grad():  # the two give the same numbers
        network = TCN(3, 2, DEFAULT_GENERATOR)
        x = torch.randn(4, 3, 400)
        with implementation("convolutions"):
            expected = network(x)
        print(f"largest difference of the outputs: {(network(x) - expected).abs().max():.1e}")
    timings: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(args.rounds):
        for name in names:
            with implementation(name):
                step = training_step(0)
                step()  # warm up
                started = time.perf_counter()
                for _ in range(args.repeats):
                    step()
                timings[name].append((time.perf_counter() - started) / args.repeats * 1e3)
    print(f"torch threads {torch.get_num_threads()}; ms per training step (rounds):")
    for name, values in timings.items():
        print(f"  {name:13s} best {min(values):6.1f}   " + " ".join(f"{v:.1f}" for v in values))
    returns = load_market("sp500", "2009-01-01", "2015-12-31")
    training = dataclasses.replace(MarketGAN.default_training, n_steps=args.fit_steps)
    started, cpu = time.perf_counter(), time.process_time()
    MarketGAN(training=training, random_state=0).fit(returns)
    print(
        f"MarketGAN defaults, {args.fit_steps} steps on S&P 500 2009-2015: "
        f"{time.perf_counter() - started:.1f} s wall, {time.process_time() - cpu:.1f} s CPU"
    )


if __name__ == "__main__":
    main()
