"""Seeding helpers: one ``random_state`` entry point that never touches global RNG state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import torch

RandomState = int | np.random.Generator | None
"""A seed, a NumPy generator to draw a seed from, or ``None`` for fresh entropy."""

_SEED_BOUND = 2**63 - 1
LIBRARY_SEED_BOUND = 2**32
"""Seeds handed to scikit-learn and hmmlearn must be below this (numpy's legacy RandomState)."""


def draw_seed(random_state: RandomState) -> int:
    """Turn a ``random_state`` into a non-negative integer seed.

    Parameters
    ----------
    random_state : int, numpy.random.Generator or None
        An integer is used as is; a generator gives one draw; ``None`` draws from OS entropy.

    Returns
    -------
    int
        A seed in ``[0, 2**63 - 1)``.
    """
    if random_state is None:
        return int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0] % _SEED_BOUND)
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(_SEED_BOUND))
    if isinstance(random_state, bool) or not isinstance(random_state, int | np.integer):
        raise TypeError(
            f"random_state must be an int, a numpy Generator or None, not {type(random_state)!r}"
        )
    if not 0 <= int(random_state) < _SEED_BOUND:
        raise ValueError(f"random_state must be in [0, 2**63 - 1), got {random_state}")
    return int(random_state)


def library_seed(random_state: RandomState) -> int:
    """Return a 32-bit seed for scikit-learn or hmmlearn, derived from ``random_state``.

    Parameters
    ----------
    random_state : int, numpy.random.Generator or None
        As for :func:`draw_seed`.

    Returns
    -------
    int
        A seed in ``[0, 2**32)``.
    """
    return draw_seed(random_state) % LIBRARY_SEED_BOUND


def torch_generator(seed: int) -> torch.Generator:
    """Return a private CPU :class:`torch.Generator` seeded with ``seed``."""
    generator = torch.Generator(device="cpu")
    generator.manual_seed(seed)
    return generator


@contextmanager
def isolated_torch_rng(seed: int | None, device: torch.device) -> Iterator[None]:
    """Run a block with torch's global RNG seeded, restoring the caller's state afterwards.

    Module initialisation and layers such as dropout draw from the global RNG; inside this block
    they are reproducible, and the caller's global state is the same after it as before.

    Parameters
    ----------
    seed : int or None
        Seed for the global generators inside the block; ``None`` leaves them as they are.
    device : torch.device
        The device in use; its CUDA generator is forked too when it is a GPU.
    """
    cuda_devices = [device.index or 0] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=cuda_devices):
        if seed is not None:
            torch.manual_seed(seed)
        yield
