"""``fingan risk``: VaR and ES of a portfolio from scenario models, backtests, stress tests."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich import box

from fingan.cli._common import (
    AllowExtremeOption,
    CheckpointDirOption,
    CheckpointEveryOption,
    DataArgument,
    ExecutorOption,
    GanStepsOption,
    OverwriteOption,
    PathsOption,
    QuietOption,
    RayAddressOption,
    ResumeOption,
    SeedOption,
    ThreadsOption,
    WarmStartOption,
    WorkersOption,
    console,
    frame_table,
    handle_errors,
    last_day,
    refit_schedule,
    run_provenance,
    split_names,
    task_progress,
    training_progress,
)
from fingan.cli.risk_options import (
    AllowLeverageOption,
    ExplainDayOption,
    ExplainOption,
    ModelDirOption,
    ModelOption,
    NormalizeWeightsOption,
    ScenarioModelChoice,
    WeightsOption,
    check_training,
    parse_levels,
    portfolio,
    print_weights,
)
from fingan.cli.tune import SettingsOption
from fingan.core.threads import configure_process

risk_app = typer.Typer(
    help="Portfolio risk: VaR and ES from scenario models, backtests and stress tests.",
    no_args_is_help=True,
)

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
    settings: SettingsOption = None,
    conformal: Annotated[
        bool,
        typer.Option(
            "--conformal",
            help="Also backtest each model after adaptive conformal calibration of its level.",
        ),
    ] = False,
    explain: ExplainOption = False,
    explain_day: ExplainDayOption = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
    executor: ExecutorOption = "serial",
    workers: WorkersOption = None,
    ray_address: RayAddressOption = None,
    warm_start: WarmStartOption = False,
) -> None:
    """Forecast VaR and ES day by day out of sample, backtest them and write a report."""
    configure_process(threads)
    from fingan.apps.execution import executor_from_options
    from fingan.apps.market import market_data
    from fingan.apps.registry import warm_startable, with_gan_steps
    from fingan.apps.reporting import check_report_folder, write_report
    from fingan.apps.risk import RiskBacktest, backtest_var, default_risk_models

    check_report_folder(RiskBacktest, out, overwrite=overwrite)
    factories = with_gan_steps(default_risk_models, split_names(models), gan_steps)
    if settings is not None:
        from fingan.apps.tune import load_settings, with_settings

        factories = with_settings(factories, load_settings(settings), n_steps=gan_steps)
    returns = market_data(data, allow_extreme=allow_extreme)
    weighted = portfolio(weights, returns, normalize_weights, allow_leverage)
    started = time.perf_counter()
    runner = executor_from_options(executor, workers=workers, address=ray_address, threads=threads)
    warm_started = warm_startable(list(factories)) if warm_start else []
    if warm_start and not warm_started:
        console.print("--warm-start: no model of this backtest refits from its last fit")
    with task_progress("backtesting", enabled=not quiet) as progress:
        result = backtest_var(
            returns,
            weighted,
            factories,
            level=level,
            start=start,
            end=end,
            refit=refit_schedule(refit),
            n_paths=paths,
            horizon=horizon,
            random_state=seed,
            progress=progress,
            executor=runner,
            conformal=conformal,
            explain=explain,
            explain_day=explain_day,
            warm_start=warm_started,
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
    print_weights(result.weights)
    console.print(frame_table(table, title=title))
    lights = ", ".join(f"{name} {light}" for name, light in tests["traffic_light"].items())
    console.print(f"Traffic lights: {lights}")
    if conformal:
        calibrated = result.conformal()
        columns = {"raw_violations": "raw", "n_violations": "calibrated", "traffic_light": "light"}
        table = calibrated[list(columns)].rename(columns=columns)
        console.print(frame_table(table, title="After adaptive conformal calibration"))
    for name, item in (result.explanations or {}).items():
        console.print(
            f"Explained {name} (refit {item.refit_date}, {item.start} to {item.end}); "
            f"deletion tests: {item.deletion_verdicts()}"
        )
    if result.explanations == {}:
        console.print("--explain: no model of this backtest has a GAN innovation model")
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
    model: ModelOption = None,
    model_dir: ModelDirOption = None,
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

    choice = ScenarioModelChoice.choose(
        model,
        model_dir,
        seed=seed,
        gan_steps=gan_steps,
        checkpoint_dir=checkpoint_dir,
        checkpoint_every=checkpoint_every,
        resume=resume,
    )
    returns = choice.match(market_data(data, allow_extreme=allow_extreme))
    check_paths_memory(paths, horizon, returns.shape[1])
    weighted = portfolio(weights, returns, normalize_weights, allow_leverage)
    result = forecast_risk(
        choice.fitted(returns),
        returns,
        weighted,
        n_paths=paths,
        horizon=horizon,
        levels=parse_levels(levels),
        random_state=seed,
    )
    print_weights(result.weights)
    title = f"{choice.name}: {horizon}-day loss after {last_day(returns)}"
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
    model: ModelOption = None,
    model_dir: ModelDirOption = None,
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
    choice = ScenarioModelChoice.choose(
        model,
        model_dir,
        seed=seed,
        gan_steps=gan_steps,
        checkpoint_dir=checkpoint_dir,
        checkpoint_every=checkpoint_every,
        resume=resume,
        out=out,
    )
    returns = choice.match(market_data(data, allow_extreme=allow_extreme))
    check_paths_memory(paths, horizon, returns.shape[1])
    weighted = portfolio(weights, returns, normalize_weights, allow_leverage)
    result = stress_scenarios(
        choice.fitted(returns),
        returns,
        weighted,
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
    print_weights(result.weights)
    title = f"{choice.name}: {horizon}-day loss after the stress"
    console.print(frame_table(result.risk, title=title))
    console.print(frame_table(result.worst.head(5).set_index("scenario"), title="Worst scenarios"))
    console.print(f"\nScenarios: {path.resolve()}")


@risk_app.command("fit")
@handle_errors
def fit(
    data: DataArgument,
    model: Annotated[
        str,
        typer.Option(
            help="A configuration of the conditional scenario model: fhs, garch_t, gan or "
            "<filter>+<innovations> (see `fingan risk models`)."
        ),
    ],
    out: Annotated[Path, typer.Option(help="Folder to save the fitted model in.")],
    gan_steps: GanStepsOption = None,
    settings: SettingsOption = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    checkpoint_dir: CheckpointDirOption = None,
    checkpoint_every: CheckpointEveryOption = None,
    resume: ResumeOption = None,
    threads: ThreadsOption = None,
) -> None:
    """Fit a scenario model to all the data and save it for `risk var / stress --model-dir`."""
    configure_process(threads)
    from fingan.apps.market import market_data
    from fingan.apps.registry import gan_training
    from fingan.apps.risk import (
        MODEL_KIND,
        check_configuration,
        configuration_of,
        reports_progress,
        save_risk_model,
    )
    from fingan.apps.tune import fit_with_settings, load_settings
    from fingan.core.io import check_output_folder

    check_configuration(model)
    check_output_folder(out, kind=MODEL_KIND, overwrite=overwrite)
    check_training(model, checkpoint_dir, checkpoint_every, resume, out)
    training = gan_training(model, gan_steps, checkpoint_every=checkpoint_every)
    tuned = None if settings is None else load_settings(settings)
    returns = market_data(data, allow_extreme=allow_extreme)
    assets = ", ".join(map(str, returns.columns))
    console.print(
        f"Fitting {model} to {len(returns):,} days of {assets}", highlight=False, soft_wrap=True
    )
    with training_progress("training", enabled=not quiet and reports_progress(model)) as progress:
        fitted = fit_with_settings(
            returns,
            model,
            tuned,
            gan_training=training,
            n_steps=gan_steps,
            random_state=seed,
            checkpoint_dir=checkpoint_dir,
            resume=resume,
            progress=progress,
        )
    path = save_risk_model(fitted, out, overwrite=overwrite)
    parts = configuration_of(fitted)
    label = model if parts in (None, model) else f"{model} ({parts})"
    console.print(f"Saved {label} to {path}", highlight=False, soft_wrap=True)


@risk_app.command("models")
@handle_errors
def models() -> None:
    """List every scenario model the risk commands take."""
    from fingan.apps.risk import risk_models_table

    frame = risk_models_table()
    shown = frame.assign(listed=frame["listed"].map({True: "yes", False: "no"}))
    shown = shown.fillna("-").rename(columns={"alias_of": "alias of"})
    table = frame_table(shown, title="Scenario models (listed: run by a backtest by default)")
    table.box, table.show_edge = box.SIMPLE_HEAD, False
    for column in table.columns[:-1]:  # names are never cut; the description wraps
        column.no_wrap = True
    table.columns[-1].overflow = "fold"
    console.print(table)
