"""Quality of generated defaulters: TabularGAN against the per-class Gaussian copula.

The credit study's setting (issue 16, "The GAN's defaulters"): for each seed, the first fold of
a stratified 5-fold split of German Credit (800 training rows); each generator is fitted on the
training fold and asked for as many defaulters as balance the classes (about 320); the quality
score compares them with the real training defaulters (label column dropped), as
``CreditFoldSample.measure`` does. ``--validation`` scores against the defaulters of a 640-row
part of the fold and fits on it (settings are chosen there, never on the test fold, which this
script does not read at all).

    nice python bench/credit_defaulters.py --seeds 0,1,2,3,4 --json defaulters.json

``--classifier-weight`` sets TabularGAN's auxiliary label classifier on the label column (the
model's default, 0 = none, when not given).
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import pandas as pd
import torch
from sklearn.model_selection import StratifiedKFold

from fingan.baselines import GaussianCopulaBaseline
from fingan.core.protocols import TableModel
from fingan.datasets import GERMAN_CREDIT_TARGET, load_german_credit
from fingan.metrics import quality_score
from fingan.models.tabular_gan import TabularGAN
from fingan.nn.mlp import MLPConfig
from fingan.training import TrainingConfig

POSITIVE = "bad"


def training_fold(seed: int, validation: bool) -> pd.DataFrame:
    """The training rows of the first stratified fold of ``seed`` (or 80 % of them)."""
    credit = load_german_credit()
    labels = (credit[GERMAN_CREDIT_TARGET] == POSITIVE).to_numpy()
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    train_rows, _ = next(iter(folds.split(credit, labels)))
    if validation:
        inner = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed + 1000)
        kept, _ = next(iter(inner.split(train_rows, labels[train_rows])))
        train_rows = train_rows[kept]
    fold: pd.DataFrame = credit.iloc[train_rows].reset_index(drop=True)
    return fold


def hidden(text: str) -> tuple[int, ...]:
    """``"64,64"`` → ``(64, 64)``."""
    return tuple(int(value) for value in text.split(",") if value)


def gan(seed: int, args: argparse.Namespace) -> TabularGAN:
    """TabularGAN with the model's defaults except where an option is given."""
    base = TabularGAN.default_training
    training = TrainingConfig(
        n_steps=args.n_steps or base.n_steps,
        batch_size=args.batch_size,
        lr_g=args.lr,
        lr_d=args.lr,
    )
    extra: dict[str, Any] = {}
    if args.classifier_weight is not None:
        extra["classifier_weight"] = args.classifier_weight
    if args.d_hidden is not None:
        extra["discriminator"] = MLPConfig(
            hidden_dims=hidden(args.d_hidden), residual=False, dropout=args.d_dropout
        )
    return TabularGAN(
        **extra,
        pac=args.pac,
        pack_by_condition=args.class_packs,
        pack_critic=args.pack_critic,
        condition_columns=[GERMAN_CREDIT_TARGET],
        generator=MLPConfig(hidden_dims=hidden(args.g_hidden), activation="relu"),
        training=training,
        random_state=seed,
        device="cpu",
    )


def run(seed: int, args: argparse.Namespace) -> dict[str, Any]:
    train = training_fold(seed, args.validation)
    labels = train[GERMAN_CREDIT_TARGET] == POSITIVE
    real = train[labels].drop(columns=GERMAN_CREDIT_TARGET)
    n_new = int((~labels).sum() - labels.sum())
    record: dict[str, Any] = {"seed": seed, "n_real_defaulters": len(real), "n_generated": n_new}
    models: dict[str, TableModel] = {"gan": gan(seed, args)}
    if not args.gan_only:
        models["copula"] = GaussianCopulaBaseline(
            class_column=GERMAN_CREDIT_TARGET, random_state=seed
        )
    for name, model in models.items():
        start = time.perf_counter()
        model.fit(train)
        rows = model.sample(n_new, conditions={GERMAN_CREDIT_TARGET: POSITIVE}, random_state=seed)
        record[f"{name}_fit_seconds"] = time.perf_counter() - start
        report = quality_score(real, rows.drop(columns=GERMAN_CREDIT_TARGET))
        record[f"{name}_quality"] = report.score
        record[f"{name}_shapes"] = float(report.column_shapes.mean())
        record[f"{name}_trends"] = float(report.column_pair_trends.mean())
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--n-steps", type=int, help="steps (TabularGAN's default: 2,000)")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--pac", type=int, default=10)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--g-hidden", default="128,128")
    parser.add_argument("--d-hidden", help="critic layers, e.g. 128,128 (the model's default)")
    parser.add_argument("--d-dropout", type=float, default=0.0, help="with --d-hidden")
    parser.add_argument(
        "--pack-critic", choices=["pooled", "concatenated"], help="the model's default if not given"
    )
    parser.add_argument("--validation", action="store_true", help="fit on 80 %% of the fold")
    parser.add_argument(
        "--class-packs", action="store_true", default=None, help="packs of one class (default)"
    )
    parser.add_argument(
        "--mixed-packs", dest="class_packs", action="store_false", help="CTGAN's mixed packs"
    )
    parser.add_argument(
        "--classifier-weight", type=float, help="auxiliary classifier weight (0: none)"
    )
    parser.add_argument("--gan-only", action="store_true", help="skip the copula")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--json", help="write the rows to this JSON file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = []
    for seed in [int(value) for value in args.seeds.split(",")]:
        rows.append({**run(seed, args), "settings": vars(args)})
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "settings"}), flush=True)
        if args.json:
            with open(args.json, "w") as handle:
                json.dump(rows, handle, indent=1)
    table = pd.DataFrame(rows).drop(columns="settings").set_index("seed")
    print(table.round(3))
    print(table.mean().round(3))


if __name__ == "__main__":
    main()
