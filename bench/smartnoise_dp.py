"""smartnoise-synth's DPCTGAN and PATECTGAN beside fingan's DP TabularGAN on German Credit.

smartnoise-synth pins opacus 0.14, which fingan's environment cannot take, so it runs in its own
virtual environment, created on first use (or reused) under ``--venv`` with ``python -m venv``
and ``pip install smartnoise-synth==1.0.8 packaging``. This script, run with fingan's python:

1. takes ``bench/dp_tabular.py``'s split of each seed (500 training rows, 500 held out) and
   writes the training rows to CSV in a temporary folder (categories as text, no pickle);
2. runs each synthesizer at each epsilon cap in a subprocess of that environment, with
   smartnoise's default settings, ``delta = 1/(10 n)`` (fingan's), one torch thread, no
   preprocessing budget: the numeric columns' bounds are ``dp_tabular.BOUNDS`` (the same
   codebook bounds fingan's private fit uses); category lists are read from the rows by
   smartnoise's label encoder, as smartnoise does;
3. reads back 500 synthetic rows, the fit's wall seconds and the epsilon its accountant says
   was spent at the end of training: for DPCTGAN opacus 0.14's RDP accountant at ``delta``,
   read from the fit's own ``PrivacyEngine`` (also recomputed with fingan's accountant,
   ``fingan.training.accounting.spent_epsilon``, from the engine's sample rate, noise
   multiplier and steps); for PATECTGAN its data-dependent PATE moments accountant, summed
   from the moments it adds up;
4. scores the rows as ``dp_tabular.py`` does (quality against the training rows, gradient
   boosting trained on the synthetic rows and scored on the held-out rows) and audits them
   (``dp_tabular.audit_columns``: membership-attack AUC and anonymeter risks, held-out control).

Both synthesizers check the cap only before each epoch (DPCTGAN) or iteration (PATECTGAN), so
they stop one step past it: the spent epsilon exceeds the cap. ``--fingan-epsilons`` fits
fingan's DP TabularGAN (the docs settings of ``dp_tabular.py``, no auxiliary classifier) at the
given epsilons, e.g. DPCTGAN's spent ones, scored the same way. Each fit records wall seconds and
``cpu_seconds`` (the process's CPU time: comparable on a loaded machine, one torch thread).

    nice python bench/smartnoise_dp.py --epsilons 1,3,10 --seeds 0,1,2 --json sn.json
    nice python bench/smartnoise_dp.py --synthesizers "" --fingan-epsilons 1.3848,3.0723,10.1019
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dp_tabular import BOUNDS, audit_columns, condition_columns, metadata, split

from fingan.apps.credit.classifiers import score_classifier
from fingan.datasets import GERMAN_CREDIT_TARGET, load_german_credit
from fingan.metrics import quality_score
from fingan.models.tabular_gan import TabularGAN
from fingan.nn.mlp import MLPConfig
from fingan.training import TrainingConfig
from fingan.training.accounting import default_delta, spent_epsilon

# smartnoise-synth 1.0.8 imports packaging without declaring it
SMARTNOISE = ("smartnoise-synth==1.0.8", "packaging")
SYNTHESIZERS = ("dpctgan", "patectgan")

RUNNER = r"""
import json, math, sys, time, warnings
import numpy as np, pandas as pd, torch, opacus
from snsynth import Synthesizer
from snsynth.transform.minmax import MinMaxTransformer
import snsynth.pytorch.nn.patectgan as patectgan_module
warnings.filterwarnings("ignore")
folder = sys.argv[1]
config = json.load(open(f"{folder}/config.json"))
torch.set_num_threads(config["threads"])
train = pd.read_csv(f"{folder}/train.csv")
engines, moments = [], []
engine_init = opacus.PrivacyEngine.__init__
def capture_engine(self, *args, **kwargs):
    engine_init(self, *args, **kwargs)
    engines.append(self)
opacus.PrivacyEngine.__init__ = capture_engine
moments_acc = patectgan_module.moments_acc
def capture_moments(*args, **kwargs):
    out = moments_acc(*args, **kwargs)
    moments.append(out)
    return out
patectgan_module.moments_acc = capture_moments
out = []
for job in config["jobs"]:
    engines.clear(); moments.clear()
    np.random.seed(job["seed"]); torch.manual_seed(job["seed"])
    constraints = {c: MinMaxTransformer(lower=lo, upper=hi, negative=True)
                   for c, (lo, hi) in config["bounds"].items()}
    constraints.update({c: "categorical" for c in train.columns if c not in config["bounds"]})
    synth = Synthesizer.create(job["synth"], epsilon=job["epsilon"], delta=config["delta"],
                               verbose=False, cuda=False)
    started, cpu = time.perf_counter(), time.process_time()
    synth.fit(train, transformer=constraints, preprocessor_eps=0.0)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rows = synth.sample(config["n_rows"])
    rows = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=train.columns)
    name = f"{job['synth']}_{job['epsilon']}_{job['seed']}"
    rows.to_csv(f"{folder}/{name}.csv", index=False)
    info = {**job, "file": f"{name}.csv", "fit_seconds": seconds, "cpu_seconds": cpu}
    if job["synth"] == "dpctgan":
        engine = engines[-1]
        spent, alpha = engine.get_privacy_spent(config["delta"])
        info.update(epsilon_spent=float(spent), alpha=float(alpha), steps=int(engine.steps),
                    sample_rate=float(engine.sample_rate),
                    noise_multiplier=float(engine.noise_multiplier),
                    epochs_trained=len(synth.epsilon_list) - 1 if len(synth.epsilon_list)
                    and synth.epsilon_list[-1] > synth.epsilon else len(synth.epsilon_list))
    else:
        total = sum(moments)
        orders = 1 + torch.arange(synth.moments_order, dtype=torch.float64)
        spent = torch.min((total - math.log(synth.delta)) / orders).item()
        info.update(epsilon_spent=spent, teachers=int(synth.num_teachers),
                    iterations=len(moments) // synth.student_iters)
    out.append(info)
    print(json.dumps(info), flush=True)
json.dump(out, open(f"{folder}/smartnoise.json", "w"))
"""


def ensure_venv(venv: Path) -> Path:
    """Create the smartnoise environment unless it already imports snsynth; return its python."""
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import snsynth.pytorch.nn"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *SMARTNOISE], check=True)
    return python


def versions(python: Path) -> dict[str, str]:
    """Versions of smartnoise-synth, opacus and torch in the smartnoise environment."""
    code = (
        "import json, importlib.metadata as m; print(json.dumps({p: m.version(p) for p in "
        "('smartnoise-synth', 'opacus', 'torch')}))"
    )
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return dict(json.loads(result.stdout))


def like(frame: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (read from CSV) with ``reference``'s column order and dtypes."""
    out = pd.DataFrame(index=frame.index)
    for column in reference.columns:
        dtype = reference[column].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            values = frame[column].astype(str)
            out[column] = pd.Categorical(values, categories=dtype.categories)
        else:
            out[column] = frame[column].round().astype(dtype)
    return out


def fingan_accountant_epsilon(job: dict[str, Any], delta: float) -> float:
    """DPCTGAN's steps recomputed with fingan's accountant (``nan`` for PATECTGAN)."""
    if job["synth"] != "dpctgan":
        return math.nan
    return spent_epsilon(delta, job["sample_rate"], job["noise_multiplier"], job["steps"])


def run_seed(
    python: Path, seed: int, epsilons: list[float], synthesizers: list[str], threads: int
) -> list[dict[str, Any]]:
    """Fit each synthesizer at each cap on ``seed``'s training rows; score and audit them."""
    train, holdout = split(seed, validation=False)
    delta = default_delta(len(train))
    jobs = [{"synth": s, "epsilon": e, "seed": seed} for e in epsilons for s in synthesizers]
    config = {
        "jobs": jobs,
        "delta": delta,
        "threads": threads,
        "n_rows": len(train),
        "bounds": BOUNDS,
    }
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        train.astype({c: str for c in train.columns if c not in BOUNDS}).to_csv(
            f"{folder}/train.csv", index=False
        )
        Path(folder, "config.json").write_text(json.dumps(config))
        Path(folder, "runner.py").write_text(RUNNER)
        subprocess.run([str(python), f"{folder}/runner.py", folder], check=True)
        fitted = json.loads(Path(folder, "smartnoise.json").read_text())
        for job in fitted:
            synthetic = like(pd.read_csv(Path(folder, job.pop("file"))), train)
            auc = score_classifier(
                "gradient_boosting", synthetic, holdout, GERMAN_CREDIT_TARGET, "bad", seed
            )["roc_auc"]
            rows.append(
                {
                    **job,
                    "delta": delta,
                    "epsilon_spent_fingan_accountant": fingan_accountant_epsilon(job, delta),
                    "quality": quality_score(train, synthetic).score,
                    "tstr_roc_auc": auc,
                    **audit_columns(train, holdout, synthetic, seed),
                }
            )
            print(json.dumps(rows[-1]), flush=True)
    return rows


def import_private_dependencies() -> None:
    """Import what a private fit imports lazily, before any fit is timed.

    The smartnoise runner imports opacus before it times its fits, so fingan's first fit is not
    charged for the import either; nor for ``torch._dynamo``, which this torch imports when the
    first optimizer of a process is built (0.5 CPU s).
    """
    import opacus.accountants
    import torch._dynamo

    del opacus, torch


def fingan_row(seed: int, epsilon: float, gp_weight: float) -> dict[str, Any]:
    """fingan's DP TabularGAN with the docs settings of ``dp_tabular.py`` at ``epsilon``.

    Without the auxiliary label classifier (``classifier_weight=0`` where TabularGAN has it):
    the model that ``docs/benchmarks.md``'s table measured. The label is the target, so that a
    TabularGAN with label tables (``label_pair_weight``) releases the label's tables.
    """
    train, holdout = split(seed, validation=False)
    parameters = inspect.signature(TabularGAN).parameters
    extra: dict[str, Any] = {"classifier_weight": 0.0} if "classifier_weight" in parameters else {}
    if "target" in parameters:
        extra["target"] = GERMAN_CREDIT_TARGET
    model = TabularGAN(
        pac=1,
        training=TrainingConfig(
            n_steps=300, batch_size=150, lr_g=1e-3, lr_d=1e-3, loss="wgan-gp", gp_weight=gp_weight
        ),
        condition_columns=condition_columns(
            argparse.Namespace(condition_target=False, label_share=0.5)
        ),
        generator=MLPConfig(hidden_dims=(128, 128), activation="relu"),
        discriminator=MLPConfig(hidden_dims=(64,), residual=False, dropout=0.0),
        epsilon=epsilon,
        max_grad_norm=1.0,
        metadata=metadata(load_german_credit()),
        random_state=seed,
        device="cpu",
        **extra,
    )
    started, cpu = time.perf_counter(), time.process_time()
    model.fit(train)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    synthetic = model.sample(len(train), random_state=seed + 100)
    spend = model.privacy_spent_
    return {
        "synth": "fingan",
        "epsilon": epsilon,
        "seed": seed,
        "fit_seconds": seconds,
        "cpu_seconds": cpu,
        "epsilon_spent": math.nan if spend is None else spend.epsilon,
        "delta": math.nan if spend is None else spend.delta,
        "quality": quality_score(train, synthetic).score,
        "tstr_roc_auc": score_classifier(
            "gradient_boosting", synthetic, holdout, GERMAN_CREDIT_TARGET, "bad", seed
        )["roc_auc"],
        **audit_columns(train, holdout, synthetic, seed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epsilons", default="1,3,10")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--synthesizers", default=",".join(SYNTHESIZERS))
    parser.add_argument(
        "--fingan-epsilons",
        default="",
        help="also fit fingan's DP TabularGAN (docs settings) at these epsilons",
    )
    parser.add_argument(
        "--fingan-gp-weight",
        type=float,
        default=0.0,
        help="fingan's gradient penalty at generated rows (dp_tabular.py --gp-weight; runs "
        "before 2026-12-01 used 10)",
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads (both)")
    parser.add_argument(
        "--venv", type=Path, default=Path.home() / ".cache/fingan-bench/smartnoise-venv"
    )
    parser.add_argument("--json", type=Path, help="write the rows to this JSON file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    python = ensure_venv(args.venv)
    found = versions(python)
    print(json.dumps(found), flush=True)
    epsilons = [float(value) for value in args.epsilons.split(",")]
    if args.fingan_epsilons:
        import_private_dependencies()
    rows: list[dict[str, Any]] = []
    for seed in [int(value) for value in args.seeds.split(",")]:
        synthesizers = [name for name in args.synthesizers.split(",") if name]
        if synthesizers:
            rows += run_seed(python, seed, epsilons, synthesizers, args.threads)
        for epsilon in [float(value) for value in args.fingan_epsilons.split(",") if value]:
            rows.append(fingan_row(seed, epsilon, args.fingan_gp_weight))
            print(json.dumps(rows[-1]), flush=True)
        if args.json:
            settings = {k: str(v) for k, v in vars(args).items()}
            payload = {"settings": settings, "versions": found, "rows": rows}
            args.json.write_text(json.dumps(payload, indent=1))
    columns = ["epsilon_spent", "quality", "tstr_roc_auc", "cpu_seconds", "membership_auc"]
    table = pd.DataFrame(rows).groupby(["synth", "epsilon"])[columns]
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(table.agg(["mean", "min", "max"]).round(3))


if __name__ == "__main__":
    main()
