"""CPU seconds of a differentially private TabularGAN fit on German Credit, fit after fit.

The settings of ``docs/benchmarks.md``'s privacy tables (``bench/dp_tabular.py``: 300 steps of
an expected batch of 150, a 64-unit critic, the label tables, no gradient penalty) on seed 0's
500 training rows, one torch thread, ``--fits`` fits in one process; the first carries the
process's warm-up.

    python bench/dp_fit_speed.py --epsilon 1.3848 --fits 3
"""

from __future__ import annotations

import argparse
import time

import torch
from dp_tabular import condition_columns, metadata, split

from fingan.datasets import GERMAN_CREDIT_TARGET, load_german_credit
from fingan.models.tabular_gan import TabularGAN
from fingan.nn.mlp import MLPConfig
from fingan.training import TrainingConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epsilon", type=float, default=1.3848)
    parser.add_argument("--fits", type=int, default=3)
    parser.add_argument(
        "--gp-weight",
        type=float,
        default=0.0,
        help="gradient penalty at generated rows (dp_tabular.py --gp-weight; 10 before 2026-12-01)",
    )
    args = parser.parse_args()
    torch.set_num_threads(1)
    train, _ = split(0, validation=False)
    conditions = condition_columns(argparse.Namespace(condition_target=False, label_share=0.5))
    for fit in range(args.fits):
        model = TabularGAN(
            pac=1,
            training=TrainingConfig(
                n_steps=300, batch_size=150, lr_g=1e-3, lr_d=1e-3, gp_weight=args.gp_weight
            ),
            condition_columns=conditions,
            target=GERMAN_CREDIT_TARGET,
            generator=MLPConfig(hidden_dims=(128, 128), activation="relu"),
            discriminator=MLPConfig(hidden_dims=(64,), residual=False),
            epsilon=args.epsilon,
            metadata=metadata(load_german_credit()),
            random_state=0,
            device="cpu",
        )
        started = time.process_time()
        model.fit(train)
        print(f"fit {fit}: {time.process_time() - started:.2f} CPU s", flush=True)


if __name__ == "__main__":
    main()
