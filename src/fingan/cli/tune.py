"""``fingan tune``: search a scenario model's settings on a validation period; save the best."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fingan.cli._common import (
    AllowExtremeOption,
    ExecutorOption,
    OverwriteOption,
    PathsOption,
    QuietOption,
    RayAddressOption,
    SeedOption,
    ThreadsOption,
    WorkersOption,
    console,
    frame_table,
    handle_errors,
    refit_schedule,
    task_progress,
)
from fingan.core.threads import configure_process

SettingsOption = Annotated[
    Path | None,
    typer.Option(help="Settings chosen by `fingan tune` (a JSON file) for the model they name."),
]
"""``--settings FILE`` of the commands that fit a model (read by ``fingan.apps.tune``)."""


@handle_errors
def tune(
    model: Annotated[
        str,
        typer.Argument(
            help="A configuration of the conditional scenario model: fhs, garch_t, gan or "
            "<filter>+<innovations> (see `fingan risk models`)."
        ),
    ],
    data: Annotated[
        str,
        typer.Option(help="CSV/Parquet of prices or returns, or built-in data (sp500, nasdaq)."),
    ],
    validation_start: Annotated[str, typer.Option(help="First day scored (e.g. 2016-01-04).")],
    validation_end: Annotated[
        str, typer.Option(help="Last day scored; no later day is ever seen.")
    ],
    space: Annotated[
        str,
        typer.Option(
            help="Settings and their values: window=250|500,decay=0.9:0.98:0.02 (GAN "
            "configurations also n_steps, learning_rate, batch_size, n_critic...)."
        ),
    ],
    out: Annotated[Path, typer.Option(help="JSON file for the chosen settings (new).")],
    trials: Annotated[
        int | None,
        typer.Option(min=1, help="Trials of a random or optuna search (default 10)."),
    ] = None,
    search: Annotated[
        str, typer.Option(help="random (seeded draw), grid (every point) or optuna (Ray Tune).")
    ] = "random",
    metric: Annotated[
        str, typer.Option(help="Score minimised: tick_loss or coverage_error.")
    ] = "tick_loss",
    test_start: Annotated[
        str | None,
        typer.Option(help="First day of your test period: the validation must end before it."),
    ] = None,
    level: Annotated[float, typer.Option(help="VaR level of the validation backtest.")] = 0.99,
    paths: PathsOption = 1000,
    refit: Annotated[
        str, typer.Option(help="Refits in the validation backtest: yearly, quarterly, never...")
    ] = "yearly",
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
    executor: ExecutorOption = "serial",
    workers: WorkersOption = None,
    ray_address: RayAddressOption = None,
) -> None:
    """Search a model's settings by a VaR backtest on a validation period; save the best."""
    configure_process(threads)
    from fingan.apps.execution import executor_from_options
    from fingan.apps.market import market_data
    from fingan.apps.tune import check_metric, parse_space, save_settings, tune_model
    from fingan.core.io import check_output_file

    check_output_file(out, overwrite=overwrite, suffixes=(".json",))
    check_metric(metric)
    parsed = parse_space(space)
    runner = executor_from_options(executor, workers=workers, address=ray_address, threads=threads)
    returns = market_data(data, allow_extreme=allow_extreme)
    with task_progress("tuning", enabled=not quiet) as progress:
        result = tune_model(
            model,
            returns,
            space=parsed,
            validation_start=validation_start,
            validation_end=validation_end,
            test_start=test_start,
            metric=metric,
            n_trials=trials,
            search=search,
            executor=runner,
            level=level,
            n_paths=paths,
            refit=refit_schedule(refit),
            random_state=seed,
            progress=progress,
        )
    path = save_settings(result, out, overwrite=overwrite)
    frame = result.to_frame().drop(columns=["n_days"])
    console.print(frame_table(frame, title=f"{model}: validation scores (lower is better)"))
    console.print(result.summary(), highlight=False, soft_wrap=True)
    console.print(f"\nSettings: {path.resolve()}", highlight=False, soft_wrap=True)
