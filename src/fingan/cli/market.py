"""``fingan market``: fit, sample and evaluate market scenario generators."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fingan.cli._common import (
    RANKING_TITLE,
    DataArgument,
    EndOption,
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
) -> None:
    """Fit a MarketGAN to daily returns and save it."""
    from fingan.apps.market import market_data

    returns = market_data(data, start=start, end=end)
    model = _market_gan(steps, seed)
    console.print(
        f"Fitting MarketGAN to {len(returns):,} days of {', '.join(map(str, returns.columns))}"
    )
    with training_progress("training", enabled=not quiet) as progress:
        model.fit(returns, progress=progress)
    model.save(out)
    console.print(f"Saved to [bold]{out}[/] ({len(model.history_):,} steps)")


@market_app.command("sample")
@handle_errors
def sample(
    model_dir: Annotated[Path, typer.Argument(help="Folder written by `fingan market fit`.")],
    out: Annotated[Path, typer.Option(help="Output file: .csv or .parquet.")],
    paths: Annotated[int, typer.Option(min=1, help="Number of paths.")] = 1000,
    steps: Annotated[int, typer.Option(min=1, help="Days per path.")] = 252,
    seed: SeedOption = 0,
) -> None:
    """Generate return paths from a saved model into a tidy file (path, step, assets)."""
    from fingan.apps.market import write_paths
    from fingan.models import MarketGAN

    model = MarketGAN.load(model_dir)
    generated = model.sample(paths, steps, random_state=seed)
    write_paths(generated, out)
    console.print(f"Wrote {paths:,} paths of {steps} days to [bold]{out}[/]")


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
) -> None:
    """Fit the GAN and every classical generator, score them on held-out days, write a report."""
    from fingan.apps.market import evaluate_market, market_data
    from fingan.apps.market_report import market_report
    from fingan.report import write_report_folder

    returns = market_data(data, start=start, end=end)
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
    report = write_report_folder(out, result.to_dict(), market_report(result))
    console.print(frame_table(result.ranking[["overall", "rank"]], title=RANKING_TITLE))
    console.print(f"\nReport: [bold]{report.resolve()}[/]")


def _market_gan(steps: int | None, seed: int) -> MarketGAN:
    from fingan.models import MarketGAN

    model = MarketGAN(random_state=seed)
    if steps is not None:
        model.training = dataclasses.replace(MarketGAN.default_training, n_steps=steps)
    return model
