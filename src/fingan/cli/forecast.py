"""``fingan forecast``: probabilistic forecasts of returns and volatility, scored out of sample."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fingan.cli._common import (
    AllowExtremeOption,
    CheckpointDirOption,
    CheckpointEveryOption,
    DataArgument,
    EndOption,
    ExecutorOption,
    GanStepsOption,
    OverwriteOption,
    QuietOption,
    RayAddressOption,
    ResumeOption,
    SeedOption,
    ThreadsOption,
    WorkersOption,
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

forecast_app = typer.Typer(
    help="Probabilistic forecasts of returns and volatility, scored out of sample.",
    no_args_is_help=True,
)


@forecast_app.command("evaluate")
@handle_errors
def evaluate(
    data: DataArgument,
    start: Annotated[str, typer.Option(help="First forecast day (e.g. 2015-01-01).")],
    out: Annotated[Path, typer.Option(help="Folder for metrics.json and report.html.")],
    horizon: Annotated[int, typer.Option(min=1, help="Days h in each forecast.")] = 1,
    end: EndOption = None,
    refit: Annotated[
        str,
        typer.Option(help="Refit schedule: yearly, quarterly, monthly, never, or every N days."),
    ] = "yearly",
    paths: Annotated[int, typer.Option(min=2, help="Paths per model and day.")] = 1000,
    models: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated models (random_walk, garch_t, quantile_regression, "
            "gan); default: all."
        ),
    ] = None,
    asset: Annotated[str | None, typer.Option(help="Asset forecast (default: the first).")] = None,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
    executor: ExecutorOption = "serial",
    workers: WorkersOption = None,
    ray_address: RayAddressOption = None,
) -> None:
    """Forecast the next h days' return and realised volatility day by day; score; report."""
    configure_process(threads)
    from fingan.apps.execution import executor_from_options
    from fingan.apps.forecast import ForecastEvaluation, default_forecast_models, evaluate_forecasts
    from fingan.apps.market import market_data
    from fingan.apps.registry import with_gan_steps
    from fingan.apps.reporting import check_report_folder, write_report

    check_report_folder(ForecastEvaluation, out, overwrite=overwrite)
    factories = with_gan_steps(default_forecast_models, split_names(models), gan_steps)
    schedule = refit_schedule(refit)
    returns = market_data(data, allow_extreme=allow_extreme)
    runner = executor_from_options(executor, workers=workers, address=ray_address, threads=threads)
    with task_progress("forecasting", enabled=not quiet) as progress:
        result = evaluate_forecasts(
            returns,
            factories,
            horizon=horizon,
            start=start,
            end=end,
            refit=schedule,
            n_paths=paths,
            asset=asset,
            random_state=seed,
            progress=progress,
            executor=runner,
        )
    path = write_report(
        result,
        out,
        overwrite=overwrite,
        provenance=run_provenance(result, seed=seed, n_steps=gan_steps),
    )
    title = f"{horizon}-day forecasts of {result.asset} (CRPS: lower is better)"
    scores = result.scores()[["crps", "crps_skill", "coverage", "pit_p_value"]]
    console.print(frame_table(scores, title=title))
    tests = result.dm_tests()
    if not tests.empty:
        console.print(frame_table(tests, title=f"Diebold-Mariano, CRPS vs {result.benchmark}"))
    console.print(f"\nReport: {path.resolve()}")


@forecast_app.command("predict")
@handle_errors
def predict(
    data: DataArgument,
    model: Annotated[
        str,
        typer.Option(help="Forecast model (random_walk, garch_t, quantile_regression, gan)."),
    ] = "garch_t",
    horizon: Annotated[int, typer.Option(min=1, help="Days h in the forecast.")] = 1,
    paths: Annotated[int, typer.Option(min=2, help="Paths drawn.")] = 10_000,
    asset: Annotated[str | None, typer.Option(help="Asset forecast (default: the first).")] = None,
    gan_steps: GanStepsOption = None,
    seed: SeedOption = 0,
    out: Annotated[Path | None, typer.Option(help="Also write the table (.csv, .parquet).")] = None,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    checkpoint_dir: CheckpointDirOption = None,
    checkpoint_every: CheckpointEveryOption = None,
    resume: ResumeOption = None,
    threads: ThreadsOption = None,
) -> None:
    """Fit on all the data; print the next h days' return and realised volatility distribution."""
    configure_process(threads)
    from fingan.apps.forecast import fit_forecast_model, forecast_distribution
    from fingan.apps.market import market_data
    from fingan.apps.registry import check_checkpoint_options, gan_training
    from fingan.core.io import FRAME_SUFFIXES, check_output_file, write_frame
    from fingan.core.resources import check_paths_memory

    if out is not None:
        check_output_file(out, overwrite=overwrite, suffixes=FRAME_SUFFIXES)
    step = check_checkpoint_options(
        model,
        checkpoint_dir=checkpoint_dir,
        checkpoint_every=checkpoint_every,
        resume=resume,
        out=out,
    )
    returns = market_data(data, allow_extreme=allow_extreme)
    check_paths_memory(paths, horizon, returns.shape[1])
    if step is not None:
        console.print(f"Resuming {model} from step {step}", highlight=False)
    fitted = fit_forecast_model(
        returns,
        model,
        gan_training=gan_training(model, gan_steps, checkpoint_every=checkpoint_every),
        random_state=seed,
        checkpoint_dir=checkpoint_dir,
        resume=resume,
    )
    table = forecast_distribution(
        fitted, returns, horizon=horizon, n_paths=paths, asset=asset, random_state=seed
    )
    path = None if out is None else write_frame(table.reset_index(), out, overwrite=overwrite)
    name = asset if asset is not None else str(returns.columns[0])
    console.print(
        f"{model}: {name}'s {horizon}-day log return and realised volatility "
        f"after {last_day(returns)}"
    )
    console.print(frame_table(table.T.rename_axis("")))  # one column per target
    if path is not None:
        console.print(f"\nForecast: {path.resolve()}")
