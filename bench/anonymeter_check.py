"""fingan's anonymeter-style risks against anonymeter 1.1 itself, on the same German Credit tables.

anonymeter 1.1 pins numpy < 1.27, which fingan's environment cannot take, so it runs in its
own virtual environment, created on first use (or reused) with ``python -m venv`` and
``pip install anonymeter==1.1.0``. This script, run with fingan's python:

1. splits German Credit at random into a training half and a control half (``--split-seed``),
   fits a generator on the training half (``--model copula``: the Gaussian copula;
   ``gan``: TabularGAN with ``--gan-steps`` steps) and samples as many synthetic rows;
2. writes the three tables to CSV (categories as text), runs anonymeter on them in a
   subprocess with ``--repeats`` seeds — univariate and multivariate singling-out (3 columns),
   linkability (the same two column halves fingan uses), inference of ``creditability`` and
   of ``credit_amount`` (regression, 5 % tolerance) — all with ``--n-attacks`` attacks;
3. runs fingan's estimators with the same settings and as many seeds, and prints, per risk,
   the mean and standard deviation over the seeds of the attack, control and baseline success
   rates and of the risk, for both.

How close they should be: with ``--n-attacks`` equal to the rows of each half (500), the
linkability and inference attacks target every row, so their attack and control counts are
fixed by the data and the neighbour search alone and should agree up to nearest-neighbour ties
(anonymeter breaks ties in numba's argsort order, fingan by the lower row index); their
baselines are random. Singling-out predicates are drawn at random by both, so only their
distributions over seeds can agree: within about the standard deviations shown.

    python bench/anonymeter_check.py [--model copula|gan] [--repeats 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fingan.audit import inference_risk, linkability_risk, singling_out_risk, split_columns
from fingan.baselines import GaussianCopulaBaseline
from fingan.datasets import load_german_credit
from fingan.models import TabularGAN

ANONYMETER = "anonymeter==1.1.0"
SECRETS = {"creditability": False, "credit_amount": True}  # secret -> regression

RUNNER = r"""
import json, sys, warnings
import numpy as np, pandas as pd
from anonymeter.evaluators import InferenceEvaluator, LinkabilityEvaluator, SinglingOutEvaluator
warnings.filterwarnings("ignore")
folder, n_attacks, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
config = json.load(open(f"{folder}/config.json"))
ori, control, syn = (pd.read_csv(f"{folder}/{n}.csv") for n in ("train", "control", "synthetic"))

def row(name, evaluator):
    res = evaluator.results()
    risk = evaluator.risk()
    return {"attack": name, "attack_rate": res.attack_rate.value,
            "control_rate": res.control_rate.value, "baseline_rate": res.baseline_rate.value,
            "risk": risk.value, "risk_low": risk.ci[0], "risk_high": risk.ci[1]}

out = []
for seed in range(repeats):
    np.random.seed(seed)  # pandas' sample of targets draws from numpy's global state
    for mode in ("univariate", "multivariate"):
        ev = SinglingOutEvaluator(ori=ori, syn=syn, control=control, n_attacks=n_attacks,
                                  n_cols=3, seed=seed).evaluate(mode=mode)
        out.append({"seed": seed, **row(f"singling_out_{mode}", ev)})
    ev = LinkabilityEvaluator(ori=ori, syn=syn, control=control, n_attacks=n_attacks,
                              aux_cols=tuple(config["aux"]), n_neighbors=1).evaluate(n_jobs=1)
    out.append({"seed": seed, **row("linkability", ev)})
    for secret, regression in config["secrets"].items():
        aux = [c for c in ori.columns if c != secret]
        ev = InferenceEvaluator(ori=ori, syn=syn, control=control, aux_cols=aux, secret=secret,
                                regression=regression, n_attacks=n_attacks).evaluate(n_jobs=1)
        out.append({"seed": seed, **row(f"inference:{secret}", ev)})
json.dump(out, open(f"{folder}/anonymeter.json", "w"))
"""


def ensure_venv(venv: Path) -> Path:
    """Create the anonymeter environment unless it already has anonymeter; return its python."""
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import anonymeter.evaluators"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", ANONYMETER], check=True)
    return python


def make_tables(model: str, split_seed: int, gan_steps: int) -> tuple[pd.DataFrame, ...]:
    """Training half, control half and a synthetic table as large as the training half."""
    credit = load_german_credit()
    order = np.random.default_rng(split_seed).permutation(len(credit))
    half = len(credit) // 2
    train = credit.iloc[order[:half]].reset_index(drop=True)
    control = credit.iloc[order[half:]].reset_index(drop=True)
    if model == "gan":
        training = TabularGAN.training_with_steps(n_steps=gan_steps)
        generator: Any = TabularGAN(training=training, random_state=split_seed, device="cpu")
    else:
        generator = GaussianCopulaBaseline(random_state=split_seed)
    synthetic = generator.fit(train).sample(len(train), random_state=split_seed)
    as_text = {c: str for c in credit.columns if isinstance(credit[c].dtype, pd.CategoricalDtype)}
    return tuple(frame.astype(as_text) for frame in (train, control, synthetic))


def run_fingan(
    tables: tuple[pd.DataFrame, ...], aux: Any, n_attacks: int, repeats: int
) -> list[dict[str, Any]]:
    train, control, synthetic = tables
    rows = []
    for seed in range(repeats):
        risks = [
            singling_out_risk(
                train,
                control,
                synthetic,
                mode=mode,
                n_attacks=n_attacks,
                n_columns=3,
                max_attempts=10_000_000,
                random_state=seed,
            )
            for mode in ("univariate", "multivariate")
        ]
        risks.append(
            linkability_risk(
                train, control, synthetic, aux_columns=aux, n_attacks=n_attacks, random_state=seed
            )
        )
        risks += [
            inference_risk(
                train,
                control,
                synthetic,
                secret,
                regression=regression,
                n_attacks=n_attacks,
                random_state=seed,
            )
            for secret, regression in SECRETS.items()
        ]
        for risk in risks:
            rows.append(
                {
                    "seed": seed,
                    "attack": risk.name,
                    "attack_rate": risk.attack_rate,
                    "control_rate": risk.control_rate,
                    "baseline_rate": risk.baseline_rate,
                    "risk": risk.risk,
                    "risk_low": risk.risk_low,
                    "risk_high": risk.risk_high,
                }
            )
    return rows


def compare(fingan: list[dict[str, Any]], anonymeter: list[dict[str, Any]]) -> pd.DataFrame:
    """Mean and standard deviation over seeds of each rate and risk, side by side."""
    frames = {"fingan": pd.DataFrame(fingan), "anonymeter": pd.DataFrame(anonymeter)}
    stats = []
    for name, frame in frames.items():
        grouped = frame.groupby("attack", sort=False)[
            ["attack_rate", "control_rate", "baseline_rate", "risk", "risk_low", "risk_high"]
        ]
        summary = grouped.agg(["mean", "std"])
        summary.columns = pd.Index(["_".join(map(str, pair)) for pair in summary.columns])
        stats.append(summary.add_prefix(f"{name}:"))
    return pd.concat(stats, axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=["copula", "gan"], default="copula")
    parser.add_argument("--gan-steps", type=int, default=300)
    parser.add_argument("--split-seed", type=int, default=0)
    parser.add_argument("--n-attacks", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--venv", type=Path, default=Path("/tmp/anonymeter-venv"))
    parser.add_argument("--json", type=Path, help="write the per-seed rows and summary here")
    args = parser.parse_args()

    python = ensure_venv(args.venv)
    tables = make_tables(args.model, args.split_seed, args.gan_steps)
    aux = split_columns(list(tables[0].columns), random_state=args.split_seed)
    with tempfile.TemporaryDirectory() as folder:
        for name, frame in zip(("train", "control", "synthetic"), tables, strict=True):
            frame.to_csv(f"{folder}/{name}.csv", index=False)
        Path(folder, "config.json").write_text(json.dumps({"aux": aux, "secrets": SECRETS}))
        Path(folder, "runner.py").write_text(RUNNER)
        started = time.perf_counter()
        subprocess.run(
            [str(python), f"{folder}/runner.py", folder, str(args.n_attacks), str(args.repeats)],
            check=True,
        )
        anonymeter_seconds = time.perf_counter() - started
        anonymeter = json.loads(Path(folder, "anonymeter.json").read_text())
    started = time.perf_counter()
    fingan = run_fingan(tables, aux, args.n_attacks, args.repeats)
    fingan_seconds = time.perf_counter() - started
    table = compare(fingan, anonymeter)
    print(
        f"German Credit halves (split seed {args.split_seed}), synthetic: {args.model}, "
        f"{args.n_attacks} attacks, {args.repeats} seeds; seconds: anonymeter "
        f"{anonymeter_seconds:.1f}, fingan {fingan_seconds:.1f}"
    )
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        for quantity in ("attack_rate", "control_rate", "baseline_rate", "risk"):
            columns = [
                f"{who}:{quantity}_{stat}"
                for who in ("fingan", "anonymeter")
                for stat in ("mean", "std")
            ]
            print(f"\n{quantity} (mean and std over seeds)")
            print(table[columns].round(4).to_string())
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "settings": vars(args) | {"venv": str(args.venv), "json": str(args.json)},
                    "aux": aux,
                    "fingan": fingan,
                    "anonymeter": anonymeter,
                    "seconds": {"anonymeter": anonymeter_seconds, "fingan": fingan_seconds},
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
