"""Privacy-utility of the differentially private TabularGAN on German Credit.

500 training rows, the other 500 held out; for each epsilon (``inf``: no privacy, same
networks and training) and seed: the accountant's spent epsilon, the quality score against
the training rows, train-on-synthetic ROC-AUC on the held-out real rows (gradient boosting, as
the credit study), and the fit time. The metadata is written from the UCI codebook (category
lists as the loader declares them; the codebook's two never-used codes are left out) and round
domain bounds, not read from the rows.

    nice python bench/dp_tabular.py --json dp.json
"""

from __future__ import annotations

import argparse
import json
import math
import time

import numpy as np
import pandas as pd

from fingan.apps.credit.classifiers import score_classifier
from fingan.datasets import GERMAN_CREDIT_TARGET, load_german_credit
from fingan.metrics import quality_score
from fingan.models.tabular_gan import TabularGAN
from fingan.training import TrainingConfig

BOUNDS: dict[str, list[object]] = {
    "duration_in_month": [0, 80],
    "credit_amount": [0, 20000],
    "installment_rate_in_percentage_of_disposable_income": [1, 4],
    "present_residence_since": [1, 4],
    "age_in_years": [18, 80],
    "number_of_existing_credits_at_this_bank": [1, 4],
    "number_of_people_being_liable_to_provide_maintenance_for": [1, 2],
}


def metadata(frame: pd.DataFrame) -> dict[str, dict[str, list[object]]]:
    """Codebook categories and round bounds (the codebook's value lists, not fitted)."""
    meta: dict[str, dict[str, list[object]]] = {}
    for column in frame.columns:
        if column in BOUNDS:
            meta[column] = {"bounds": list(BOUNDS[column])}
        else:
            categories = list(frame[column].cat.categories)
            meta[column] = {"categories": categories}
    return meta


def run(epsilon: float, seed: int, n_steps: int, batch_size: int) -> dict[str, float]:
    credit = load_german_credit()
    order = np.random.default_rng(seed).permutation(len(credit))
    train = credit.iloc[order[:500]].reset_index(drop=True)
    holdout = credit.iloc[order[500:]].reset_index(drop=True)
    training = TrainingConfig(n_steps=n_steps, batch_size=batch_size, lr_g=2e-4, lr_d=2e-4)
    model = TabularGAN(
        pac=1,
        training=training,
        epsilon=None if math.isinf(epsilon) else epsilon,
        metadata=metadata(credit),
        random_state=seed,
        device="cpu",
    )
    start = time.perf_counter()
    model.fit(train)
    seconds = time.perf_counter() - start
    synthetic = model.sample(len(train), random_state=seed + 100)
    auc = score_classifier(
        "gradient_boosting", synthetic, holdout, GERMAN_CREDIT_TARGET, "bad", seed
    )["roc_auc"]
    real_auc = score_classifier(
        "gradient_boosting", train, holdout, GERMAN_CREDIT_TARGET, "bad", seed
    )["roc_auc"]
    spend = model.privacy_spent_
    return {
        "epsilon_target": epsilon,
        "seed": seed,
        "epsilon_spent": math.inf if spend is None else spend.epsilon,
        "noise_multiplier": 0.0 if spend is None else spend.noise_multiplier,
        "quality": quality_score(train, synthetic).score,
        "tstr_roc_auc": auc,
        "trtr_roc_auc": real_auc,
        "fit_seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epsilons", default="1,3,10,inf")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--n-steps", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--json", help="write the rows to this JSON file")
    args = parser.parse_args()
    rows = []
    for epsilon in [float(value) for value in args.epsilons.split(",")]:
        for seed in [int(value) for value in args.seeds.split(",")]:
            rows.append(run(epsilon, seed, args.n_steps, args.batch_size))
            print(json.dumps(rows[-1]), flush=True)
            if args.json:
                with open(args.json, "w") as handle:
                    json.dump(rows, handle, indent=1)
    table = pd.DataFrame(rows).groupby("epsilon_target").agg(["mean", "min", "max"])
    print(table[["epsilon_spent", "quality", "tstr_roc_auc", "fit_seconds"]].round(3))


if __name__ == "__main__":
    main()
