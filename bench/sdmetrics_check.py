"""fingan's quality score against SDMetrics' own QualityReport, on the same German Credit samples.

sdmetrics 0.32 pins pandas < 3, which fingan's environment does not take, so it runs in its own
virtual environment, created on first use (or reused) with ``python -m venv`` and
``pip install sdmetrics==0.32.0``. This script, run with fingan's python:

1. fits each generator of ``--models`` on the 1,000 German Credit rows, seed by seed, and samples
   1,000 rows: ``tabulargan`` and ``ctgan`` exactly as ``bench/credit_ctgan.py`` does (same
   epochs, batch size and pac; ``ctgan`` needs the ``ctgan`` package, so run the script with
   the python of ``bench/credit_ctgan.py``'s environment), ``copula`` the Gaussian copula;
2. writes real and synthetic tables to CSV (categories as text) with the metadata SDMetrics
   would be given (``categorical`` where fingan sees a categorical column, else
   ``numerical``), runs ``sdmetrics.reports.single_table.QualityReport`` (and the unified
   ``sdmetrics.reports.QualityReport``) on them in a subprocess, with SDMetrics' default
   thresholds and with both thresholds at 0 (every pair counts);
3. computes :func:`fingan.metrics.quality_score` on the same tables and prints both, with the
   largest absolute difference over the overall score, the two property scores, every column
   shape and every counted pair trend, and the number of pairs that count.

    python bench/sdmetrics_check.py [--models tabulargan copula] [--seeds 0 1 2] [--json out.json]
    /tmp/ctgan-venv/bin/python bench/sdmetrics_check.py --models tabulargan ctgan copula
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fingan.baselines import GaussianCopulaBaseline
from fingan.datasets import load_german_credit
from fingan.metrics import quality_score
from fingan.metrics.encoding import categorical_columns
from fingan.models import TabularGAN
from fingan.training import TrainingConfig

SDMETRICS = "sdmetrics==0.32.0"
BATCH_SIZE = 500  # bench/credit_ctgan.py's
PAC = 10
SETTINGS = {
    "default": {},
    "all_pairs": {"real_correlation_threshold": 0.0, "real_association_threshold": 0.0},
}

RUNNER = r"""
import json, sys, warnings
import numpy as np, pandas as pd
warnings.filterwarnings("ignore")
from sdmetrics.reports import QualityReport as Unified
from sdmetrics.reports.single_table import QualityReport
folder = sys.argv[1]
config = json.load(open(f"{folder}/config.json"))
real = pd.read_csv(f"{folder}/real.csv")
out = {}
for case in config["cases"]:
    synthetic = pd.read_csv(f"{folder}/{case}.csv")
    for setting in ("default", "all_pairs"):
        report, unified = QualityReport(), Unified()
        if setting == "all_pairs":
            for r in (report, unified):
                r.real_correlation_threshold = 0
                r.real_association_threshold = 0
        report.generate(real, synthetic, config["metadata"], verbose=False)
        unified.generate({"t": real}, {"t": synthetic}, {"tables": {"t": config["metadata"]}},
                         verbose=False)
        pairs = report.get_details("Column Pair Trends")
        counted = pairs["Meets Threshold?"].fillna(False).to_numpy(bool)
        counted &= pairs["Score"].notna().to_numpy()
        out[f"{case}/{setting}"] = {
            "score": float(report.get_score()),
            "unified_score": float(unified.get_score()),
            "properties": report.get_properties()["Score"].astype(float).tolist(),
            "shapes": report.get_details("Column Shapes")["Score"].astype(float).tolist(),
            "pairs": pairs["Score"].astype(float).where(counted).tolist(),
        }
json.dump(out, open(f"{folder}/sdmetrics.json", "w"))
"""


def ensure_venv(venv: Path) -> Path:
    """Create the sdmetrics environment unless it already has sdmetrics; return its python."""
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import sdmetrics.reports.single_table"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", SDMETRICS], check=True)
    return python


def run_tabulargan(data: pd.DataFrame, epochs: int, seed: int) -> Callable[[int], pd.DataFrame]:
    """Fit TabularGAN as ``bench/credit_ctgan.py`` does and return its sampler."""
    steps = epochs * max(len(data) // BATCH_SIZE, 1)
    training = TrainingConfig(n_steps=steps, batch_size=BATCH_SIZE, lr_g=2e-4, lr_d=2e-4)
    model = TabularGAN(pac=PAC, training=training, random_state=seed, device="cpu").fit(data)
    return lambda n: model.sample(n, random_state=seed)


def samplers(models: list[str], epochs: int) -> dict[str, Callable[..., Any]]:
    """Fit functions by model name: ``(data, seed) -> sample(n)``."""
    found: dict[str, Callable[..., Any]] = {}
    if "tabulargan" in models:
        found["tabulargan"] = lambda data, seed: run_tabulargan(data, epochs, seed)
    if "ctgan" in models:
        sys.path.insert(0, str(Path(__file__).parent))
        run_ctgan = importlib.import_module("credit_ctgan").run_ctgan  # needs ctgan
        found["ctgan"] = lambda data, seed: run_ctgan(data, epochs, seed)
    if "copula" in models:

        def run_copula(data: pd.DataFrame, seed: int) -> Callable[[int], pd.DataFrame]:
            model = GaussianCopulaBaseline(random_state=seed).fit(data)
            return lambda n: model.sample(n, random_state=seed)

        found["copula"] = run_copula
    return {name: found[name] for name in models}


def fingan_figures(real: pd.DataFrame, synthetic: pd.DataFrame, setting: str) -> dict[str, Any]:
    report = quality_score(real, synthetic, **SETTINGS[setting])
    return {
        "score": report.score,
        "properties": [report.column_shape_score, report.pair_trend_score],
        "shapes": report.column_shapes.tolist(),
        "pairs": report.column_pair_trends.where(report.counted).tolist(),
        "n_counted": int(report.counted.sum()),
    }


def largest_gap(ours: dict[str, Any], theirs: dict[str, Any]) -> float:
    """Largest absolute difference over every figure; inf if a pair counts for one side only."""
    ours_pairs, theirs_pairs = np.array(ours["pairs"]), np.array(theirs["pairs"])
    if not np.array_equal(np.isnan(ours_pairs), np.isnan(theirs_pairs)):
        return float("inf")
    ours_values = np.array([ours["score"], *ours["properties"], *ours["shapes"]])
    theirs_values = np.array([theirs["score"], *theirs["properties"], *theirs["shapes"]])
    gaps = np.abs(ours_values - theirs_values)
    pair_gaps = np.abs(ours_pairs - theirs_pairs)[~np.isnan(ours_pairs)]
    return float(np.nanmax(np.concatenate([gaps, pair_gaps, [0.0]])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--models", nargs="+", choices=["tabulargan", "ctgan", "copula"],
        default=["tabulargan", "copula"],
    )  # fmt: skip
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--epochs", type=int, default=300, help="GAN epochs (credit_ctgan.py's)")
    parser.add_argument("--venv", type=Path, default=Path("/tmp/sdmetrics-venv"))
    parser.add_argument("--json", type=Path, help="write every figure of both sides here")
    args = parser.parse_args()

    python = ensure_venv(args.venv)
    data = load_german_credit()
    as_text = {name: str for name in categorical_columns(data)}
    real = data.astype(as_text)
    metadata = {
        "columns": {
            name: {"sdtype": "categorical" if name in as_text else "numerical"}
            for name in data.columns
        }
    }
    tables: dict[str, pd.DataFrame] = {}
    fit_seconds: dict[str, float] = {}
    for seed in args.seeds:
        for name, run in samplers(args.models, args.epochs).items():
            started = time.perf_counter()
            sample = run(data, seed)
            fit_seconds[f"{name}:{seed}"] = time.perf_counter() - started
            tables[f"{name}:{seed}"] = sample(len(data)).astype(real.dtypes.to_dict())
    with tempfile.TemporaryDirectory() as folder:
        real.to_csv(f"{folder}/real.csv", index=False)
        for case, table in tables.items():
            table.to_csv(f"{folder}/{case}.csv", index=False)
        config = {"cases": list(tables), "metadata": metadata}
        Path(folder, "config.json").write_text(json.dumps(config))
        Path(folder, "runner.py").write_text(RUNNER)
        subprocess.run([str(python), f"{folder}/runner.py", folder], check=True)
        sdmetrics = json.loads(Path(folder, "sdmetrics.json").read_text())
        # Score what SDMetrics read back from the CSV files, so both see the same values.
        read_back = {case: pd.read_csv(f"{folder}/{case}.csv") for case in tables}
        real_read = pd.read_csv(f"{folder}/real.csv")
    rows, figures = [], {}
    for case, synthetic in read_back.items():
        for setting in SETTINGS:
            ours = fingan_figures(real_read, synthetic, setting)
            theirs = sdmetrics[f"{case}/{setting}"]
            figures[f"{case}/{setting}"] = {"fingan": ours, "sdmetrics": theirs}
            model, seed = case.split(":")
            rows.append(
                {
                    "model": model,
                    "seed": int(seed),
                    "pairs": setting,
                    "sdmetrics": theirs["score"],
                    "sdmetrics_unified": theirs["unified_score"],
                    "fingan": ours["score"],
                    "column_shapes": ours["properties"][0],
                    "pair_trends": ours["properties"][1],
                    "n_pairs": ours["n_counted"],
                    "max_abs_gap": largest_gap(ours, theirs),
                }
            )
    table = pd.DataFrame(rows)
    print(f"German Credit, 1,000 sampled rows per model and seed; {SDMETRICS}")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.round(4).to_string(index=False))
        means = table.groupby(["pairs", "model"], sort=False)[
            ["sdmetrics", "fingan", "column_shapes", "pair_trends"]
        ].mean()
        print("\nmeans over seeds\n" + means.round(3).to_string())
    print(f"\nlargest absolute gap over every figure: {table['max_abs_gap'].max():.3g}")
    if args.json:
        payload = {
            "settings": vars(args) | {"venv": str(args.venv), "json": str(args.json)},
            "rows": rows,
            "figures": figures,
            "fit_seconds": fit_seconds,
        }
        args.json.write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()
