"""The conditional GAN's condition strength in the 99 % one-day VaR backtest (validation only).

``InnovationGAN(condition_strength=k)`` moves the GAN's conditional location and log scale
from their averages over the history by the share ``k`` of what it learned (read at sampling
time, no refit). This script fits the ``gan`` configuration (``ewma+gan_evt``) once per refit
year and samples the same fitted model with every ``k``, beside FHS and the plain quantile of
all past EWMA residuals (``plain_all``: ``ewma`` with the empirical residuals of every fitted
day), through ``fingan.apps.risk.backtest_var`` (10,000 scenarios a day, yearly refit on every
earlier day). Only the validation periods are offered.

    nice python bench/risk_shrinkage.py --data sp500 --only 2003-2006 --strengths 1,0.5,0
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from risk_conditional import DATA, LEVEL
from risk_conditional import PERIODS as VALIDATION

from fingan.apps.risk import backtest_var
from fingan.apps.risk.models import default_risk_models
from fingan.core.paths import ReturnPaths
from fingan.scenarios import (
    ConditionalScenarioModel,
    EmpiricalInnovations,
    EWMAFilter,
    build_configuration,
)
from fingan.training import TrainingConfig

PERIODS = VALIDATION["validation"]  # the same validation periods as bench/risk_conditional.py


class SharedFit:
    """The ``gan`` configuration fitted once per training set, sampled at one strength."""

    def __init__(
        self,
        cache: dict[Any, ConditionalScenarioModel],
        strength: float,
        seed: int,
        training: TrainingConfig | None = None,
    ) -> None:
        self.cache, self.strength, self.seed, self.training = cache, strength, seed, training

    def fit(self, returns: pd.DataFrame) -> SharedFit:
        key = (len(returns), str(returns.index[-1]))
        if key not in self.cache:  # one GAN seed per refit, whichever strength fits first
            seed = int(np.random.SeedSequence([self.seed, len(returns)]).generate_state(1)[0])
            self.cache[key] = build_configuration(
                "gan", random_state=seed, gan_training=self.training
            ).fit(returns)
        self.model = self.cache[key]
        return self

    def sample_paths(
        self, history: Any, n_paths: int, horizon: int, *, random_state: Any = None
    ) -> ReturnPaths:
        self.model.innovations_.body_.set_params(condition_strength=self.strength)
        return self.model.sample_paths(history, n_paths, horizon, random_state=random_state)


def run(
    data: str,
    period: tuple[str, str],
    strengths: list[float],
    seed: int,
    training: TrainingConfig | None = None,
) -> list[dict[str, Any]]:
    cache: dict[Any, ConditionalScenarioModel] = {}
    models: dict[str, Any] = {
        **default_risk_models(names=["fhs"]),
        "plain_all": lambda s: ConditionalScenarioModel(
            volatility=EWMAFilter(), innovations=EmpiricalInnovations(window=None)
        ),
    }
    for k in strengths:
        models[f"gan_k{k:g}"] = lambda s, k=k: SharedFit(cache, k, seed, training)
    result = backtest_var(
        DATA[data](),
        models=models,
        level=LEVEL,
        start=period[0],
        end=period[1],
        n_paths=10_000,
        random_state=seed,
    )
    tests, losses = result.tests(), result.quantile_losses("fhs")
    timings = result.timings()
    return [
        {
            "data": data,
            "period": f"{period[0][:4]}-{period[1][:4]}",
            "model": name,
            "seed": seed,
            "violations": int(tests.loc[name, "n_violations"]),
            "kupiec_p": float(tests.loc[name, "kupiec_p_value"]),
            "tick_loss_1e4": 1e4 * float(losses.loc[name, "tick_loss"]),
            "dm_p_worse_than_fhs": float(losses.loc[name, "dm_p_worse"]),
            "fit_seconds": float(timings.loc[name, "fit_seconds"]),
            "sample_seconds": float(timings.loc[name, "sample_seconds"]),
        }
        for name in models
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="sp500,nasdaq")
    parser.add_argument("--only", default=None, help="Only this period, e.g. 2003-2006.")
    parser.add_argument("--strengths", default="1,0.75,0.5,0.25,0")
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--gan-steps", type=int, default=None, help="Smoke runs only.")
    parser.add_argument("--end", default=None, help="End the period early (smoke runs).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the rows here.")
    args = parser.parse_args()
    strengths = [float(k) for k in args.strengths.split(",")]
    training = None
    if args.gan_steps is not None:
        training = TrainingConfig(n_steps=args.gan_steps, batch_size=256)
    rows: list[dict[str, Any]] = []
    for seed in (int(s) for s in args.seeds.split(",")):
        for data in args.data.split(","):
            for period in PERIODS:
                if args.only and f"{period[0][:4]}-{period[1][:4]}" != args.only:
                    continue
                new = run(data, (period[0], args.end or period[1]), strengths, seed, training)
                rows += new
                for row in new:
                    print(json.dumps(row), flush=True)
    print(pd.DataFrame(rows).to_string(index=False, float_format="{:.3f}".format))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
