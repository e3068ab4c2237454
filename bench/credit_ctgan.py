"""TabularGAN against the ``ctgan`` package on German Credit: seconds per epoch and quality.

Both models train on the 1,000 German Credit rows with the same epochs, batch size (500) and
pac (10), in this one process, one after the other, seed by seed. An epoch is
``n_rows // batch_size`` optimisation steps (ctgan's definition), so ``--epochs 300`` is 600
steps for each. Fit time is the whole ``fit`` call (preprocessing included), divided by the
number of epochs. Quality is :func:`fingan.metrics.quality_score` (column shapes and column pair
trends, as SDMetrics defines them) of 1,000 sampled rows against the real table.

``ctgan`` is not a fingan dependency. Install it beside fingan, reusing the CPU torch:

    python -m venv --system-site-packages /tmp/ctgan-venv
    /tmp/ctgan-venv/bin/pip install ctgan
    /tmp/ctgan-venv/bin/python bench/credit_ctgan.py [--epochs 300] [--seeds 0 1 2]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import pandas as pd
import torch
from ctgan import CTGAN  # type: ignore[import-untyped]

from fingan.datasets import load_german_credit
from fingan.metrics import quality_score
from fingan.models import TabularGAN
from fingan.training import TrainingConfig

BATCH_SIZE = 500
PAC = 10


def run_ctgan(data: pd.DataFrame, epochs: int, seed: int) -> Callable[[int], pd.DataFrame]:
    """Fit ctgan and return its sampler."""
    categorical = [
        name for name in data.columns if isinstance(data[name].dtype, pd.CategoricalDtype)
    ]
    model = CTGAN(epochs=epochs, batch_size=BATCH_SIZE, pac=PAC, verbose=False, enable_gpu=False)
    model.set_random_state(seed)
    model.fit(data, discrete_columns=categorical)
    return lambda n: model.sample(n)


def run_fingan(data: pd.DataFrame, epochs: int, seed: int) -> Callable[[int], pd.DataFrame]:
    """Fit TabularGAN and return its sampler."""
    steps = epochs * max(len(data) // BATCH_SIZE, 1)
    training = TrainingConfig(n_steps=steps, batch_size=BATCH_SIZE, lr_g=2e-4, lr_d=2e-4)
    model = TabularGAN(pac=PAC, training=training, random_state=seed, device="cpu").fit(data)
    return lambda n: model.sample(n, random_state=seed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--threads", type=int, default=None, help="torch threads (both models)")
    args = parser.parse_args()
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    data = load_german_credit()
    # ctgan returns categories as plain text; compare both as text so dtypes do not matter.
    real = data.astype({name: str for name in data.columns if data[name].dtype == "category"})
    print(
        f"German Credit {data.shape}, epochs {args.epochs}, batch {BATCH_SIZE}, pac {PAC}, "
        f"torch threads {torch.get_num_threads()}"
    )
    rows = []
    for seed in args.seeds:
        for name, run in (("fingan TabularGAN", run_fingan), ("ctgan CTGAN", run_ctgan)):
            started = time.perf_counter()
            sample = run(data, args.epochs, seed)
            seconds = time.perf_counter() - started
            synthetic = sample(len(data)).astype(real.dtypes.to_dict())
            report = quality_score(real, synthetic)
            rows.append(
                {
                    "model": name,
                    "seed": seed,
                    "fit_s": seconds,
                    "s_per_epoch": seconds / args.epochs,
                    "quality": report.score,
                    "column_shapes": report.to_dict()["column_shapes"],
                    "pair_trends": report.to_dict()["column_pair_trends"],
                }
            )
            print(pd.DataFrame(rows[-1:]).to_string(index=False, header=len(rows) == 1))
    table = pd.DataFrame(rows)
    print("\nmean over seeds")
    print(
        table.groupby("model")[
            ["fit_s", "s_per_epoch", "quality", "column_shapes", "pair_trends"]
        ].mean()
    )


if __name__ == "__main__":
    main()
