"""Conditional scenario models in the 99 % one-day VaR backtest: validation, then test.

Runs ``fingan.apps.risk.backtest_var`` (10,000 scenarios a day, yearly refit on every earlier
day) for the chosen configurations on S&P 500 and NASDAQ, in the validation periods
(2003-2006 before the 2007-2009 test, 2011-2014 before the 2015-2018 test) or in the test
periods, and prints one row per data set, period, model and seed: violations, Kupiec,
Christoffersen independence, the McNeil-Frey ES test, Z2, the mean quantile (tick) loss and a
one-sided Diebold-Mariano p-value of the tick loss against FHS-EWMA (small: worse than FHS),
plus the fit and forecast wall time. Settings are chosen on the validation rows only.

    python bench/risk_conditional.py --periods validation --models fhs,ewma+t,gan --seeds 0
    python bench/risk_conditional.py --periods test --models historical,fhs,garch_t,gan \
        --seeds 0,1,2 --json docs/results/risk_test.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from fingan.apps.risk import backtest_var
from fingan.apps.risk.models import default_risk_models
from fingan.datasets import load_nasdaq, load_sp500
from fingan.models import InnovationGAN
from fingan.scenarios import (
    ConditionalScenarioModel,
    EmpiricalInnovations,
    EWMAFilter,
    GPDTails,
    build_configuration,
)

#: Settings tried on the validation periods beside the named configurations.
VARIANTS = {
    "gan_level": lambda seed: _gan(seed, variance_level=True),
    "gan_level_no_evt": lambda seed: _gan(seed, tails=False, variance_level=True),
    "gan_dispersion": lambda seed: _gan(seed, variance_level=True, dispersion_window=250),
    "gan_no_level_dispersion": lambda seed: _gan(seed, dispersion_window=250),
    # issue 13, recency: the chosen gan (ewma+gan_evt), the reference
    "gan_base": lambda seed: _gan(seed),
    # ... trained on days weighted by 2^(-age / half-life)
    "gan_recent500": lambda seed: _gan(seed, recency_halflife=500),
    "gan_recent1000": lambda seed: _gan(seed, recency_halflife=1000),
    # ... with the GPD tails of the last N days of each forecast's history
    "gan_evt500": lambda seed: _gan(seed, tail_window=500),
    "gan_evt1000": lambda seed: _gan(seed, tail_window=1000),
    "gan_recent500_evt500": lambda seed: _gan(seed, recency_halflife=500, tail_window=500),
    # (= the configuration ewma+gan_recent)
    # issue 13, after the averaged generator's fix: the damped GAN (ewma+gan_shrunk, k = 0)
    # with the GPD tails of the last 500 days, FHS's window
    "gan_shrunk_evt500": lambda seed: _gan(seed, tail_window=500, condition_strength=0.0),
    # ... and without a GAN: the same recent GPD tails on the empirical residuals (McNeil-Frey),
    # of the last 500 days (FHS's body) or of every past day (as the GAN learns them)
    "empirical500_evt500": lambda seed: _empirical(500),
    "empirical_all_evt500": lambda seed: _empirical(None),
}
"""The GAN settings tried on the validation periods beside the named configurations."""


def _gan(
    seed: int, *, tails: bool = True, tail_window: int | None = None, **settings: object
) -> ConditionalScenarioModel:
    body = InnovationGAN(random_state=seed, **settings)  # type: ignore[arg-type]
    innovations = GPDTails(body=body, window=tail_window) if tails else body
    return ConditionalScenarioModel(volatility=EWMAFilter(), innovations=innovations)


def _empirical(window: int | None) -> ConditionalScenarioModel:
    tails = GPDTails(body=EmpiricalInnovations(window=window), window=500)
    return ConditionalScenarioModel(volatility=EWMAFilter(), innovations=tails)


PERIODS = {
    "validation": [("2003-01-01", "2006-12-31"), ("2011-01-01", "2014-12-31")],
    "test": [("2007-01-01", "2009-12-31"), ("2015-01-01", "2018-12-31")],
}
DATA = {"sp500": load_sp500, "nasdaq": load_nasdaq}
LEVEL = 0.99


def run(
    data: str,
    period: tuple[str, str],
    models: list[str],
    seed: int,
    fit_window: int | None,
    level: float = LEVEL,
) -> list[dict]:
    names = list(dict.fromkeys(["fhs", *models]))
    named = [name for name in names if name not in VARIANTS]
    factories = {
        **default_risk_models(names=named),
        **{n: VARIANTS[n] for n in names if n in VARIANTS},
    }
    result = backtest_var(
        DATA[data](),
        models={name: factories[name] for name in names},
        fit_window=fit_window,
        level=level,
        start=period[0],
        end=period[1],
        n_paths=10_000,
        random_state=seed,
        conformal=True,
    )
    tests = result.tests()
    calibrated = result.conformal()
    losses = result.quantile_losses("fhs")  # tick loss; one-sided DM p against fhs
    timings = result.timings()
    rows = []
    for name in names:
        if name not in models:
            continue
        row = tests.loc[name]
        dm = float(losses.loc[name, "dm_p_worse"])  # NaN for fhs itself
        rows.append(
            {
                "data": data,
                "period": f"{period[0][:4]}-{period[1][:4]}",
                "model": name,
                "seed": seed,
                "level": level,
                "days": int(row["n_days"]),
                "violations": int(row["n_violations"]),
                "kupiec_p": float(row["kupiec_p_value"]),
                "independence_p": float(row["independence_p_value"]),
                "traffic_light": str(row["traffic_light"]),
                "es_p": None if pd.isna(row["es_p_value"]) else float(row["es_p_value"]),
                "z2": None if pd.isna(row["z2"]) else float(row["z2"]),
                "z2_p": None if pd.isna(row["z2_p_value"]) else float(row["z2_p_value"]),
                "conformal_violations": int(calibrated.loc[name, "n_violations"]),
                "conformal_kupiec_p": float(calibrated.loc[name, "kupiec_p_value"]),
                "conformal_mean_tail_probability": float(
                    calibrated.loc[name, "mean_tail_probability"]
                ),
                "tick_loss": float(losses.loc[name, "tick_loss"]),
                "dm_p_worse_than_fhs": dm,
                "fit_seconds": float(timings.loc[name, "fit_seconds"]),
                "sample_seconds": float(timings.loc[name, "sample_seconds"]),
            }
        )
    return rows


def splice_shares(
    periods: list[tuple[str, str]], data_names: list[str], seed: int, name: str = "gan"
) -> None:
    """Print how much of a configuration's 1 % residual quantile the GPD tail supplies.

    The model is fitted on the data before each period and conditioned on it, as on the
    period's first day.
    """
    for data in data_names:
        returns = DATA[data]()
        for start, _ in periods:
            history = returns.loc[: pd.Timestamp(start) - pd.Timedelta(days=1)]
            model = build_configuration(name, random_state=seed).fit(history)
            filtered = model.volatility_.filter(history.to_numpy())
            share = model.innovations_.splice_share(filtered, 0.01, random_state=seed)
            row = {"model": name, "data": data, "start": start, "splice_share_1pct": share.tolist()}
            print(json.dumps(row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--periods", choices=list(PERIODS), default="validation")
    parser.add_argument("--data", default="sp500,nasdaq")
    parser.add_argument("--only", default=None, help="Only this period, e.g. 2003-2006.")
    parser.add_argument("--models", default="fhs,garch_t,gan")
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--level", type=float, default=LEVEL, help="VaR and ES level.")
    parser.add_argument("--fit-window", type=int, default=None, help="Fit on the last N days.")
    parser.add_argument("--splice", action="store_true", help="Report the GPD tail's share.")
    parser.add_argument("--splice-model", default="gan", help="The configuration of --splice.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the rows here.")
    args = parser.parse_args()
    models = args.models.split(",")
    if args.splice:
        seed = int(args.seeds.split(",")[0])
        splice_shares(PERIODS[args.periods], args.data.split(","), seed, args.splice_model)
        return
    rows: list[dict] = []
    for seed in (int(s) for s in args.seeds.split(",")):
        for data in args.data.split(","):
            for period in PERIODS[args.periods]:
                if args.only and f"{period[0][:4]}-{period[1][:4]}" != args.only:
                    continue
                new = run(data, period, models, seed, args.fit_window, args.level)
                rows += new
                for row in new:
                    print(json.dumps(row), flush=True)
    frame = pd.DataFrame(rows)
    print(frame.drop(columns=["days"]).to_string(index=False, float_format="{:.3f}".format))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
