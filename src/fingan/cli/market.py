"""``fingan market``: fit, sample and evaluate market scenario generators."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fingan.cli._common import (
    RANKING_TITLE,
    AllowExtremeOption,
    DataArgument,
    EndOption,
    OverwriteOption,
    QuietOption,
    SeedOption,
    console,
    frame_table,
    handle_errors,
    training_progress,
)

if TYPE_CHECKING:
    from fingan.models import MarketGAN

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
    checkpoint_dir: Annotated[
        Path | None,
        typer.Option(
            help="Write training checkpoints into this folder (new, empty, or holding fingan "
            "step-* checkpoints only)."
        ),
    ] = None,
    checkpoint_every: Annotated[
        int | None,
        typer.Option(min=1, help="Steps between checkpoints (default: MarketGAN's default)."),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            help="Continue from the latest checkpoint in this folder (same data, seed and "
            "options; --steps may grow). It may be the --checkpoint-dir."
        ),
    ] = None,
) -> None:
    """Fit a MarketGAN to daily returns and save it."""
    from fingan.apps.market import MODEL_KIND, market_data, save_model
    from fingan.core.exceptions import ConfigError
    from fingan.core.io import check_output_folder
    from fingan.training.checkpoint import check_checkpoint_dir, checkpoint_step

    check_output_folder(out, kind=MODEL_KIND, overwrite=overwrite)
    if checkpoint_dir is not None:
        folders = {checkpoint_dir.resolve(), out.resolve()}
        if len(folders) == 1 or any(a in b.parents for a in folders for b in folders):
            raise ConfigError("--checkpoint-dir and --out must be separate folders")
        check_checkpoint_dir(checkpoint_dir)
    resume_step = None if resume is None else checkpoint_step(resume)
    returns = market_data(data, start=start, end=end, allow_extreme=allow_extreme)
    model = _market_gan(steps, seed)
    training = model.training or type(model).default_training
    if checkpoint_every is not None:
        training = dataclasses.replace(training, checkpoint_every=checkpoint_every)
        model.training = training
    console.print(
        f"Fitting MarketGAN to {len(returns):,} days of {', '.join(map(str, returns.columns))}"
    )
    if resume_step is not None:
        console.print(f"Resuming from step {resume_step} of {training.n_steps}")
    with training_progress("training", enabled=not quiet) as progress:
        model.fit(returns, resume=resume, checkpoint_dir=checkpoint_dir, progress=progress)
    save_model(model, out, overwrite=overwrite)
    console.print(f"Saved to {out} ({len(model.history_):,} steps)")


@market_app.command("sample")
@handle_errors
def sample(
    model_dir: Annotated[Path, typer.Argument(help="Folder written by `fingan market fit`.")],
    out: Annotated[Path, typer.Option(help="Output file: .csv or .parquet.")],
    paths: Annotated[int, typer.Option(min=1, help="Number of paths.")] = 1000,
    steps: Annotated[int, typer.Option(min=1, help="Days per path.")] = 252,
    seed: SeedOption = 0,
    overwrite: OverwriteOption = False,
) -> None:
    """Generate return paths from a saved model into a tidy file (path, step, assets)."""
    from fingan.apps.market import check_paths_request, write_paths
    from fingan.core.io import FRAME_SUFFIXES, check_output_file
    from fingan.models import MarketGAN

    check_output_file(out, overwrite=overwrite, suffixes=FRAME_SUFFIXES)
    model = MarketGAN.load(model_dir)
    check_paths_request(paths, steps, len(model.assets_), out)
    generated = model.sample(paths, steps, random_state=seed)
    write_paths(generated, out, overwrite=overwrite)
    console.print(f"Wrote {paths:,} paths of {steps} days to {out}")


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
) -> None:
    """Fit the GAN and every classical generator, score them on held-out days, write a report."""
    from fingan.apps.market import evaluate_market, market_data
    from fingan.apps.market_report import REPORT_KIND, market_report
    from fingan.core.io import check_output_folder
    from fingan.report import write_report_folder

    check_output_folder(out, kind=REPORT_KIND, overwrite=overwrite)
    returns = market_data(data, start=start, end=end, allow_extreme=allow_extreme)
    with training_progress("training MarketGAN", enabled=not quiet) as progress:
        result = evaluate_market(
            returns,
            test_start=test_start,
            gan=_market_gan(steps, seed),
            n_paths=paths,
            random_state=seed,
            progress=progress,
            on_stage=None if quiet else lambda stage: console.log(stage),
        )
    report = write_report_folder(
        out, result.to_dict(), market_report(result), kind=REPORT_KIND, overwrite=overwrite
    )
    console.print(frame_table(result.ranking[["overall", "rank"]], title=RANKING_TITLE))
    console.print(f"\nReport: {report.resolve()}")


def _market_gan(steps: int | None, seed: int) -> MarketGAN:
    from fingan.models import MarketGAN

    model = MarketGAN(random_state=seed)
    if steps is not None:
        model.training = dataclasses.replace(MarketGAN.default_training, n_steps=steps)
    return model
