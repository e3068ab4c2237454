"""Thread settings alone and under sharing: which default is fast alone and fair when shared.

Each job is a separate process started the way a user starts fingan (the CLI, or the Python API
after ``configure_process``), with a thread setting given by ``FINGAN_NUM_THREADS`` and the
OpenMP wait policy by ``OMP_WAIT_POLICY``; "2 threads, active" is closest to torch's own
default (all cores, spinning workers), fingan's behaviour before it chose its threads.

Reproduce (on an otherwise idle machine):
    python bench/threads.py grid --market-steps 300 --credit-steps 300
    python bench/threads.py targets --market-steps 1800
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

SETTINGS: dict[str, dict[str, str]] = {
    "1 thread, passive": {"FINGAN_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE"},
    "2 threads, passive": {"FINGAN_NUM_THREADS": "2", "OMP_WAIT_POLICY": "PASSIVE"},
    "1 thread, active": {"FINGAN_NUM_THREADS": "1", "OMP_WAIT_POLICY": "ACTIVE"},
    "2 threads, active": {"FINGAN_NUM_THREADS": "2", "OMP_WAIT_POLICY": "ACTIVE"},
}
"""The candidates: threads per process (all cores = 2 here) x OpenMP wait policy."""

CREDIT_FIT = """
from fingan.core.threads import configure_process
configure_process()
from fingan.datasets import load_german_credit
from fingan.models import TabularGAN
from fingan.training import TrainingConfig
training = TrainingConfig(n_steps={steps}, batch_size=500)
TabularGAN(training=training, random_state=0).fit(load_german_credit())
"""

BUSY = [sys.executable, "-c", "while True: pass"]
"""A CPU-bound process that is not fingan: one core, busy until killed."""


def market_fit(steps: int, out: Path) -> list[str]:
    return ["fingan", "market", "fit", "sp500", "--steps", str(steps), "--out", str(out), "-q"]


def credit_fit(steps: int) -> list[str]:
    return [sys.executable, "-c", CREDIT_FIT.format(steps=steps)]


def environment(setting: str | None) -> dict[str, str]:
    """This process's environment without thread settings, plus those of ``setting``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("FINGAN_NUM_THREADS", "OMP_NUM_THREADS", "OMP_WAIT_POLICY")
    }
    if setting is not None:
        env.update(SETTINGS[setting])
    return env


TIMEOUT = 600.0
"""Seconds after which a job is killed and reported as ``inf`` (slower than this)."""


def run_together(
    commands: Sequence[list[str]],
    env: dict[str, str],
    *,
    background: Sequence[list[str]] = (),
) -> list[float]:
    """Start every command at once; return each one's wall time in seconds (inf: killed).

    ``background`` commands (a busy loop) run beside them and are killed when they end.
    """
    started = time.perf_counter()
    others = [subprocess.Popen(command, env=env) for command in background]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for command in commands
    ]
    finished: list[float] = [0.0] * len(processes)
    pending = set(range(len(processes)))
    while pending:
        if time.perf_counter() - started > TIMEOUT:
            for index in pending:
                processes[index].kill()
                finished[index] = float("inf")
            break
        for index in list(pending):
            if processes[index].poll() is not None:
                finished[index] = time.perf_counter() - started
                pending.discard(index)
                if processes[index].returncode != 0:
                    error = processes[index].stderr.read().decode()  # type: ignore[union-attr]
                    raise RuntimeError(f"{commands[index]} failed: {error[-500:]}")
        time.sleep(0.05)
    for other in others:
        other.kill()
    return finished


def grid(market_steps: int, credit_steps: int, settings: Sequence[str]) -> None:
    """Each setting alone, two market fits together, and a fit beside a busy loop."""
    print(f"market fit: {market_steps} steps; TabularGAN on German Credit: {credit_steps} steps")
    print("| setting | market alone | credit alone | two market fits, each | beside a busy loop |")
    print("|---|---|---|---|---|")
    for setting in settings:
        env = environment(setting)
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            alone = run_together([market_fit(market_steps, root / "a")], env)[0]
            credit = run_together([credit_fit(credit_steps)], env)[0]
            pair = run_together(
                [market_fit(market_steps, root / "b"), market_fit(market_steps, root / "c")], env
            )
            beside = run_together([market_fit(market_steps, root / "d")], env, background=[BUSY])[0]
        print(
            f"| {setting} | {alone:.1f} s | {credit:.1f} s | {max(pair):.1f} s "
            f"({max(pair) / alone:.2f}x) | {beside:.1f} s ({beside / alone:.2f}x) |"
        )


def targets(market_steps: int) -> None:
    """The issue's targets with fingan's default settings (no thread variables set)."""
    env = environment(None)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        alone = run_together([market_fit(market_steps, root / "a")], env)[0]
        print(f"market fit, {market_steps} steps, alone: {alone:.1f} s")
        pair = run_together(
            [market_fit(market_steps, root / "b"), market_fit(market_steps, root / "c")], env
        )
        print(f"two together: {pair[0]:.1f} s and {pair[1]:.1f} s ({max(pair) / alone:.2f}x)")
        beside = run_together([market_fit(market_steps, root / "d")], env, background=[BUSY])[0]
        print(f"beside a busy loop: {beside:.1f} s ({beside / alone:.2f}x)")
        demo = ["fingan", "demo", "--out", str(root / "demo"), "-q"]
        demo_alone = run_together([demo], env)[0]
        shared = run_together(
            [[*demo[:3], str(root / "demo2"), "-q"], market_fit(market_steps, root / "e")], env
        )
        print(
            f"demo alone: {demo_alone:.1f} s; beside the market fit: {shared[0]:.1f} s "
            f"({shared[0] / demo_alone:.2f}x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["grid", "targets"])
    parser.add_argument("--market-steps", type=int, default=300)
    parser.add_argument("--credit-steps", type=int, default=300)
    parser.add_argument("--settings", help="Comma-separated subset of the grid's settings.")
    args = parser.parse_args()
    settings = list(SETTINGS)
    if args.settings:
        settings = [name.strip() for name in args.settings.split(",")]
    if args.what == "grid":
        grid(args.market_steps, args.credit_steps, settings)
    else:
        targets(args.market_steps)


if __name__ == "__main__":
    main()
