"""Privacy audit of TabularGAN and the Gaussian copula on German Credit, seed by seed.

For each seed, German Credit is split at random into a training half and a holdout half; each
generator is fitted on the training half and samples as many rows;
:func:`fingan.audit.privacy_audit` then measures the DCR share, the anonymeter risks
(singling-out, linkability, inference of every column) and the membership attack's AUC, the
holdout as control. A deliberately leaky generator (the training rows with Gaussian noise of
0.1 standard deviations on the numeric columns) is audited beside them as the positive
control.

    nice python bench/credit_privacy.py [--seeds 0 1 2 3 4] [--gan-steps 300] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from fingan.audit import privacy_audit
from fingan.baselines import GaussianCopulaBaseline
from fingan.datasets import load_german_credit
from fingan.datasets.credit import GERMAN_CREDIT_NUMERIC, GERMAN_CREDIT_TARGET
from fingan.models import TabularGAN


def leaky(
    train: pd.DataFrame, seed: int, numeric: Sequence[str] = GERMAN_CREDIT_NUMERIC
) -> pd.DataFrame:
    """The training rows with noise of 0.1 standard deviations on the ``numeric`` columns."""
    rng = np.random.default_rng(seed)
    noisy = train.copy()
    for column in numeric:
        values = train[column].to_numpy(np.float64)
        noisy[column] = values + rng.normal(0.0, 0.1 * values.std(), len(values))
    return noisy


def row(model: str, seed: int, seconds: float, audit: Any) -> dict[str, Any]:
    worst = audit.worst_inference
    label = next(r for r in audit.inference if r.name == f"inference:{GERMAN_CREDIT_TARGET}")
    return {
        "model": model,
        "seed": seed,
        "fit_seconds": round(seconds, 1),
        "dcr_share": audit.dcr.closer_to_training,
        "dcr_p_value": audit.dcr_p_value,
        "membership_auc": audit.membership.auc,
        "auc_low": audit.membership.auc_low,
        "auc_high": audit.membership.auc_high,
        "singling_uni": audit.singling_out_univariate.risk,
        "singling_multi": audit.singling_out_multivariate.risk,
        "singling_multi_high": audit.singling_out_multivariate.risk_high,
        "linkability": audit.linkability.risk,
        "linkability_high": audit.linkability.risk_high,
        "inference_label": label.risk,
        "inference_worst": worst.risk,
        "inference_worst_high": worst.risk_high,
        "worst_secret": worst.name.split(":", 1)[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--gan-steps", type=int, default=300)
    parser.add_argument("--n-attacks", type=int, default=500)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    credit = load_german_credit()
    rows = []
    for seed in args.seeds:
        order = np.random.default_rng(seed).permutation(len(credit))
        train = credit.iloc[order[:500]].reset_index(drop=True)
        holdout = credit.iloc[order[500:]].reset_index(drop=True)
        training = TabularGAN.training_with_steps(n_steps=args.gan_steps)
        generators: dict[str, Any] = {
            "TabularGAN": TabularGAN(training=training, random_state=seed, device="cpu"),
            "copula": GaussianCopulaBaseline(random_state=seed),
        }
        for name, generator in generators.items():
            started = time.perf_counter()
            synthetic = generator.fit(train).sample(len(train), random_state=seed)
            seconds = time.perf_counter() - started
            audit = privacy_audit(
                train, holdout, synthetic, n_attacks=args.n_attacks, random_state=seed
            )
            rows.append(row(name, seed, seconds, audit))
            print(rows[-1], flush=True)
        audit = privacy_audit(
            train, holdout, leaky(train, seed), n_attacks=args.n_attacks, random_state=seed
        )
        rows.append(row("leaky (train + noise)", seed, 0.0, audit))
        print(rows[-1], flush=True)
    frame = pd.DataFrame(rows)
    numbers = frame.drop(columns=["seed", "worst_secret"])
    summary = numbers.groupby("model", sort=False).agg(["mean", "std"]).round(3)
    with pd.option_context("display.width", 250, "display.max_columns", 40):
        print(frame.round(3).to_string(index=False))
        print(summary.to_string())
    if args.json:
        args.json.write_text(
            json.dumps(
                {"settings": {k: str(v) for k, v in vars(args).items()}, "rows": rows}, indent=2
            )
        )


if __name__ == "__main__":
    main()
