"""Privacy-utility of the differentially private TabularGAN on German Credit.

For each seed the 1,000 rows are split in half: 500 training rows and 500 held out. For each
epsilon (``inf``: no privacy, same networks and training) and seed: the accountant's spent
epsilon, the quality score against the training rows, train-on-synthetic ROC-AUC on the
held-out real rows (gradient boosting, as the credit study), and the fit time.

``--validation`` never touches the held-out half: it fits on 400 of the 500 training rows and
scores train-on-synthetic on the other 100 (the split used to choose the settings). The
metadata is written from the UCI codebook (category lists as the loader declares them) and
round domain bounds, not read from the rows. ``--audit`` adds the membership-attack AUC and the
anonymeter risks of :func:`fingan.audit.privacy_audit` (the scoring rows as control).

    nice python bench/dp_tabular.py --validation --epsilons 3 --seeds 0,1,2 --json val.json
    nice python bench/dp_tabular.py --epsilons 1,3,10,inf --json dp.json

``--classifier-weight`` sets TabularGAN's auxiliary label classifier, which predicts the label
column (the model's default, 0 = none, when not given); ``--label-pair-weight`` the generator's
match to the released label x column tables (0: release per-column counts, as before);
``--stratify`` draws the synthetic rows label by label, in the released label counts'
proportions (``TabularGAN.sample(stratify=...)``), and reports the plain draw's
train-on-synthetic ROC-AUC beside it.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from typing import Any

import numpy as np
import pandas as pd
import torch

from fingan.apps.credit.classifiers import score_classifier
from fingan.audit import privacy_audit
from fingan.datasets import GERMAN_CREDIT_TARGET, load_german_credit
from fingan.metrics import quality_score
from fingan.models.tabular_gan import TabularGAN
from fingan.models.tabular_private_settings import label_weighted
from fingan.nn.mlp import MLPConfig
from fingan.training import TrainingConfig
from fingan.training.private import PrivateRowTask
from fingan.training.tasks import ConditionalRowTask
from fingan.transforms.metadata import clip_to_bounds, transformer_from_metadata

BOUNDS: dict[str, list[object]] = {
    "duration_in_month": [0, 80],
    "credit_amount": [0, 20000],
    "installment_rate_in_percentage_of_disposable_income": [1, 4],
    "present_residence_since": [1, 4],
    "age_in_years": [18, 80],
    "number_of_existing_credits_at_this_bank": [1, 4],
    "number_of_people_being_liable_to_provide_maintenance_for": [1, 2],
}

AUDIT_COLUMNS = (
    "dcr_share",
    "dcr_share_pooled",
    "dcr_p_value",
    "dcr_p05_ratio",
    "membership_auc",
    "singling_out_uni",
    "singling_out_multi",
    "linkability",
    "inference_label",
    "inference_worst",
)


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


def split(seed: int, validation: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (training rows, scoring rows) of ``seed``'s split (see the module docstring)."""
    credit = load_german_credit()
    order = np.random.default_rng(seed).permutation(len(credit))
    train, holdout = order[:500], order[500:]
    if validation:
        train, holdout = train[:400], train[400:]
    return (
        credit.iloc[train].reset_index(drop=True),
        credit.iloc[holdout].reset_index(drop=True),
    )


def hidden(text: str) -> tuple[int, ...]:
    """``"64,64"`` → ``(64, 64)``."""
    return tuple(int(value) for value in text.split(",") if value)


class MetadataEncodedGAN(TabularGAN):
    """Diagnosis only: a non-private fit on the private fit's encoding (from metadata)."""

    def _prepare(self, data: Any) -> Any:
        super()._prepare(data)
        frame = data.reset_index(drop=True)
        self.transformer_ = transformer_from_metadata(frame, self.metadata or {})
        rows = self.transformer_.transform(clip_to_bounds(frame, self.transformer_))
        task = ConditionalRowTask(
            torch.as_tensor(rows, dtype=torch.float32),
            self._category_blocks(),
            self.noise_dim,
            self.pac,
            self._condition_column_indices(),
        )
        self.category_counts_ = task.counts
        return task


class UnclippedGeneratedGAN(TabularGAN):
    """Comparison: generated rows' term as an ordinary (unclipped) mean gradient."""

    def _prepare(self, data: Any) -> Any:
        task = super()._prepare(data)
        if isinstance(task, PrivateRowTask):
            task.clip_generated = False
        return task


def condition_columns(args: argparse.Namespace) -> list[str] | None:
    """The label only, every categorical column (``None``), or all with the label weighted."""
    if args.condition_target:
        return [GERMAN_CREDIT_TARGET]
    if args.label_share is None:
        return None
    meta = metadata(load_german_credit())
    categorical = [name for name, info in meta.items() if "categories" in info]
    return label_weighted(categorical, GERMAN_CREDIT_TARGET, args.label_share)


def audit_columns(
    train: pd.DataFrame, holdout: pd.DataFrame, synthetic: pd.DataFrame, seed: int
) -> dict[str, float]:
    """DCR share, membership-attack AUC and anonymeter risks, the held-out rows as control.

    :func:`fingan.audit.privacy_audit` with its defaults (500 attacks, inference of every
    column in turn); ``inference_worst`` is the highest of those inference risks.
    """
    audit = privacy_audit(train, holdout, synthetic, random_state=seed)
    label = next(r for r in audit.inference if r.name == f"inference:{GERMAN_CREDIT_TARGET}")
    return {
        "dcr_share": audit.dcr.closer_to_training,
        "dcr_share_pooled": audit.dcr_pooled.closer_to_training,
        "dcr_p_value": audit.dcr_p_value,
        "dcr_p05_ratio": audit.leakage.p05_ratio,
        "membership_auc": audit.membership.auc,
        "singling_out_uni": audit.singling_out_univariate.risk,
        "singling_out_multi": audit.singling_out_multivariate.risk,
        "linkability": audit.linkability.risk,
        "inference_label": label.risk,
        "inference_worst": audit.worst_inference.risk,
    }


def run(epsilon: float, seed: int, args: argparse.Namespace) -> dict[str, Any]:
    train, holdout = split(seed, args.validation)
    training = TrainingConfig(
        n_steps=args.n_steps,
        batch_size=args.batch_size,
        lr_g=args.lr_g,
        lr_d=args.lr_d,
        loss=args.loss,
        gp_weight=args.gp_weight,
        betas_d=args.betas_d,
    )
    model_class: type[TabularGAN] = TabularGAN
    if args.metadata_encoding:
        model_class = MetadataEncodedGAN
    elif args.unclipped_generated:
        model_class = UnclippedGeneratedGAN
    extra = {} if args.classifier_weight is None else {"classifier_weight": args.classifier_weight}
    if args.label_pair_weight is not None:
        extra["label_pair_weight"] = args.label_pair_weight
    if args.max_modes is not None:
        extra["max_modes"] = args.max_modes
    model = model_class(
        pac=1,
        training=training,
        condition_columns=condition_columns(args),
        target=GERMAN_CREDIT_TARGET,
        **extra,
        generator=MLPConfig(hidden_dims=hidden(args.g_hidden), activation="relu"),
        discriminator=MLPConfig(
            hidden_dims=hidden(args.d_hidden), residual=False, dropout=args.d_dropout
        ),
        epsilon=None if math.isinf(epsilon) else epsilon,
        max_grad_norm=args.clip,
        metadata=metadata(load_german_credit()),
        random_state=seed,
        device="cpu",
    )
    start = time.perf_counter()
    model.fit(train)
    seconds = time.perf_counter() - start
    largest = max([len(train), *args.tstr_rows])
    stratify = GERMAN_CREDIT_TARGET if args.stratify else None
    generated = model.sample(largest, stratify=stratify, random_state=seed + 100)
    synthetic = generated.iloc[: len(train)]
    auc = score_classifier(
        "gradient_boosting", synthetic, holdout, GERMAN_CREDIT_TARGET, "bad", seed
    )["roc_auc"]
    if args.stratify:  # the same fit's rows drawn as before, for the comparison
        plain = model.sample(len(train), random_state=seed + 100)
        more_plain = {
            "tstr_roc_auc_plain": score_classifier(
                "gradient_boosting", plain, holdout, GERMAN_CREDIT_TARGET, "bad", seed
            )["roc_auc"]
        }
    else:
        more_plain = {}
    more = {
        f"tstr_roc_auc_{count}": score_classifier(
            "gradient_boosting", generated.iloc[:count], holdout, GERMAN_CREDIT_TARGET, "bad", seed
        )["roc_auc"]
        for count in args.tstr_rows
    }
    spend = model.privacy_spent_
    audit = audit_columns(train, holdout, synthetic, seed) if args.audit else {}
    return {
        "epsilon_target": epsilon,
        "seed": seed,
        "epsilon_spent": math.inf if spend is None else spend.epsilon,
        "noise_multiplier": 0.0 if spend is None else spend.noise_multiplier,
        "quality": quality_score(train, synthetic).score,
        "tstr_roc_auc": auc,
        **more_plain,
        **more,
        "fit_seconds": seconds,
        **audit,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epsilons", default="1,3,10,inf")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--n-steps", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--lr-g", type=float, default=2e-4)
    parser.add_argument("--lr-d", type=float, default=2e-4)
    parser.add_argument("--loss", default="wgan-gp")
    parser.add_argument(
        "--gp-weight",
        type=float,
        default=10.0,
        help="weight of the gradient penalty at generated rows (0: none, as DP-CTGAN)",
    )
    parser.add_argument("--clip", type=float, default=1.0, help="per-row clipping norm")
    parser.add_argument(
        "--betas-d",
        type=lambda text: tuple(float(value) for value in text.split(",")),
        default=(0.5, 0.9),
        help="the discriminator's Adam betas, e.g. 0.9,0.999",
    )
    parser.add_argument("--g-hidden", default="128,128", help="generator hidden widths")
    parser.add_argument("--d-hidden", default="128,128", help="discriminator hidden widths")
    parser.add_argument(
        "--condition-target", action="store_true", help="condition on the label column only"
    )
    parser.add_argument("--d-dropout", type=float, default=0.0, help="discriminator dropout")
    parser.add_argument(
        "--label-share", type=float, help="condition on every column, the label this often"
    )
    parser.add_argument(
        "--metadata-encoding",
        action="store_true",
        help="diagnosis: with epsilon inf, encode from the metadata as a private fit does",
    )
    parser.add_argument(
        "--unclipped-generated",
        action="store_true",
        help="comparison: do not clip the generated rows' gradients (before dp2)",
    )
    parser.add_argument(
        "--classifier-weight", type=float, help="auxiliary classifier weight (0: none)"
    )
    parser.add_argument(
        "--label-pair-weight",
        type=float,
        help="weight of the released label x column tables (the model's default when not given)",
    )
    parser.add_argument(
        "--max-modes", type=int, help="modes per numeric column (the model's default: 10)"
    )
    parser.add_argument(
        "--tstr-rows",
        type=lambda text: [int(value) for value in text.split(",") if value],
        default=[],
        help="also train-on-synthetic with this many generated rows (e.g. 2000,5000)",
    )
    parser.add_argument(
        "--stratify",
        action="store_true",
        help="draw the synthetic rows label by label (sample(stratify=target)); the plain "
        "draw's train-on-synthetic is reported beside it as tstr_roc_auc_plain",
    )
    parser.add_argument("--validation", action="store_true", help="400 / 100 of the training rows")
    parser.add_argument(
        "--audit", action="store_true", help="add membership-attack AUC and anonymeter risks"
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--json", help="write the rows to this JSON file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = []
    for epsilon in [float(value) for value in args.epsilons.split(",")]:
        for seed in [int(value) for value in args.seeds.split(",")]:
            rows.append({**run(epsilon, seed, args), "settings": vars(args)})
            print(json.dumps({k: v for k, v in rows[-1].items() if k != "settings"}), flush=True)
            if args.json:
                with open(args.json, "w") as handle:
                    json.dump(rows, handle, indent=1)
    table = pd.DataFrame(rows).drop(columns="settings").groupby("epsilon_target")
    columns = ["epsilon_spent", "quality", "tstr_roc_auc"]
    columns += ["tstr_roc_auc_plain"] if args.stratify else []
    columns += [f"tstr_roc_auc_{count}" for count in args.tstr_rows] + ["fit_seconds"]
    columns += list(AUDIT_COLUMNS) if args.audit else []
    print(table[columns].agg(["mean", "min", "max"]).round(3))


if __name__ == "__main__":
    main()
