"""``fingan risk``: VaR and ES of a portfolio from scenario models, backtests, stress tests."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from fingan.cli._common import (
    DataArgument,
    QuietOption,
    SeedOption,
    console,
    frame_table,
    handle_errors,
    last_day,
    refit_schedule,
    split_names,
    task_progress,
)

risk_app = typer.Typer(
    help="Portfolio risk: VaR and ES from scenario models, backtests and stress tests.",
    no_args_is_help=True,
)

WeightsOption = Annotated[
    str | None,
    typer.Option(help='Portfolio weights, e.g. "sp500=0.6,nasdaq=0.4" (default: equal).'),
]
ScenariosOption = Annotated[int, typer.Option(min=1, help="Scenarios per forecast.")]
GanStepsOption = Annotated[
    int | None, typer.Option(min=1, help="GAN training steps (default: each GAN's own).")
]

TESTS_COLUMNS = {
    "n_violations": "violations",
    "violation_rate": "rate",
    "kupiec_p_value": "Kupiec p",
    "independence_p_value": "indep. p",
    "conditional_coverage_p_value": "cond. cov. p",
    "es_p_value": "ES p",
}
"""Test results printed by ``backtest``, with short headings (all of them are in the report)."""


@risk_app.command("backtest")
@handle_errors
def backtest(
    data: DataArgument,
    start: Annotated[str, typer.Option(help="First forecast day (e.g. 2015-01-01).")],
    out: Annotated[Path, typer.Option(help="Folder for metrics.json and report.html.")],
    weights: WeightsOption = None,
    level: Annotated[float, typer.Option(help="VaR and ES confidence level.")] = 0.99,
    end: Annotated[str | None, typer.Option(help="Last day (default: end of data).")] = None,
    refit: Annotated[
        str, typer.Option(help="yearly, quarterly, monthly, never, or a number of days.")
    ] = "yearly",
    scenarios: ScenariosOption = 10_000,
    horizon: Annotated[int, typer.Option(min=1, help="Days per forecast.")] = 1,
    models: Annotated[
        str | None,
        typer.Option(help="Comma-separated models (default: all; see `fingan risk models`)."),
    ] = None,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Forecast VaR and ES day by day out of sample, backtest them and write a report."""
    from fingan.apps.market import market_data
    from fingan.apps.risk import backtest_var, default_risk_models
    from fingan.apps.risk_report import risk_report

    returns = market_data(data)
    factories = default_risk_models(names=split_names(models), gan_steps=gan_steps)
    started = time.perf_counter()
    with task_progress("backtesting", enabled=not quiet) as progress:
        result = backtest_var(
            returns,
            _weights(weights),
            factories,
            level=level,
            start=start,
            end=end,
            refit=refit_schedule(refit),
            n_scenarios=scenarios,
            horizon=horizon,
            random_state=seed,
            progress=progress,
        )
    seconds = time.perf_counter() - started
    report = risk_report(result, out)
    tests = result.tests()
    title = f"{level:.1%} VaR backtest, {tests['n_days'].iloc[0]} forecasts"
    table = tests[list(TESTS_COLUMNS)].astype(float).rename(columns=TESTS_COLUMNS)
    console.print(frame_table(table, title=title))
    lights = ", ".join(f"{name} {light}" for name, light in tests["traffic_light"].items())
    console.print(f"Traffic lights: {lights}")
    console.print(f"Run time: {seconds:.1f} s")
    console.print(f"\nReport: [bold]{report.resolve()}[/]")


@risk_app.command("var")
@handle_errors
def var(
    data: DataArgument,
    weights: WeightsOption = None,
    levels: Annotated[str, typer.Option(help="Comma-separated confidence levels.")] = "0.95,0.99",
    horizon: Annotated[int, typer.Option(min=1, help="Days of the loss.")] = 1,
    model: Annotated[str, typer.Option(help="Scenario model.")] = "garch_t",
    scenarios: ScenariosOption = 10_000,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
) -> None:
    """Print the VaR and ES of the portfolio's loss over the next days, given all the data."""
    from fingan.apps.market import market_data
    from fingan.apps.risk import fit_risk_model
    from fingan.apps.stress import stress_scenarios

    returns = market_data(data)
    fitted = fit_risk_model(returns, model, gan_steps=gan_steps, random_state=seed)
    result = stress_scenarios(
        fitted,
        returns,
        _weights(weights),
        n_paths=scenarios,
        horizon=horizon,
        levels=_levels(levels),
        random_state=seed,
    )
    title = f"{model}: {horizon}-day loss after {last_day(returns)}"
    console.print(frame_table(result.risk, title=title))


@risk_app.command("stress")
@handle_errors
def stress(
    data: DataArgument,
    out: Annotated[Path, typer.Option(help="Scenario file: .csv or .parquet.")],
    weights: WeightsOption = None,
    shock: Annotated[
        float | None, typer.Option(help="Log return of each held asset on a shock day (-0.07).")
    ] = None,
    volatility: Annotated[
        float | None, typer.Option(help="Annualised volatility of the last 21 days (0.4).")
    ] = None,
    horizon: Annotated[int, typer.Option(min=1, help="Days after the shock.")] = 10,
    worst: Annotated[int, typer.Option(min=1, help="Worst scenarios to list.")] = 20,
    model: Annotated[str, typer.Option(help="Scenario model.")] = "garch_t",
    scenarios: ScenariosOption = 10_000,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
) -> None:
    """Draw the days after a shock or at a volatility level; write the scenarios to a file."""
    from fingan.apps.market import market_data
    from fingan.apps.risk import fit_risk_model
    from fingan.apps.stress import stress_scenarios, write_scenarios
    from fingan.exceptions import ConfigError

    if shock is None and volatility is None:
        raise ConfigError("give --shock, --volatility or both")
    returns = market_data(data)
    fitted = fit_risk_model(returns, model, gan_steps=gan_steps, random_state=seed)
    result = stress_scenarios(
        fitted,
        returns,
        _weights(weights),
        shock=shock,
        volatility=volatility,
        n_paths=scenarios,
        horizon=horizon,
        worst=worst,
        random_state=seed,
    )
    path = write_scenarios(result, out)
    if result.shock_return is not None:
        console.print(f"Shock day: portfolio return {result.shock_return:+.2%}")
    if result.volatility_scale is not None:
        console.print(f"Last 21 days scaled by {result.volatility_scale:.2f}")
    title = f"{model}: {horizon}-day loss after the stress"
    console.print(frame_table(result.risk, title=title))
    console.print(frame_table(result.worst.head(5).set_index("scenario"), title="Worst scenarios"))
    console.print(f"\nScenarios: [bold]{path.resolve()}[/]")


@risk_app.command("models")
def models() -> None:
    """List the scenario models."""
    from fingan.apps.risk import default_risk_models

    for name in default_risk_models():
        console.print(name)


def _weights(text: str | None) -> dict[str, float] | None:
    """Parse ``"a=0.6,b=0.4"``."""
    from fingan.exceptions import ConfigError

    if text is None:
        return None
    weights: dict[str, float] = {}
    for item in text.split(","):
        name, equals, value = item.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            equals = ""
        if not equals or not name.strip():
            raise ConfigError(f'weights must look like "sp500=0.6,nasdaq=0.4"; got {text!r}')
    return weights


def _levels(text: str) -> list[float]:
    """Parse ``"0.95,0.99"``."""
    from fingan.exceptions import ConfigError

    try:
        return [float(item) for item in text.split(",")]
    except ValueError:
        raise ConfigError(f'levels must look like "0.95,0.99"; got {text!r}') from None
