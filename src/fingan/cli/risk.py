"""``fingan risk``: VaR and ES of a portfolio from scenario models, backtests, stress tests."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fingan.cli._common import (
    AllowExtremeOption,
    CheckpointDirOption,
    CheckpointEveryOption,
    DataArgument,
    OverwriteOption,
    PathsOption,
    QuietOption,
    ResumeOption,
    SeedOption,
    ThreadsOption,
    console,
    frame_table,
    handle_errors,
    last_day,
    refit_schedule,
    run_provenance,
    split_names,
    task_progress,
)
from fingan.core.threads import configure_process

if TYPE_CHECKING:
    import pandas as pd

    from fingan.apps.risk import PortfolioWeights
    from fingan.core.protocols import ConditionalPathModel

risk_app = typer.Typer(
    help="Portfolio risk: VaR and ES from scenario models, backtests and stress tests.",
    no_args_is_help=True,
)

WeightsOption = Annotated[
    str | None,
    typer.Option(
        help='Portfolio weights summing to 1, e.g. "sp500=0.6,nasdaq=0.4" (default: equal).'
    ),
]
NormalizeWeightsOption = Annotated[
    bool,
    typer.Option(
        "--normalize-weights", help="Divide the weights by their sum instead of requiring 1."
    ),
]
AllowLeverageOption = Annotated[
    bool,
    typer.Option("--allow-leverage", help="Accept weights with a gross leverage sum(|w|) above 2."),
]
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
    normalize_weights: NormalizeWeightsOption = False,
    allow_leverage: AllowLeverageOption = False,
    level: Annotated[float, typer.Option(help="VaR and ES confidence level.")] = 0.99,
    end: Annotated[str | None, typer.Option(help="Last day (default: end of data).")] = None,
    refit: Annotated[
        str, typer.Option(help="yearly, quarterly, monthly, never, or a number of days.")
    ] = "yearly",
    paths: PathsOption = 10_000,
    horizon: Annotated[int, typer.Option(min=1, help="Days per forecast.")] = 1,
    models: Annotated[
        str | None,
        typer.Option(help="Comma-separated models (default: all; see `fingan risk models`)."),
    ] = None,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
) -> None:
    """Forecast VaR and ES day by day out of sample, backtest them and write a report."""
    configure_process(threads)
    from fingan.apps.market import market_data
    from fingan.apps.registry import with_gan_steps
    from fingan.apps.reporting import check_report_folder, write_report
    from fingan.apps.risk import RiskBacktest, backtest_var, default_risk_models

    check_report_folder(RiskBacktest, out, overwrite=overwrite)
    factories = with_gan_steps(default_risk_models, split_names(models), gan_steps)
    returns = market_data(data, allow_extreme=allow_extreme)
    portfolio = _portfolio(weights, returns, normalize_weights, allow_leverage)
    started = time.perf_counter()
    with task_progress("backtesting", enabled=not quiet) as progress:
        result = backtest_var(
            returns,
            portfolio,
            factories,
            level=level,
            start=start,
            end=end,
            refit=refit_schedule(refit),
            n_paths=paths,
            horizon=horizon,
            random_state=seed,
            progress=progress,
        )
    seconds = time.perf_counter() - started
    report = write_report(
        result,
        out,
        overwrite=overwrite,
        provenance=run_provenance(result, seed=seed, n_steps=gan_steps),
    )
    tests = result.tests()
    title = f"{level:.1%} VaR backtest, {tests['n_days'].iloc[0]} forecasts"
    table = tests[list(TESTS_COLUMNS)].astype(float).rename(columns=TESTS_COLUMNS)
    _print_weights(result.weights)
    console.print(frame_table(table, title=title))
    lights = ", ".join(f"{name} {light}" for name, light in tests["traffic_light"].items())
    console.print(f"Traffic lights: {lights}")
    console.print(f"Run time: {seconds:.1f} s")
    console.print(f"\nReport: {report.resolve()}")


@risk_app.command("var")
@handle_errors
def var(
    data: DataArgument,
    weights: WeightsOption = None,
    normalize_weights: NormalizeWeightsOption = False,
    allow_leverage: AllowLeverageOption = False,
    levels: Annotated[str, typer.Option(help="Comma-separated confidence levels.")] = "0.95,0.99",
    horizon: Annotated[int, typer.Option(min=1, help="Days of the loss.")] = 1,
    model: Annotated[str, typer.Option(help="Scenario model.")] = "garch_t",
    paths: PathsOption = 10_000,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
    allow_extreme: AllowExtremeOption = False,
    checkpoint_dir: CheckpointDirOption = None,
    checkpoint_every: CheckpointEveryOption = None,
    resume: ResumeOption = None,
    threads: ThreadsOption = None,
) -> None:
    """Print the VaR and ES of the portfolio's loss over the next days, given all the data."""
    configure_process(threads)
    from fingan.apps.market import market_data
    from fingan.apps.risk import forecast_risk
    from fingan.core.resources import check_paths_memory

    _check_training(model, checkpoint_dir, checkpoint_every, resume)
    returns = market_data(data, allow_extreme=allow_extreme)
    check_paths_memory(paths, horizon, returns.shape[1])
    portfolio = _portfolio(weights, returns, normalize_weights, allow_leverage)
    fitted = _fit(returns, model, seed, gan_steps, checkpoint_dir, checkpoint_every, resume)
    result = forecast_risk(
        fitted,
        returns,
        portfolio,
        n_paths=paths,
        horizon=horizon,
        levels=_levels(levels),
        random_state=seed,
    )
    _print_weights(result.weights)
    title = f"{model}: {horizon}-day loss after {last_day(returns)}"
    console.print(frame_table(result.risk, title=title))


@risk_app.command("stress")
@handle_errors
def stress(
    data: DataArgument,
    out: Annotated[Path, typer.Option(help="Scenario file: .csv or .parquet.")],
    weights: WeightsOption = None,
    normalize_weights: NormalizeWeightsOption = False,
    allow_leverage: AllowLeverageOption = False,
    shock: Annotated[
        float | None, typer.Option(help="Log return of each held asset on a shock day (-0.07).")
    ] = None,
    volatility: Annotated[
        float | None, typer.Option(help="Annualised volatility of the last 21 days (0.4).")
    ] = None,
    horizon: Annotated[int, typer.Option(min=1, help="Days after the shock.")] = 10,
    worst: Annotated[int, typer.Option(min=1, help="Worst scenarios to list.")] = 20,
    model: Annotated[str, typer.Option(help="Scenario model.")] = "garch_t",
    paths: PathsOption = 10_000,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    checkpoint_dir: CheckpointDirOption = None,
    checkpoint_every: CheckpointEveryOption = None,
    resume: ResumeOption = None,
    threads: ThreadsOption = None,
) -> None:
    """Draw the days after a shock or at a volatility level; write the scenarios to a file."""
    configure_process(threads)
    from fingan.apps.market import market_data
    from fingan.apps.risk import stress_scenarios, write_scenarios
    from fingan.core.exceptions import ConfigError
    from fingan.core.io import FRAME_SUFFIXES, check_output_file
    from fingan.core.resources import check_paths_memory

    if shock is None and volatility is None:
        raise ConfigError("give --shock, --volatility or both")
    check_output_file(out, overwrite=overwrite, suffixes=FRAME_SUFFIXES)
    _check_training(model, checkpoint_dir, checkpoint_every, resume, out)
    returns = market_data(data, allow_extreme=allow_extreme)
    check_paths_memory(paths, horizon, returns.shape[1])
    portfolio = _portfolio(weights, returns, normalize_weights, allow_leverage)
    fitted = _fit(returns, model, seed, gan_steps, checkpoint_dir, checkpoint_every, resume)
    result = stress_scenarios(
        fitted,
        returns,
        portfolio,
        shock=shock,
        volatility=volatility,
        n_paths=paths,
        horizon=horizon,
        worst=worst,
        random_state=seed,
    )
    path = write_scenarios(result, out, overwrite=overwrite)
    if result.shock_return is not None:
        console.print(f"Shock day: portfolio return {result.shock_return:+.2%}")
    if result.volatility_scale is not None:
        console.print(f"Last 21 days scaled by {result.volatility_scale:.2f}")
    _print_weights(result.weights)
    title = f"{model}: {horizon}-day loss after the stress"
    console.print(frame_table(result.risk, title=title))
    console.print(frame_table(result.worst.head(5).set_index("scenario"), title="Worst scenarios"))
    console.print(f"\nScenarios: {path.resolve()}")


@risk_app.command("models")
def models() -> None:
    """List the scenario models."""
    from fingan.apps.risk import default_risk_models

    for name in default_risk_models():
        console.print(name)


def _check_training(
    model: str,
    checkpoint_dir: Path | None,
    checkpoint_every: int | None,
    resume: Path | None,
    out: Path | None = None,
) -> None:
    """Check the model's checkpoint options before any work."""
    from fingan.apps.registry import check_checkpoint_options

    step = check_checkpoint_options(
        model,
        checkpoint_dir=checkpoint_dir,
        checkpoint_every=checkpoint_every,
        resume=resume,
        out=out,
    )
    if step is not None:
        console.print(f"Resuming {model} from step {step}", highlight=False)


def _fit(
    returns: pd.DataFrame,
    model: str,
    seed: int,
    gan_steps: int | None,
    checkpoint_dir: Path | None,
    checkpoint_every: int | None,
    resume: Path | None,
) -> ConditionalPathModel:
    """Fit the risk model ``model`` to all the data, a GAN for ``gan_steps`` steps."""
    from fingan.apps.registry import gan_training
    from fingan.apps.risk import fit_risk_model

    return fit_risk_model(
        returns,
        model,
        gan_training=gan_training(model, gan_steps, checkpoint_every=checkpoint_every),
        random_state=seed,
        checkpoint_dir=checkpoint_dir,
        resume=resume,
    )


def _portfolio(
    text: str | None, returns: pd.DataFrame, normalize: bool, allow_leverage: bool
) -> PortfolioWeights:
    """Parse ``--weights`` and check them against the data's assets, before any fitting."""
    from fingan.apps.risk import portfolio_weights

    return portfolio_weights(
        _weights(text), list(returns.columns), normalize=normalize, allow_leverage=allow_leverage
    )


def _print_weights(weights: pd.Series) -> None:
    """Print the weights used on one plain line (asset names may hold ``[``, not markup)."""
    from fingan.apps.risk import describe_weights

    line = f"Weights: {describe_weights(weights)}"
    console.print(line, markup=False, highlight=False, soft_wrap=True)


def _weights(text: str | None) -> dict[str, float] | None:
    """Parse ``"a=0.6,b=0.4"`` (the weights are checked by ``portfolio_weights``)."""
    from fingan.core.exceptions import ConfigError

    if text is None:
        return None
    weights: dict[str, float] = {}
    for item in text.split(","):
        name, equals, value = item.partition("=")
        name = name.strip()
        if name in weights:
            raise ConfigError(f"weights give {name!r} twice; got {text!r}")
        try:
            weights[name] = float(value)
        except ValueError:
            equals = ""
        if not equals or not name:
            raise ConfigError(f'weights must look like "sp500=0.6,nasdaq=0.4"; got {text!r}')
    return weights


def _levels(text: str) -> list[float]:
    """Parse ``"0.95,0.99"``."""
    from fingan.core.exceptions import ConfigError

    try:
        return [float(item) for item in text.split(",")]
    except ValueError:
        raise ConfigError(f'levels must look like "0.95,0.99"; got {text!r}') from None
