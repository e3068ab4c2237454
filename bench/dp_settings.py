"""Settings of a private TabularGAN on two tables: validation splits only.

Compares, at one epsilon, ``TabularGAN``'s own private defaults with
:func:`fingan.models.tabular_private_settings.private_settings` (what ``fingan tabular fit
--epsilon`` uses) and variants that change one part of it, on German Credit (20 categorical
and 7 numeric columns) and scikit-learn's breast-cancer table (30 numeric columns; bounds from
the summary statistics it is published with, not read from the rows). Each seed splits the
table in halves and keeps the second half untouched: 80 % of the first half is fitted and the
other 20 % scores train-on-synthetic ROC-AUC (gradient boosting), plain draw and label by label.

    nice python bench/dp_settings.py --data credit --variants defaults,chosen --repeats 2
    nice python bench/dp_settings.py --data breast_cancer --variants defaults,chosen --repeats 2
    nice python bench/dp_settings.py --variants sample100,sample50,label_only,critic128

Variants: ``defaults`` (``TabularGAN(pac=1, condition_columns=[label], epsilon=...)``),
``chosen`` (``private_settings``), ``sample100`` / ``sample50`` (chosen, with an expected sample
of 100 / 50 rows and 450 / 900 steps), ``label_only`` (chosen, conditioned on the label alone),
``critic128`` (chosen, with the default critic of two 128-unit layers and dropout),
``no_momentum`` (chosen, with the critic's Adam betas (0.5, 0.9) of the settings before),
``rateQ`` (chosen, with an expected sample of the share ``Q`` of the rows, e.g. ``rate0.5``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import time
from typing import Any

import numpy as np
import pandas as pd
import torch
from dp_tabular import metadata

from fingan.apps.credit.classifiers import score_classifier
from fingan.datasets import GERMAN_CREDIT_TARGET, load_german_credit
from fingan.metrics import quality_score
from fingan.models.tabular_gan import TabularGAN
from fingan.models.tabular_private_settings import private_settings


def credit() -> tuple[pd.DataFrame, dict[str, Any], str, str]:
    """German Credit, codebook metadata, its label and the positive class."""
    frame = load_german_credit()
    return frame, metadata(frame), GERMAN_CREDIT_TARGET, "bad"


def breast_cancer() -> tuple[pd.DataFrame, dict[str, Any], str, str]:
    """scikit-learn's breast-cancer table; bounds from its published summary statistics."""
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer(as_frame=True)
    frame = data.frame.copy()
    labels = np.where(frame.pop("target") == 0, "malignant", "benign")
    frame["diagnosis"] = pd.Categorical(labels, categories=["malignant", "benign"])
    meta: dict[str, Any] = {"diagnosis": {"categories": ["malignant", "benign"]}}
    for line in data.DESCR.splitlines():
        found = re.match(r"^(.+?) \((mean|standard error|worst)\):\s+([0-9.]+)\s+([0-9.]+)$", line)
        if found:
            base, kind, low, high = found.groups()
            column = {"mean": f"mean {base}", "worst": f"worst {base}"}.get(kind, f"{base} error")
            meta[column] = {"bounds": [float(low), float(high)]}
    if set(meta) != set(frame.columns):
        raise RuntimeError("the summary statistics do not name every column")
    return frame, meta, "diagnosis", "malignant"


TABLES = {"credit": credit, "breast_cancer": breast_cancer}


def model(variant: str, n_rows: int, meta: dict[str, Any], label: str, seed: int, epsilon: float):
    """The private TabularGAN of ``variant`` (see the module docstring)."""
    common = {"epsilon": epsilon, "metadata": meta, "random_state": seed, "device": "cpu"}
    if variant == "defaults":
        return TabularGAN(pac=1, condition_columns=[label], **common)
    categorical = [column for column, info in meta.items() if "categories" in info]
    settings = private_settings(n_rows, categorical, label)
    sample = {"sample100": (100, 450), "sample50": (50, 900)}.get(variant)
    if variant.startswith("rate"):  # e.g. rate0.5: an expected sample of half the rows
        sample = (min(n_rows - 1, round(float(variant[4:]) * n_rows)), settings["training"].n_steps)
    if sample is not None:
        batch, steps = sample
        settings["training"] = dataclasses.replace(
            settings["training"], batch_size=batch, n_steps=steps
        )
    if variant == "label_only":
        settings["condition_columns"] = [label]
    if variant == "critic128":
        settings.pop("discriminator")
    if variant == "no_momentum":  # the critic's Adam betas before CRITIC_BETAS
        settings["training"] = dataclasses.replace(settings["training"], betas_d=(0.5, 0.9))
    return TabularGAN(**settings, **common)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=sorted(TABLES), default="credit")
    parser.add_argument("--variants", default="defaults,chosen")
    parser.add_argument("--seeds", default="0,1,2,3,4,5,6,7,8,9")
    parser.add_argument("--repeats", type=int, default=1, help="runs of every seed")
    parser.add_argument("--epsilon", type=float, default=3.0)
    parser.add_argument("--json", help="write the rows to this JSON file")
    args = parser.parse_args()
    torch.set_num_threads(1)
    frame, meta, label, positive = TABLES[args.data]()
    rows = []
    for repeat in range(args.repeats):
        for seed in [int(value) for value in args.seeds.split(",")]:
            order = np.random.default_rng(seed).permutation(len(frame))
            first = order[: len(frame) // 2]  # the second half is never read
            cut = int(0.8 * len(first))
            train = frame.iloc[first[:cut]].reset_index(drop=True)
            scored = frame.iloc[first[cut:]].reset_index(drop=True)
            for variant in args.variants.split(","):
                gan = model(variant, len(train), meta, label, seed, args.epsilon)
                started = time.process_time()
                gan.fit(train)
                seconds = time.process_time() - started
                plain = gan.sample(len(train), random_state=seed + 100)
                by_label = gan.sample(len(train), stratify=label, random_state=seed + 100)
                auc = {
                    name: score_classifier(
                        "gradient_boosting", rows_, scored, label, positive, seed
                    )["roc_auc"]
                    for name, rows_ in (("tstr", plain), ("tstr_by_label", by_label))
                }
                rows.append(
                    {
                        "data": args.data,
                        "variant": variant,
                        "repeat": repeat,
                        "seed": seed,
                        **auc,
                        "quality": quality_score(train, plain).score,
                        "cpu_seconds": seconds,
                    }
                )
                print(json.dumps(rows[-1]), flush=True)
    table = pd.DataFrame(rows)
    if args.json:
        table.to_json(args.json, orient="records", indent=1)
    columns = ["tstr", "tstr_by_label", "quality", "cpu_seconds"]
    print(table.groupby("variant", sort=False)[columns].mean().round(3))


if __name__ == "__main__":
    main()
