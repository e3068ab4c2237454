"""``fingan market``: fit, sample and evaluate market scenario generators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fingan.cli._common import (
    RANKING_TITLE,
    AllowExtremeOption,
    CheckpointDirOption,
    CheckpointEveryOption,
    DataArgument,
    EndOption,
    ExecutorOption,
    OverwriteOption,
    PathsOption,
    QuietOption,
    RayAddressOption,
    ResumeOption,
    SeedOption,
    ThreadsOption,
    WorkersOption,
    console,
    frame_table,
    handle_errors,
    run_provenance,
    split_names,
    task_progress,
    training_progress,
)
from fingan.core.threads import configure_process

market_app = typer.Typer(
    help="Market scenarios: a time-series GAN for return paths.", no_args_is_help=True
)

StartOption = Annotated[str | None, typer.Option(help="First date used (e.g. 2009-01-01).")]
StepsOption = Annotated[
    int | None, typer.Option(min=1, help="Training steps (default: MarketGAN's default).")
]


@market_app.command("fit")
@handle_errors
def fit(
    data: DataArgument,
    out: Annotated[Path, typer.Option(help="Folder to save the fitted model in.")],
    start: StartOption = None,
    end: EndOption = None,
    steps: StepsOption = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    checkpoint_dir: CheckpointDirOption = None,
    checkpoint_every: CheckpointEveryOption = None,
    resume: ResumeOption = None,
    threads: ThreadsOption = None,
) -> None:
    """Fit a MarketGAN to daily returns and save it."""
    configure_process(threads)
    from fingan.apps.checkpoints import check_checkpointing
    from fingan.apps.market import MODEL_KIND, market_data, market_gan, save_model
    from fingan.core.io import check_output_folder

    check_output_folder(out, kind=MODEL_KIND, overwrite=overwrite)
    resume_step = check_checkpointing(checkpoint_dir, resume, out=out)
    returns = market_data(data, start=start, end=end, allow_extreme=allow_extreme)
    model = market_gan(seed, n_steps=steps, checkpoint_every=checkpoint_every)
    console.print(
        f"Fitting MarketGAN to {len(returns):,} days of {', '.join(map(str, returns.columns))}"
    )
    if resume_step is not None and model.training is not None:  # market_gan sets training
        console.print(f"Resuming from step {resume_step} of {model.training.n_steps}")
    with training_progress("training", enabled=not quiet) as progress:
        model.fit(returns, resume=resume, checkpoint_dir=checkpoint_dir, progress=progress)
    save_model(model, out, overwrite=overwrite)
    console.print(f"Saved to {out} ({len(model.history_):,} steps)")


@market_app.command("sample")
@handle_errors
def sample(
    model_dir: Annotated[
        Path,
        typer.Argument(help="Folder written by `fingan market fit` or `fingan risk fit`."),
    ],
    out: Annotated[
        Path,
        typer.Option(
            help="Output: a .csv or .parquet file, or a new folder for a partitioned Parquet "
            "dataset written piece by piece (any number of paths)."
        ),
    ],
    paths: PathsOption = 1000,
    horizon: Annotated[int, typer.Option(min=1, help="Days per path.")] = 252,
    data: Annotated[
        str | None,
        typer.Option(
            help="For a scenario model (`fingan risk fit`): the returns its paths start after."
        ),
    ] = None,
    piece_paths: Annotated[
        int, typer.Option(min=1, help="Paths per piece and per Parquet file of a dataset.")
    ] = 5_000,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
    executor: ExecutorOption = "serial",
    workers: WorkersOption = None,
    ray_address: RayAddressOption = None,
) -> None:
    """Generate return paths from a saved model (path, step, one column per asset)."""
    configure_process(threads)
    from fingan.core.io import FRAME_SUFFIXES

    if out.suffix.lower() in FRAME_SUFFIXES:
        _sample_file(model_dir, out, paths, horizon, seed, overwrite=overwrite)
        return
    from fingan.apps.execution import executor_from_options
    from fingan.apps.market import market_data
    from fingan.apps.sampling import saved_sampler, write_path_dataset

    runner = executor_from_options(executor, workers=workers, address=ray_address, threads=threads)
    history = None if data is None else market_data(data, allow_extreme=allow_extreme)
    draw, n_assets = saved_sampler(model_dir, history)
    with task_progress("sampling", enabled=not quiet) as progress:
        written = write_path_dataset(
            draw,
            out,
            n_paths=paths,
            horizon=horizon,
            n_assets=n_assets,
            piece_paths=piece_paths,
            random_state=seed,
            executor=runner,
            overwrite=overwrite,
            progress=progress,
        )
    console.print(
        f"Wrote {paths:,} paths of {horizon} days to {out} ({written.n_pieces} Parquet files, "
        f"{written.seconds:.1f} s)"
    )


def _sample_file(
    model_dir: Path, out: Path, paths: int, horizon: int, seed: int, *, overwrite: bool
) -> None:
    """Write a market GAN's paths to one CSV or Parquet file (held in memory)."""
    from fingan.apps.market import check_paths_request, load_market_gan, write_paths
    from fingan.core.io import FRAME_SUFFIXES, check_output_file

    check_output_file(out, overwrite=overwrite, suffixes=FRAME_SUFFIXES)
    model = load_market_gan(model_dir)
    check_paths_request(paths, horizon, len(model.assets_), out)
    generated = model.sample(paths, horizon, random_state=seed)
    write_paths(generated, out, overwrite=overwrite)
    console.print(f"Wrote {paths:,} paths of {horizon} days to {out}")


@market_app.command("evaluate")
@handle_errors
def evaluate(
    data: DataArgument,
    out: Annotated[Path, typer.Option(help="Folder for metrics.json and report.html.")],
    start: StartOption = None,
    end: EndOption = None,
    test_start: Annotated[
        str | None, typer.Option(help="First held-out day (default: last quarter of the days).")
    ] = None,
    paths: Annotated[int, typer.Option(min=10, help="Paths per generator.")] = 100,
    steps: StepsOption = None,
    seed: SeedOption = 0,
    quiet: QuietOption = False,
    overwrite: OverwriteOption = False,
    allow_extreme: AllowExtremeOption = False,
    threads: ThreadsOption = None,
    executor: ExecutorOption = "serial",
    workers: WorkersOption = None,
    ray_address: RayAddressOption = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Also explain the GAN: what its critic looks at, what its noise controls.",
        ),
    ] = False,
    scenario_models: Annotated[
        str | None,
        typer.Option(
            "--scenario-models",
            help="Also enter conditional scenario models rolled out from the last training day, "
            "comma-separated, e.g. garch+gan_evt,gjr+t (`fingan risk models` lists them).",
        ),
    ] = None,
) -> None:
    """Fit the GAN and every classical generator, score them on held-out days, write a report."""
    configure_process(threads)
    from fingan.apps.execution import executor_from_options
    from fingan.apps.market import (
        MarketEvaluation,
        classical_generators,
        evaluate_market,
        market_data,
        market_gan,
        scenario_generators,
    )
    from fingan.apps.reporting import check_report_folder, write_report

    runner = executor_from_options(executor, workers=workers, address=ray_address, threads=threads)
    generators = classical_generators(seed)
    generators.update(scenario_generators(split_names(scenario_models) or [], seed))
    check_report_folder(MarketEvaluation, out, overwrite=overwrite)
    returns = market_data(data, start=start, end=end, allow_extreme=allow_extreme)
    with training_progress("training MarketGAN", enabled=not quiet) as progress:
        result = evaluate_market(
            returns,
            test_start=test_start,
            gan=market_gan(seed, n_steps=steps),
            baselines=generators,
            n_paths=paths,
            random_state=seed,
            progress=progress,
            on_stage=None if quiet else lambda stage: console.log(stage),
            explain=explain,
            executor=runner,
        )
    report = write_report(
        result,
        out,
        overwrite=overwrite,
        provenance=run_provenance(result, seed=seed, n_steps=steps),
    )
    console.print(frame_table(result.ranking[["overall", "rank"]], title=RANKING_TITLE))
    console.print(f"\nReport: {report.resolve()}")
