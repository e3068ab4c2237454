"""When is a high DCR share a copy? Lopsided halves against copies, on two tables.

For each seed the table is split in halves as ``bench/dp_tabular.py`` splits German Credit
(``np.random.default_rng(seed).permutation``; the breast-cancer table's 569 rows give halves of
284). Each generator is fitted on the training half and scored against the held-out half:

- ``copula_train`` / ``copula_holdout`` / ``copula_both``: ``GaussianCopulaBaseline`` fitted on
  the training half, on the held-out half (it never saw a training row) and on both; the DCR
  share is the mean over ``--draws`` seeded draws, so it shows what the split itself does to
  the share of a smooth model;
- ``private_eps1`` / ``private_eps3``: TabularGAN with ``private_settings`` at that epsilon;
- ``leaky``: the training rows with Gaussian noise of 0.1 standard deviations on the numeric
  columns (``bench/credit_privacy.py``'s leaky control).

Each row reports the DCR share (``fingan.metrics.dcr_share``, on each table's own ranges as in
SDMetrics, and on the pooled real rows' ranges, ``scale="pooled"``), its permutation p-value
(of the pooled share) and the
5th-percentile distance ratio of ``fingan.metrics.leakage_report`` (synthetic rows' distance to
the training rows over the held-out rows'; the privacy audit calls a high share copying only
when it is below 1).

    nice python bench/dcr_splits.py --data credit --json dcr.json
    nice python bench/dcr_splits.py --data breast_cancer
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import numpy as np
import pandas as pd
import torch
from credit_privacy import leaky
from dp_settings import TABLES

from fingan.baselines.copula import GaussianCopulaBaseline
from fingan.metrics import dcr_share, dcr_share_p_value, leakage_report
from fingan.models.tabular_gan import TabularGAN
from fingan.models.tabular_private_settings import private_settings


def halves(frame: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seed's training and held-out halves (equal sizes)."""
    order = np.random.default_rng(seed).permutation(len(frame))
    half = len(frame) // 2
    return (
        frame.iloc[order[:half]].reset_index(drop=True),
        frame.iloc[order[half : 2 * half]].reset_index(drop=True),
    )


def scores(train: pd.DataFrame, holdout: pd.DataFrame, rows: pd.DataFrame) -> dict[str, float]:
    """DCR share, its permutation p-value and the 5th-percentile distance ratio."""
    return {
        "dcr_share": dcr_share(train, holdout, rows).closer_to_training,
        "dcr_share_pooled": dcr_share(train, holdout, rows, scale="pooled").closer_to_training,
        "dcr_p_value": dcr_share_p_value(train, holdout, rows, random_state=0),
        "p05_ratio": leakage_report(train, holdout, rows).p05_ratio,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=sorted(TABLES), default="credit")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--draws", type=int, default=10, help="copula draws averaged")
    parser.add_argument("--json", help="write the rows to this JSON file")
    args = parser.parse_args()
    torch.set_num_threads(1)
    frame, meta, label, _ = TABLES[args.data]()
    categorical = [column for column, info in meta.items() if "categories" in info]
    numeric = [column for column in meta if column not in categorical]
    rows: list[dict[str, Any]] = []
    for seed in [int(value) for value in args.seeds.split(",")]:
        train, holdout = halves(frame, seed)
        fits = {
            "train": train,
            "holdout": holdout,
            "both": pd.concat([train, holdout], ignore_index=True),
        }
        for name, fitted_on in fits.items():
            copula = GaussianCopulaBaseline(random_state=seed).fit(fitted_on)
            draws = [
                scores(train, holdout, copula.sample(len(train), random_state=draw))
                for draw in range(args.draws)
            ]
            mean = {key: float(np.mean([d[key] for d in draws])) for key in draws[0]}
            rows.append({"seed": seed, "generator": f"copula_{name}", **mean})
        for epsilon in (1.0, 3.0):
            gan = TabularGAN(
                **private_settings(len(train), categorical, label),
                epsilon=epsilon,
                metadata=meta,
                random_state=seed,
                device="cpu",
            ).fit(train)
            synthetic = gan.sample(len(train), random_state=seed + 100)
            rows.append(
                {
                    "seed": seed,
                    "generator": f"private_eps{epsilon:g}",
                    **scores(train, holdout, synthetic),
                }
            )
        rows.append(
            {
                "seed": seed,
                "generator": "leaky",
                **scores(train, holdout, leaky(train, seed, numeric)),
            }
        )
        for row in rows[-6:]:
            print(json.dumps(row), flush=True)
    table = pd.DataFrame(rows)
    if args.json:
        table.to_json(args.json, orient="records", indent=1)
    print(table.pivot(index="seed", columns="generator", values="dcr_share").round(3))
    print(table.pivot(index="seed", columns="generator", values="dcr_share_pooled").round(3))
    print(table.pivot(index="seed", columns="generator", values="p05_ratio").round(3))


if __name__ == "__main__":
    main()
